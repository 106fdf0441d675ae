#include "net/network.h"

#include <limits>
#include <queue>
#include <stdexcept>

namespace postino::net {

namespace {
constexpr std::uint32_t kNoLink = UINT32_MAX;
}

NodeIndex Network::addNode(std::uint32_t ip, bool isRouter, PacketHandler handler) {
    const auto index = static_cast<NodeIndex>(m_nodes.size());
    if (!m_byIp.emplace(ip, index).second) throw std::invalid_argument("Network::addNode: duplicate IP address");
    m_nodes.push_back(NodeState{ip, isRouter, std::move(handler), {}});
    m_routesTo.clear();
    return index;
}

std::uint32_t Network::addLink(const LinkSpec& spec) {
    if (spec.a >= m_nodes.size() || spec.b >= m_nodes.size() || spec.a == spec.b)
        throw std::invalid_argument("Network::addLink: bad endpoints");
    if (spec.bitsPerSecond <= 0 || spec.mtu < 68) throw std::invalid_argument("Network::addLink: bad bandwidth or MTU");
    const auto index = static_cast<std::uint32_t>(m_links.size());
    m_links.push_back(LinkState{spec, {}, {}});
    m_nodes[spec.a].links.push_back(index);
    m_nodes[spec.b].links.push_back(index);
    m_routesTo.clear();
    return index;
}

const std::vector<std::uint32_t>& Network::routesTo(NodeIndex dst) const {
    const std::size_t n = m_nodes.size();
    if (m_routesTo.size() != n) m_routesTo.resize(n);
    std::vector<std::uint32_t>& next = m_routesTo[dst];
    if (!next.empty()) return next;
    next.assign(n, kNoLink);
    // Dijkstra from the destination over reversed (= same, links are symmetric)
    // edges: gives, for each node, the first link toward that destination.
    struct Cost {
        std::int64_t latency;
        std::uint32_t hops;
        bool operator<(const Cost& o) const { return latency < o.latency || (latency == o.latency && hops < o.hops); }
    };
    const Cost inf{std::numeric_limits<std::int64_t>::max(), UINT32_MAX};
    std::vector<Cost> dist(n, inf);
    dist[dst] = {0, 0};
    using Item = std::pair<Cost, NodeIndex>;
    auto cmp = [](const Item& x, const Item& y) { return y.first < x.first || (!(x.first < y.first) && y.second < x.second); };
    std::priority_queue<Item, std::vector<Item>, decltype(cmp)> pq(cmp);
    pq.push({dist[dst], dst});
    while (!pq.empty()) {
        auto [cost, u] = pq.top();
        pq.pop();
        if (dist[u] < cost) continue;
        // Only routers (and the destination itself) pass traffic on.
        if (u != dst && !m_nodes[u].isRouter) continue;
        for (std::uint32_t li : m_nodes[u].links) {
            const LinkState& l = m_links[li];
            const NodeIndex v = l.spec.a == u ? l.spec.b : l.spec.a;
            const Cost c{cost.latency + l.spec.latency.ns(), cost.hops + 1};
            if (c < dist[v]) {
                dist[v] = c;
                next[v] = li;
                pq.push({c, v});
            }
        }
    }
    return next;
}

std::uint32_t Network::nextLink(NodeIndex from, NodeIndex dst) const {
    // A host whose only link goes to a router (a machine on a LAN) is reached through that
    // router: Dijkstra from the host settles the router first and then runs exactly as it
    // would from the router, every cost shifted by the same last link, so the first links
    // and their ties are the router's. Such hosts share their router's table.
    const NodeState& d = m_nodes[dst];
    if (!d.isRouter && d.links.size() == 1) {
        const std::uint32_t last = d.links.front();
        const LinkSpec& l = m_links[last].spec;
        const NodeIndex gateway = l.a == dst ? l.b : l.a;
        if (m_nodes[gateway].isRouter) {
            if (from == dst) return kNoLink;
            if (from == gateway) return last;
            return routesTo(gateway)[from];
        }
    }
    return routesTo(dst)[from];
}

std::size_t Network::routeTablesComputed() const {
    std::size_t count = 0;
    for (const auto& column : m_routesTo) count += !column.empty();
    return count;
}

int Network::findNode(std::uint32_t ip) const {
    auto it = m_byIp.find(ip);
    return it == m_byIp.end() ? -1 : static_cast<int>(it->second);
}

bool Network::reachable(NodeIndex from, std::uint32_t dstIp) const {
    const int dst = findNode(dstIp);
    if (dst < 0) return false;
    return static_cast<NodeIndex>(dst) == from || nextLink(from, static_cast<NodeIndex>(dst)) != kNoLink;
}

int Network::pathMtu(NodeIndex from, std::uint32_t dstIp) const {
    const int dstIndex = findNode(dstIp);
    if (dstIndex < 0) return 0;
    const auto dst = static_cast<NodeIndex>(dstIndex);
    int mtu = std::numeric_limits<int>::max();
    NodeIndex at = from;
    while (at != dst) {
        const std::uint32_t li = nextLink(at, dst);
        if (li == kNoLink) return 0;
        const LinkState& l = m_links[li];
        mtu = std::min(mtu, l.spec.mtu);
        at = l.spec.a == at ? l.spec.b : l.spec.a;
    }
    return mtu == std::numeric_limits<int>::max() ? 1500 : mtu;
}

std::uint64_t Network::send(NodeIndex from, Packet&& packet) {
    const std::uint64_t id = m_trace.packets.size();
    packet.id = id;
    packet.ipId = m_ipId++;
    packet.srcIp = m_nodes.at(from).ip;
    m_trace.packets.push_back(trace::PacketRecord{m_sim.now(), from, std::move(packet)});
    forward(from, id);
    return id;
}

void Network::forward(NodeIndex at, std::uint64_t packetId) {
    const Packet& p = m_trace.packets[packetId].packet;
    const int dst = findNode(p.dstIp);
    if (dst < 0) {
        trace::Event e{m_sim.now(), trace::EventKind::Note, at, p.connection};
        e.setPhrase(trace::phrase("packet dropped: no node has the destination address"));
        m_trace.events.push_back(std::move(e));
        return;
    }
    if (static_cast<NodeIndex>(dst) == at) {
        Packet copy = p;  // the trace keeps the original
        if (m_nodes[at].handler) m_nodes[at].handler(std::move(copy));
        return;
    }
    const std::uint32_t li = nextLink(at, static_cast<NodeIndex>(dst));
    if (li == kNoLink) {
        trace::Event e{m_sim.now(), trace::EventKind::Note, at, p.connection};
        e.setPhrase(trace::phrase("packet dropped: no route to the destination"));
        m_trace.events.push_back(std::move(e));
        return;
    }
    transmit(at, li, packetId);
}

void Network::transmit(NodeIndex at, std::uint32_t li, std::uint64_t packetId) {
    LinkState& link = m_links[li];
    const bool fromA = link.spec.a == at;
    Direction& dir = fromA ? link.fromA : link.fromB;
    const NodeIndex next = fromA ? link.spec.b : link.spec.a;
    const Packet& p = m_trace.packets[packetId].packet;
    const auto bytes = static_cast<std::uint32_t>(p.frameBytes());

    const Time start = std::max(m_sim.now(), dir.busyUntil);
    // Serialization delay, rounded up to whole nanoseconds.
    const std::int64_t bits = static_cast<std::int64_t>(bytes) * 8;
    const std::int64_t txNs = (bits * 1'000'000'000 + link.spec.bitsPerSecond - 1) / link.spec.bitsPerSecond;
    dir.busyUntil = start + Duration::nanos(txNs);
    const Time arrival = dir.busyUntil + link.spec.latency;
    m_trace.hops.push_back(trace::HopRecord{packetId, li, at, next, start, arrival, bytes});
    m_sim.at(arrival, [this, next, packetId] { forward(next, packetId); });
}

}  // namespace postino::net
