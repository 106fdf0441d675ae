// The short label drawn next to a moving packet: its caption as the simulation wrote it
// ("EHLO laptop", "DATA 3/12 (Subject: Hello Bob)", "MX? recipient.example"), or for a TCP
// control segment its flags ("SYN", "SYN-ACK", "ACK", "FIN", "RST"); without a caption the
// protocol and segment ("SMTP 3/12"). Pure formatting of one packet; it parses nothing.
#pragma once

#include "net/packet.h"
#include "trace/caption.h"

#include <string>

namespace postino::viz {

// Writes the label into `out` (reusing its buffer). `caption`: Trace::caption(p.caption),
// nullptr when the packet has none.
void packetLabel(const net::Packet& p, const trace::Caption* caption, std::string& out);
std::string packetLabel(const net::Packet& p, const trace::Caption* caption = nullptr);
// A TCP control segment (SYN, pure ACK, FIN, RST): drawn quieter, and can be hidden.
inline bool isTcpControl(const net::Packet& p) { return p.app == net::AppProtocol::TcpControl; }

}  // namespace postino::viz
