// The one stream-transform seam between a TCP connection and a protocol engine: bytes pass as
// they are, or through TLS (a tls::TlsEndpoint) once the engine asked for it (STARTTLS) or from
// the first byte (ports 465, 993, 995). Session glue owns one per connection; engines never see it.
#pragma once

#include "tls/tls_config.h"
#include "tls/tls_endpoint.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace postino::world {

class TlsStream {
public:
    // No TLS: bytes pass as they are.
    bool secured() const { return m_tls.has_value(); }
    bool established() const { return m_tls && m_tls->handshakeDone(); }
    bool failed() const { return m_tls && m_tls->failed(); }

    // Turns the stream to TLS as the server side; the client speaks first.
    void startServer(std::shared_ptr<const tls::TlsConfig> config);
    // Turns the stream to TLS as the client side checking `serverName` at `verifyTime` (Unix
    // seconds of the simulated calendar); its ClientHello is in the returned bytes.
    std::string startClient(std::shared_ptr<const tls::TlsConfig> config, std::string serverName,
                            std::int64_t verifyTime);

    struct Incoming {
        std::string plain;           // for the engine
        std::string toWire;          // to send back at once (the handshake's answers, alerts)
        bool justEstablished = false;
        bool justFailed = false;     // the reason is failureReason()
    };
    // What TCP delivered.
    Incoming fromWire(std::string_view bytes);
    // What the engine wrote, as it goes on the wire.
    std::string toWire(std::string_view plain);
    // The peer closed the transport (a handshake cut in the middle fails here).
    bool transportClosed();
    // Ends TLS cleanly before the transport closes: the close_notify alert to send (nothing when
    // the handshake never finished or the stream is plain).
    std::string close();

    const std::string& failureReason() const;
    // "TLS 1.3, TLS_AES_128_GCM_SHA256, x25519"
    std::string summary() const { return m_tls ? m_tls->summary() : std::string(); }

private:
    std::optional<tls::TlsEndpoint> m_tls;
    bool m_wasEstablished = false;
};

}  // namespace postino::world
