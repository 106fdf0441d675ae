// The copy in the mailbox of a mail one SMTP connection carried: which DeliveredCopyRecords the
// receiving server wrote for it, and that copy's text (every Received: line, Return-Path:,
// Delivered-To:) from the carried text and what the record says the server added; and what the
// message inspector says of a connection with no mail. No parsing, no drawing.
#pragma once

#include "trace/trace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace postino::viz {

// The copies the connection's server delivered from `carried` (SMTP, written by the client):
// its DeliveredCopyRecords of that mail at that server from the start of the text until the same
// mail next reaches the server on another connection. Indices into Trace::deliveredCopies, in
// time order; empty for POP3 / IMAP or a mail the server relayed on.
std::vector<std::uint32_t> deliveredCopiesOf(const trace::Trace& trace, const trace::CarriedMailRecord& carried);

// The delivered copy's whole text: the carried text with the record's `headerEnd` inserted at
// the end of its header and its `top` before it.
std::string deliveredText(const trace::Trace& trace, const trace::CarriedMailRecord& carried,
                          const trace::DeliveredCopyRecord& copy);

// What the message inspector says of a connection that has carried no mail by `now`: it may
// still ("yet"), or it is over and carried none.
enum class NoMailNote : std::uint8_t { SmtpNotYet, SmtpNone, DownloadNotYet, DownloadNone };
NoMailNote noMailNote(const trace::ConnectionRecord& connection, Time now);

}  // namespace postino::viz
