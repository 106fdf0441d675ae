// One side of a TLS connection (RFC 8446, RFC 5246), sans-I/O: wire bytes in and out, plain text
// both ways, a reason a learner reads when it fails; the stream transform session glue puts
// between TCP and an engine. No sockets, no clock: certificates are checked at the time given.
#pragma once

#include "tls/tls_config.h"
#include "tls/tls_records.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace postino::tls {

class TlsEndpoint {
public:
    // A client that checks the server's certificate names serverName (also sent as SNI) and is
    // valid at verifyTime (seconds since 1970 UTC). Its ClientHello is ready in takeToWire().
    static TlsEndpoint client(std::shared_ptr<const TlsConfig> config, std::string serverName,
                              std::int64_t verifyTime);
    static TlsEndpoint server(std::shared_ptr<const TlsConfig> config);

    TlsEndpoint(TlsEndpoint&&) noexcept;
    TlsEndpoint& operator=(TlsEndpoint&&) noexcept;
    ~TlsEndpoint();

    // Bytes that arrived from the peer (any split). Does nothing once failed.
    void feedFromWire(std::string_view bytes);
    // Bytes to send to the peer (records: handshake, data, alerts, close_notify).
    std::string takeToWire();
    // Plain text to send; kept until the handshake is done. Ignored once failed or closed.
    void writePlain(std::string_view bytes);
    // Plain text the peer sent.
    std::string takePlain();
    // Ends the TLS session cleanly: a close_notify alert goes into takeToWire().
    void close();
    // The transport closed under us (TCP FIN or reset). Before the handshake ended this fails
    // with "handshake cut …".
    void transportClosed();

    bool isServer() const;
    bool handshakeDone() const;
    bool failed() const;
    // Why it failed, in words a learner reads ("the certificate is for mail.other.example, not
    // mail.bank.example"); empty when it has not.
    const std::string& failureReason() const;
    // The peer sent close_notify.
    bool peerClosed() const;
    // "TLS 1.3, TLS_AES_128_GCM_SHA256, x25519" once the handshake is done.
    std::string summary() const;
    // Every record this endpoint sent or received, in the order it saw them.
    const std::vector<TlsRecordInfo>& records() const;
    // Every handshake message, alert and change_cipher_spec it sent or received, decrypted.
    const std::vector<TlsMessageInfo>& messages() const;

    struct State;  // OpenSSL's callbacks reach it; defined in tls_endpoint.cpp

private:
    explicit TlsEndpoint(std::unique_ptr<State> s);
    std::unique_ptr<State> m;
};

}  // namespace postino::tls
