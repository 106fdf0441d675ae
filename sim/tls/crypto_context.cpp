#include "tls/crypto_context.h"

#include "tls/openssl_handles.h"
#include "tls/seeded_random.h"

#include <openssl/crypto.h>
#include <openssl/provider.h>

namespace postino::tls {

std::unique_ptr<CryptoContext> CryptoContext::seeded(std::uint64_t seed) {
    std::unique_ptr<CryptoContext> c(new CryptoContext);
    c->m_libctx = OSSL_LIB_CTX_new();
    requireOk(c->m_libctx != nullptr, "cannot make an OpenSSL library context");
    // The generator type is fixed before anything (the default provider included) can draw.
    c->m_seededProvider = installSeededRandom(c->m_libctx, seed);
    c->m_defaultProvider = OSSL_PROVIDER_load(c->m_libctx, "default");
    requireOk(c->m_defaultProvider != nullptr, "cannot load OpenSSL's default provider");
    return c;
}

std::unique_ptr<CryptoContext> CryptoContext::system() {
    std::unique_ptr<CryptoContext> c(new CryptoContext);
    c->m_libctx = OSSL_LIB_CTX_new();
    requireOk(c->m_libctx != nullptr, "cannot make an OpenSSL library context");
    c->m_defaultProvider = OSSL_PROVIDER_load(c->m_libctx, "default");
    requireOk(c->m_defaultProvider != nullptr, "cannot load OpenSSL's default provider");
    return c;
}

CryptoContext::~CryptoContext() {
    if (m_defaultProvider != nullptr) OSSL_PROVIDER_unload(m_defaultProvider);
    if (m_seededProvider != nullptr) OSSL_PROVIDER_unload(m_seededProvider);
    if (m_libctx != nullptr) OSSL_LIB_CTX_free(m_libctx);
}

std::uint64_t CryptoContext::bytesDrawn() const { return isSeeded() ? seededBytesDrawn(m_libctx) : 0; }

}  // namespace postino::tls
