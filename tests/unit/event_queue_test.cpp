// Event order, ties and cancellation in the event queue and the simulator.
#include "core/simulator.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
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

// ---- Adversarial workloads against a reference: std::map keyed by (time, priority, seq).
namespace {

struct Phase {
    int steps;
    int pushPermille;    // otherwise cancel (cancelPermille) or pop
    int cancelPermille;
};

struct Workload {
    const char* name;
    int fill;                              // events pushed before the phases
    std::vector<Phase> phases;
    std::function<std::int64_t(Rng&)> delay;  // added to the last popped time
    int priorities;                        // priority drawn in [-p, p]
    int burst;                             // each push op schedules 1..burst events
    bool anyTime = false;                  // ignore the clock: times drawn anywhere (queue-only use)
};

class Checker {
public:
    explicit Checker(std::uint64_t seed) : m_rng(seed) {}

    void push(std::int64_t t, int prio) {
        const int id = static_cast<int>(m_events.size());
        const Key key{t, prio, m_seq++};
        const EventHandle h = m_q.push(Time::fromNanos(t), prio, [this, id] { m_ran = id; });
        m_ref.emplace(key, id);
        m_events.push_back({h, key});
    }
    void cancelRandom() {
        if (m_events.empty()) return;
        const auto& [h, key] = m_events[m_rng.below(m_events.size())];
        const bool expected = m_ref.erase(key) == 1;  // false when it ran or was cancelled
        expect(m_q.cancel(h) == expected, "cancel result");
    }
    void popOne() {
        expect(m_q.nextTime() == (m_ref.empty() ? Time::max() : Time::fromNanos(std::get<0>(m_ref.begin()->first))),
               "nextTime");
        Time t;
        EventCallback fn;
        const bool got = m_q.pop(t, fn);
        expect(got == !m_ref.empty(), "pop on empty");
        if (!got || m_ref.empty()) return;
        fn();
        expect(m_ran == m_ref.begin()->second, "pop order");
        expect(t.ns() == std::get<0>(m_ref.begin()->first), "pop time");
        m_now = t.ns();
        m_ref.erase(m_ref.begin());
    }
    void checkState() {
        expect(m_q.size() == m_ref.size() && m_q.empty() == m_ref.empty(), "size");
        if (m_events.empty()) return;
        const auto& [h, key] = m_events[m_rng.below(m_events.size())];
        expect(m_q.isPending(h) == (m_ref.count(key) == 1), "isPending");
    }
    void expect(bool ok, const char* what) {
        if (!ok && m_failures++ == 0) m_firstFailure = std::string(what) + " at op " + std::to_string(m_ops);
    }

    void run(const Workload& w) {
        auto prio = [&] { return static_cast<int>(m_rng.below(2 * w.priorities + 1)) - w.priorities; };
        auto pushSome = [&] {
            const std::uint64_t n = 1 + m_rng.below(static_cast<std::uint64_t>(w.burst));
            for (std::uint64_t i = 0; i < n; ++i)
                push(w.anyTime ? w.delay(m_rng) : m_now + w.delay(m_rng), prio());
        };
        for (int i = 0; i < w.fill; ++i) push(w.anyTime ? w.delay(m_rng) : m_now + w.delay(m_rng), prio());
        for (const Phase& ph : w.phases) {
            for (int s = 0; s < ph.steps; ++s, ++m_ops) {
                const int r = static_cast<int>(m_rng.below(1000));
                if (r < ph.pushPermille) pushSome();
                else if (r < ph.pushPermille + ph.cancelPermille) cancelRandom();
                else popOne();
                if (m_ops % 97 == 0) checkState();
            }
        }
        while (!m_ref.empty() && m_failures == 0) popOne();
        checkState();
        expect(m_q.empty() && !m_q.pop(m_spareTime, m_spareFn), "drained");
    }

    int failures() const { return m_failures; }
    const std::string& firstFailure() const { return m_firstFailure; }

private:
    using Key = std::tuple<std::int64_t, int, std::uint64_t>;
    EventQueue m_q;
    Rng m_rng;
    std::map<Key, int> m_ref;
    std::vector<std::pair<EventHandle, Key>> m_events;
    std::uint64_t m_seq = 0;
    std::int64_t m_now = 0;
    int m_ran = -1;
    int m_failures = 0;
    long m_ops = 0;
    std::string m_firstFailure;
    Time m_spareTime;
    EventCallback m_spareFn;
};

std::int64_t uniform(Rng& r, std::uint64_t n) { return static_cast<std::int64_t>(r.below(n)); }

}  // namespace

TEST_CASE("event queue matches a reference on adversarial workloads", "[core]") {
    constexpr std::int64_t kSecond = 1'000'000'000;
    const std::vector<Workload> workloads = {
        {"hold model, uniform delays", 2000, {{200'000, 500, 0}}, [](Rng& r) { return uniform(r, 1'000'000); }, 0, 1},
        {"all at one instant", 3000, {{100'000, 450, 100}}, [](Rng&) { return std::int64_t{0}; }, 2, 3},
        {"bursts at nearby times", 2000, {{150'000, 30, 50}},
         [](Rng& r) { return r.below(50) == 0 ? uniform(r, 1'000'000) : uniform(r, 20); }, 1, 60},
        {"few 5 s timeouts among microsecond events, most cancelled", 500, {{200'000, 480, 150}},
         [](Rng& r) { return r.below(50) == 0 ? 5 * kSecond : 1'000 + uniform(r, 1'000); }, 1, 2},
        {"coarse time grid: exact ties across buckets", 3000, {{200'000, 500, 50}},
         [](Rng& r) { return 1000 * uniform(r, 40); }, 3, 2},
        {"delays from 1 ns to hours", 1000, {{200'000, 500, 30}},
         [](Rng& r) { return uniform(r, std::uint64_t{1} << r.below(44)); }, 1, 1},
        {"mass cancellation", 30'000, {{3'000, 500, 0}, {30'000, 0, 1000}, {100'000, 400, 300}, {60'000, 0, 900}},
         [](Rng& r) { return uniform(r, 10'000'000); }, 3, 1},
        {"grow to 100k then drain", 0, {{260'000, 700, 20}, {200'000, 50, 20}},
         [](Rng& r) { return uniform(r, 1'000'000) + (r.below(100) == 0 ? 3600 * kSecond : 0); }, 1, 1},
        {"queue used out of time order, extreme times", 100, {{150'000, 500, 50}},
         [](Rng& r) {
             switch (r.below(8)) {
             case 0: return INT64_MAX;
             case 1: return INT64_MAX - uniform(r, 3);
             case 2: return INT64_MIN + uniform(r, 3);
             case 3: return -uniform(r, 1'000'000);
             default: return uniform(r, 1'000'000);
             }
         },
         2, 4, true},
    };
    for (const Workload& w : workloads) {
        for (std::uint64_t seed : {1u, 2u}) {
            Checker c(seed);
            c.run(w);
            INFO(w.name << " seed " << seed << ": " << c.firstFailure());
            CHECK(c.failures() == 0);
        }
    }
}

TEST_CASE("a stale handle never cancels the event that reused its slot", "[core]") {
    EventQueue q;
    std::vector<EventHandle> old;
    for (int i = 0; i < 100; ++i) old.push_back(q.push(Time::fromNanos(i), 0, [] {}));
    for (int i = 0; i < 50; ++i) REQUIRE(q.cancel(old[i]));
    Time t;
    EventCallback fn;
    while (q.pop(t, fn)) {}
    std::vector<EventHandle> fresh;
    for (int i = 0; i < 100; ++i) fresh.push_back(q.push(Time::fromNanos(200 + i), 0, [] {}));
    for (const EventHandle& h : old) CHECK_FALSE(q.cancel(h));
    CHECK(q.size() == 100);
    for (const EventHandle& h : fresh) CHECK(q.isPending(h));
}

TEST_CASE("cancel releases the callback's captured state at once", "[core]") {
    EventQueue q;
    auto token = std::make_shared<int>(7);
    const EventHandle h = q.push(Time::fromNanos(5'000'000'000), 0, [token] {});
    for (int i = 0; i < 100; ++i) q.push(Time::fromNanos(i), 0, [] {});
    Time t;
    EventCallback fn;
    REQUIRE(q.pop(t, fn));  // the ladder is now built
    CHECK(token.use_count() == 2);
    CHECK(q.cancel(h));
    CHECK(token.use_count() == 1);
    CHECK(q.size() == 99);
}
