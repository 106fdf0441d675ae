// Every server reply explained: one reply line as a server wrote it (SMTP with enhanced status
// codes, POP3, IMAP, HTTP) or a DNS answer as the trace words it, in plain words (whole English
// sentences, marked N_ so xgettext gives them to translators) with the RFC and section.
// SMTP: RFC 5321 §4.2, RFC 3463 + the IANA registry; POP3: RFC 1939, 2449, 3206; IMAP: RFC 3501
// §7, 4315, 5530; DNS: RFC 1035 §4.1.1, 2308, 6895; HTTP: RFC 9110 §15. A pure table lookup:
// no I/O, no state. Input it does not know gives nothing; no input can make it fail.
#pragma once

#include "net/packet.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::trace {

struct ReplyExplanation {
    std::string code;                    // what to show in bold: "550 5.1.1", "-ERR [IN-USE]", "NO [TRYCREATE]", "NXDOMAIN", "404"
    std::vector<const char*> sentences;  // English msgids, each a whole sentence: translate each, join with a space
    std::string reference;               // "RFC 5321 §4.2.2, RFC 3463 X.1.1" (not translated)

    std::string english() const;  // the sentences joined with a space
};

// The reply line `line` of `protocol` (without CRLF), e.g. "550 5.1.1 <x@y>: Recipient address
// rejected", "250-PIPELINING", "-ERR [IN-USE] ...", "A002 NO [TRYCREATE] ...", "* 3 EXISTS",
// "HTTP/1.1 303 See Other"; for DNS an rcode ("NXDOMAIN", "No such name"), a DNS event's text
// ("answer for MX x: MX 10 y (cached for 3600 s)", "... answered from the resolver cache: no
// records") or a response packet's summary ("Standard query response 0x1a2b No such name MX x").
// Nothing for lines that are not replies (message text, headers, client commands).
std::optional<ReplyExplanation> explainReply(net::AppProtocol protocol, std::string_view line);

// A reply quoted inside a longer sentence, as events do ("x accepted the mail for y: 250 2.0.0
// Ok", "host x said: 550 5.1.1 ... (in reply to RCPT TO command)", "404 Not Found on /inbox"):
// the text itself, else the first reply that starts after a ": " or "said: ". Other protocols
// than `protocol` are not tried.
std::optional<ReplyExplanation> findQuotedReply(net::AppProtocol protocol, std::string_view text);

// Every English sentence the catalogue can return (each once), for the translation tests.
std::vector<const char*> allReplySentences();

}  // namespace postino::trace
