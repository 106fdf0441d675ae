// The modelled IP network: nodes with one IPv4 address each, point-to-point
// links (latency, bandwidth, MTU, FIFO serialization per direction), routers,
// shortest-path routing computed per destination on first use, hop-by-hop forwarding
// recorded in the Trace. Nodes and links can go down and up; every packet lost to that
// (or to a missing route) gets a trace::DropRecord. Routers only drop: no ICMP is sent.
// No TCP here.
//
// Routing, in words. Only routers that are up pass traffic on, over links that are up;
// among those, the fewest-latency path (ties: fewer hops, lower node index, lower link
// index). A host whose only link goes to a router sends everything through it (its default
// route), and that router reaches a host hanging off it by its own link (its connected
// network), as real ones do: so a packet for a cut-off host dies at the last router, at the
// cut; a destination no router can reach dies at the first router with no route. A down
// node neither sends nor receives: what reaches it vanishes (no RST: it is off), what it
// still had queued on its links is lost, what it would send is dropped at once. A link
// going down loses every packet on it, in either direction, on the wire or queued.
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
    // Smallest MTU of the node's own links (what a host knows without a route); 576 if none.
    int interfaceMtu(NodeIndex n) const;
    // A packet sent now from `from` would reach the node with this address (up or not).
    bool reachable(NodeIndex from, std::uint32_t dstIp) const;

    // Failures. Each change forgets the routes computed so far. A node or link is up when added.
    void setNodeUp(NodeIndex node, bool up);
    bool isNodeUp(NodeIndex node) const { return m_nodes.at(node).up; }
    void setLinkUp(std::uint32_t link, bool up);
    bool isLinkUp(std::uint32_t link) const { return m_links.at(link).up; }
    std::size_t linkCount() const { return m_links.size(); }
    // How many packets of this trace connection (either direction) the network has lost so
    // far: TCP tells a lost segment from one still queued on a slow link by it.
    std::uint32_t lossesOf(std::uint32_t connection) const {
        return connection < m_losses.size() ? m_losses[connection] : 0;
    }
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
        int gateway = -1;  // a host whose only link goes to a router: that router
        bool up = true;
    };
    struct InFlight {
        std::uint64_t packetId;
        Time serialized;  // when its last bit has left the sender
    };
    struct Direction {
        Time busyUntil;
        // The packets on their way in this direction, oldest first (from `head`): a FIFO link
        // delivers them in this order, and a cut loses them all.
        std::vector<InFlight> inFlight;
        std::size_t head = 0;
    };
    struct LinkState {
        LinkSpec spec;
        Direction fromA, fromB;
        bool up = true;
    };

    // `arrivedBy`: the link the packet came in on, kNoLink at its origin.
    void forward(NodeIndex at, std::uint64_t packetId, std::uint32_t arrivedBy);
    void transmit(NodeIndex at, std::uint32_t link, std::uint64_t packetId);
    void arrive(std::uint32_t link, bool fromA, std::uint64_t packetId);
    void drop(std::uint64_t packetId, trace::DropReason reason, NodeIndex at, std::uint32_t link);
    // The packets of one direction still queued or on the wire that a failure loses.
    void loseInFlight(std::uint32_t link, bool fromA, trace::DropReason reason, bool onlyUnsent);
    // Why `at` cannot pass a packet on toward `dst` (nextLink gave none), and over which link.
    trace::DropReason noRouteReason(NodeIndex at, NodeIndex dst, std::uint32_t& link) const;
    // The router a host hangs off (its only link goes to it), or -1. Kept in NodeState.
    int gatewayOf(NodeIndex host) const { return m_nodes[host].gateway; }
    void updateGateway(NodeIndex n);
    // The first link from `from` toward `dst` (the rule in the header comment), UINT32_MAX
    // if none. Routes toward `dst` are computed on first use (one Dijkstra over what is up)
    // and kept until the topology or its state changes.
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
    std::vector<std::uint32_t> m_losses;  // [trace connection id] -> packets lost
    std::uint16_t m_ipId = 0;
};

}  // namespace postino::net
