// The whole pipeline on a generated scenario: load-free build of a world with
// many clients and two providers, 10,000 mails, run to the end; reports mails/s,
// packets/s and the process's peak memory. The failure mix adds unknown users (bounces) and
// mail deferred then delivered at its retry; the TLS runs turn TLS on at both servers, and DKIM
// signing and sender checks as well.
#include "world/world.h"

#include "net/ipv4.h"
#include "trace/mail_fate.h"

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

// The same 10,000 mails with TLS on both servers: every submission on 587 and every relay on 25
// makes a full TLS 1.3 handshake (seeded, so the run stays deterministic). With DKIM as well,
// mail-a signs every mail (rsa-sha256) and mail-b checks SPF, DKIM and DMARC of every relayed
// one before its answer to DATA (the DNS answers come from its resolver's cache after the first).
Scenario tlsScenario(int mails, bool dkim) {
    Scenario scenario = bench::generateMailScenario(mails);
    for (Node& n : scenario.nodes) {
        if (n.type == NodeType::MailServer) n.tls.enabled = true;
        if (!dkim) continue;
        if (n.id == "mail-a") n.dkim.push_back({"sender.example", "s1", DkimAlgorithm::RsaSha256});
        if (n.id == "mail-b") n.checkSenders = {true, true, true};
        if (n.id == "dns") {
            DnsZone zone{"sender.example", {}};
            DnsRecord spf{.name = "sender.example", .type = RecordType::TXT, .ttl = 3600};
            spf.texts = {"v=spf1 ip4:192.0.2.25 -all"};
            DnsRecord dmarc{.name = "_dmarc.sender.example", .type = RecordType::TXT, .ttl = 3600};
            dmarc.texts = {"v=DMARC1; p=reject"};
            zone.records = {spf, dmarc};
            n.zones.push_back(zone);
        }
    }
    return scenario;
}

// Runs `scenario` (its mails all delivered) and reports mails/s, packets, TLS handshakes, DKIM
// signatures and peak memory; `dkim`: every mail must also be signed and most checked.
void runPipeline(benchmark::State& state, const Scenario& scenario, bool dkim) {
    const int mails = static_cast<int>(state.range(0));
    std::size_t delivered = 0, packets = 0, handshakes = 0, signatures = 0, checks = 0;
    for (auto _ : state) {
        world::World world(scenario);
        world.run();
        delivered = handshakes = signatures = checks = 0;
        for (const auto& e : world.trace().events) {
            delivered += e.kind == trace::EventKind::Delivered;
            handshakes += e.kind == trace::EventKind::TlsStarted;
            signatures += e.kind == trace::EventKind::DkimSigned;
            checks += e.kind == trace::EventKind::SenderChecked;
        }
        packets = world.trace().packets.size();
        benchmark::DoNotOptimize(delivered);
    }
    if (delivered != static_cast<std::size_t>(mails))
        state.SkipWithError(fmt::format("only {} of {} mails delivered", delivered, mails).c_str());
    if (dkim && (signatures != static_cast<std::size_t>(mails) || checks < static_cast<std::size_t>(mails) / 2))
        state.SkipWithError(fmt::format("{} signatures and {} passed checks for {} mails", signatures, checks, mails).c_str());
    state.counters["mails/s"] = benchmark::Counter(static_cast<double>(mails) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["tls_handshakes"] = static_cast<double>(handshakes / 2);  // each end reports one
    state.counters["dkim_signatures"] = static_cast<double>(signatures);
    state.counters["packets/run"] = static_cast<double>(packets);
    state.counters["peak_rss_MiB"] = static_cast<double>(peakRssKiB()) / 1024.0;
}

}  // namespace

static void BM_Pipeline(benchmark::State& state) {
    runPipeline(state, bench::generateMailScenario(static_cast<int>(state.range(0))), false);
}
BENCHMARK(BM_Pipeline)->Arg(10'000)->Unit(benchmark::kMillisecond)->Iterations(1);

static void BM_PipelineTls(benchmark::State& state) {
    runPipeline(state, tlsScenario(static_cast<int>(state.range(0)), false), false);
}
BENCHMARK(BM_PipelineTls)->Arg(10'000)->Unit(benchmark::kMillisecond)->Iterations(1);

static void BM_PipelineTlsDkim(benchmark::State& state) {
    runPipeline(state, tlsScenario(static_cast<int>(state.range(0)), true), true);
}
BENCHMARK(BM_PipelineTlsDkim)->Arg(10'000)->Unit(benchmark::kMillisecond)->Iterations(1);

static void BM_PipelineFailureMix(benchmark::State& state) {
    const int mails = static_cast<int>(state.range(0));
    const Scenario scenario = bench::generateFailureMixScenario(mails);
    trace::MailCounts counts;
    std::size_t deferredThenDelivered = 0, packets = 0;
    for (auto _ : state) {
        world::World world(scenario);
        world.run();
        state.PauseTiming();  // the checks below are not the pipeline's work
        counts = trace::countMail(world.trace());
        deferredThenDelivered = 0;
        for (const trace::RecipientFate& f : trace::mailFates(world.trace()))
            deferredThenDelivered += f.deferrals > 0 && (f.status == trace::RecipientStatus::Delivered ||
                                                         f.status == trace::RecipientStatus::Relayed);
        packets = world.trace().packets.size();
        benchmark::DoNotOptimize(counts);
        state.ResumeTiming();
    }
    // Every tenth mail bounces (its bounce is delivered to the sender); nothing stays queued.
    const auto unknown = static_cast<std::size_t>((mails + 8) / 10);
    if (counts.bounced != unknown || counts.bounces != unknown || counts.queued != 0)
        state.SkipWithError(fmt::format("{} bounced, {} bounces, {} still queued; expected {}, {}, 0", counts.bounced,
                                        counts.bounces, counts.queued, unknown, unknown)
                                .c_str());
    state.counters["mails/s"] = benchmark::Counter(static_cast<double>(mails) * static_cast<double>(state.iterations()),
                                                   benchmark::Counter::kIsRate);
    state.counters["bounced"] = static_cast<double>(counts.bounced);
    state.counters["deferred_then_delivered"] = static_cast<double>(deferredThenDelivered);
    state.counters["packets/run"] = static_cast<double>(packets);
    state.counters["peak_rss_MiB"] = static_cast<double>(peakRssKiB()) / 1024.0;
}
BENCHMARK(BM_PipelineFailureMix)->Arg(10'000)->Unit(benchmark::kMillisecond)->Iterations(1);
