// The modelled IP network: nodes with one IPv4 address each, point-to-point
// links (latency, bandwidth, MTU, FIFO serialization per direction), routers,
// shortest-path routing computed per destination on first use, hop-by-hop forwarding
// recorded in the Trace. No TCP here.
#pragma once

#include "core/simulator.h"
#include "net/packet.h"
#include "trace/trace.h"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace postino::net {

using NodeIndex = std::uint32_t;
using PacketHandler = std::function<void(Packet&&)>;

struct LinkSpec {
    NodeIndex a = 0, b = 0;
    Duration latency = Duration::millis(1);
    std::int64_t bitsPerSecond = 100'000'000;
    int mtu = 1500;
};

class Network {
public:
    Network(Simulator& sim, trace::Trace& trace) : m_sim(sim), m_trace(trace) {}

    // Adding a node or a link forgets the routes computed so far.
    NodeIndex addNode(std::uint32_t ip, bool isRouter, PacketHandler handler);
    void setHandler(NodeIndex node, PacketHandler handler) { m_nodes.at(node).handler = std::move(handler); }
    std::uint32_t addLink(const LinkSpec& spec);

    // Sends a packet from its origin node; stamps id, summary stays as given.
    // Returns the packet id (also its index in Trace::packets).
    std::uint64_t send(NodeIndex from, Packet&& packet);

    // Smallest MTU on the path from -> dst (for the TCP MSS); 0 if unreachable.
    int pathMtu(NodeIndex from, std::uint32_t dstIp) const;
    bool reachable(NodeIndex from, std::uint32_t dstIp) const;
    std::uint32_t ipOf(NodeIndex n) const { return m_nodes.at(n).ip; }
    // Index of the node with this address, -1 if none.
    int findNode(std::uint32_t ip) const;
    std::size_t nodeCount() const { return m_nodes.size(); }
    // How many destinations have their routes computed so far (each table: 4 bytes per node).
    std::size_t routeTablesComputed() const;

private:
    struct NodeState {
        std::uint32_t ip = 0;
        bool isRouter = false;
        PacketHandler handler;
        std::vector<std::uint32_t> links;  // incident link indices
    };
    struct Direction {
        Time busyUntil;
    };
    struct LinkState {
        LinkSpec spec;
        Direction fromA, fromB;
    };

    void forward(NodeIndex at, std::uint64_t packetId);
    void transmit(NodeIndex at, std::uint32_t link, std::uint64_t packetId);
    // The first link from `from` toward `dst` (fewest-latency paths, ties by fewer hops
    // then lower index), UINT32_MAX if unreachable. Routes toward `dst` are computed on
    // first use (one Dijkstra) and kept until the topology changes.
    std::uint32_t nextLink(NodeIndex from, NodeIndex dst) const;
    const std::vector<std::uint32_t>& routesTo(NodeIndex dst) const;

    Simulator& m_sim;
    trace::Trace& m_trace;
    std::vector<NodeState> m_nodes;
    std::vector<LinkState> m_links;
    std::unordered_map<std::uint32_t, NodeIndex> m_byIp;
    // [dst][from] -> link index, UINT32_MAX unreachable; an empty column is not computed yet.
    // Only the destinations packets are actually sent to get a column (n × 4 bytes each).
    mutable std::vector<std::vector<std::uint32_t>> m_routesTo;
    std::uint16_t m_ipId = 0;
};

}  // namespace postino::net
