// Words for why a TLS handshake failed: a certificate check (RFC 6125 name, validity dates,
// unknown issuer), an alert from the peer, a cut connection. Only builds sentences.
#pragma once

#include <openssl/x509.h>

#include <string>

namespace postino::tls {

// Why a client refused cert (the one at depth in the chain; 0 is the server's) for error, a
// X509_V_ERR_* code; expectedName is the host the client asked for.
std::string certificateRefusal(int error, X509* cert, int depth, const std::string& expectedName);

// "the server ended the handshake with the alert bad_certificate", from the side that read it.
std::string alertFromPeer(bool weAreServer, int alertDescription);

// The subjectAltName dNSNames of cert, else its CN: "mail.a.example and mail.b.example".
std::string certificateNames(X509* cert);

}  // namespace postino::tls
