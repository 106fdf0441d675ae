// Routing at the documented node limit: a 10,000-node router star with a few mail clients,
// built and simulated for 5 s (target: under 2 s in all). Reports the wall time of the build
// and of the run, the process's peak memory and the mails delivered.
#include "world/world.h"

#include "generated_scenario.h"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>

using namespace postino;

namespace {

long peakRssKiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

double millisSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

static void BM_RouterStar(benchmark::State& state) {
    const int nodes = static_cast<int>(state.range(0));
    const int senders = static_cast<int>(state.range(1));
    const scenario::Scenario scenario = bench::generateStarScenario(nodes, senders);
    double buildMs = 0, runMs = 0;
    std::size_t delivered = 0;
    for (auto _ : state) {
        const auto buildStart = std::chrono::steady_clock::now();
        world::World world(scenario);
        buildMs = millisSince(buildStart);
        const auto runStart = std::chrono::steady_clock::now();
        world.run(Time::fromNanos(5'000'000'000LL));
        runMs = millisSince(runStart);
        delivered = 0;
        for (const auto& e : world.trace().events) delivered += e.kind == trace::EventKind::Delivered;
        benchmark::DoNotOptimize(delivered);
    }
    if (delivered != static_cast<std::size_t>(senders))
        state.SkipWithError(fmt::format("only {} of {} mails delivered", delivered, senders).c_str());
    state.counters["build_ms"] = buildMs;
    state.counters["run_5s_ms"] = runMs;
    state.counters["peak_rss_MiB"] = static_cast<double>(peakRssKiB()) / 1024.0;
    state.counters["delivered"] = static_cast<double>(delivered);
}
BENCHMARK(BM_RouterStar)->Args({10'000, 1})->Args({10'000, 100})->Unit(benchmark::kMillisecond)->Iterations(1);
