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
    m_nodes.push_back(NodeState{ip, isRouter, std::move(handler), {}, -1, true});
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
    updateGateway(spec.a);
    updateGateway(spec.b);
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
        // Only routers that are up (and the destination itself) pass traffic on.
        if (u != dst && (!m_nodes[u].isRouter || !m_nodes[u].up)) continue;
        for (std::uint32_t li : m_nodes[u].links) {
            const LinkState& l = m_links[li];
            if (!l.up) continue;
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

void Network::updateGateway(NodeIndex n) {
    NodeState& h = m_nodes[n];
    h.gateway = -1;
    if (h.isRouter || h.links.size() != 1) return;
    const LinkSpec& l = m_links[h.links.front()].spec;
    const NodeIndex other = l.a == n ? l.b : l.a;
    if (m_nodes[other].isRouter) h.gateway = static_cast<int>(other);
}

std::uint32_t Network::nextLink(NodeIndex from, NodeIndex dst) const {
    if (from == dst) return kNoLink;
    // A host on a LAN sends everything to its router (its default route), if its link is up.
    if (gatewayOf(from) >= 0) {
        const std::uint32_t li = m_nodes[from].links.front();
        return m_links[li].up ? li : kNoLink;
    }
    // A host on a LAN is reached through its router, which knows it by its own link (even
    // when that link is down: the router finds out as it tries, like a failed ARP). Dijkstra
    // from the host would settle the router first and then run exactly as it would from the
    // router, every cost shifted by the same last link, so the first links and their ties are
    // the router's: such hosts share their router's table. Behind a router that is down, the
    // host is unreachable.
    const int gateway = gatewayOf(dst);
    if (gateway >= 0) {
        const auto g = static_cast<NodeIndex>(gateway);
        if (!m_nodes[g].up) return kNoLink;
        const std::uint32_t last = m_nodes[dst].links.front();
        if (from == g) return m_links[last].up ? last : kNoLink;
        return routesTo(g)[from];
    }
    return routesTo(dst)[from];
}

trace::DropReason Network::noRouteReason(NodeIndex at, NodeIndex dst, std::uint32_t& link) const {
    link = kNoLink;
    // A host whose own link is down, or the router whose link to the host is down.
    if (gatewayOf(at) >= 0) {
        link = m_nodes[at].links.front();
        return trace::DropReason::LinkDown;
    }
    if (gatewayOf(dst) == static_cast<int>(at)) {
        link = m_nodes[dst].links.front();
        return trace::DropReason::LinkDown;
    }
    return trace::DropReason::NoRoute;
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
    return static_cast<NodeIndex>(dst) == from || pathMtu(from, dstIp) > 0;
}

int Network::pathMtu(NodeIndex from, std::uint32_t dstIp) const {
    const int dstIndex = findNode(dstIp);
    if (dstIndex < 0) return 0;
    const auto dst = static_cast<NodeIndex>(dstIndex);
    int mtu = std::numeric_limits<int>::max();
    NodeIndex at = from;
    // Routes form a tree toward dst, so the walk ends; the bound only guards against a bug.
    for (std::size_t steps = 0; at != dst; ++steps) {
        const std::uint32_t li = nextLink(at, dst);
        if (li == kNoLink || steps > m_nodes.size()) return 0;
        const LinkState& l = m_links[li];
        mtu = std::min(mtu, l.spec.mtu);
        at = l.spec.a == at ? l.spec.b : l.spec.a;
    }
    return mtu == std::numeric_limits<int>::max() ? 1500 : mtu;
}

int Network::interfaceMtu(NodeIndex n) const {
    int mtu = std::numeric_limits<int>::max();
    for (std::uint32_t li : m_nodes.at(n).links) mtu = std::min(mtu, m_links[li].spec.mtu);
    return mtu == std::numeric_limits<int>::max() ? 576 : mtu;
}

void Network::setNodeUp(NodeIndex node, bool up) {
    NodeState& n = m_nodes.at(node);
    if (n.up == up) return;
    n.up = up;
    m_routesTo.clear();
    if (up) return;
    // Frames it had queued, or was still putting on the wire, die with it; those already
    // fully sent travel on.
    for (std::uint32_t li : n.links) loseInFlight(li, m_links[li].spec.a == node, trace::DropReason::NodeDown, true);
}

void Network::setLinkUp(std::uint32_t link, bool up) {
    LinkState& l = m_links.at(link);
    if (l.up == up) return;
    l.up = up;
    m_routesTo.clear();
    if (up) return;
    loseInFlight(link, true, trace::DropReason::LinkDown, false);
    loseInFlight(link, false, trace::DropReason::LinkDown, false);
}

void Network::loseInFlight(std::uint32_t link, bool fromA, trace::DropReason reason, bool onlyUnsent) {
    LinkState& l = m_links[link];
    Direction& dir = fromA ? l.fromA : l.fromB;
    const NodeIndex sender = fromA ? l.spec.a : l.spec.b;
    const Time now = m_sim.now();
    std::size_t first = dir.head;
    if (onlyUnsent)
        while (first < dir.inFlight.size() && dir.inFlight[first].serialized <= now) ++first;
    for (std::size_t i = first; i < dir.inFlight.size(); ++i) drop(dir.inFlight[i].packetId, reason, sender, link);
    // Their arrival events find them gone and do nothing.
    dir.inFlight.resize(first);
    if (dir.head == dir.inFlight.size()) {
        dir.inFlight.clear();
        dir.head = 0;
    }
    if (dir.busyUntil > now) dir.busyUntil = now;
}

void Network::drop(std::uint64_t packetId, trace::DropReason reason, NodeIndex at, std::uint32_t link) {
    m_trace.drops.push_back(trace::DropRecord{m_sim.now(), packetId, reason, at, link});
    const std::uint32_t connection = m_trace.packets[packetId].packet.connection;
    if (connection == 0) return;
    if (m_losses.size() <= connection) m_losses.resize(connection + 1, 0);
    ++m_losses[connection];
}

std::uint64_t Network::send(NodeIndex from, Packet&& packet) {
    const std::uint64_t id = m_trace.packets.size();
    packet.id = id;
    packet.ipId = m_ipId++;
    packet.srcIp = m_nodes.at(from).ip;
    m_trace.packets.push_back(trace::PacketRecord{m_sim.now(), from, std::move(packet)});
    forward(from, id, kNoLink);
    return id;
}

void Network::forward(NodeIndex at, std::uint64_t packetId, std::uint32_t arrivedBy) {
    if (!m_nodes[at].up) {
        drop(packetId, trace::DropReason::NodeDown, at, arrivedBy);
        return;
    }
    const Packet& p = m_trace.packets[packetId].packet;
    const int dst = findNode(p.dstIp);
    if (dst < 0) {
        trace::Event e{m_sim.now(), trace::EventKind::Note, at, p.connection};
        e.setPhrase(trace::phrase("packet dropped: no node has the destination address"));
        m_trace.events.push_back(std::move(e));
        drop(packetId, trace::DropReason::NoSuchAddress, at, kNoLink);
        return;
    }
    if (static_cast<NodeIndex>(dst) == at) {
        Packet copy = p;  // the trace keeps the original
        if (m_nodes[at].handler) m_nodes[at].handler(std::move(copy));
        return;
    }
    const std::uint32_t li = nextLink(at, static_cast<NodeIndex>(dst));
    if (li == kNoLink) {
        std::uint32_t link = kNoLink;
        const trace::DropReason reason = noRouteReason(at, static_cast<NodeIndex>(dst), link);
        if (reason == trace::DropReason::NoRoute) {
            trace::Event e{m_sim.now(), trace::EventKind::Note, at, p.connection};
            e.setPhrase(trace::phrase("packet dropped: no route to the destination"));
            m_trace.events.push_back(std::move(e));
        }
        drop(packetId, reason, at, link);
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
    dir.inFlight.push_back(InFlight{packetId, dir.busyUntil});
    m_trace.hops.push_back(trace::HopRecord{packetId, li, at, next, start, arrival, bytes});
    m_sim.at(arrival, [this, li, fromA, packetId] { arrive(li, fromA, packetId); });
}

void Network::arrive(std::uint32_t li, bool fromA, std::uint64_t packetId) {
    LinkState& link = m_links[li];
    Direction& dir = fromA ? link.fromA : link.fromB;
    // A packet a failure took off this link is no longer at the head (FIFO: the one arriving
    // is always the oldest still on its way).
    if (dir.head == dir.inFlight.size() || dir.inFlight[dir.head].packetId != packetId) return;
    if (++dir.head == dir.inFlight.size()) {
        dir.inFlight.clear();
        dir.head = 0;
    } else if (dir.head >= 64 && dir.head * 2 >= dir.inFlight.size()) {
        dir.inFlight.erase(dir.inFlight.begin(), dir.inFlight.begin() + static_cast<std::ptrdiff_t>(dir.head));
        dir.head = 0;
    }
    forward(fromA ? link.spec.b : link.spec.a, packetId, li);
}

}  // namespace postino::net
