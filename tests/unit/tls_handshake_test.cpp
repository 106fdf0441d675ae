// sim/tls end to end in memory: a lesson CA, a client and a server endpoint, their handshake,
// plain text both ways, and a close.
#include "tls_fixture.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

TEST_CASE("TLS: a client and a server finish a TLS 1.3 handshake in memory and carry text both ways", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(42));
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    CHECK_FALSE(client.handshakeDone());
    Wire wire;
    shuttle(client, server, wire);
    REQUIRE(client.failureReason() == "");
    REQUIRE(server.failureReason() == "");
    REQUIRE(client.handshakeDone());
    REQUIRE(server.handshakeDone());
    CHECK(client.summary() == "TLS 1.3, TLS_AES_128_GCM_SHA256, x25519");
    CHECK(server.summary() == client.summary());

    client.writePlain("EHLO laptop.example\r\n");
    shuttle(client, server, wire);
    CHECK(server.takePlain() == "EHLO laptop.example\r\n");
    server.writePlain("250-mail.bank.example\r\n250 SIZE 10240000\r\n");
    shuttle(client, server, wire);
    CHECK(client.takePlain() == "250-mail.bank.example\r\n250 SIZE 10240000\r\n");
    // The plain text never appears on the wire.
    CHECK(wire.clientToServer.find("EHLO") == std::string::npos);
    CHECK(wire.serverToClient.find("250-mail") == std::string::npos);
}

TEST_CASE("TLS: text written before the handshake ends goes out after it, a large message in several records",
          "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(1));
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    std::string big;
    for (int i = 0; i < 5000; ++i) big += "line " + std::to_string(i) + " of a long attachment\r\n";
    REQUIRE(big.size() > 100'000);
    client.writePlain(big);
    Wire wire;
    shuttle(client, server, wire);
    REQUIRE(server.handshakeDone());
    CHECK(server.takePlain() == big);
    std::size_t clientDataRecords = 0;
    for (const tls::TlsRecordInfo& r : client.records())
        if (r.sent && r.contentType == 23) ++clientDataRecords;
    CHECK(clientDataRecords >= 1 + big.size() / 16384);  // Finished, then records of at most 16 KiB
}

TEST_CASE("TLS: the handshake finishes when every byte arrives alone", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(3));
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    Wire wire;
    shuttle(client, server, wire, true);
    REQUIRE(client.handshakeDone());
    REQUIRE(server.handshakeDone());
    server.writePlain("+OK POP3 ready\r\n");
    shuttle(client, server, wire, true);
    CHECK(client.takePlain() == "+OK POP3 ready\r\n");
}

TEST_CASE("TLS: close sends close_notify and the peer sees the session end", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(4));
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    Wire wire;
    shuttle(client, server, wire);
    client.writePlain("QUIT\r\n");
    client.close();
    shuttle(client, server, wire);
    CHECK(server.takePlain() == "QUIT\r\n");
    CHECK(server.peerClosed());
    CHECK_FALSE(server.failed());
    client.writePlain("ignored after close");
    CHECK(client.takeToWire().empty());
}

TEST_CASE("TLS: the record log names the handshake in clear and marks the rest encrypted", "[tls]") {
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(5));
    auto client = tls::TlsEndpoint::client(w.clientConfig, "mail.bank.example", kTlsNow);
    auto server = tls::TlsEndpoint::server(w.serverConfig);
    Wire wire;
    shuttle(client, server, wire);
    REQUIRE(server.handshakeDone());
    const auto& sr = server.records();
    REQUIRE(sr.size() >= 4);
    CHECK_FALSE(sr[0].sent);
    CHECK(tls::describeRecord(sr[0]).rfind("handshake TLS 1.0 len ", 0) == 0);
    CHECK(tls::describeRecord(sr[0]).find(": ClientHello") != std::string::npos);
    CHECK(sr[1].sent);
    CHECK(tls::describeRecord(sr[1]).find(": ServerHello") != std::string::npos);
    CHECK(sr[1].version == 0x0303);
    CHECK(tls::describeRecord(sr[2]) == "change_cipher_spec TLS 1.2 len 1");
    CHECK(sr[3].contentType == 23);
    CHECK(sr[3].encrypted);
    // Offsets and lengths add up to what went over the wire.
    std::uint64_t sent = 0;
    for (const auto& r : sr)
        if (r.sent) {
            CHECK(r.offset == sent);
            sent += 5u + r.length;
        }
    CHECK(sent == wire.serverToClient.size());
    // The client logs the same records from its side.
    std::size_t clientReceived = 0;
    for (const auto& r : client.records()) clientReceived += r.sent ? 0 : 1;
    std::size_t serverSent = 0;
    for (const auto& r : sr) serverSent += r.sent ? 1 : 0;
    CHECK(clientReceived == serverSent);

    // Inside the encrypted records: the messages each side saw, decrypted (a TLS 1.3 endpoint
    // drops the peer's compatibility change_cipher_spec without a word).
    std::vector<std::string> seen;
    for (const tls::TlsMessageInfo& m : client.messages())
        seen.push_back(std::string(m.sent ? "> " : "< ") + (m.contentType == 22 ? tls::handshakeTypeName(m.handshakeType)
                                                                                  : tls::contentTypeName(m.contentType)));
    CHECK(seen == std::vector<std::string>{"> ClientHello", "< ServerHello", "< EncryptedExtensions", "< Certificate", "< CertificateVerify",
                                           "< Finished", "> change_cipher_spec", "> Finished"});
}

TEST_CASE("TLS: configurations refuse a broken PEM and a client without a server name, saying which", "[tls]") {
    auto crypto = tls::CryptoContext::seeded(6);
    CHECK_THROWS_WITH(tls::TlsConfig::client(*crypto, "not a certificate"),
                      Catch::StartsWith("the trusted CA is not a PEM certificate"));
    CHECK_THROWS_WITH(tls::TlsConfig::server(*crypto, {"", ""}),
                      Catch::StartsWith("the server certificate is not a PEM certificate"));
    TlsWorld w = makeTlsWorld(tls::CryptoContext::seeded(6));
    TlsWorld other = makeTlsWorld(tls::CryptoContext::seeded(7));
    CHECK_THROWS_WITH(tls::TlsConfig::server(*w.crypto, {w.serverCredentials.certificatePem,
                                                          other.serverCredentials.privateKeyPem}),
                      Catch::StartsWith("the server's private key does not match its certificate"));
    CHECK_THROWS_WITH(tls::TlsEndpoint::client(w.clientConfig, "", kTlsNow),
                      "a TLS client needs the server's host name to check");
    CHECK_THROWS_WITH(tls::TlsEndpoint::server(w.clientConfig), "a TLS server needs a server configuration");
    CHECK_THROWS_WITH(tls::TlsConfig::client(*w.crypto, w.ca->certificatePem() +
                                                            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
                      Catch::StartsWith("the trusted CA is not a PEM certificate (its certificate number 2)"));
}

TEST_CASE("TLS: a client trusting several CAs accepts a server of any of them", "[tls]") {
    TlsWorld a = makeTlsWorld(tls::CryptoContext::seeded(30));
    TlsWorld b = makeTlsWorld(tls::CryptoContext::seeded(31), "mail.bank.example", validAroundNow(), "Second CA");
    const auto both = tls::TlsConfig::client(*a.crypto, a.ca->certificatePem() + b.ca->certificatePem());
    for (TlsWorld* w : {&a, &b}) {
        auto client = tls::TlsEndpoint::client(both, "mail.bank.example", kTlsNow);
        auto server = tls::TlsEndpoint::server(w->serverConfig);
        Wire wire;
        shuttle(client, server, wire);
        CHECK(client.failureReason() == "");
        CHECK(client.handshakeDone());
    }
}
