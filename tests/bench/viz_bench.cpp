// The visualizer's model under load: scrubbing a 10,000-mail trace (stateAt at 1,000 random
// times: mean and max per scrub) and one frame's model work with 2,000 packets in flight.
#include "model/scene_state.h"
#include "model/trace_index.h"
#include "net/ipv4.h"
#include "world/world.h"

#include "generated_scenario.h"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <random>

using namespace postino;
using namespace postino::scenario;

namespace {


double millisSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// 200 nodes on a ring with chords, 2,000 packets whose hops all overlap `frameTime`, and
// 100,000 earlier and later hops that do not.
struct SyntheticFrame {
    trace::Trace trace;
    Time frameTime = Time::fromNanos(50'000'000'000LL);

    SyntheticFrame() {
        const std::uint32_t nodes = 200;
        for (std::uint32_t i = 0; i < nodes; ++i)
            trace.nodes.push_back({fmt::format("n{}", i), fmt::format("n{}", i), i % 10 ? "router" : "client", i});
        for (std::uint32_t i = 0; i < nodes; ++i) {
            trace.links.push_back({fmt::format("ring{}", i), i, (i + 1) % nodes});
            trace.links.push_back({fmt::format("chord{}", i), i, (i + 37) % nodes});
        }
        std::mt19937_64 rng(5);
        const net::AppProtocol apps[] = {net::AppProtocol::Smtp, net::AppProtocol::TcpControl, net::AppProtocol::Dns,
                                         net::AppProtocol::Imap, net::AppProtocol::Pop3, net::AppProtocol::Http};
        auto addHop = [&](Time start, std::int64_t durationNs) {
            const auto link = static_cast<std::uint32_t>(rng() % trace.links.size());
            net::Packet p;
            p.id = trace.packets.size();
            p.app = apps[rng() % 6];
            p.flags = net::tcpflag::Ack;
            p.segCount = p.app == net::AppProtocol::Smtp ? 190 : 0;
            p.segIndex = p.segCount ? static_cast<std::uint32_t>(1 + rng() % 190) : 0;
            p.connection = static_cast<std::uint32_t>(1 + rng() % 500);
            p.summary = fmt::format("{} segment, {} bytes", net::appProtocolName(p.app), 1460);
            const auto& l = trace.links[link];
            trace.hops.push_back({p.id, link, l.a, l.b, start, start + Duration::nanos(durationNs), 1514});
            trace.packets.push_back({start, l.a, std::move(p)});
        };
        for (int i = 0; i < 50'000; ++i)  // before the frame
            addHop(Time::fromNanos(static_cast<std::int64_t>(rng() % 40'000'000'000ULL)), 1'000'000 + static_cast<std::int64_t>(rng() % 9'000'000));
        for (int i = 0; i < 2'000; ++i) {  // in flight at frameTime
            const auto duration = 1'000'000 + static_cast<std::int64_t>(rng() % 9'000'000);
            addHop(frameTime - Duration::nanos(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(duration))), duration);
        }
        for (int i = 0; i < 50'000; ++i)  // after the frame
            addHop(Time::fromNanos(60'000'000'000LL + static_cast<std::int64_t>(rng() % 40'000'000'000ULL)), 1'000'000 + static_cast<std::int64_t>(rng() % 9'000'000));
        for (std::uint32_t c = 1; c <= 500; ++c)
            trace.addConnection({.app = net::AppProtocol::Smtp, .service = "SMTP", .client = c % 200, .server = (c * 7) % 200,
                                 .opened = Time::fromNanos(c * 100'000'000LL), .closed = Time::fromNanos(c * 100'000'000LL + 70'000'000'000LL)});
    }
};

}  // namespace

static void BM_VizScrub10kMails(benchmark::State& state) {
    const auto runStart = std::chrono::steady_clock::now();
    world::World world(bench::generateMailScenario(10'000));
    world.run();
    const double runMs = millisSince(runStart);
    const auto buildStart = std::chrono::steady_clock::now();
    const viz::TraceIndex index(world.trace());
    const double buildMs = millisSince(buildStart);
    const auto tlsStart = std::chrono::steady_clock::now();  // its part: which packets carry TLS
    const viz::TlsPackets tlsPackets(world.trace());
    const double tlsMs = millisSince(tlsStart);

    std::mt19937_64 rng(3);
    const auto end = static_cast<std::uint64_t>(index.endTime().ns());
    std::vector<Time> times;
    for (int i = 0; i < 1000; ++i) times.push_back(Time::fromNanos(static_cast<std::int64_t>(rng() % (end + 1))));

    double totalMs = 0, maxMs = 0, reuseTotalMs = 0, reuseMaxMs = 0;
    std::size_t inFlight = 0, maxInFlight = 0;
    viz::SceneBuilder builder(index);
    for (auto _ : state) {
        totalMs = maxMs = reuseTotalMs = reuseMaxMs = 0;
        for (Time t : times) {
            auto start = std::chrono::steady_clock::now();
            const viz::SceneState s = viz::stateAt(index, t);  // fresh buffers: the worst case
            const double ms = millisSince(start);
            benchmark::DoNotOptimize(s.packets.data());
            totalMs += ms;
            maxMs = std::max(maxMs, ms);
            inFlight += s.packets.size();
            maxInFlight = std::max(maxInFlight, s.packets.size());

            start = std::chrono::steady_clock::now();
            const viz::SceneState& r = builder.build(t);  // the app's path: buffers reused
            const double reuseMs = millisSince(start);
            benchmark::DoNotOptimize(r.packets.data());
            reuseTotalMs += reuseMs;
            reuseMaxMs = std::max(reuseMaxMs, reuseMs);
        }
    }
    const auto& tr = world.trace();
    state.counters["hops"] = static_cast<double>(tr.hops.size());
    state.counters["events"] = static_cast<double>(tr.events.size());
    state.counters["lines"] = static_cast<double>(tr.lines.size());
    state.counters["sim_run_ms"] = runMs;
    state.counters["index_build_ms"] = buildMs;
    state.counters["tls_packets_ms"] = tlsMs;
    state.counters["scrub_mean_us"] = totalMs * 1000.0 / static_cast<double>(times.size());
    state.counters["scrub_max_us"] = maxMs * 1000.0;
    state.counters["reuse_mean_us"] = reuseTotalMs * 1000.0 / static_cast<double>(times.size());
    state.counters["reuse_max_us"] = reuseMaxMs * 1000.0;
    state.counters["in_flight_mean"] = static_cast<double>(inFlight) / static_cast<double>(times.size());
    state.counters["in_flight_max"] = static_cast<double>(maxInFlight);
}
BENCHMARK(BM_VizScrub10kMails)->Unit(benchmark::kMillisecond)->Iterations(1);

static void BM_VizFrame2000InFlight(benchmark::State& state) {
    static const SyntheticFrame frame;
    const viz::TraceIndex index(frame.trace);
    viz::SceneBuilder builder(index);
    std::size_t packets = 0;
    for (auto _ : state) {
        const viz::SceneState& s = builder.build(frame.frameTime);
        packets = s.packets.size();
        benchmark::DoNotOptimize(s.packets.data());
    }
    if (packets != 2000) state.SkipWithError(fmt::format("{} packets in flight, not 2000", packets).c_str());
    state.counters["in_flight"] = static_cast<double>(packets);
}
BENCHMARK(BM_VizFrame2000InFlight)->Unit(benchmark::kMicrosecond);

static void BM_VizFrame2000InFlightFresh(benchmark::State& state) {
    static const SyntheticFrame frame;
    const viz::TraceIndex index(frame.trace);
    for (auto _ : state) {
        const viz::SceneState s = viz::stateAt(index, frame.frameTime);
        benchmark::DoNotOptimize(s.packets.data());
    }
}
BENCHMARK(BM_VizFrame2000InFlightFresh)->Unit(benchmark::kMicrosecond);
