// Owning handles for the OpenSSL objects sim/tls uses, and the text of OpenSSL's error queue.
// Only sim/tls includes OpenSSL headers; nothing here touches a socket or the machine's clock.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace postino::tls {

struct OpensslFree {
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
    void operator()(SSL* p) const { SSL_free(p); }
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
    void operator()(X509_NAME* p) const { X509_NAME_free(p); }
    void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};

using BioPtr = std::unique_ptr<BIO, OpensslFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OpensslFree>;
using X509Ptr = std::unique_ptr<X509, OpensslFree>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, OpensslFree>;
using SslPtr = std::unique_ptr<SSL, OpensslFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpensslFree>;

// Something this module cannot set up (a bad PEM, a missing algorithm): says what and OpenSSL's why.
class TlsSetupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The reasons on OpenSSL's error queue of this thread, oldest first, joined by "; "; empties the queue.
std::string takeOpensslErrors();

// Throws TlsSetupError("<what>: <OpenSSL's reasons>") when ok is false.
void requireOk(bool ok, const std::string& what);

// Everything a memory BIO holds, read out.
std::string drainBio(BIO* bio);

}  // namespace postino::tls
