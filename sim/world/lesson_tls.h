// A lesson's TLS: when any mail server has "tls", one certificate authority made from the
// scenario's seed, a certificate per such server (wrong on purpose where the scenario says so),
// and the client configuration every host uses (it trusts the lesson CA). Nothing otherwise.
#pragma once

#include "core/calendar.h"
#include "scenario/scenario.h"
#include "tls/crypto_context.h"
#include "tls/lesson_ca.h"
#include "tls/tls_config.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace postino::world {

class LessonTls {
public:
    // Empty (enabled() false) when no mail server of the scenario has TLS.
    explicit LessonTls(const scenario::Scenario& scenario);
    bool enabled() const { return m_client != nullptr; }
    // The server configuration of the mail server `nodeId` (none when it has no TLS).
    std::shared_ptr<const tls::TlsConfig> serverConfig(const std::string& nodeId) const;
    // What every client trusts: the lesson CA.
    std::shared_ptr<const tls::TlsConfig> clientConfig() const { return m_client; }
    const std::string& caPem() const { return m_caPem; }

private:
    // The CA and certificates draw from their own context, the handshakes from another, so the
    // certificates do not depend on how many handshakes came before.
    std::unique_ptr<tls::CryptoContext> m_certificates;
    std::unique_ptr<tls::CryptoContext> m_handshakes;
    std::string m_caPem;
    std::shared_ptr<const tls::TlsConfig> m_client;
    std::map<std::string, std::shared_ptr<const tls::TlsConfig>> m_servers;
};

}  // namespace postino::world
