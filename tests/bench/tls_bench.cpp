// sim/tls costs: one full TLS 1.3 handshake in memory (ECDSA P-256 certificate, x25519),
// from a seeded context (the simulated world) and from the system one (live mode); a lesson
// CA; a leaf certificate; a seeded context made from nothing.
#include "tls/crypto_context.h"
#include "tls/lesson_ca.h"
#include "tls/tls_config.h"
#include "tls/tls_endpoint.h"

#include <benchmark/benchmark.h>

using namespace postino::tls;

namespace {

constexpr std::int64_t kNow = 1772442000;
constexpr std::int64_t kDay = 86400;

void handshake(benchmark::State& state, std::unique_ptr<CryptoContext> crypto) {
    LessonCa ca(*crypto, {"Postino Lesson CA", "Postino lesson", {kNow - kDay, kNow + 365 * kDay}});
    const auto serverConfig = TlsConfig::server(*crypto, ca.issue({{"mail.bank.example"}, {kNow - kDay, kNow + 90 * kDay}}));
    const auto clientConfig = TlsConfig::client(*crypto, ca.certificatePem());
    std::size_t wireBytes = 0;
    for (auto _ : state) {
        auto client = TlsEndpoint::client(clientConfig, "mail.bank.example", kNow);
        auto server = TlsEndpoint::server(serverConfig);
        for (int round = 0; round < 10; ++round) {
            const std::string a = client.takeToWire();
            const std::string b = server.takeToWire();
            if (a.empty() && b.empty()) break;
            wireBytes += a.size() + b.size();
            server.feedFromWire(a);
            client.feedFromWire(b);
        }
        if (!client.handshakeDone() || !server.handshakeDone()) state.SkipWithError("the handshake did not finish");
    }
    state.counters["handshakes/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["wire bytes"] = static_cast<double>(wireBytes) / static_cast<double>(state.iterations());
}

void BM_TlsHandshakeSeeded(benchmark::State& state) { handshake(state, CryptoContext::seeded(1)); }
void BM_TlsHandshakeSystem(benchmark::State& state) { handshake(state, CryptoContext::system()); }

void BM_LessonCaCreate(benchmark::State& state) {
    auto crypto = CryptoContext::seeded(2);
    for (auto _ : state) {
        LessonCa ca(*crypto, {"Postino Lesson CA", "Postino lesson", {kNow - kDay, kNow + 365 * kDay}});
        benchmark::DoNotOptimize(ca.certificatePem().data());
    }
}

void BM_LessonCaIssueLeaf(benchmark::State& state) {
    auto crypto = CryptoContext::seeded(3);
    LessonCa ca(*crypto, {"Postino Lesson CA", "Postino lesson", {kNow - kDay, kNow + 365 * kDay}});
    for (auto _ : state) {
        Credentials c = ca.issue({{"mail.bank.example"}, {kNow - kDay, kNow + 90 * kDay}});
        benchmark::DoNotOptimize(c.certificatePem.data());
    }
}

void BM_SeededContextCreate(benchmark::State& state) {
    std::uint64_t seed = 0;
    for (auto _ : state) {
        auto crypto = CryptoContext::seeded(++seed);
        benchmark::DoNotOptimize(crypto->libctx());
    }
}

}  // namespace

BENCHMARK(BM_TlsHandshakeSeeded)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TlsHandshakeSystem)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LessonCaCreate)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LessonCaIssueLeaf)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SeededContextCreate)->Unit(benchmark::kMicrosecond);
