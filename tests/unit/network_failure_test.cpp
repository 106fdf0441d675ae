// The network when it breaks: a down node neither sends nor receives, a down link loses
// what is on it, routing goes around what is down and comes back, a cut-off host is lost at
// the last router; every loss is a DropRecord saying where and why.
#include "net/network.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace postino;
using namespace postino::net;

namespace {

// a - r1 - r2 - b on fast links, and r1 - r3 - r2 as a slower way round.
struct Diamond {
    Simulator sim{3};
    trace::Trace trace;
    Network net{sim, trace};
    NodeIndex a, r1, r2, r3, b;
    std::uint32_t aR1, r1R2, r2B, r1R3, r3R2;
    std::vector<std::uint64_t> arrivedAtB;

    Diamond() {
        a = net.addNode(0x0A000001u, false, [](Packet&&) {});
        r1 = net.addNode(0x0A0000F1u, true, nullptr);
        r2 = net.addNode(0x0A0000F2u, true, nullptr);
        r3 = net.addNode(0x0A0000F3u, true, nullptr);
        b = net.addNode(0x0A000002u, false, [this](Packet&& p) { arrivedAtB.push_back(p.id); });
        aR1 = net.addLink({a, r1, Duration::millis(1), 100'000'000, 1500});
        r1R2 = net.addLink({r1, r2, Duration::millis(1), 100'000'000, 1500});
        r2B = net.addLink({r2, b, Duration::millis(1), 100'000'000, 1500});
        r1R3 = net.addLink({r1, r3, Duration::millis(5), 100'000'000, 1400});
        r3R2 = net.addLink({r3, r2, Duration::millis(5), 100'000'000, 1500});
    }
    std::uint64_t probe() {
        Packet p;
        p.transport = Transport::Udp;
        p.dstIp = net.ipOf(b);
        p.payload = "probe";
        return net.send(a, std::move(p));
    }
    std::vector<std::uint32_t> linksOf(std::uint64_t id) const {
        std::vector<std::uint32_t> out;
        for (const auto& h : trace.hops)
            if (h.packetId == id) out.push_back(h.link);
        return out;
    }
};

}  // namespace

TEST_CASE("network failure: routing goes round a down link and a down router, and back", "[network][failure]") {
    Diamond d;
    const auto direct = d.probe();
    d.sim.run();
    CHECK(d.linksOf(direct) == std::vector<std::uint32_t>{d.aR1, d.r1R2, d.r2B});

    d.net.setLinkUp(d.r1R2, false);
    CHECK_FALSE(d.net.isLinkUp(d.r1R2));
    CHECK(d.net.pathMtu(d.a, d.net.ipOf(d.b)) == 1400);
    const auto around = d.probe();
    d.sim.run();
    CHECK(d.linksOf(around) == std::vector<std::uint32_t>{d.aR1, d.r1R3, d.r3R2, d.r2B});

    // The way round goes down too: no route at r1, the first router.
    d.net.setNodeUp(d.r3, false);
    CHECK_FALSE(d.net.reachable(d.a, d.net.ipOf(d.b)));
    const auto lost = d.probe();
    d.sim.run();
    CHECK(d.linksOf(lost) == std::vector<std::uint32_t>{d.aR1});
    REQUIRE(d.trace.drops.size() == 1);
    CHECK(d.trace.drops[0].packetId == lost);
    CHECK(d.trace.drops[0].reason == trace::DropReason::NoRoute);
    CHECK(d.trace.drops[0].node == d.r1);
    CHECK(d.trace.drops[0].link == trace::DropRecord::kNoLink);
    CHECK(trace::dropReasonText(d.trace.drops[0].reason) == "no route");

    d.net.setLinkUp(d.r1R2, true);
    d.net.setNodeUp(d.r3, true);
    const auto back = d.probe();
    d.sim.run();
    CHECK(d.linksOf(back) == std::vector<std::uint32_t>{d.aR1, d.r1R2, d.r2B});
    CHECK(d.arrivedAtB == std::vector<std::uint64_t>{direct, around, back});
}

TEST_CASE("network failure: a cut-off host is lost at the last router, at the cut", "[network][failure]") {
    Diamond d;
    d.net.setLinkUp(d.r2B, false);
    const auto id = d.probe();
    d.sim.run();
    CHECK(d.linksOf(id) == std::vector<std::uint32_t>{d.aR1, d.r1R2});
    REQUIRE(d.trace.drops.size() == 1);
    CHECK(d.trace.drops[0].reason == trace::DropReason::LinkDown);
    CHECK(d.trace.drops[0].node == d.r2);
    CHECK(d.trace.drops[0].link == d.r2B);

    // The sender's own link down: lost at the sender, on that link.
    d.net.setLinkUp(d.r2B, true);
    d.net.setLinkUp(d.aR1, false);
    const auto second = d.probe();
    d.sim.run();
    CHECK(d.linksOf(second).empty());
    REQUIRE(d.trace.drops.size() == 2);
    CHECK(d.trace.drops[1].reason == trace::DropReason::LinkDown);
    CHECK(d.trace.drops[1].node == d.a);
    CHECK(d.trace.drops[1].link == d.aR1);
    CHECK(d.arrivedAtB.empty());
}

TEST_CASE("network failure: packets on a link that goes down are lost there, both ways", "[network][failure]") {
    Diamond d;
    std::vector<std::uint64_t> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(d.probe());
    // They cross a-r1 (1 ms), then r1-r2: cut it while they are on it.
    d.sim.runUntil(Time::fromNanos(1'500'000), true);
    d.net.setLinkUp(d.r1R2, false);
    d.sim.run();
    CHECK(d.arrivedAtB.empty());
    REQUIRE(d.trace.drops.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(d.trace.drops[i].packetId == ids[i]);
        CHECK(d.trace.drops[i].reason == trace::DropReason::LinkDown);
        CHECK(d.trace.drops[i].time == Time::fromNanos(1'500'000));
        CHECK(d.trace.drops[i].node == d.r1);
        CHECK(d.trace.drops[i].link == d.r1R2);
        // Its hop over the cut link was recorded (it ends at the drop, says DropRecord).
        CHECK(d.linksOf(ids[i]) == std::vector<std::uint32_t>{d.aR1, d.r1R2});
    }
    // Up again: the link carries new packets at once, no phantom queue.
    d.net.setLinkUp(d.r1R2, true);
    const auto later = d.probe();
    d.sim.run();
    CHECK(d.arrivedAtB == std::vector<std::uint64_t>{later});
}

TEST_CASE("network failure: a down node neither receives nor sends, and loses what it had queued", "[network][failure]") {
    Diamond d;
    d.net.setNodeUp(d.b, false);
    CHECK_FALSE(d.net.isNodeUp(d.b));
    const auto toB = d.probe();
    d.sim.run();
    CHECK(d.arrivedAtB.empty());
    // Routed to it like any host, it vanishes on arrival: no answer, it is off.
    CHECK(d.linksOf(toB) == std::vector<std::uint32_t>{d.aR1, d.r1R2, d.r2B});
    REQUIRE(d.trace.drops.size() == 1);
    CHECK(d.trace.drops[0].reason == trace::DropReason::NodeDown);
    CHECK(d.trace.drops[0].node == d.b);
    CHECK(d.trace.drops[0].link == d.r2B);
    CHECK(d.trace.drops[0].time == d.trace.hops.back().arrival);

    // What a down node would send is dropped at once, where it is.
    Packet p;
    p.transport = Transport::Udp;
    p.dstIp = d.net.ipOf(d.a);
    const auto fromB = d.net.send(d.b, std::move(p));
    d.sim.run();
    REQUIRE(d.trace.drops.size() == 2);
    CHECK(d.trace.drops[1].packetId == fromB);
    CHECK(d.trace.drops[1].reason == trace::DropReason::NodeDown);
    CHECK(d.trace.drops[1].node == d.b);
    CHECK(d.linksOf(fromB).empty());

    // r1 goes down while it forwards three frames to r2. Each is 1442 bytes, 115.36 us at
    // 100 Mbit/s: they reach r1 at 1115.36, 1230.72 and 1346.08 us and leave it back to back.
    d.net.setNodeUp(d.b, true);
    std::vector<std::uint64_t> ids;
    for (int i = 0; i < 3; ++i) {
        Packet big;
        big.transport = Transport::Udp;
        big.dstIp = d.net.ipOf(d.b);
        big.payload.assign(1400, 'x');
        ids.push_back(d.net.send(d.a, std::move(big)));
    }
    const Time t0 = d.sim.now();
    d.sim.runUntil(t0 + Duration::micros(1'300), true);
    d.net.setNodeUp(d.r1, false);
    d.sim.run();
    // At 1300 us the first frame has left r1 whole (at 1230.72 us): it travels on and arrives.
    // The second is still being sent (until 1346.08 us): lost with r1. The third is still on
    // the wire toward r1 and dies on arrival, r1 being down.
    CHECK(d.arrivedAtB == std::vector<std::uint64_t>{ids[0]});
    REQUIRE(d.trace.drops.size() == 4);
    CHECK(d.trace.drops[2].packetId == ids[1]);
    CHECK(d.trace.drops[2].reason == trace::DropReason::NodeDown);
    CHECK(d.trace.drops[2].node == d.r1);
    CHECK(d.trace.drops[2].link == d.r1R2);
    CHECK(d.trace.drops[3].packetId == ids[2]);
    CHECK(d.trace.drops[3].reason == trace::DropReason::NodeDown);
    CHECK(d.trace.drops[3].node == d.r1);
    CHECK(d.trace.drops[3].link == d.aR1);
}

TEST_CASE("network failure: a state change forgets the routes computed so far", "[network][failure]") {
    Diamond d;
    d.probe();
    d.sim.run();
    CHECK(d.net.routeTablesComputed() > 0);
    d.net.setLinkUp(d.r3R2, false);
    CHECK(d.net.routeTablesComputed() == 0);
    d.probe();
    d.sim.run();
    d.net.setNodeUp(d.r3, false);
    CHECK(d.net.routeTablesComputed() == 0);
    // Setting the state it already has changes nothing.
    d.probe();
    d.sim.run();
    const std::size_t tables = d.net.routeTablesComputed();
    d.net.setNodeUp(d.r3, false);
    d.net.setLinkUp(d.r1R2, true);
    CHECK(d.net.routeTablesComputed() == tables);
}
