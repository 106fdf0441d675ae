// Event order, ties and cancellation in the event queue and the simulator.
#include "core/simulator.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace postino;

TEST_CASE("events run in time order", "[core]") {
    Simulator sim;
    std::vector<int> order;
    sim.at(Time::fromNanos(30), [&] { order.push_back(3); });
    sim.at(Time::fromNanos(10), [&] { order.push_back(1); });
    sim.at(Time::fromNanos(20), [&] { order.push_back(2); });
    sim.run();
    CHECK(order == std::vector<int>{1, 2, 3});
    CHECK(sim.now() == Time::fromNanos(30));
}

TEST_CASE("ties break by priority, then insertion order", "[core]") {
    Simulator sim;
    std::string order;
    const Time t = Time::fromNanos(5);
    sim.at(t, [&] { order += 'a'; });
    sim.at(t, [&] { order += 'b'; });
    sim.at(t, [&] { order += 'P'; }, -1);
    sim.at(t, [&] { order += 'c'; });
    sim.at(t, [&] { order += 'z'; }, 7);
    sim.run();
    CHECK(order == "Pabcz");
}

TEST_CASE("a thousand ties keep insertion order", "[core]") {
    Simulator sim;
    std::vector<int> order;
    for (int i = 0; i < 1000; ++i) sim.at(Time::fromNanos(1), [&order, i] { order.push_back(i); });
    sim.run();
    REQUIRE(order.size() == 1000);
    for (int i = 0; i < 1000; ++i) CHECK(order[i] == i);
}

TEST_CASE("cancelled events do not run, handles go stale after running", "[core]") {
    Simulator sim;
    int ran = 0;
    auto a = sim.at(Time::fromNanos(1), [&] { ran += 1; });
    auto b = sim.at(Time::fromNanos(2), [&] { ran += 10; });
    auto c = sim.at(Time::fromNanos(3), [&] { ran += 100; });
    CHECK(sim.pending() == 3);
    CHECK(sim.cancel(b));
    CHECK_FALSE(sim.cancel(b));
    CHECK(sim.pending() == 2);
    sim.run();
    CHECK(ran == 101);
    CHECK_FALSE(sim.isPending(a));
    CHECK_FALSE(sim.cancel(c));
    // A reused slot must not be cancellable through an old handle.
    auto d = sim.at(Time::fromNanos(10), [&] { ran += 1000; });
    CHECK_FALSE(sim.cancel(a));
    CHECK(sim.isPending(d));
    sim.run();
    CHECK(ran == 1101);
}

TEST_CASE("events may schedule and cancel other events while running", "[core]") {
    Simulator sim;
    std::vector<std::int64_t> times;
    EventHandle victim;
    sim.at(Time::fromNanos(1), [&] {
        times.push_back(sim.now().ns());
        sim.after(Duration::nanos(5), [&] { times.push_back(sim.now().ns()); });
        sim.cancel(victim);
    });
    victim = sim.at(Time::fromNanos(3), [&] { times.push_back(-1); });
    sim.run();
    CHECK(times == std::vector<std::int64_t>{1, 6});
}

TEST_CASE("runUntil stops at the limit and step runs one event", "[core]") {
    Simulator sim;
    int ran = 0;
    for (int i = 1; i <= 5; ++i) sim.at(Time::fromNanos(i * 10), [&] { ++ran; });
    CHECK(sim.runUntil(Time::fromNanos(30)) == 3);
    CHECK(ran == 3);
    CHECK(sim.step());
    CHECK(ran == 4);
    sim.runUntil(Time::fromNanos(45), true);
    CHECK(sim.now() == Time::fromNanos(45));
    sim.run();
    CHECK(ran == 5);
    CHECK_FALSE(sim.step());
}

TEST_CASE("scheduling in the past is refused", "[core]") {
    Simulator sim;
    sim.at(Time::fromNanos(10), [] {});
    sim.run();
    CHECK_THROWS(sim.at(Time::fromNanos(5), [] {}));
}

TEST_CASE("the seeded RNG is reproducible", "[core]") {
    Rng a(42), b(42), c(43);
    for (int i = 0; i < 100; ++i) {
        const auto x = a.next();
        CHECK(x == b.next());
        (void)c.next();
    }
    Rng d(42);
    Rng e(43);
    CHECK(d.next() != e.next());
    for (int i = 0; i < 1000; ++i) CHECK(a.below(7) < 7);
}

TEST_CASE("time formatting", "[core]") {
    CHECK(formatSeconds(Time::fromNanos(1'500'000'000)) == "1.500000");
    CHECK(formatSeconds(Time::fromNanos(12'345'678)) == "0.012345");
    CHECK(formatSeconds(Time::zero()) == "0.000000");
}
