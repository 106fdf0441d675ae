// node_down and node_up on any node: a node switched off for a while comes back on its own, and a
// later switch-off until node_up is not undone by an earlier one's timer.
#include "test_support.h"

#include "nodes/node.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

namespace {

scenario::Action outage(scenario::ActionType type, int second, std::optional<int> forSeconds = std::nullopt) {
    scenario::Action a;
    a.type = type;
    a.node = "mail-sender";
    a.at = Time::zero() + Duration::seconds(second);
    if (forSeconds) a.duration = Duration::seconds(*forSeconds);
    return a;
}

std::vector<std::pair<double, std::string>> outages(const world::World& w) {
    std::vector<std::pair<double, std::string>> out;
    for (const auto& e : w.trace().events)
        if (e.kind == trace::EventKind::Outage) out.emplace_back(e.time.toSeconds(), e.text);
    return out;
}

}  // namespace

TEST_CASE("a node switched off for a while comes back on by itself", "[world][outage]") {
    auto s = loadLesson("01-same-domain.json");
    s.actions = {outage(scenario::ActionType::NodeDown, 1, 100)};
    world::World w(s);
    w.run();
    using Outage = std::pair<double, std::string>;
    CHECK(outages(w) == std::vector<Outage>{{1, "mail-sender is switched off"}, {101, "mail-sender is back on"}});
    CHECK_FALSE(w.node(*w.indexOf("mail-sender")).isDown());
}

// Found reading how the random worlds' outages play out: the first switch-off's timer brought the
// node back on at 101 s.
TEST_CASE("switched off until node_up stays off when an earlier switch-off's time runs out", "[world][outage]") {
    auto s = loadLesson("01-same-domain.json");
    s.actions = {outage(scenario::ActionType::NodeDown, 1, 100), outage(scenario::ActionType::NodeUp, 10),
                 outage(scenario::ActionType::NodeDown, 20)};
    world::World w(s);
    w.run();
    using Outage = std::pair<double, std::string>;
    CHECK(outages(w) == std::vector<Outage>{{1, "mail-sender is switched off"},
                                            {10, "mail-sender is back on"},
                                            {20, "mail-sender is switched off"}});
    CHECK(w.node(*w.indexOf("mail-sender")).isDown());
}
