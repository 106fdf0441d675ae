// The TLS stream transform between TCP and an engine.
#include "nodes/tls_stream.h"

namespace postino::world {

void TlsStream::startServer(std::shared_ptr<const tls::TlsConfig> config) {
    m_tls.emplace(tls::TlsEndpoint::server(std::move(config)));
}

std::string TlsStream::startClient(std::shared_ptr<const tls::TlsConfig> config, std::string serverName,
                                   std::int64_t verifyTime) {
    m_tls.emplace(tls::TlsEndpoint::client(std::move(config), std::move(serverName), verifyTime));
    return m_tls->takeToWire();
}

TlsStream::Incoming TlsStream::fromWire(std::string_view bytes) {
    Incoming in;
    if (!m_tls) {
        in.plain.assign(bytes);
        return in;
    }
    const bool failedBefore = m_tls->failed();
    m_tls->feedFromWire(bytes);
    in.toWire = m_tls->takeToWire();
    in.plain = m_tls->takePlain();
    if (!m_wasEstablished && m_tls->handshakeDone()) m_wasEstablished = in.justEstablished = true;
    in.justFailed = !failedBefore && m_tls->failed();
    return in;
}

std::string TlsStream::toWire(std::string_view plain) {
    if (!m_tls) return std::string(plain);
    m_tls->writePlain(plain);
    return m_tls->takeToWire();
}

bool TlsStream::transportClosed() {
    if (!m_tls || m_tls->failed()) return false;
    m_tls->transportClosed();
    return m_tls->failed();
}

std::string TlsStream::close() {
    if (!established()) return {};
    m_tls->close();
    return m_tls->takeToWire();
}

const std::string& TlsStream::failureReason() const {
    static const std::string none;
    return m_tls ? m_tls->failureReason() : none;
}

}  // namespace postino::world
