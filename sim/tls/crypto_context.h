// The OpenSSL library context a TLS world draws on: seeded (the simulated world: every key,
// random and signature follows from the seed) or system (live mode: the OS random source).
// Scoped to this object, never process-wide, so both kinds live side by side in one process.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <memory>

namespace postino::tls {

class CryptoContext {
public:
    // A context whose every random byte comes from seed (see seeded_random.h). Throws TlsSetupError.
    static std::unique_ptr<CryptoContext> seeded(std::uint64_t seed);
    // A context drawing from the operating system's random source, as OpenSSL does by default.
    static std::unique_ptr<CryptoContext> system();

    ~CryptoContext();
    CryptoContext(const CryptoContext&) = delete;
    CryptoContext& operator=(const CryptoContext&) = delete;

    OSSL_LIB_CTX* libctx() const { return m_libctx; }
    bool isSeeded() const { return m_seededProvider != nullptr; }
    // Random bytes handed out so far by a seeded context (0 for a system one).
    std::uint64_t bytesDrawn() const;

private:
    CryptoContext() = default;
    OSSL_LIB_CTX* m_libctx = nullptr;
    OSSL_PROVIDER* m_defaultProvider = nullptr;
    OSSL_PROVIDER* m_seededProvider = nullptr;
};

}  // namespace postino::tls
