// sim/tls refusals: each certificate problem a lesson can stage fails the client with its reason
// and the server with the client's alert; cut and garbage streams fail cleanly.
#include "tls_fixture.h"

#include "core/rng.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

namespace {

struct Outcome {
    std::string client;
    std::string server;
};

Outcome handshake(TlsWorld& w, const std::string& serverName, std::int64_t now = kTlsNow) {
    auto client = tls::TlsEndpoint::client(w.clientConfig, serverName, now);
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    Wire wire;
    shuttle(client, server, wire);
    CHECK(client.failed());
    CHECK_FALSE(client.handshakeDone());
    CHECK(server.failed());
    return {client.failureReason(), server.failureReason()};
}

}  // namespace

TEST_CASE("TLS: a certificate for another host is refused with both names", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(10), "mail.other.example");
    const Outcome o = handshake(w, "mail.bank.example");
    CHECK(o.client == "the certificate is for mail.other.example, not mail.bank.example");
    CHECK(o.server == "the client ended the handshake with the alert bad_certificate");
}

TEST_CASE("TLS: the refused certificate's alert is in the message log of both sides", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(19), "mail.other.example");
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    Wire wire;
    shuttle(client, server, wire);
    REQUIRE_FALSE(client.messages().empty());
    REQUIRE_FALSE(server.messages().empty());
    CHECK(tls::describeMessage(client.messages().back()) == "alert fatal bad_certificate");
    CHECK(client.messages().back().sent);
    CHECK(tls::describeMessage(server.messages().back()) == "alert fatal bad_certificate");
    CHECK_FALSE(server.messages().back().sent);
    // OpenSSL's client sends it before switching to its handshake keys: in clear on the wire.
    CHECK(tls::describeRecord(server.records().back()) == "alert TLS 1.2 len 2: fatal bad_certificate");
}

TEST_CASE("TLS: an expired certificate is refused with the day it expired", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(11), "mail.bank.example",
                              {kTlsNow - 400 * kDay, kTlsNow - kDay});
    const Outcome o = handshake(w, "mail.bank.example");
    CHECK(o.client == "the certificate expired on 2026-03-01 09:00:00 UTC");
    CHECK(o.server == "the client ended the handshake with the alert certificate_expired");
}

TEST_CASE("TLS: validity is checked at the time given, not the machine's clock", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(12));
    // The same certificate, checked a year and a day after the simulated now: expired.
    const Outcome o = handshake(w, "mail.bank.example", kTlsNow + 366 * kDay);
    CHECK(o.client == "the certificate expired on 2027-03-02 09:00:00 UTC");
    // And checked before it begins.
    TlsWorld w2 = makeTlsWorld(tls::CryptoContext::seeded(12));
    const Outcome early = handshake(w2, "mail.bank.example", kTlsNow - 31 * kDay);
    CHECK(early.client == "the certificate is not valid before 2026-01-31 09:00:00 UTC");
}

TEST_CASE("TLS: a certificate from a CA the client does not trust is refused as unknown CA", "[tls]") {
    TlsWorld trusted = makeTlsWorld(tls::CryptoContext::seeded(13));
    TlsWorld rogue = makeTlsWorld(tls::CryptoContext::seeded(14), "mail.bank.example", validAroundNow(),
                                  "Rogue Lesson CA");
    auto client = tls::TlsEndpoint::client(trusted.clientConfig, "mail.bank.example", kTlsNow);
    auto server = tls::TlsEndpoint::server(rogue.serverConfig);
    Wire wire;
    shuttle(client, server, wire);
    CHECK(client.failureReason() ==
          "unknown CA: the certificate was issued by 'Rogue Lesson CA', which this client does not trust");
    CHECK(server.failureReason() == "the client ended the handshake with the alert unknown_ca");
}

TEST_CASE("TLS: a handshake cut in the middle fails on both sides with where it stopped", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(15));
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    server.feedFromWire(client.takeToWire());
    const std::string flight = server.takeToWire();
    REQUIRE(flight.size() > 300);
    client.feedFromWire(flight.substr(0, 200));  // ServerHello, then part of the encrypted rest
    CHECK_FALSE(client.failed());
    client.transportClosed();
    REQUIRE(client.failed());
    CHECK_THAT(client.failureReason(),
               Catch::StartsWith("handshake cut: the server closed the connection after 200 bytes, before the "
                                 "handshake finished (in the middle of a record: "));
    server.transportClosed();
    CHECK_THAT(server.failureReason(), Catch::StartsWith("handshake cut: the client closed the connection after"));
    // Nothing more happens on a failed endpoint.
    client.feedFromWire(flight.substr(200));
    CHECK(client.takePlain().empty());
}

TEST_CASE("TLS: a connection closed inside a record header says so", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(16));
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    server.feedFromWire(client.takeToWire().substr(0, 3));
    server.transportClosed();
    CHECK(server.failureReason() == "handshake cut: the client closed the connection after 3 bytes, before the "
                                    "handshake finished (in the middle of a record header: 3 of 5 bytes)");
}

TEST_CASE("TLS: an SMTP command where a TLS record belongs fails with what came instead", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(17));
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    server.feedFromWire("EHLO x\r\n");
    REQUIRE(server.failed());
    CHECK(server.failureReason() == "not TLS: got 'EHLO' where a TLS record was expected");
    server.takeToWire();  // an alert or nothing; either way no crash
    server.feedFromWire("MAIL FROM:<a@b>\r\n");
    CHECK(server.failureReason() == "not TLS: got 'EHLO' where a TLS record was expected");

    // The same words when the command comes one byte at a time.
    auto slow = tls::TlsEndpoint::server(w.serverConfig);
    for (const char c : std::string("EHLO x\r\n")) slow.feedFromWire(std::string_view(&c, 1));
    CHECK(slow.failureReason() == "not TLS: got 'EHLO' where a TLS record was expected");

    // A client that gets a plain greeting (the server never spoke TLS).
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    client.takeToWire();
    client.feedFromWire("220 mail.bank.example ESMTP\r\n");
    CHECK(client.failureReason() == "not TLS: got '220' where a TLS record was expected");
}

TEST_CASE("TLS: random garbage fed to either side fails cleanly", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(18));
    Rng rng(99);
    for (int round = 0; round < 200; ++round) {
        std::string junk(1 + rng.below(600), '\0');
        for (char& c : junk) c = static_cast<char>(rng.next() & 0xff);
        if (round % 3 == 0) junk[0] = 22, junk[1] = 3, junk[2] = 1;  // a plausible header, nonsense after
        auto server = tls::TlsEndpoint::server(w.serverConfig);
        auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
        client.takeToWire();
        for (std::size_t at = 0; at < junk.size(); at += 7) {
            server.feedFromWire(std::string_view(junk).substr(at, 7));
            client.feedFromWire(std::string_view(junk).substr(at, 7));
        }
        server.transportClosed();
        client.transportClosed();
        CHECK(server.failed());
        CHECK(client.failed());
        CHECK_FALSE(server.failureReason().empty());
        CHECK_FALSE(client.failureReason().empty());
        CHECK(server.takePlain().empty());
    }
}

TEST_CASE("TLS: a hello of an unknown version is refused with the alert the server sent", "[tls]") {
    // fuzz_tls's regress-hello-of-version-02fd: the ClientHello's legacy_version made 0x02FD.
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(20));
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    std::string hello = client.takeToWire();
    hello[9] = '\x02';
    hello[10] = '\xfd';
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    server.feedFromWire(hello);
    REQUIRE(server.failed());
    CHECK_THAT(server.failureReason(), Catch::StartsWith("TLS error: "));
    CHECK_THAT(server.failureReason(), Catch::EndsWith(" (sent the alert protocol_version)"));
    REQUIRE(server.records().size() == 2);
    CHECK(tls::describeRecord(server.records()[1]) == "alert 0x02FD len 2: fatal protocol_version");
    // The client reads no further than the record's version.
    client.feedFromWire(server.takeToWire());
    CHECK(client.failureReason() == "TLS error: wrong version number");
}

TEST_CASE("TLS: bytes that are not TLS after a record OpenSSL refuses: the earlier problem is the reason", "[tls]") {
    // fuzz_tls's regress-garbage-after-an-alert: the same reason whole or one byte at a time.
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(21));
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    const std::string input = client.takeToWire() + std::string("\x15\x03\x03\x00\x02\x02\x32", 7) + "EHLO x\r\n";
    auto whole = tls::TlsEndpoint::server(w.serverConfig);
    whole.feedFromWire(input);
    auto bytes = tls::TlsEndpoint::server(w.serverConfig);
    for (const char c : input) bytes.feedFromWire(std::string_view(&c, 1));
    CHECK(whole.failureReason() == "the client ended the handshake with the alert decode_error");
    CHECK(bytes.failureReason() == whole.failureReason());
}
