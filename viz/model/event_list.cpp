// The event list's protocol, filter and packet look-ups.
#include "event_list.h"

#include <algorithm>

namespace postino::viz {

net::AppProtocol eventProtocol(const trace::Trace& t, const trace::Event& e) {
    if (e.kind == trace::EventKind::DnsQuery || e.kind == trace::EventKind::DnsAnswer ||
        e.kind == trace::EventKind::DnsCacheHit)
        return net::AppProtocol::Dns;
    if (e.connection && e.connection <= t.connections.size()) return t.connection(e.connection).app;
    return net::AppProtocol::Other;
}

std::vector<std::uint32_t> filterEvents(const trace::Trace& t, std::optional<trace::NodeIndex> node,
                                        std::optional<net::AppProtocol> protocol) {
    std::vector<std::uint32_t> rows;
    rows.reserve(t.events.size());
    for (std::uint32_t i = 0; i < t.events.size(); ++i) {
        const trace::Event& e = t.events[i];
        if (node && e.node != *node) continue;
        if (protocol && eventProtocol(t, e) != *protocol) continue;
        rows.push_back(i);
    }
    return rows;
}

std::optional<std::uint64_t> packetOfEvent(const trace::Trace& t, const trace::Event& e) {
    if (!e.connection) return std::nullopt;
    auto it = std::lower_bound(t.packets.begin(), t.packets.end(), e.time,
                               [](const trace::PacketRecord& p, Time time) { return p.sent < time; });
    for (std::size_t n = 0; it != t.packets.end() && n < 10000; ++it, ++n)
        if (it->packet.connection == e.connection && it->origin == e.node)
            return static_cast<std::uint64_t>(it - t.packets.begin());
    return std::nullopt;
}

}  // namespace postino::viz
