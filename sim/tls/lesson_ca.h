// The lesson's certificate authority (RFC 5280 certificates, RFC 6125 names): a CA and a leaf per
// mail server, dates from the caller (the simulated clock), keys and signatures from the
// CryptoContext (a seeded one gives the same PEM every run). Never reads the machine's clock.
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

// Keys are ECDSA P-256 signed with SHA-256: the one certificate type every TLS 1.3 client must
// accept (RFC 8446 §9.1, ecdsa_secp256r1_sha256) and every TLS 1.2 client takes; a key is made
// in a fraction of a millisecond from 32 random bytes (an RSA key would need a prime search, slow
// and long on the wire), and a certificate of about 500 bytes keeps a handshake to a few segments.
// Ed25519 certificates are still refused by many mail clients.
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
