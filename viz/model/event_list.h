// What the event list needs from the trace besides drawing: the protocol an event belongs to,
// the events a node / protocol filter keeps, and the packet that carries an event (selected on
// a click). Pure functions of the trace's typed records; no ImGui.
#pragma once

#include "net/packet.h"
#include "trace/trace.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace postino::viz {

// DNS for a query, an answer or a cache hit; else its connection's protocol; Other without one.
net::AppProtocol eventProtocol(const trace::Trace& t, const trace::Event& e);

// The indices of the events a filter keeps, in order (no node / no protocol: all of them).
std::vector<std::uint32_t> filterEvents(const trace::Trace& t, std::optional<trace::NodeIndex> node,
                                        std::optional<net::AppProtocol> protocol);

// The packet that carries an event: the first one its node sends on its connection at or after
// the event's time (none for an event without a connection; at most 10,000 packets looked at).
std::optional<std::uint64_t> packetOfEvent(const trace::Trace& t, const trace::Event& e);

}  // namespace postino::viz
