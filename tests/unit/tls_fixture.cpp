#include "tls_fixture.h"

namespace postino::testing {

tls::Validity validAroundNow() { return {kTlsNow - 30 * kDay, kTlsNow + 365 * kDay}; }

TlsWorld makeTlsWorld(std::unique_ptr<tls::CryptoContext> crypto, const std::string& leafName,
                      tls::Validity leafValidity, const std::string& caName) {
    TlsWorld w;
    w.crypto = std::move(crypto);
    tls::CaSettings settings;
    settings.commonName = caName;
    settings.validity = {kTlsNow - 60 * kDay, kTlsNow + 10 * 365 * kDay};
    w.ca = std::make_unique<tls::LessonCa>(*w.crypto, settings);
    w.serverCredentials = w.ca->issue({{leafName}, leafValidity});
    w.serverConfig = tls::TlsConfig::server(*w.crypto, w.serverCredentials);
    w.clientConfig = tls::TlsConfig::client(*w.crypto, w.ca->certificatePem());
    return w;
}

namespace {

bool carry(tls::TlsEndpoint& from, tls::TlsEndpoint& to, std::string& log, bool byteAtATime) {
    const std::string bytes = from.takeToWire();
    if (bytes.empty()) return false;
    log += bytes;
    if (byteAtATime) {
        for (const char c : bytes) to.feedFromWire(std::string_view(&c, 1));
    } else {
        to.feedFromWire(bytes);
    }
    return true;
}

}  // namespace

void shuttle(tls::TlsEndpoint& client, tls::TlsEndpoint& server, Wire& wire, bool byteAtATime, int maxRounds) {
    for (int i = 0; i < maxRounds; ++i) {
        const bool a = carry(client, server, wire.clientToServer, byteAtATime);
        const bool b = carry(server, client, wire.serverToClient, byteAtATime);
        if (!a && !b) return;
    }
}

}  // namespace postino::testing
