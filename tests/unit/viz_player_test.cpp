// The visualizer's Player on real lessons: seek and speed clamp, stepping by event/line/hop
// forwards and back, continuous play, and the event-paced mode's dwell at each event.
#include "test_support.h"

#include "model/player.h"
#include "model/scene_state.h"
#include "model/trace_index.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <memory>
#include <set>

using namespace postino;
using namespace postino::viz;

namespace {

struct RunLesson {
    explicit RunLesson(const std::string& file) : world(testing::loadLesson(file)) {
        world.run();
        index = std::make_unique<TraceIndex>(world.trace());
    }
    world::World world;
    std::unique_ptr<TraceIndex> index;
};

const char* const kLessons[] = {"02-cross-domain.json", "04-pop3-two-devices.json", "08-attachment-packets.json"};

std::vector<Time> distinctEventTimes(const trace::Trace& t) {
    std::set<Time> times;
    for (const auto& e : t.events) times.insert(e.time);
    return {times.begin(), times.end()};
}

}  // namespace

TEST_CASE("viz: seek clamps to the trace and the player starts paused at 0", "[viz]") {
    RunLesson run("02-cross-domain.json");
    Player player(*run.index);
    CHECK(player.playhead() == Time::zero());
    CHECK_FALSE(player.playing());
    CHECK(player.end() == run.index->endTime());
    player.seek(Time::fromNanos(-5));
    CHECK(player.playhead() == Time::zero());
    player.seek(player.end() + Duration::seconds(100));
    CHECK(player.playhead() == player.end());
    CHECK(player.atEnd());
    player.seek(Time::fromNanos(1'234'567));
    CHECK(player.playhead() == Time::fromNanos(1'234'567));
    CHECK_FALSE(player.atEnd());
}

TEST_CASE("viz: speed presets are log steps and clamp at both ends", "[viz]") {
    RunLesson run("02-cross-domain.json");
    Player player(*run.index);
    const auto presets = Player::speedPresets();
    REQUIRE(presets.size() >= 7);
    CHECK(presets.front() <= 0.01);
    CHECK(presets.back() >= 10.0);
    for (std::size_t i = 1; i < presets.size(); ++i) {
        CHECK(presets[i] > presets[i - 1]);
        CHECK(presets[i] / presets[i - 1] <= 2.5 + 1e-9);
    }
    while (player.faster()) {}
    CHECK(player.speed() == presets.back());
    CHECK_FALSE(player.faster());
    while (player.slower()) {}
    CHECK(player.speed() == presets.front());
    CHECK_FALSE(player.slower());
    player.setSpeedPreset(1000);
    CHECK(player.speedPreset() == static_cast<int>(presets.size()) - 1);
    player.setSpeedPreset(-3);
    CHECK(player.speedPreset() == 0);
}

TEST_CASE("viz: play, pause, toggle and restart", "[viz]") {
    RunLesson run("02-cross-domain.json");
    Player player(*run.index);
    player.advance(1.0);
    CHECK(player.playhead() == Time::zero());  // paused: nothing moves
    player.toggle();
    CHECK(player.playing());
    player.toggle();
    CHECK_FALSE(player.playing());
    player.seek(Time::fromNanos(500));
    player.restart();
    CHECK(player.playing());
    CHECK(player.playhead() == Time::zero());
    player.seek(player.end());
    player.play();  // at the end, play starts over
    CHECK(player.playing());
    CHECK(player.playhead() == Time::zero());
}

TEST_CASE("viz: continuous play moves speed x wall time and pauses at the end", "[viz]") {
    RunLesson run("02-cross-domain.json");
    Player player(*run.index);
    player.setSpeedPreset(9);  // 1x
    REQUIRE(player.speed() == 1.0);
    player.play();
    player.advance(0.25);
    CHECK(player.playhead() == Time::fromNanos(250'000'000));
    player.advance(-1.0);  // ignored
    CHECK(player.playhead() == Time::fromNanos(250'000'000));
    // Many small frames add up without drift at a slow speed (while packets fly: a quiet
    // stretch that slow would be crossed quickly).
    const TimeSpan* busy = nullptr;
    for (const auto& span : run.index->busySpans())
        if (span.end - span.start > Duration::millis(2)) {
            busy = &span;
            break;
        }
    REQUIRE(busy);
    player.seek(busy->start);
    player.setSpeedPreset(0);  // 0.001x
    for (int i = 0; i < 3000; ++i) player.advance(1.0 / 3000.0);
    const auto moved = (player.playhead() - busy->start).ns();
    CHECK(std::abs(moved - 1'000'000) <= 1);
    player.setSpeedPreset(12);
    player.advance(1e6);
    CHECK(player.playhead() == player.end());
    CHECK(player.atEnd());
    CHECK_FALSE(player.playing());
}

TEST_CASE("viz: stepping next then previous returns to the same point", "[viz]") {
    for (const char* file : kLessons) {
        INFO(file);
        RunLesson run(file);
        for (Granularity g : {Granularity::Event, Granularity::Line, Granularity::Hop}) {
            const auto points = run.index->stepPoints(g);
            REQUIRE(points.size() >= 2);
            const std::size_t stride = std::max<std::size_t>(1, points.size() / 50);
            for (std::size_t i = 0; i + 1 < points.size(); i += stride) {
                Player player(*run.index);
                player.play();
                player.seek(points[i]);
                REQUIRE(player.stepNext(g));
                CHECK_FALSE(player.playing());  // stepping pauses
                CHECK(player.playhead() == points[i + 1]);
                REQUIRE(player.stepPrevious(g));
                CHECK(player.playhead() == points[i]);
            }
            // Nothing before the first point or after the last one.
            Player player(*run.index);
            player.seek(points.front());
            CHECK_FALSE(player.stepPrevious(g));
            CHECK(player.playhead() == points.front());
            player.seek(points.back());
            CHECK_FALSE(player.stepNext(g));
            CHECK(player.playhead() == points.back());
        }
    }
}

TEST_CASE("viz: stepping through every event point visits every distinct event time in order", "[viz]") {
    for (const char* file : kLessons) {
        INFO(file);
        RunLesson run(file);
        const auto expected = distinctEventTimes(run.world.trace());
        Player player(*run.index);
        std::vector<Time> visited;
        if (run.index->isStepPoint(Granularity::Event, player.playhead())) visited.push_back(player.playhead());
        while (player.stepNext(Granularity::Event)) visited.push_back(player.playhead());
        CHECK(visited == expected);
        // And backwards, in reverse.
        std::vector<Time> back{player.playhead()};
        while (player.stepPrevious(Granularity::Event)) back.push_back(player.playhead());
        CHECK(std::vector<Time>(back.rbegin(), back.rend()) == expected);
    }
}

TEST_CASE("viz: event-paced mode dwells at each event, then moves on", "[viz]") {
    RunLesson run("02-cross-domain.json");
    const auto& trace = run.world.trace();
    const auto events = distinctEventTimes(trace);
    REQUIRE(events.size() >= 3);
    Player player(*run.index);
    player.setMode(PlayMode::EventPaced);
    player.setDwellSeconds(1.2);
    player.play();
    const double frame = 1.0 / 60.0;
    // Play up to the first event: the playhead lands exactly on it.
    int frames = 0;
    while (player.playhead() < events[0] && frames++ < 100'000) player.advance(frame);
    REQUIRE(player.playhead() == events[0]);
    // It stays there until the dwell has elapsed (the dwell began within the frame that landed).
    REQUIRE(player.dwelling());
    CHECK(player.dwellRemaining() <= 1.2);
    CHECK(player.dwellRemaining() >= 1.2 - frame - 1e-9);
    while (player.dwellRemaining() > frame) {
        player.advance(frame);
        REQUIRE(player.playhead() == events[0]);
        REQUIRE(player.dwelling());
    }
    player.advance(2 * frame);
    CHECK_FALSE(player.dwelling());
    CHECK(player.playhead() > events[0]);

    // Playing to the end dwells once at every distinct event time, in order.
    std::vector<Time> dwelt{events[0]};
    bool wasDwelling = false;
    frames = 0;
    while (player.playing() && frames++ < 1'000'000) {
        player.advance(frame);
        if (player.dwelling() && !wasDwelling) dwelt.push_back(player.playhead());
        wasDwelling = player.dwelling();
    }
    CHECK(dwelt == events);
    CHECK(player.atEnd());
    CHECK_FALSE(player.playing());
}

TEST_CASE("viz: event-paced mode animates hops at the chosen speed and skips idle stretches", "[viz]") {
    RunLesson run("04-pop3-two-devices.json");
    const TraceIndex& index = *run.index;
    Player player(index);
    player.setMode(PlayMode::EventPaced);
    player.setSpeedPreset(3);  // 0.01x
    player.setIdleSkipSeconds(0.25);

    // Inside a busy span, away from events: time runs at the chosen speed.
    const TimeSpan* busy = nullptr;
    for (const auto& s : index.busySpans()) {
        const auto next = index.nextStepPoint(Granularity::Event, s.start);
        if ((s.end - s.start).ns() > 400'000 && (!next || *next > s.start + Duration::nanos(400'000))) {
            busy = &s;
            break;
        }
    }
    REQUIRE(busy);
    player.seek(busy->start);
    player.play();
    player.advance(0.01);  // 0.01 s x 0.01 = 100 µs
    CHECK(player.playhead() == busy->start + Duration::micros(100));

    // An idle stretch of seconds (between the mails of lesson 04) takes at most the skip time.
    const TimeSpan* before = nullptr;
    const TimeSpan* after = nullptr;
    const auto spans = index.busySpans();
    for (std::size_t i = 0; i + 1 < spans.size() && !before; ++i) {
        const auto nextEvent = index.nextStepPoint(Granularity::Event, spans[i].end);
        if ((spans[i + 1].start - spans[i].end).ns() > 1'000'000'000 && nextEvent && *nextEvent >= spans[i + 1].start) {
            before = &spans[i];
            after = &spans[i + 1];
        }
    }
    REQUIRE(before);
    player.seek(before->end);
    player.play();
    double wall = 0;
    while (player.playhead() < after->start && wall < 10) {
        player.advance(0.01);
        wall += 0.01;
    }
    CHECK(wall <= 0.25 + 0.02);
    CHECK(player.playhead() >= after->start);
}

TEST_CASE("viz: going back is exact: the state depends only on the playhead", "[viz]") {
    RunLesson run("08-attachment-packets.json");
    Player player(*run.index);
    SceneBuilder builder(*run.index);
    player.setSpeedPreset(2);
    player.play();
    std::vector<std::pair<Time, SceneState>> seen;
    for (int i = 0; i < 40 && player.playing(); ++i) {
        player.advance(0.5);
        seen.emplace_back(player.playhead(), builder.build(player.playhead()));
    }
    for (auto it = seen.rbegin(); it != seen.rend(); ++it) {
        player.seek(it->first);
        CHECK(builder.build(player.playhead()) == it->second);
    }
}
