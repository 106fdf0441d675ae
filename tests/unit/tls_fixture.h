// Test-only helpers for sim/tls: a lesson CA at the simulated epoch, a client and a server
// endpoint, and a loop that carries their bytes until neither has anything left to send.
#pragma once

#include "tls/crypto_context.h"
#include "tls/lesson_ca.h"
#include "tls/tls_config.h"
#include "tls/tls_endpoint.h"

#include <cstdint>
#include <memory>
#include <string>

namespace postino::testing {

// Simulated time 0: 2026-03-02 09:00:00 UTC (export/pcap_export.h's kEpochUnixSeconds).
inline constexpr std::int64_t kTlsNow = 1772442000;
inline constexpr std::int64_t kDay = 86400;

tls::Validity validAroundNow();  // from 30 days before kTlsNow to 365 days after

// Everything one handshake needs, made from one CryptoContext.
struct TlsWorld {
    std::unique_ptr<tls::CryptoContext> crypto;
    std::unique_ptr<tls::LessonCa> ca;
    std::shared_ptr<const tls::TlsConfig> serverConfig;
    std::shared_ptr<const tls::TlsConfig> clientConfig;
    tls::Credentials serverCredentials;
};

// A seeded world whose server's certificate names leafName and has the given validity.
TlsWorld makeTlsWorld(std::unique_ptr<tls::CryptoContext> crypto, const std::string& leafName = "mail.bank.example",
                      tls::Validity leafValidity = validAroundNow(), const std::string& caName = "Postino Lesson CA");

// What went over the wire, each direction in order.
struct Wire {
    std::string clientToServer;
    std::string serverToClient;
};

// Moves bytes both ways until both sides are quiet; up to maxRounds round trips. Feeds each
// chunk whole, or one byte at a time when byteAtATime.
void shuttle(tls::TlsEndpoint& client, tls::TlsEndpoint& server, Wire& wire, bool byteAtATime = false,
             int maxRounds = 50);

}  // namespace postino::testing
