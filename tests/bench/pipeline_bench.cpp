// The whole pipeline on a generated scenario: load-free build of a world with
// many clients and two providers, 10,000 mails, run to the end; reports mails/s,
// packets/s and the process's peak memory.
#include "world/world.h"

#include "net/ipv4.h"

#include "generated_scenario.h"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

using namespace postino;
using namespace postino::scenario;

namespace {


long peakRssKiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

}  // namespace

static void BM_Pipeline(benchmark::State& state) {
    const int mails = static_cast<int>(state.range(0));
    const Scenario scenario = bench::generateMailScenario(mails);
    std::size_t delivered = 0, packets = 0;
    for (auto _ : state) {
        world::World world(scenario);
        world.run();
        delivered = 0;
        for (const auto& e : world.trace().events) delivered += e.kind == trace::EventKind::Delivered;
        packets = world.trace().packets.size();
        benchmark::DoNotOptimize(delivered);
    }
    if (delivered != static_cast<std::size_t>(mails))
        state.SkipWithError(fmt::format("only {} of {} mails delivered", delivered, mails).c_str());
    state.counters["mails/s"] = benchmark::Counter(static_cast<double>(mails) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["packets/run"] = static_cast<double>(packets);
    state.counters["peak_rss_MiB"] = static_cast<double>(peakRssKiB()) / 1024.0;
}
BENCHMARK(BM_Pipeline)->Arg(10'000)->Unit(benchmark::kMillisecond)->Iterations(1);
