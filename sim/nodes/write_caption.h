// Captions for the map: what one application write on a connection (or one DNS message)
// says, in a short line: "EHLO laptop", "250 2.1.5 Ok +1", "DATA (Subject: Hello Bob)",
// "+OK 2 837", "* 3 EXISTS +2", "GET /inbox", "HTTP 200 OK", "MX? recipient.example".
// Reads only the bytes the session glue writes; decides nothing of the conversation.
#pragma once

#include "dns/dns_message.h"
#include "net/packet.h"
#include "trace/caption.h"

#include <string_view>

namespace postino::world {

// One per side of a connection: it remembers just enough (a client's DATA, an IMAP client's
// literal) to tell a message being sent from a command.
class WriteCaptioner {
public:
    WriteCaptioner() = default;
    WriteCaptioner(net::AppProtocol app, bool fromClient) : m_app(app), m_fromClient(fromClient) {}
    trace::Caption caption(std::string_view bytes);

private:
    net::AppProtocol m_app = net::AppProtocol::Other;
    bool m_fromClient = true;
    bool m_contentNext = false;  // SMTP: the last command was DATA; IMAP: a synchronizing literal
};

// A write that crossed inside TLS: "[TLS] AUTH PLAIN …" (the wire carried only records).
trace::Caption tlsCaption(trace::Caption plain);
// What the TLS layer itself sends: "TLS handshake", "TLS" (alerts, close_notify).
trace::Caption tlsRecordsCaption(bool handshake);

// "MX? recipient.example" for a question; "MX 10 mail.recipient.example" (+N more),
// "A 192.0.2.25", "NXDOMAIN", "NODATA" for an answer.
trace::Caption dnsCaption(const dns::Message& m);
// The same for bytes as they go on the wire; a message that does not decode is "DNS query" or
// "DNS reply" (`reply`).
trace::Caption dnsCaption(const dns::DecodeResult& decoded, bool reply);

}  // namespace postino::world
