// Live mode's certificate authority and the served mail server's certificate.
#include "live/live_tls.h"

#include "tls/lesson_ca.h"

#include <fmt/format.h>

namespace postino::live {

namespace {
constexpr std::int64_t kDay = 86400;
}

LiveTls::LiveTls(const scenario::Node& node, std::int64_t nowUnix) : m_crypto(tls::CryptoContext::system()) {
    // A day back for clients whose clocks run late; a year ahead, longer than any serve runs.
    tls::CaSettings ca;
    ca.commonName = "Postino live CA " + tls::formatUtc(nowUnix);
    ca.organization = "Postino live mode";
    ca.validity = {nowUnix - kDay, nowUnix + 365 * kDay};
    tls::LessonCa authority(*m_crypto, ca);
    m_caPem = authority.certificatePem();

    tls::LeafSettings leaf;
    leaf.names = {node.hostname};
    leaf.validity = ca.validity;
    if (node.tls.certificate == scenario::CertificateFault::WrongName) leaf.names = {"mail.other.example"};
    if (node.tls.certificate == scenario::CertificateFault::Expired)
        leaf.validity = {nowUnix - 400 * kDay, nowUnix - kDay};
    m_server = tls::TlsConfig::server(*m_crypto, authority.issue(leaf));
    m_summary = fmt::format("{}, valid {} to {}", leaf.names.front(), tls::formatUtc(leaf.validity.notBefore),
                            tls::formatUtc(leaf.validity.notAfter));
}

std::string enableTls(scenario::Scenario& scenario, const std::string& nodeId) {
    for (auto& node : scenario.nodes) {
        const bool isServer = node.type == scenario::NodeType::MailServer;
        if (!nodeId.empty() && node.id != nodeId) continue;
        if (nodeId.empty() && (!isServer || (node.users.empty() && node.sharedMailboxes.empty()))) continue;
        if (!isServer)
            return fmt::format("--tls: node \"{}\" is a {}; live mode offers TLS on a mail_server's services only",
                               node.id, scenario::nodeTypeName(node.type));
        node.tls.enabled = true;
        return {};
    }
    return {};  // no such node: serve says so
}

}  // namespace postino::live
