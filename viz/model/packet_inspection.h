// One packet taken apart for the packet inspector, from the trace's typed records: its frame
// bytes (as the pcap export writes them), the hops it made in order, and the initial sequence
// numbers of both directions (for relative numbers, as Wireshark shows them). No ImGui.
#pragma once

#include "model/trace_index.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace postino::viz {

struct PacketInspection {
    std::uint64_t packet = UINT64_MAX;  // index into Trace::packets
    std::string frame;                  // Ethernet + IPv4 + TCP/UDP + payload
    std::vector<std::uint32_t> hops;    // indices into Trace::hops, in order, the last one at its destination
    std::optional<std::uint32_t> ownIsn, peerIsn;  // the SYNs' sequence numbers, this side's and the other's
};

PacketInspection inspectPacket(const TraceIndex& index, std::uint64_t packet);

// The latest packet of `connection` whose hop started at or before `now` (none before it opened).
std::optional<std::uint64_t> latestPacketOf(const TraceIndex& index, std::uint32_t connection, Time now);

}  // namespace postino::viz
