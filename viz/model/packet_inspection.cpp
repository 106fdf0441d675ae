// inspectPacket and latestPacketOf: the packet inspector's look-ups in the trace.
#include "packet_inspection.h"

#include "export/pcap_export.h"

#include <algorithm>

namespace postino::viz {

PacketInspection inspectPacket(const TraceIndex& index, std::uint64_t id) {
    const trace::Trace& t = index.trace();
    PacketInspection c;
    c.packet = id;
    const trace::PacketRecord& rec = t.packets[id];
    const net::Packet& p = rec.packet;
    // Its hops start at or after it was sent; the one that reaches the destination is the last.
    const auto byStart = index.hopsByStart();
    for (std::size_t k = index.hopsStartedBy(rec.sent - Duration::nanos(1)); k < byStart.size(); ++k) {
        const trace::HopRecord& h = t.hops[byStart[k]];
        if (h.packetId != id) continue;
        c.hops.push_back(byStart[k]);
        if (t.nodes[h.to].ip == p.dstIp) break;
    }
    c.frame = exporter::buildFrame(p, rec.origin, c.hops.empty() ? rec.origin : t.hops[c.hops.front()].to);
    if (p.transport != net::Transport::Tcp || p.connection == 0 || p.connection > t.connections.size()) return c;
    // The two SYNs open the connection; packets are recorded in the order they were sent.
    const Time opened = t.connection(p.connection).opened;
    auto it = std::lower_bound(t.packets.begin(), t.packets.end(), opened,
                               [](const trace::PacketRecord& r, Time at) { return r.sent < at; });
    for (; it != t.packets.end(); ++it) {
        const net::Packet& o = it->packet;
        if (o.connection != p.connection) continue;
        if (!(o.flags & net::tcpflag::Syn)) break;
        if (o.srcIp == p.srcIp && o.srcPort == p.srcPort)
            c.ownIsn = o.seq;
        else
            c.peerIsn = o.seq;
    }
    return c;
}

std::optional<std::uint64_t> latestPacketOf(const TraceIndex& index, std::uint32_t connection, Time now) {
    const trace::Trace& t = index.trace();
    if (connection == 0 || connection > t.connections.size()) return std::nullopt;
    const Time opened = t.connection(connection).opened;
    const auto byStart = index.hopsByStart();
    const std::size_t last = index.hopsStartedBy(now);
    for (std::size_t k = last; k-- > 0 && last - k <= 50000;) {  // a bound for huge, busy traces
        const trace::HopRecord& h = t.hops[byStart[k]];
        if (h.start < opened) break;
        if (t.packets[h.packetId].packet.connection == connection) return h.packetId;
    }
    return std::nullopt;
}

}  // namespace postino::viz
