// One side's TLS settings (an OpenSSL SSL_CTX in a CryptoContext): a client's trusted CAs, or a
// server's certificate and key. Fixed protocol versions, suites and groups, no session tickets
// or cache (they carry wall-clock times), so the bytes depend only on the context's randomness.
#pragma once

#include "tls/crypto_context.h"
#include "tls/lesson_ca.h"
#include "tls/openssl_handles.h"

#include <memory>
#include <string_view>

namespace postino::tls {

class TlsConfig {
public:
    // A client trusting the CA certificates in trustedCaPem (one or more PEM blocks).
    static std::shared_ptr<const TlsConfig> client(const CryptoContext& crypto, std::string_view trustedCaPem);
    // A server presenting credentials (its certificate, then any intermediate in chainPem).
    static std::shared_ptr<const TlsConfig> server(const CryptoContext& crypto, const Credentials& credentials,
                                                   std::string_view chainPem = {});

    bool isServer() const { return m_server; }
    SSL_CTX* ctx() const { return m_ctx.get(); }
    // The library context the SSL_CTX was made in (its random generator).
    OSSL_LIB_CTX* libctx() const { return m_libctx; }

private:
    TlsConfig(SslCtxPtr ctx, bool server, OSSL_LIB_CTX* libctx)
        : m_ctx(std::move(ctx)), m_server(server), m_libctx(libctx) {}
    SslCtxPtr m_ctx;
    bool m_server;
    OSSL_LIB_CTX* m_libctx;
};

// Every certificate in a PEM text, parsed in crypto's library context. Throws TlsSetupError
// naming what (e.g. "the trusted CA") when the text holds none or a broken one.
std::vector<X509Ptr> readCertificates(const CryptoContext& crypto, std::string_view pem, const std::string& what);

}  // namespace postino::tls
