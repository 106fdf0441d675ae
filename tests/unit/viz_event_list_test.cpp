// The event list's model: protocols and filters on a real lesson, the packet an event selects,
// and the scroll that keeps rows of unequal height whole under a frozen header.
#include "test_support.h"

#include "model/event_list.h"
#include "model/list_scroll.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace postino;
using namespace postino::viz;

TEST_CASE("event list: lesson 02's events by protocol and node", "[viz][events]") {
    world::World world(testing::loadLesson("02-cross-domain.json"));
    world.run();
    const trace::Trace& t = world.trace();
    const auto all = filterEvents(t, std::nullopt, std::nullopt);
    CHECK(all.size() == t.events.size());
    const auto dns = filterEvents(t, std::nullopt, net::AppProtocol::Dns);
    const auto smtp = filterEvents(t, std::nullopt, net::AppProtocol::Smtp);
    REQUIRE(!dns.empty());
    REQUIRE(!smtp.empty());
    for (std::uint32_t i : dns) {
        const auto k = t.events[i].kind;
        CHECK((k == trace::EventKind::DnsQuery || k == trace::EventKind::DnsAnswer || k == trace::EventKind::DnsCacheHit));
    }
    for (std::uint32_t i : smtp) {
        REQUIRE(t.events[i].connection != 0);
        CHECK(t.connection(t.events[i].connection).app == net::AppProtocol::Smtp);
    }
    // Every event is in exactly one protocol's list or in none (Other).
    std::size_t counted = 0;
    for (auto p : {net::AppProtocol::Smtp, net::AppProtocol::Dns, net::AppProtocol::Pop3, net::AppProtocol::Imap,
                   net::AppProtocol::Http, net::AppProtocol::Other})
        counted += filterEvents(t, std::nullopt, p).size();
    CHECK(counted == t.events.size());
    // A node and a protocol together: the intersection, in order.
    trace::NodeIndex sender = 0;
    for (trace::NodeIndex n = 0; n < t.nodes.size(); ++n)
        if (t.nodes[n].id == "mail-sender") sender = n;
    const auto both = filterEvents(t, sender, net::AppProtocol::Dns);
    REQUIRE(!both.empty());
    CHECK(std::is_sorted(both.begin(), both.end()));
    for (std::uint32_t i : both) {
        CHECK(t.events[i].node == sender);
        CHECK(std::find(dns.begin(), dns.end(), i) != dns.end());
    }
}

TEST_CASE("event list: an event on a connection selects a packet its node sends on it", "[viz][events]") {
    world::World world(testing::loadLesson("02-cross-domain.json"));
    world.run();
    const trace::Trace& t = world.trace();
    std::size_t withConnection = 0, found = 0;
    for (const trace::Event& e : t.events) {
        const auto p = packetOfEvent(t, e);
        if (!e.connection) {
            CHECK(!p);
            continue;
        }
        ++withConnection;
        if (!p) continue;
        ++found;
        CHECK(t.packets[*p].packet.connection == e.connection);
        CHECK(t.packets[*p].origin == e.node);
        CHECK(t.packets[*p].sent >= e.time);
    }
    REQUIRE(withConnection > 0);
    CHECK(found * 3 >= withConnection * 2);  // not the closing events: nothing is sent after them
}

TEST_CASE("list scroll: at the end the last row is whole and so is the top one", "[viz][events]") {
    // Rows of 20 and 40 px (wrapped), a view of 100 px: the plain end scroll (total - view) would
    // stop 10 px into a row, which slid half under the header.
    const std::vector<float> tops{0, 20, 60, 80, 120, 140, 180, 200, 240, 250};
    const ListScroll s = scrollToShow(tops, 100, 8);  // the last row
    CHECK(s.scroll == 180.0f);   // the first row top at or after 150
    CHECK(s.endRoom == 30.0f);   // 180 - (250 - 100)
    CHECK(std::find(tops.begin(), tops.end(), s.scroll) != tops.end());
    CHECK(tops.back() - s.scroll <= 100.0f);  // the end is in view
}

TEST_CASE("list scroll: in the middle the row is centred on a whole row's top, at the start not moved", "[viz][events]") {
    std::vector<float> tops;
    for (int k = 0; k <= 50; ++k) tops.push_back(static_cast<float>(k * 20 + (k / 3) * 15));  // unequal rows
    for (std::size_t row = 0; row + 1 < tops.size(); ++row) {
        const ListScroll s = scrollToShow(tops, 200, row);
        CHECK(std::find(tops.begin(), tops.end(), s.scroll) != tops.end());  // a whole row on top
        CHECK(tops[row] >= s.scroll);                                       // the row is in view
        CHECK(tops[row + 1] <= s.scroll + 200 + 0.01f);
    }
    CHECK(scrollToShow(tops, 200, 0).scroll == 0.0f);
    CHECK(scrollToShow(tops, 200, 0).endRoom == 0.0f);
    // Offsets: tops need not start at 0 (a header above them).
    std::vector<float> shifted = tops;
    for (float& v : shifted) v += 37;
    CHECK(scrollToShow(shifted, 200, 25).scroll == scrollToShow(tops, 200, 25).scroll);
}
