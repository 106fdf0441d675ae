// The mail one connection carries, rebuilt from its protocol lines up to a time: an SMTP
// transaction (envelope, replies, the DATA text with dot-stuffing undone), a POP3 RETR/TOP
// answer, an IMAP FETCH BODY[] or APPEND literal. Pure string work for the message inspector.
#pragma once

#include "core/time.h"
#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace postino::viz {

struct EnvelopeAddress {
    std::string address;  // inside <>, "" for the null sender <>
    std::string reply;    // the server's (last) reply line, "" while unanswered
};

struct CarriedMessage {
    // SMTP only: the envelope and the replies around DATA.
    EnvelopeAddress mailFrom;
    std::vector<EnvelopeAddress> recipients;
    std::string dataReply;   // the reply to DATA ("354 ...", or a refusal)
    std::string finalReply;  // the reply after the lone "." ("250 ... queued as ...")
    bool hasEnvelope = false;
    // POP3 / IMAP: the line that brought the text ("+OK 744 octets", "* 1 FETCH (... {744}").
    std::string fetchLine;
    bool fromClient = true;  // who wrote the text (IMAP APPEND: the client; FETCH, RETR: the server)

    std::string raw;  // the message text, CRLF line ends, transparency undone
    std::size_t textLines = 0;
    bool textStarted = false;  // some of the text was written
    bool complete = false;     // the text ended ("." or the whole literal)
    Time started;              // when the transaction (or answer) began
};

// Every message in `lines` (indices into Trace::lines, in order, all of one connection), in
// order; the protocol comes from the connection record (SMTP, POP3, IMAP; none for others).
std::vector<CarriedMessage> carriedMail(const trace::Trace& trace, std::uint32_t connection,
                                        std::span<const std::uint32_t> lines);

}  // namespace postino::viz
