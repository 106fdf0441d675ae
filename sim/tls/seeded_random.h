// A built-in OpenSSL provider whose only algorithm is a random generator driven by a seed
// (xoshiro256** from core/rng): installed into one OSSL_LIB_CTX, it becomes that context's
// primary, public and private generator. Never the process-wide default; never for live mode.
#pragma once

#include "core/rng.h"

#include <openssl/types.h>

#include <cstdint>

namespace postino::tls {

// The provider's name and the EVP_RAND name it offers.
inline constexpr const char* kSeededProviderName = "postino-seeded";
inline constexpr const char* kSeededRandName = "POSTINO-SEEDED";

// Adds the provider to libctx, loads it and makes it the generator of every random draw made
// through libctx, seeded with seed. Call before anything draws randomness from libctx (OpenSSL
// picks a context's generator type once). Returns the loaded provider (unload it before freeing
// libctx); throws TlsSetupError on failure.
OSSL_PROVIDER* installSeededRandom(OSSL_LIB_CTX* libctx, std::uint64_t seed);

// How many bytes libctx's seeded generator has handed out so far (0 for any other context).
std::uint64_t seededBytesDrawn(OSSL_LIB_CTX* libctx);

// A stream of its own for one user of a seeded context (a TLS endpoint, one key or certificate),
// seeded by the next 8 bytes of the context's stream (any value for a context not seeded).
Rng forkRandomStream(OSSL_LIB_CTX* libctx);

// While alive, libctx's seeded generator draws from `stream` (advancing it) instead of the
// context's stream; nothing for a context not seeded. A key or signature then depends on its own
// draws alone: a library that draws a little more somewhere (OpenSSL without assembler, in the
// browser build, blinds its EC multiplications with random bytes) shifts no other byte.
class OwnRandomStream {
public:
    OwnRandomStream(OSSL_LIB_CTX* libctx, Rng& stream);
    ~OwnRandomStream();
    OwnRandomStream(const OwnRandomStream&) = delete;
    OwnRandomStream& operator=(const OwnRandomStream&) = delete;

private:
    void* m_shared;  // the context's stream (seeded_random.cpp), null when not seeded
    Rng* m_stream;
};

}  // namespace postino::tls
