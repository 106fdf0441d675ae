// Seeded DKIM key generation and the two signature algorithms, on OpenSSL 3.
#include "auth/dkim_key.h"

#include "core/base64.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdint>
#include <stdexcept>

namespace postino::auth {

void EvpPkeyFree::operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }

namespace {

struct BnFree {
    void operator()(BIGNUM* b) const { BN_clear_free(b); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
struct BnCtxFree {
    void operator()(BN_CTX* c) const { BN_CTX_free(c); }
};

BnPtr bn() { return BnPtr(BN_new()); }

// Deterministic octets: SHA-256(seed || label || counter) blocks.
std::string stream(std::string_view seed, std::string_view label, std::size_t n) {
    std::string out;
    for (std::uint32_t counter = 0; out.size() < n; ++counter) {
        std::string block(seed);
        block += '\0';
        block += label;
        for (int i = 3; i >= 0; --i) block += static_cast<char>((counter >> (8 * i)) & 0xff);
        out += sha256(block);
    }
    out.resize(n);
    return out;
}

// A prime of exactly `bits` bits with its top two bits set and gcd(p-1, e) = 1.
BnPtr seededPrime(std::string_view seed, std::string_view label, int bits, const BIGNUM* e, BN_CTX* ctx) {
    std::string bytes = stream(seed, label, static_cast<std::size_t>(bits) / 8);
    bytes[0] = static_cast<char>(static_cast<unsigned char>(bytes[0]) | 0xC0);
    bytes.back() = static_cast<char>(static_cast<unsigned char>(bytes.back()) | 1);
    BnPtr p(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
    BnPtr pm1 = bn();
    BnPtr g = bn();
    for (;;) {
        if (BN_check_prime(p.get(), ctx, nullptr) == 1) {
            BN_sub(pm1.get(), p.get(), BN_value_one());
            BN_gcd(g.get(), pm1.get(), e, ctx);
            if (BN_is_one(g.get())) return p;
        }
        BN_add_word(p.get(), 2);
    }
}

std::string toBase64(const unsigned char* data, std::size_t n) {
    return base64Encode(std::string_view(reinterpret_cast<const char*>(data), n));
}

}  // namespace

std::string sha256(std::string_view data) {
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(md), 32);
}

std::string algorithmName(DkimAlgorithm a) {
    return a == DkimAlgorithm::RsaSha256 ? "rsa-sha256" : "ed25519-sha256";
}

DkimKey DkimKey::ed25519FromSeed(std::string_view seed, OSSL_LIB_CTX* lib) {
    std::string priv = sha256(std::string("postino dkim ed25519\0", 21) + std::string(seed));
    EVP_PKEY* k = EVP_PKEY_new_raw_private_key_ex(lib, "ED25519", nullptr,
                                                  reinterpret_cast<const unsigned char*>(priv.data()), 32);
    if (!k) throw std::runtime_error("OpenSSL could not make an Ed25519 key");
    return DkimKey(DkimAlgorithm::Ed25519Sha256, EvpPkeyPtr(k), lib);
}

DkimKey DkimKey::rsaFromSeed(std::string_view seed, int bits, OSSL_LIB_CTX* lib) {
    if (bits < 512 || bits % 16 != 0) throw std::invalid_argument("RSA DKIM keys need a multiple of 16 bits, at least 512");
    std::unique_ptr<BN_CTX, BnCtxFree> ctx(BN_CTX_new_ex(lib));
    BnPtr e = bn();
    BN_set_word(e.get(), 65537);
    BnPtr p = seededPrime(seed, "p", bits / 2, e.get(), ctx.get());
    BnPtr q = seededPrime(seed, "q", bits / 2, e.get(), ctx.get());
    if (BN_cmp(p.get(), q.get()) < 0) std::swap(p, q);  // p > q, as PKCS#1 keys usually have
    BnPtr n = bn(), d = bn(), pm1 = bn(), qm1 = bn(), phi = bn(), dp = bn(), dq = bn(), qinv = bn();
    BN_mul(n.get(), p.get(), q.get(), ctx.get());
    BN_sub(pm1.get(), p.get(), BN_value_one());
    BN_sub(qm1.get(), q.get(), BN_value_one());
    BN_mul(phi.get(), pm1.get(), qm1.get(), ctx.get());
    BN_mod_inverse(d.get(), e.get(), phi.get(), ctx.get());
    BN_mod(dp.get(), d.get(), pm1.get(), ctx.get());
    BN_mod(dq.get(), d.get(), qm1.get(), ctx.get());
    BN_mod_inverse(qinv.get(), q.get(), p.get(), ctx.get());

    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n.get());
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e.get());
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, d.get());
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR1, p.get());
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR2, q.get());
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp.get());
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq.get());
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv.get());
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_name(lib, "RSA", nullptr);
    EVP_PKEY* k = nullptr;
    bool ok = pctx && EVP_PKEY_fromdata_init(pctx) == 1 && EVP_PKEY_fromdata(pctx, &k, EVP_PKEY_KEYPAIR, params) == 1;
    EVP_PKEY_CTX_free(pctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    if (!ok) throw std::runtime_error("OpenSSL could not assemble the seeded RSA key");
    return DkimKey(DkimAlgorithm::RsaSha256, EvpPkeyPtr(k), lib);
}

int DkimKey::bits() const { return EVP_PKEY_get_bits(m_key.get()); }

std::string DkimKey::publicKeyBase64() const {
    if (m_algorithm == DkimAlgorithm::Ed25519Sha256) {
        unsigned char raw[32];
        std::size_t len = sizeof raw;
        EVP_PKEY_get_raw_public_key(m_key.get(), raw, &len);
        return toBase64(raw, len);
    }
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(m_key.get(), &der);
    if (len <= 0) return "";
    std::string s = toBase64(der, static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return s;
}

std::string DkimKey::dnsRecord() const {
    return std::string("v=DKIM1; k=") + (m_algorithm == DkimAlgorithm::RsaSha256 ? "rsa" : "ed25519") +
           "; p=" + publicKeyBase64();
}

std::string DkimKey::privateKeyText() const {
    if (m_algorithm == DkimAlgorithm::Ed25519Sha256) {
        unsigned char raw[32];
        std::size_t len = sizeof raw;
        EVP_PKEY_get_raw_private_key(m_key.get(), raw, &len);
        return toBase64(raw, len);
    }
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey_traditional(bio, m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    std::string s(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return s;
}

std::string DkimKey::sign(std::string_view data) const {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    std::string sig;
    bool rsa = m_algorithm == DkimAlgorithm::RsaSha256;
    std::string input = rsa ? std::string(data) : sha256(data);
    std::size_t len = 0;
    if (EVP_DigestSignInit_ex(md, nullptr, rsa ? "SHA256" : nullptr, m_lib, nullptr, m_key.get(), nullptr) == 1 &&
        EVP_DigestSign(md, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1) {
        sig.resize(len);
        if (EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1) {
            sig.resize(len);
        } else {
            sig.clear();
        }
    }
    EVP_MD_CTX_free(md);
    return sig;
}

std::optional<PublicKey> parsePublicKey(DkimAlgorithm a, std::string_view der, std::string& why, OSSL_LIB_CTX* lib) {
    PublicKey out;
    out.algorithm = a;
    EVP_PKEY* k = nullptr;
    if (a == DkimAlgorithm::Ed25519Sha256) {
        if (der.size() != 32) {
            why = "an Ed25519 key is 32 octets, this p= holds " + std::to_string(der.size());
            return std::nullopt;
        }
        k = EVP_PKEY_new_raw_public_key_ex(lib, "ED25519", nullptr, reinterpret_cast<const unsigned char*>(der.data()), 32);
    } else {
        const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
        k = d2i_PUBKEY_ex(nullptr, &p, static_cast<long>(der.size()), lib, nullptr);
        if (k && EVP_PKEY_get_base_id(k) != EVP_PKEY_RSA) {
            EVP_PKEY_free(k);
            why = "the p= key is not an RSA key";
            return std::nullopt;
        }
        if (!k) {
            p = reinterpret_cast<const unsigned char*>(der.data());
            k = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, static_cast<long>(der.size()));
        }
    }
    ERR_clear_error();
    if (!k) {
        why = "the p= value is not a valid " + std::string(a == DkimAlgorithm::RsaSha256 ? "RSA" : "Ed25519") + " public key";
        return std::nullopt;
    }
    out.key = std::shared_ptr<EVP_PKEY>(k, EvpPkeyFree{});
    out.bits = EVP_PKEY_get_bits(k);
    return out;
}

bool verifySignature(const PublicKey& key, std::string_view data, std::string_view signature, OSSL_LIB_CTX* lib) {
    if (!key.key) return false;
    bool rsa = key.algorithm == DkimAlgorithm::RsaSha256;
    std::string input = rsa ? std::string(data) : sha256(data);
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    bool ok = EVP_DigestVerifyInit_ex(md, nullptr, rsa ? "SHA256" : nullptr, lib, nullptr, key.key.get(), nullptr) == 1 &&
              EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                               reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

}  // namespace postino::auth
