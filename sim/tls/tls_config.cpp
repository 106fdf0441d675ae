#include "tls/tls_config.h"

#include <openssl/err.h>
#include <openssl/pem.h>

namespace postino::tls {

namespace {

// The same list whatever the machine's openssl.cnf says, so a ClientHello is the same everywhere.
constexpr const char* kTls13Suites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kGroups = "X25519:P-256:P-384";

SslCtxPtr newCtx(const CryptoContext& crypto, const SSL_METHOD* method) {
    SslCtxPtr ctx(SSL_CTX_new_ex(crypto.libctx(), nullptr, method));
    requireOk(ctx != nullptr, "cannot make a TLS context");
    SSL_CTX* c = ctx.get();
    requireOk(SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION) == 1 &&
                  SSL_CTX_set_max_proto_version(c, TLS1_3_VERSION) == 1 &&
                  SSL_CTX_set_ciphersuites(c, kTls13Suites) == 1 && SSL_CTX_set_cipher_list(c, kTls12Ciphers) == 1 &&
                  SSL_CTX_set1_groups_list(c, kGroups) == 1,
              "cannot set the TLS versions, suites and groups");
    SSL_CTX_set_security_level(c, 2);
    // Tickets and cached sessions hold wall-clock times (RFC 8446 §4.6.1 ticket_lifetime, ages):
    // none are issued or kept, so no clock reaches the wire.
    SSL_CTX_set_options(c, SSL_OP_NO_TICKET | SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_num_tickets(c, 0);
    SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);
    return ctx;
}

}  // namespace

std::vector<X509Ptr> readCertificates(const CryptoContext& crypto, std::string_view pem, const std::string& what) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    requireOk(bio != nullptr, "cannot read " + what);
    std::vector<X509Ptr> out;
    for (;;) {
        X509* cert = X509_new_ex(crypto.libctx(), nullptr);
        requireOk(cert != nullptr, "cannot make a certificate");
        if (PEM_read_bio_X509(bio.get(), &cert, nullptr, nullptr) == nullptr) {
            X509_free(cert);
            const unsigned long e = ERR_peek_last_error();
            const bool ended = ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE;
            if (ended && !out.empty()) {
                ERR_clear_error();
                break;
            }
            requireOk(false, what + " is not a PEM certificate" +
                                 (out.empty() ? std::string()
                                              : " (its certificate number " + std::to_string(out.size() + 1) + ")"));
        }
        out.emplace_back(cert);
    }
    return out;
}

std::shared_ptr<const TlsConfig> TlsConfig::client(const CryptoContext& crypto, std::string_view trustedCaPem) {
    SslCtxPtr ctx = newCtx(crypto, TLS_client_method());
    X509_STORE* store = SSL_CTX_get_cert_store(ctx.get());
    for (X509Ptr& ca : readCertificates(crypto, trustedCaPem, "the trusted CA"))
        requireOk(X509_STORE_add_cert(store, ca.get()) == 1, "cannot trust the CA certificate");
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    return std::shared_ptr<const TlsConfig>(new TlsConfig(std::move(ctx), false, crypto.libctx()));
}

std::shared_ptr<const TlsConfig> TlsConfig::server(const CryptoContext& crypto, const Credentials& credentials,
                                                   std::string_view chainPem) {
    SslCtxPtr ctx = newCtx(crypto, TLS_server_method());
    std::vector<X509Ptr> certs = readCertificates(crypto, credentials.certificatePem, "the server certificate");
    requireOk(SSL_CTX_use_certificate(ctx.get(), certs.front().get()) == 1, "cannot use the server certificate");
    if (!chainPem.empty()) {
        for (X509Ptr& c : readCertificates(crypto, chainPem, "the certificate chain")) {
            requireOk(SSL_CTX_add1_chain_cert(ctx.get(), c.get()) == 1, "cannot add a chain certificate");
        }
    }
    BioPtr bio(BIO_new_mem_buf(credentials.privateKeyPem.data(), static_cast<int>(credentials.privateKeyPem.size())));
    PkeyPtr key(bio ? PEM_read_bio_PrivateKey_ex(bio.get(), nullptr, nullptr, nullptr, crypto.libctx(), nullptr)
                    : nullptr);
    requireOk(key != nullptr, "the server's private key is not a PEM private key");
    requireOk(SSL_CTX_use_PrivateKey(ctx.get(), key.get()) == 1 && SSL_CTX_check_private_key(ctx.get()) == 1,
              "the server's private key does not match its certificate");
    return std::shared_ptr<const TlsConfig>(new TlsConfig(std::move(ctx), true, crypto.libctx()));
}

}  // namespace postino::tls
