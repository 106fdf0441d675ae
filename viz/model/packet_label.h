// The short label drawn next to a moving packet: "SMTP 3/12", "DNS", "SYN", "FIN".
// Pure formatting of one packet's annotations; it never looks at the rest of the trace.
#pragma once

#include "net/packet.h"

#include <string>

namespace postino::viz {

// Writes the label into `out` (reusing its buffer; labels fit the small-string buffer).
void packetLabel(const net::Packet& p, std::string& out);
std::string packetLabel(const net::Packet& p);

}  // namespace postino::viz
