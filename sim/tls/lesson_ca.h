// The lesson's certificate authority: an ECDSA P-256 CA key and self-signed certificate, and a
// leaf certificate per mail server (SAN dNSName = its host name), every date given by the caller
// (the scenario's simulated clock), every key and signature drawn from the CryptoContext (so a
// seeded context gives the same bytes every run). PEM out, for endpoints and for real clients.
#pragma once

#include "tls/crypto_context.h"
#include "tls/openssl_handles.h"

#include <cstdint>
#include <string>
#include <vector>

namespace postino::tls {

// A certificate's validity, in seconds since 1970-01-01 UTC (the simulated world's calendar).
struct Validity {
    std::int64_t notBefore = 0;
    std::int64_t notAfter = 0;
};

struct CaSettings {
    std::string commonName = "Postino Lesson CA";
    std::string organization = "Postino lesson";
    Validity validity;
};

// One server certificate. names go into subjectAltName as dNSNames (the first is also the
// subject's CN). A lesson shows a refusal by giving other names (a wrong-name certificate) or a
// validity that ended before the simulated now (an expired one).
struct LeafSettings {
    std::vector<std::string> names;
    Validity validity;
};

// A certificate and its private key, PEM encoded (the key as unencrypted PKCS#8).
struct Credentials {
    std::string certificatePem;
    std::string privateKeyPem;
};

class LessonCa {
public:
    // Generates the CA key and certificate from crypto's random source. Throws TlsSetupError on
    // bad settings (no name, notAfter before notBefore) or when OpenSSL refuses.
    LessonCa(const CryptoContext& crypto, CaSettings settings);

    // A new leaf key and certificate signed by this CA; serial numbers count up from 2.
    Credentials issue(const LeafSettings& leaf);

    // The CA certificate a client trusts (live mode writes it out for real clients).
    const std::string& certificatePem() const { return m_certificatePem; }
    const CaSettings& settings() const { return m_settings; }

private:
    const CryptoContext& m_crypto;
    CaSettings m_settings;
    PkeyPtr m_key;
    X509Ptr m_certificate;
    std::string m_certificatePem;
    long m_nextSerial = 2;
};

// "2026-03-02 09:00:00 UTC"
std::string formatUtc(std::int64_t unixSeconds);

}  // namespace postino::tls
