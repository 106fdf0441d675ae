// The "now" line above the map, on real runs of shipped lessons: the sentence is the current
// event; while nothing is in flight it knows what the world waits for (a retry, the next event).
#include "test_support.h"

#include "model/now_line.h"
#include "model/scene_state.h"
#include "model/trace_index.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::viz;

namespace {
Time at(double seconds) { return Time::fromNanos(static_cast<std::int64_t>(seconds * 1e9)); }
}  // namespace

TEST_CASE("now line: before the first event there is nothing to tell, and the next event is known") {
    world::World w(testing::loadLesson("02-cross-domain.json"));
    w.run();
    const TraceIndex index(w.trace());
    const SceneState s = stateAt(index, Time::zero() - Duration::nanos(1));
    const NowLine now = nowLineAt(s, w.trace());
    CHECK(now.event == -1);
    CHECK(now.nextEvent == 0);
    CHECK(now.untilNext >= Duration::nanos(1));
}

TEST_CASE("now line: in the middle of a transfer it tells the current event and is not quiet") {
    world::World w(testing::loadLesson("02-cross-domain.json"));
    w.run();
    const TraceIndex index(w.trace());
    const auto& hops = w.trace().hops;
    REQUIRE(hops.size() > 10);
    const Time t = hops[10].start + Duration::nanos((hops[10].arrival - hops[10].start).ns() / 2);
    const SceneState s = stateAt(index, t);
    const NowLine now = nowLineAt(s, w.trace());
    CHECK_FALSE(now.quiet);
    REQUIRE(now.event >= 0);
    CHECK(w.trace().events[static_cast<std::size_t>(now.event)].time <= t);
    if (now.nextEvent >= 0) CHECK(w.trace().events[static_cast<std::size_t>(now.nextEvent)].time > t);
    CHECK(now.waitingMail == nullptr);
}

TEST_CASE("now line: during a server outage the quiet map says which mail waits for its next try") {
    world::World w(testing::loadLesson("10-server-down-retry.json"));
    w.run();
    const TraceIndex index(w.trace());
    // Between the first deferral (31.2 s) and the second attempt (91.2 s): nothing moves.
    const SceneState s = stateAt(index, at(60));
    const NowLine now = nowLineAt(s, w.trace());
    CHECK(now.quiet);
    REQUIRE(now.waitingMail != nullptr);
    CHECK(now.waitingMail->queue == trace::QueueName::Deferred);
    CHECK(w.trace().nodes[now.waitingMail->node].id == "mail-sender");
    CHECK(now.untilRetry.toSeconds() == Approx(31.164882).margin(0.001));
    CHECK(now.untilNext.toSeconds() == Approx(31.164882).margin(0.001));
}

TEST_CASE("now line: a quiet map tells the mail's story, not the connection that just closed") {
    world::World w(testing::loadLesson("10-server-down-retry.json"));
    w.run();
    const TraceIndex index(w.trace());
    const SceneState s = stateAt(index, at(60));
    REQUIRE(s.currentEvent >= 0);
    CHECK(w.trace().events[static_cast<std::size_t>(s.currentEvent)].kind == trace::EventKind::ConnectionClosed);
    const NowLine now = nowLineAt(s, w.trace());
    REQUIRE(now.event >= 0);
    CHECK(w.trace().events[static_cast<std::size_t>(now.event)].kind != trace::EventKind::ConnectionClosed);
    CHECK(w.trace().events[static_cast<std::size_t>(now.event)].text.find("deferred") != std::string::npos);
}
