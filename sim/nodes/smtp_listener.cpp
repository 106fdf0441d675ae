#include "nodes/smtp_listener.h"

#include "net/ipv4.h"

namespace postino::world {

void SmtpListener::listen(std::uint16_t port, std::string service) {
    m_owner.stack().listen(port, net::AppProtocol::Smtp, std::move(service),
                           [this](net::TcpConnection& conn) { accept(conn); });
}

void SmtpListener::accept(net::TcpConnection& conn) {
    const std::uint32_t id = conn.traceId();
    Session& s = m_sessions[id];
    s.engine = std::make_unique<smtp::ServerSession>(m_config, m_policy, net::formatIpv4(conn.remoteIp()));
    s.connection = &conn;
    conn.setCallbacks({
        .onConnected = {},
        .onData =
            [this, id](std::string_view bytes) {
                auto it = m_sessions.find(id);
                if (it == m_sessions.end()) return;
                it->second.engine->feed(bytes);
                pump(id);
            },
        .onPeerClosed =
            [this, id] {
                // The client went away (perhaps mid-command): whatever was not
                // accepted with a 250 is simply not there.
                auto it = m_sessions.find(id);
                if (it != m_sessions.end()) it->second.connection->close();
            },
        .onClosed = [this, id] { m_sessions.erase(id); },
        .onError = [this, id](std::string_view) { m_sessions.erase(id); },
    });
    s.engine->start();
    pump(id);
}

void SmtpListener::pump(std::uint32_t id) {
    Session& s = m_sessions.at(id);
    std::string out = s.engine->takeOutput();
    if (!out.empty()) {
        m_owner.recordLines(id, false, out);
        s.connection->send(out);
    }
    if (s.engine->wantsClose()) s.connection->close();
}

}  // namespace postino::world
