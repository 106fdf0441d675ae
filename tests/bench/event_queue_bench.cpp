// Event queue throughput in the classic hold model: N pending events; each
// step pops the earliest and schedules one new event a random delay later.
// Reports events/s at 1e3, 1e5 and 1e6 pending (targets: >= 10 M/s and >= 4 M/s),
// then adversarial mixes: timer resets with 5 s timeouts, same-time bursts, grow/drain.
#include "core/rng.h"
#include "core/simulator.h"

#include <benchmark/benchmark.h>

#include <vector>

using namespace postino;

static void BM_HoldModelQueue(benchmark::State& state) {
    const auto pending = static_cast<std::size_t>(state.range(0));
    EventQueue q;
    Rng rng(1);
    for (std::size_t i = 0; i < pending; ++i) q.push(Time::fromNanos(static_cast<std::int64_t>(rng.below(1'000'000))), 0, [] {});
    Time t;
    EventCallback fn;
    for (auto _ : state) {
        q.pop(t, fn);
        q.push(t + Duration::nanos(static_cast<std::int64_t>(rng.below(1'000'000))), 0, std::move(fn));
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HoldModelQueue)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);

// The same through the Simulator: each event runs and reschedules itself.
static void BM_HoldModelSimulator(benchmark::State& state) {
    const auto pending = static_cast<std::size_t>(state.range(0));
    Simulator sim(1);
    std::function<void()> hop;
    struct Ctx {
        Simulator* sim;
    } ctx{&sim};
    for (std::size_t i = 0; i < pending; ++i) {
        sim.at(Time::fromNanos(static_cast<std::int64_t>(sim.rng().below(1'000'000))), [] {});
    }
    for (auto _ : state) {
        sim.step();
        ctx.sim->after(Duration::nanos(static_cast<std::int64_t>(sim.rng().below(1'000'000))), [] {});
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HoldModelSimulator)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);

// Network-like mix: N connections, each with its next event 1-2 us ahead and a 5 s
// retransmit timer that is cancelled and re-armed at every event (as TCP does).
// One step = pop + cancel + 2 pushes; reports steps/s.
static void BM_TimerResetMix(benchmark::State& state) {
    const auto conns = static_cast<std::size_t>(state.range(0));
    EventQueue q;
    Rng rng(3);
    std::vector<EventHandle> timer(conns);
    std::size_t current = 0;
    auto event = [&current](std::size_t c) { return [&current, c] { current = c; }; };
    for (std::size_t c = 0; c < conns; ++c) {
        q.push(Time::fromNanos(static_cast<std::int64_t>(rng.below(2'000))), 0, event(c));
        timer[c] = q.push(Time::fromNanos(5'000'000'000), 1, [] {});
    }
    Time t;
    EventCallback fn;
    for (auto _ : state) {
        q.pop(t, fn);
        fn();  // a timer that fires just re-arms itself below (current unchanged)
        q.cancel(timer[current]);
        timer[current] = q.push(t + Duration::seconds(5), 1, [] {});
        q.push(t + Duration::nanos(1'000 + static_cast<std::int64_t>(rng.below(1'000))), 0, event(current));
    }
    state.counters["steps/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TimerResetMix)->Arg(100)->Arg(10'000);

// Bursts: 7 events in 8 reschedule at exactly the time just popped (fan-out at one
// instant, e.g. a broadcast), the rest up to 1 ms later; N pending.
static void BM_SameTimeBursts(benchmark::State& state) {
    const auto pending = static_cast<std::size_t>(state.range(0));
    EventQueue q;
    Rng rng(4);
    for (std::size_t i = 0; i < pending; ++i) q.push(Time::fromNanos(static_cast<std::int64_t>(rng.below(1'000'000))), 0, [] {});
    Time t;
    EventCallback fn;
    for (auto _ : state) {
        q.pop(t, fn);
        const std::int64_t d = rng.below(8) == 0 ? static_cast<std::int64_t>(rng.below(1'000'000)) : 0;
        q.push(t + Duration::nanos(d), static_cast<int>(rng.below(3)) - 1, std::move(fn));
    }
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SameTimeBursts)->Arg(1'000)->Arg(100'000);

// Grow from empty to N pending (times spread over an hour), then drain to empty.
static void BM_GrowThenDrain(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    EventQueue q;
    Rng rng(5);
    Time t;
    EventCallback fn;
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; ++i)
            q.push(t + Duration::nanos(static_cast<std::int64_t>(rng.below(3'600'000'000'000))), 0, [] {});
        while (q.pop(t, fn)) {}
    }
    state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations() * n), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GrowThenDrain)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
