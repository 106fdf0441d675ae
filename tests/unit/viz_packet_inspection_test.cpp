// The packet inspector's model on lesson 02: every packet's hops lead from its sender to its
// destination, its frame holds its payload, and relative sequence numbers start at 1 after the SYN.
#include "test_support.h"

#include "model/packet_inspection.h"
#include "model/trace_index.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::viz;

TEST_CASE("packet inspection: hops, frame and initial sequence numbers of lesson 02's packets", "[viz][packet]") {
    world::World world(testing::loadLesson("02-cross-domain.json"));
    world.run();
    const trace::Trace& t = world.trace();
    const TraceIndex index(t);
    std::size_t firstData = 0;
    for (std::uint64_t id = 0; id < t.packets.size(); ++id) {
        const trace::PacketRecord& rec = t.packets[id];
        const net::Packet& p = rec.packet;
        const PacketInspection in = inspectPacket(index, id);
        CHECK(in.packet == id);
        REQUIRE(!in.hops.empty());
        CHECK(t.hops[in.hops.front()].from == rec.origin);
        CHECK(t.nodes[t.hops[in.hops.back()].to].ip == p.dstIp);
        for (std::size_t k = 1; k < in.hops.size(); ++k) CHECK(t.hops[in.hops[k]].from == t.hops[in.hops[k - 1]].to);
        CHECK(in.frame.size() >= 14 + 20 + 8 + p.payload.size());
        CHECK(in.frame.compare(in.frame.size() - p.payload.size(), p.payload.size(), p.payload) == 0);
        if (p.transport != net::Transport::Tcp) continue;
        REQUIRE(in.ownIsn);
        REQUIRE(in.peerIsn);
        if (p.flags & net::tcpflag::Syn) CHECK(p.seq == *in.ownIsn);
        if (!p.payload.empty() && p.seq - *in.ownIsn == 1) ++firstData;  // the first byte after the SYN
    }
    CHECK(firstData >= 2 * t.connections.size() - 1);  // each side's first data segment (a client may say nothing first)
}

TEST_CASE("packet inspection: the latest packet of a connection at the playhead", "[viz][packet]") {
    world::World world(testing::loadLesson("02-cross-domain.json"));
    world.run();
    const trace::Trace& t = world.trace();
    const TraceIndex index(t);
    const trace::ConnectionRecord& c = t.connections.front();
    CHECK(!latestPacketOf(index, c.id, c.opened - Duration::nanos(1)));
    CHECK(!latestPacketOf(index, 0, index.endTime()));
    CHECK(!latestPacketOf(index, static_cast<std::uint32_t>(t.connections.size() + 1), index.endTime()));
    const auto first = latestPacketOf(index, c.id, c.opened);
    REQUIRE(first);
    CHECK(t.packets[*first].packet.connection == c.id);
    CHECK((t.packets[*first].packet.flags & net::tcpflag::Syn) != 0);
    const auto last = latestPacketOf(index, c.id, index.endTime());
    REQUIRE(last);
    CHECK(*last >= *first);
    CHECK(t.packets[*last].packet.connection == c.id);
}
