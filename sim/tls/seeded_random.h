// A built-in OpenSSL provider whose only algorithm is a random generator driven by a seed
// (xoshiro256** from core/rng): installed into one OSSL_LIB_CTX, it becomes that context's
// primary, public and private generator. Never the process-wide default; never for live mode.
#pragma once

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

}  // namespace postino::tls
