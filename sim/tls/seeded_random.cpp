#include "tls/seeded_random.h"

#include "core/rng.h"
#include "tls/openssl_handles.h"

#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include <climits>
#include <cstring>
#include <mutex>
#include <utility>

namespace postino::tls {
namespace {

constexpr const char* kSeedParam = "postino-seed";

// One stream per provider instance (so per library context): every generator OpenSSL makes in
// that context (primary, and public and private per thread) draws from it in turn, so the
// order of draws, which the simulation makes deterministic, fixes every byte.
struct SharedStream {
    std::mutex mutex;
    bool seeded = false;
    Rng rng;
    std::uint64_t drawn = 0;
    OSSL_LIB_CTX* libctx = nullptr;  // the context this instance serves, for seededBytesDrawn

    bool fill(unsigned char* out, std::size_t len) {
        std::lock_guard lock(mutex);
        if (!seeded) return false;  // nothing may draw before the seed is set
        drawn += len;
        while (len > 0) {
            std::uint64_t word = rng.next();
            unsigned char bytes[8];
            for (unsigned char& b : bytes) {  // little-endian on every platform
                b = static_cast<unsigned char>(word & 0xff);
                word >>= 8;
            }
            const std::size_t n = len < 8 ? len : 8;
            std::memcpy(out, bytes, n);
            out += n;
            len -= n;
        }
        return true;
    }
};

struct Generator {
    SharedStream* shared;
    int state = EVP_RAND_STATE_UNINITIALISED;
};

std::mutex g_registryMutex;
SharedStream* g_pendingStream = nullptr;  // handed to the provider's init during OSSL_PROVIDER_load

void* newGenerator(void* provctx, void* /*parent*/, const OSSL_DISPATCH* /*parentDispatch*/) {
    return new (std::nothrow) Generator{static_cast<SharedStream*>(provctx)};
}
void freeGenerator(void* g) { delete static_cast<Generator*>(g); }
int instantiate(void* g, unsigned int, int, const unsigned char*, std::size_t, const OSSL_PARAM[]) {
    static_cast<Generator*>(g)->state = EVP_RAND_STATE_READY;
    return 1;
}
int uninstantiate(void* g) {
    static_cast<Generator*>(g)->state = EVP_RAND_STATE_UNINITIALISED;
    return 1;
}
int generate(void* g, unsigned char* out, std::size_t outlen, unsigned int, int, const unsigned char*,
             std::size_t) {
    return static_cast<Generator*>(g)->shared->fill(out, outlen) ? 1 : 0;
}
int reseed(void*, int, const unsigned char*, std::size_t, const unsigned char*, std::size_t) { return 1; }
int enableLocking(void*) { return 1; }  // the shared stream locks itself

int getParams(void* g, OSSL_PARAM params[]) {
    OSSL_PARAM* p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STATE);
    if (p != nullptr && !OSSL_PARAM_set_int(p, static_cast<Generator*>(g)->state)) return 0;
    p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STRENGTH);
    if (p != nullptr && !OSSL_PARAM_set_uint(p, 256)) return 0;
    p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_MAX_REQUEST);
    if (p != nullptr && !OSSL_PARAM_set_size_t(p, INT_MAX)) return 0;
    return 1;
}
const OSSL_PARAM* gettableParams(void*, void*) {
    static const OSSL_PARAM known[] = {OSSL_PARAM_int(OSSL_RAND_PARAM_STATE, nullptr),
                                       OSSL_PARAM_uint(OSSL_RAND_PARAM_STRENGTH, nullptr),
                                       OSSL_PARAM_size_t(OSSL_RAND_PARAM_MAX_REQUEST, nullptr), OSSL_PARAM_END};
    return known;
}
// The seed arrives as a parameter on the primary generator; other parameters OpenSSL sets on a
// generator it makes (reseed intervals) mean nothing here and are accepted.
int setParams(void* g, const OSSL_PARAM params[]) {
    const OSSL_PARAM* p = OSSL_PARAM_locate_const(params, kSeedParam);
    if (p == nullptr) return 1;
    std::uint64_t seed = 0;
    if (!OSSL_PARAM_get_uint64(p, &seed)) return 0;
    SharedStream* shared = static_cast<Generator*>(g)->shared;
    std::lock_guard lock(shared->mutex);
    shared->rng.reseed(seed);
    shared->seeded = true;
    shared->drawn = 0;
    return 1;
}
const OSSL_PARAM* settableParams(void*, void*) {
    static const OSSL_PARAM known[] = {OSSL_PARAM_uint64(kSeedParam, nullptr), OSSL_PARAM_END};
    return known;
}

using Fn = void (*)(void);
const OSSL_DISPATCH kRandFunctions[] = {
    {OSSL_FUNC_RAND_NEWCTX, reinterpret_cast<Fn>(newGenerator)},
    {OSSL_FUNC_RAND_FREECTX, reinterpret_cast<Fn>(freeGenerator)},
    {OSSL_FUNC_RAND_INSTANTIATE, reinterpret_cast<Fn>(instantiate)},
    {OSSL_FUNC_RAND_UNINSTANTIATE, reinterpret_cast<Fn>(uninstantiate)},
    {OSSL_FUNC_RAND_GENERATE, reinterpret_cast<Fn>(generate)},
    {OSSL_FUNC_RAND_RESEED, reinterpret_cast<Fn>(reseed)},
    {OSSL_FUNC_RAND_ENABLE_LOCKING, reinterpret_cast<Fn>(enableLocking)},
    {OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS, reinterpret_cast<Fn>(gettableParams)},
    {OSSL_FUNC_RAND_GET_CTX_PARAMS, reinterpret_cast<Fn>(getParams)},
    {OSSL_FUNC_RAND_SETTABLE_CTX_PARAMS, reinterpret_cast<Fn>(settableParams)},
    {OSSL_FUNC_RAND_SET_CTX_PARAMS, reinterpret_cast<Fn>(setParams)},
    {0, nullptr}};

const OSSL_ALGORITHM kRandAlgorithms[] = {{kSeededRandName, "provider=postino-seeded", kRandFunctions, nullptr},
                                          {nullptr, nullptr, nullptr, nullptr}};

const OSSL_ALGORITHM* query(void*, int operation, int* noCache) {
    *noCache = 0;
    return operation == OSSL_OP_RAND ? kRandAlgorithms : nullptr;
}
void teardown(void* provctx) { delete static_cast<SharedStream*>(provctx); }

const OSSL_DISPATCH kProviderFunctions[] = {{OSSL_FUNC_PROVIDER_TEARDOWN, reinterpret_cast<Fn>(teardown)},
                                            {OSSL_FUNC_PROVIDER_QUERY_OPERATION, reinterpret_cast<Fn>(query)},
                                            {0, nullptr}};

int providerInit(const OSSL_CORE_HANDLE*, const OSSL_DISPATCH*, const OSSL_DISPATCH** out, void** provctx) {
    // Called from inside OSSL_PROVIDER_load below, with g_registryMutex held by the caller.
    if (g_pendingStream == nullptr) return 0;
    *provctx = g_pendingStream;
    g_pendingStream = nullptr;
    *out = kProviderFunctions;
    return 1;
}

}  // namespace

OSSL_PROVIDER* installSeededRandom(OSSL_LIB_CTX* libctx, std::uint64_t seed) {
    requireOk(OSSL_PROVIDER_add_builtin(libctx, kSeededProviderName, providerInit) == 1,
              "cannot add the seeded random provider");
    requireOk(RAND_set_DRBG_type(libctx, kSeededRandName, "provider=postino-seeded", nullptr, nullptr) == 1,
              "cannot make the seeded generator the context's random generator");
    OSSL_PROVIDER* provider = nullptr;
    {
        std::lock_guard lock(g_registryMutex);
        auto* stream = new SharedStream;
        stream->libctx = libctx;
        g_pendingStream = stream;
        provider = OSSL_PROVIDER_load(libctx, kSeededProviderName);
        if (g_pendingStream != nullptr) {  // init never ran
            delete g_pendingStream;
            g_pendingStream = nullptr;
        }
    }
    requireOk(provider != nullptr, "cannot load the seeded random provider");
    EVP_RAND_CTX* primary = RAND_get0_primary(libctx);
    std::uint64_t value = seed;
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_uint64(kSeedParam, &value), OSSL_PARAM_construct_end()};
    const bool ok = primary != nullptr && EVP_RAND_get0_provider(EVP_RAND_CTX_get0_rand(primary)) == provider &&
                    EVP_RAND_CTX_set_params(primary, params) == 1;
    if (!ok) OSSL_PROVIDER_unload(provider);
    requireOk(ok, "the context's random generator is not the seeded one");
    return provider;
}

namespace {
// libctx's stream when its generator is the seeded one, else null.
SharedStream* streamOf(OSSL_LIB_CTX* libctx) {
    EVP_RAND_CTX* primary = RAND_get0_primary(libctx);
    if (primary == nullptr) return nullptr;
    const EVP_RAND* rand = EVP_RAND_CTX_get0_rand(primary);
    if (std::strcmp(EVP_RAND_get0_name(rand), kSeededRandName) != 0) return nullptr;
    auto* provctx = static_cast<SharedStream*>(OSSL_PROVIDER_get0_provider_ctx(EVP_RAND_get0_provider(rand)));
    return provctx != nullptr && provctx->libctx == libctx ? provctx : nullptr;
}
}  // namespace

std::uint64_t seededBytesDrawn(OSSL_LIB_CTX* libctx) {
    SharedStream* shared = streamOf(libctx);
    if (shared == nullptr) return 0;
    std::lock_guard lock(shared->mutex);
    return shared->drawn;
}

Rng forkRandomStream(OSSL_LIB_CTX* libctx) {
    SharedStream* shared = streamOf(libctx);
    if (shared == nullptr) return Rng(0);
    std::lock_guard lock(shared->mutex);
    shared->drawn += 8;
    return Rng(shared->rng.next());
}

OwnRandomStream::OwnRandomStream(OSSL_LIB_CTX* libctx, Rng& stream) : m_shared(streamOf(libctx)), m_stream(&stream) {
    if (m_shared == nullptr) return;
    auto* shared = static_cast<SharedStream*>(m_shared);
    std::lock_guard lock(shared->mutex);
    std::swap(shared->rng, *m_stream);
}

OwnRandomStream::~OwnRandomStream() {
    if (m_shared == nullptr) return;
    auto* shared = static_cast<SharedStream*>(m_shared);
    std::lock_guard lock(shared->mutex);
    std::swap(shared->rng, *m_stream);
}

}  // namespace postino::tls
