// DKIM keys: made deterministically from a seed (so a lesson's run is the same every time),
// their DNS record, and the sign/verify primitives of rsa-sha256 and ed25519-sha256.
// RFC 6376 3.3 and 3.6.1 (key record), RFC 8301 (RSA at least 1024 bits), RFC 8463 (Ed25519).
// Uses OpenSSL (libcrypto) from an OSSL_LIB_CTX the caller may give; no DNS, no message parsing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;
typedef struct ossl_lib_ctx_st OSSL_LIB_CTX;

namespace postino::auth {

enum class DkimAlgorithm { RsaSha256, Ed25519Sha256 };
std::string algorithmName(DkimAlgorithm a);  // "rsa-sha256", "ed25519-sha256"

struct EvpPkeyFree {
    void operator()(EVP_PKEY* k) const;
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;

class DkimKey {
public:
    // Ed25519: the 32-octet private key is SHA-256(seed). Instant.
    static DkimKey ed25519FromSeed(std::string_view seed, OSSL_LIB_CTX* lib = nullptr);
    // RSA: primes found by counting up from SHA-256(seed, counter) output until prime; e = 65537.
    // The same seed gives the same key on every machine. 2048 bits take about 0.1-1 s. Keys under
    // 1024 bits are only for showing a verifier refuse them (RFC 8301).
    static DkimKey rsaFromSeed(std::string_view seed, int bits = 2048, OSSL_LIB_CTX* lib = nullptr);

    DkimAlgorithm algorithm() const { return m_algorithm; }
    int bits() const;
    // The p= value: base64 of the SubjectPublicKeyInfo (RSA) or of the raw 32 octets (Ed25519).
    std::string publicKeyBase64() const;
    // The TXT text for selector._domainkey.domain: "v=DKIM1; k=rsa; p=MIIB...".
    std::string dnsRecord() const;
    // For other DKIM implementations in tests: PKCS#1 PEM (RSA), or base64 of the 32-octet seed (Ed25519).
    std::string privateKeyText() const;

    // rsa-sha256: RSASSA-PKCS1-v1_5 over SHA-256(data). ed25519-sha256: Ed25519 over SHA-256(data).
    // Empty on failure (OpenSSL refused).
    std::string sign(std::string_view data) const;

    EVP_PKEY* pkey() const { return m_key.get(); }

private:
    DkimKey(DkimAlgorithm a, EvpPkeyPtr k, OSSL_LIB_CTX* lib) : m_algorithm(a), m_key(std::move(k)), m_lib(lib) {}
    DkimAlgorithm m_algorithm;
    std::shared_ptr<EVP_PKEY> m_key;
    OSSL_LIB_CTX* m_lib = nullptr;
};

// A public key from a key record's p= value (already base64-decoded). RSA takes SubjectPublicKeyInfo
// or PKCS#1 RSAPublicKey. nullopt with `why` set when the octets are not such a key.
struct PublicKey {
    DkimAlgorithm algorithm = DkimAlgorithm::RsaSha256;
    std::shared_ptr<EVP_PKEY> key;
    int bits = 0;
};
std::optional<PublicKey> parsePublicKey(DkimAlgorithm a, std::string_view der, std::string& why,
                                        OSSL_LIB_CTX* lib = nullptr);
// Whether `signature` is a valid signature of `data` (hashed as the algorithm says) under `key`.
bool verifySignature(const PublicKey& key, std::string_view data, std::string_view signature,
                     OSSL_LIB_CTX* lib = nullptr);

std::string sha256(std::string_view data);  // 32 raw octets

}  // namespace postino::auth
