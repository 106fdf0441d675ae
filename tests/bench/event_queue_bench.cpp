// Event queue throughput in the classic hold model: N pending events; each
// step pops the earliest and schedules one new event a random delay later.
// Reports events/s at 1e3, 1e5 and 1e6 pending (targets: >= 10 M/s and >= 4 M/s).
#include "core/rng.h"
#include "core/simulator.h"

#include <benchmark/benchmark.h>

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
