// The lesson CA and the TLS configurations of a world.
#include "world/lesson_tls.h"

namespace postino::world {

namespace {
constexpr std::int64_t kDay = 86400;
}

LessonTls::LessonTls(const scenario::Scenario& scenario) {
    bool any = false;
    for (const auto& n : scenario.nodes) any = any || (n.type == scenario::NodeType::MailServer && n.tls.enabled);
    if (!any) return;
    m_certificates = tls::CryptoContext::seeded(scenario.seed ^ 0x7a5c3e11d2b4f607ULL);
    m_handshakes = tls::CryptoContext::seeded(scenario.seed ^ 0x1f3d5b7991a2c4e6ULL);
    tls::CaSettings ca;
    ca.validity = {kSimulationStartUnix - 365 * kDay, kSimulationStartUnix + 10 * 365 * kDay};
    tls::LessonCa authority(*m_certificates, ca);
    m_caPem = authority.certificatePem();
    m_client = tls::TlsConfig::client(*m_handshakes, m_caPem);
    for (const auto& n : scenario.nodes) {
        if (n.type != scenario::NodeType::MailServer || !n.tls.enabled) continue;
        tls::LeafSettings leaf;
        leaf.names = {n.hostname};
        leaf.validity = {kSimulationStartUnix - 30 * kDay, kSimulationStartUnix + 365 * kDay};
        if (n.tls.certificate == scenario::CertificateFault::WrongName) leaf.names = {"mail.other.example"};
        if (n.tls.certificate == scenario::CertificateFault::Expired)
            leaf.validity = {kSimulationStartUnix - 400 * kDay, kSimulationStartUnix - kDay};
        m_servers[n.id] = tls::TlsConfig::server(*m_handshakes, authority.issue(leaf));
    }
}

std::shared_ptr<const tls::TlsConfig> LessonTls::serverConfig(const std::string& nodeId) const {
    const auto it = m_servers.find(nodeId);
    return it == m_servers.end() ? nullptr : it->second;
}

}  // namespace postino::world
