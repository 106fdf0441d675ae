// sim/tls determinism: a seeded CryptoContext makes the same CA, certificates and TLS records,
// byte for byte, on every run; another seed, or the system context, makes others.
#include "tls_fixture.h"

#include "tls/seeded_random.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>
#include <thread>

using namespace postino;
using namespace postino::testing;

namespace {

// Everything a run puts on the wire or hands out: certificates, key, both directions' bytes.
std::string runConversation(std::unique_ptr<tls::CryptoContext> crypto) {
    TlsWorld w = makeTlsWorld(std::move(crypto));
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    Wire wire;
    shuttle(client, server, wire);
    REQUIRE(client.handshakeDone());
    client.writePlain("EHLO laptop.example\r\n");
    shuttle(client, server, wire);
    server.writePlain("250 mail.bank.example\r\n");
    client.close();
    shuttle(client, server, wire);
    REQUIRE(client.takePlain() == "250 mail.bank.example\r\n");
    return w.ca->certificatePem() + w.serverCredentials.certificatePem + w.serverCredentials.privateKeyPem + "\n--\n" +
           wire.clientToServer + "\n--\n" + wire.serverToClient;
}

std::string sha256Hex(const std::string& bytes) {
    unsigned char md[32];
    unsigned int len = 0;
    REQUIRE(EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) == 1);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) out += {hex[md[i] >> 4], hex[md[i] & 15]};
    return out;
}

}  // namespace

TEST_CASE("TLS determinism: the same seed gives byte-identical certificates and records", "[tls]") {
    const std::string a = runConversation(tls::CryptoContext::seeded(2026));
    const std::string b = runConversation(tls::CryptoContext::seeded(2026));
    REQUIRE(a.size() > 2000);
    CHECK(a == b);
}

TEST_CASE("TLS determinism: another seed gives other keys and other records", "[tls]") {
    const std::string a = runConversation(tls::CryptoContext::seeded(2026));
    const std::string b = runConversation(tls::CryptoContext::seeded(2027));
    CHECK(a != b);
    // Not merely a different certificate: the handshakes differ from their first random bytes.
    const std::string helloA = a.substr(a.find("\n--\n") + 4, 100);
    const std::string helloB = b.substr(b.find("\n--\n") + 4, 100);
    CHECK(helloA != helloB);
}

TEST_CASE("TLS determinism: the machine's clock does not reach the bytes", "[tls]") {
    const std::string a = runConversation(tls::CryptoContext::seeded(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the seconds digit of time() changes
    const std::string b = runConversation(tls::CryptoContext::seeded(5));
    CHECK(a == b);
}

TEST_CASE("TLS determinism: a seeded run gives the recorded bytes in every process", "[tls]") {
    // The digest of runConversation(seeded(2026)) with Debian 12's OpenSSL 3.0 (each key, signature
    // and endpoint drawing from its own stream, seeded_random.h). A different digest
    // on the same OpenSSL means something outside the seed (a clock, an address, the process)
    // reached the bytes; after an OpenSSL upgrade, check the change and record the new digest.
    const std::string digest = sha256Hex(runConversation(tls::CryptoContext::seeded(2026)));
    INFO("OpenSSL " << OpenSSL_version(OPENSSL_VERSION));
    CHECK(digest == "86a6fda630f062a08dfdb0d98a3ed6202ba413a777bbdad1031462bccb32882d");
}

TEST_CASE("TLS determinism: draws from the context after two endpoints are made do not change their handshake",
          "[tls]") {
    // What the browser build's OpenSSL does inside a handshake (EC blinding draws) must shift no
    // other endpoint's bytes: each endpoint draws from its own stream, forked when it is made.
    const auto handshake = [](bool drawBetween) {
        TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(77));
        auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
        auto server = tls::TlsEndpoint::server(w.serverConfig);
        if (drawBetween) {
            unsigned char junk[100];
            REQUIRE(RAND_bytes_ex(w.crypto->libctx(), junk, sizeof junk, 0) == 1);
        }
        Wire wire;
        shuttle(client, server, wire);
        REQUIRE(client.handshakeDone());
        return wire.clientToServer + "\n--\n" + wire.serverToClient;
    };
    const std::string quiet = handshake(false), drawn = handshake(true);
    CHECK(quiet == drawn);
}

TEST_CASE("TLS determinism: an endpoint's own stream keeps the context's stream where it was", "[tls]") {
    auto crypto = tls::CryptoContext::seeded(9);
    Rng own = tls::forkRandomStream(crypto->libctx());
    unsigned char before[16], inside[16], after[16];
    auto reference = tls::CryptoContext::seeded(9);
    (void)tls::forkRandomStream(reference->libctx());
    REQUIRE(RAND_bytes_ex(reference->libctx(), before, sizeof before, 0) == 1);  // the context's next bytes
    {
        tls::OwnRandomStream use(crypto->libctx(), own);
        REQUIRE(RAND_bytes_ex(crypto->libctx(), inside, sizeof inside, 0) == 1);
    }
    REQUIRE(RAND_bytes_ex(crypto->libctx(), after, sizeof after, 0) == 1);
    CHECK(std::memcmp(before, after, sizeof before) == 0);   // untouched by the draws inside
    CHECK(std::memcmp(before, inside, sizeof before) != 0);  // those came from the own stream
}

TEST_CASE("TLS determinism: the seeded generator is scoped to its context", "[tls]") {
    auto seeded = tls::CryptoContext::seeded(8);
    auto system = tls::CryptoContext::system();
    CHECK(seeded->isSeeded());
    CHECK_FALSE(system->isSeeded());
    CHECK(std::string(EVP_RAND_get0_name(EVP_RAND_CTX_get0_rand(RAND_get0_primary(seeded->libctx())))) ==
          tls::kSeededRandName);
    CHECK(std::string(EVP_RAND_get0_name(EVP_RAND_CTX_get0_rand(RAND_get0_primary(system->libctx())))) !=
          tls::kSeededRandName);
    CHECK(std::string(EVP_RAND_get0_name(EVP_RAND_CTX_get0_rand(RAND_get0_primary(nullptr)))) !=
          tls::kSeededRandName);

    // Draws from the process's default context and from a system context in between change
    // nothing in a seeded run, and the seeded context's bytes are its own.
    const std::string before = runConversation(tls::CryptoContext::seeded(9));
    unsigned char buf[64];
    REQUIRE(RAND_bytes(buf, sizeof buf) == 1);
    REQUIRE(RAND_bytes_ex(system->libctx(), buf, sizeof buf, 0) == 1);
    const std::string systemRun1 = runConversation(tls::CryptoContext::system());
    const std::string after = runConversation(tls::CryptoContext::seeded(9));
    CHECK(before == after);
    // The system context draws from the OS: two of its runs never match.
    const std::string systemRun2 = runConversation(tls::CryptoContext::system());
    CHECK(systemRun1 != systemRun2);

    const std::uint64_t drawn = seeded->bytesDrawn();
    unsigned char one[32];
    REQUIRE(RAND_bytes_ex(seeded->libctx(), one, sizeof one, 0) == 1);
    CHECK(seeded->bytesDrawn() == drawn + 32);
    CHECK(system->bytesDrawn() == 0);
}

TEST_CASE("TLS determinism: two seeded contexts in one process keep separate streams", "[tls]") {
    auto a = tls::CryptoContext::seeded(77);
    auto b = tls::CryptoContext::seeded(77);
    unsigned char x[16], y[16], z[16];
    REQUIRE(RAND_bytes_ex(a->libctx(), x, sizeof x, 0) == 1);
    REQUIRE(RAND_bytes_ex(a->libctx(), y, sizeof y, 0) == 1);  // a moves on
    REQUIRE(RAND_bytes_ex(b->libctx(), z, sizeof z, 0) == 1);  // b starts where a started
    CHECK(std::equal(x, x + 16, z));
    CHECK_FALSE(std::equal(x, x + 16, y));
    // Private draws (keys) come from the same seeded stream.
    REQUIRE(RAND_priv_bytes_ex(b->libctx(), z, sizeof z, 0) == 1);
    CHECK(std::equal(y, y + 16, z));
}
