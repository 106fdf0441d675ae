// Live mode's TLS: a certificate authority made afresh for each `postino serve` from the OS random
// source (tls::CryptoContext::system; its key never leaves the process), and the served mail
// server's certificate for its host name, dated around the wall clock, since real clients check
// real dates. The simulated world keeps its own seeded lesson CA (world/lesson_tls); never mixed.
#pragma once

#include "scenario/scenario.h"
#include "tls/crypto_context.h"
#include "tls/tls_config.h"

#include <cstdint>
#include <memory>
#include <string>

namespace postino::live {

class LiveTls {
public:
    // For the mail server `node` (which has "tls"), at `nowUnix` (seconds since 1970 UTC, the wall
    // clock). The lesson's certificate fault is kept: "wrong_name" gives a certificate for
    // mail.other.example, "expired" one that ended yesterday, so real clients refuse it as the
    // simulated ones do. Throws tls::TlsSetupError when OpenSSL refuses.
    LiveTls(const scenario::Node& node, std::int64_t nowUnix);

    // The CA certificate, PEM: what a real client must trust (`serve --write-ca FILE`).
    const std::string& caPem() const { return m_caPem; }
    std::shared_ptr<const tls::TlsConfig> serverConfig() const { return m_server; }
    // "mail.sender.example, valid until 2027-12-04 18:00:00 UTC"
    const std::string& certificateSummary() const { return m_summary; }

private:
    std::unique_ptr<tls::CryptoContext> m_crypto;
    std::string m_caPem;
    std::shared_ptr<const tls::TlsConfig> m_server;
    std::string m_summary;
};

// `serve --tls`: gives the mail server that will be served (`nodeId`, or the first mail server
// with mailboxes) a "tls" of default settings when it has none, so any lesson can be served with
// TLS. Returns a problem to report ("--tls: node \"webmail\" is a webmail ...") or "".
std::string enableTls(scenario::Scenario& scenario, const std::string& nodeId);

}  // namespace postino::live
