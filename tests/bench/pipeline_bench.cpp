// The whole pipeline on a generated scenario: load-free build of a world with
// many clients and two providers, 10,000 mails, run to the end; reports mails/s,
// packets/s and the process's peak memory.
#include "world/world.h"

#include "net/ipv4.h"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

using namespace postino;
using namespace postino::scenario;

namespace {

// 50 clients at sender.example send `mails` mails, spread over time, to 50 users
// at recipient.example (half) or to each other (half: local delivery).
Scenario generate(int mails) {
    Scenario s;
    s.title.byLanguage["en"] = "generated";
    s.seed = 9;
    auto ip = [](const char* text) { return *net::parseIpv4(text); };
    Node dns{.id = "dns", .type = NodeType::DnsServer, .hostname = "ns.example.net", .ip = ip("198.51.100.53")};
    DnsZone zone{"recipient.example", {}};
    zone.records.push_back({"recipient.example", RecordType::MX, 3600, 0, 10, "mail.recipient.example"});
    zone.records.push_back({"mail.recipient.example", RecordType::A, 3600, ip("203.0.113.25"), 0, {}});
    dns.zones.push_back(zone);
    Node core{.id = "internet", .type = NodeType::Router, .hostname = "core", .ip = ip("198.51.100.1")};
    Node gwA{.id = "gw-a", .type = NodeType::Router, .hostname = "gw-a", .ip = ip("192.0.2.1")};
    Node gwB{.id = "gw-b", .type = NodeType::Router, .hostname = "gw-b", .ip = ip("203.0.113.1")};
    Node mailA{.id = "mail-a", .type = NodeType::MailServer, .hostname = "mail.sender.example", .ip = ip("192.0.2.25")};
    mailA.domains = {"sender.example"};
    mailA.resolver = "dns";
    Node mailB{.id = "mail-b", .type = NodeType::MailServer, .hostname = "mail.recipient.example", .ip = ip("203.0.113.25")};
    mailB.domains = {"recipient.example"};
    mailB.resolver = "dns";
    const int clients = 50;
    std::vector<Node> clientNodes;
    for (int i = 0; i < clients; ++i) {
        const std::string user = fmt::format("user{}@sender.example", i);
        mailA.users.push_back({user, "pw"});
        mailB.users.push_back({fmt::format("user{}@recipient.example", i), "pw"});
        Node c{.id = fmt::format("client-{}", i), .type = NodeType::Client, .hostname = fmt::format("client-{}", i),
               .ip = ip("192.0.2.100") + static_cast<std::uint32_t>(i)};
        c.accounts.push_back({user, "pw", "mail-a"});
        clientNodes.push_back(c);
    }
    s.nodes = {dns, core, gwA, gwB, mailA, mailB};
    for (auto& c : clientNodes) s.nodes.push_back(c);
    auto link = [&](const std::string& a, const std::string& b, int ms) {
        Link l;
        l.id = a + "--" + b;
        l.a = a;
        l.b = b;
        l.latency = Duration::millis(ms);
        s.links.push_back(l);
    };
    link("internet", "dns", 5);
    link("internet", "gw-a", 10);
    link("internet", "gw-b", 10);
    link("gw-a", "mail-a", 1);
    link("gw-b", "mail-b", 1);
    for (int i = 0; i < clients; ++i) link(fmt::format("client-{}", i), "gw-a", 2);
    for (int m = 0; m < mails; ++m) {
        Action a;
        a.at = Time::fromNanos(1'000'000'000LL + m * 50'000'000LL);  // one mail every 50 ms
        a.node = fmt::format("client-{}", m % clients);
        a.from = fmt::format("user{}@sender.example", m % clients);
        a.to = {m % 2 ? fmt::format("user{}@recipient.example", (m * 7) % clients)
                      : fmt::format("user{}@sender.example", (m * 7) % clients)};
        a.subject = fmt::format("Mail number {}", m);
        a.body = "Hello,\nthis is a generated mail for the pipeline benchmark.\nBye";
        s.actions.push_back(a);
    }
    return s;
}

long peakRssKiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

}  // namespace

static void BM_Pipeline(benchmark::State& state) {
    const int mails = static_cast<int>(state.range(0));
    const Scenario scenario = generate(mails);
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
    state.counters["mails/s"] = benchmark::Counter(static_cast<double>(mails) * state.iterations(), benchmark::Counter::kIsRate);
    state.counters["packets/run"] = static_cast<double>(packets);
    state.counters["peak_rss_MiB"] = static_cast<double>(peakRssKiB()) / 1024.0;
}
BENCHMARK(BM_Pipeline)->Arg(10'000)->Unit(benchmark::kMillisecond)->Iterations(1);
