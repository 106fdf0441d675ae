// Routing in the modelled network: packets follow the fewest-latency path (ties by fewer
// hops, then the lower node index, then the lower link index), only routers pass traffic on,
// a host hanging off one router sends everything through it (its default route),
// routes follow links added later, and a 10,000-node world computes routes only toward the
// destinations it uses.
#include "core/rng.h"
#include "net/network.h"
#include "scenario/scenario.h"
#include "world/world.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <limits>
#include <vector>

using namespace postino;
using namespace postino::net;

namespace {

struct Spec {
    NodeIndex a, b;
    std::int64_t latencyNs;
};

struct Cost {
    std::int64_t latency = std::numeric_limits<std::int64_t>::max();
    std::uint32_t hops = std::numeric_limits<std::uint32_t>::max();
    bool operator<(const Cost& o) const { return latency < o.latency || (latency == o.latency && hops < o.hops); }
    bool operator==(const Cost& o) const { return latency == o.latency && hops == o.hops; }
};

// The rule written out plainly (quadratic, for small graphs): the cost of every node toward
// `dst`, then for `from` the link to the neighbour u that passes traffic on (a router, or the
// destination itself) on a cheapest path, the lowest (cost of u, index of u, link index) winning.
std::uint32_t expectedNextLink(const std::vector<bool>& router, const std::vector<Spec>& links, NodeIndex from,
                               NodeIndex dst) {
    const std::size_t n = router.size();
    std::vector<Cost> cost(n);
    std::vector<bool> done(n, false);
    cost[dst] = {0, 0};
    for (;;) {
        std::size_t u = n;
        for (std::size_t i = 0; i < n; ++i)
            if (!done[i] && cost[i].hops != std::numeric_limits<std::uint32_t>::max() && (u == n || cost[i] < cost[u]))
                u = i;
        if (u == n) break;
        done[u] = true;
        if (u != dst && !router[u]) continue;
        for (const Spec& l : links) {
            if (l.a != u && l.b != u) continue;
            const NodeIndex v = l.a == u ? l.b : l.a;
            const Cost c{cost[u].latency + l.latencyNs, cost[u].hops + 1};
            if (c < cost[v]) cost[v] = c;
        }
    }
    std::uint32_t best = UINT32_MAX;
    for (std::uint32_t li = 0; li < links.size(); ++li) {
        const Spec& l = links[li];
        if (l.a != from && l.b != from) continue;
        const NodeIndex u = l.a == from ? l.b : l.a;
        if (u != dst && !router[u]) continue;
        if (cost[u].hops == std::numeric_limits<std::uint32_t>::max()) continue;
        if (!(Cost{cost[u].latency + l.latencyNs, cost[u].hops + 1} == cost[from])) continue;
        if (best == UINT32_MAX) {
            best = li;
            continue;
        }
        const NodeIndex w = links[best].a == from ? links[best].b : links[best].a;
        if (cost[u] < cost[w] || (cost[u] == cost[w] && u < w)) best = li;
    }
    return best;
}

// A host whose only link goes to a router sends everything over it (its default route),
// whether or not that router has a route onward: the link, or UINT32_MAX.
std::uint32_t defaultRoute(const std::vector<bool>& router, const std::vector<Spec>& links, NodeIndex host) {
    if (router[host]) return UINT32_MAX;
    std::uint32_t only = UINT32_MAX;
    for (std::uint32_t li = 0; li < links.size(); ++li) {
        if (links[li].a != host && links[li].b != host) continue;
        if (only != UINT32_MAX) return UINT32_MAX;
        only = li;
    }
    if (only == UINT32_MAX) return UINT32_MAX;
    const NodeIndex other = links[only].a == host ? links[only].b : links[only].a;
    return router[other] ? only : UINT32_MAX;
}

// The links a packet crossed, in order.
std::vector<std::uint32_t> hopsOf(const trace::Trace& t, std::uint64_t packetId) {
    std::vector<std::uint32_t> out;
    for (const auto& h : t.hops)
        if (h.packetId == packetId) out.push_back(h.link);
    return out;
}

Packet probe(std::uint32_t dstIp) {
    Packet p;
    p.transport = Transport::Udp;
    p.dstIp = dstIp;
    p.payload = "probe";
    return p;
}

}  // namespace

TEST_CASE("routing: packets take the cheapest path with the documented ties in random networks", "[network]") {
    Rng rng(42);
    for (int round = 0; round < 40; ++round) {
        INFO("round " << round);
        Simulator sim(1);
        trace::Trace trace;
        Network net(sim, trace);
        const std::size_t n = 6 + rng.below(20);
        std::vector<bool> router(n);
        for (std::size_t i = 0; i < n; ++i) {
            router[i] = rng.below(3) != 0;
            net.addNode(0x0A000001u + static_cast<std::uint32_t>(i), router[i], [](Packet&&) {});
        }
        std::vector<Spec> links;
        const std::size_t count = n + rng.below(2 * n);
        for (std::size_t k = 0; k < count; ++k) {
            const auto a = static_cast<NodeIndex>(rng.below(n)), b = static_cast<NodeIndex>(rng.below(n));
            if (a == b) continue;
            // Few distinct latencies, zero among them, so that ties are common.
            const std::int64_t ns = static_cast<std::int64_t>(rng.below(3)) * 1'000'000;
            links.push_back({a, b, ns});
            net.addLink({a, b, Duration::nanos(ns), 100'000'000, 1500});
        }
        for (NodeIndex from = 0; from < n; ++from) {
            for (NodeIndex dst = 0; dst < n; ++dst) {
                if (from == dst) continue;
                const std::uint64_t id = net.send(from, probe(net.ipOf(dst)));
                sim.run();
                std::vector<std::uint32_t> expected;
                for (NodeIndex at = from; at != dst;) {
                    std::uint32_t li = expectedNextLink(router, links, at, dst);
                    if (at == from && defaultRoute(router, links, from) != UINT32_MAX)
                        li = defaultRoute(router, links, from);
                    if (li == UINT32_MAX) break;
                    expected.push_back(li);
                    at = links[li].a == at ? links[li].b : links[li].a;
                }
                INFO("from " << from << " to " << dst);
                CHECK(hopsOf(trace, id) == expected);
                CHECK(net.reachable(from, net.ipOf(dst)) == (expectedNextLink(router, links, from, dst) != UINT32_MAX));
            }
        }
    }
}

TEST_CASE("routing: a link added after the first packets changes the routes", "[network]") {
    Simulator sim(1);
    trace::Trace trace;
    Network net(sim, trace);
    const NodeIndex a = net.addNode(0x0A000001u, false, [](Packet&&) {});
    const NodeIndex b = net.addNode(0x0A000002u, false, [](Packet&&) {});
    const NodeIndex slow = net.addNode(0x0A000003u, true, nullptr);
    const NodeIndex fast = net.addNode(0x0A000004u, true, nullptr);
    net.addLink({a, slow, Duration::millis(10), 100'000'000, 1500});
    net.addLink({slow, b, Duration::millis(10), 100'000'000, 1500});
    const std::uint64_t before = net.send(a, probe(net.ipOf(b)));
    sim.run();
    CHECK(hopsOf(trace, before) == std::vector<std::uint32_t>{0, 1});
    CHECK(net.pathMtu(a, net.ipOf(b)) == 1500);

    net.addLink({a, fast, Duration::millis(1), 100'000'000, 1400});
    net.addLink({fast, b, Duration::millis(1), 100'000'000, 1500});
    const std::uint64_t after = net.send(a, probe(net.ipOf(b)));
    sim.run();
    CHECK(hopsOf(trace, after) == std::vector<std::uint32_t>{2, 3});
    CHECK(net.pathMtu(a, net.ipOf(b)) == 1400);
}

TEST_CASE("routing: a 10,000-node star computes routes only toward the hosts it talks to", "[network][world]") {
    // The documented maximum: 10,000 nodes. The old all-pairs table took 10,000 Dijkstra
    // runs and 400 MB before the first event; routes on demand need two tables here.
    scenario::Scenario s;
    s.title.byLanguage["en"] = "star";
    scenario::Node mail{.id = "mail", .type = scenario::NodeType::MailServer, .hostname = "mail.star.example",
                        .ip = 0xC0000219u};
    mail.domains = {"star.example"};
    mail.users = {{"alice@star.example", "pw"}, {"bob@star.example", "pw"}};
    scenario::Node pc{.id = "pc", .type = scenario::NodeType::Client, .hostname = "pc", .ip = 0xC000020Au};
    pc.accounts.push_back({"alice@star.example", "pw", "mail"});
    s.nodes = {mail, pc, {.id = "hub", .type = scenario::NodeType::Router, .hostname = "hub", .ip = 0xC6336401u}};
    auto link = [&](const std::string& x, const std::string& y) {
        scenario::Link l;
        l.id = x + "--" + y;
        l.a = x;
        l.b = y;
        s.links.push_back(l);
    };
    for (std::uint32_t i = 0; s.nodes.size() < 10'000; ++i) {
        const std::string id = fmt::format("r{}", i);
        s.nodes.push_back({.id = id, .type = scenario::NodeType::Router, .hostname = id, .ip = 0x0A000001u + (i << 8)});
        link("hub", id);
    }
    link("mail", "r0");
    link("pc", "r9000");
    scenario::Action send;
    send.at = Time::fromNanos(1'000'000'000);
    send.node = "pc";
    send.from = "alice@star.example";
    send.to = {"bob@star.example"};
    send.subject = "Across the star";
    send.body = "Hi";
    s.actions.push_back(send);

    world::World w(s);
    w.run(Time::fromNanos(5'000'000'000));
    std::size_t delivered = 0;
    for (const auto& e : w.trace().events) delivered += e.kind == trace::EventKind::Delivered;
    CHECK(delivered == 1);
    // Toward the mail server and toward the client (replies): each shares its leaf router's table.
    CHECK(w.network().routeTablesComputed() == 2);
}
