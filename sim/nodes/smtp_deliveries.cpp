#include "nodes/smtp_deliveries.h"

namespace postino::world {

std::uint32_t SmtpDeliveries::start(std::uint32_t serverIp, std::uint16_t port, std::string service,
                                    smtp::ClientJob job, Done done) {
    net::TcpConnection& conn = m_owner.stack().connect(serverIp, port, net::AppProtocol::Smtp, std::move(service));
    const std::uint32_t id = conn.traceId();
    Session& s = m_sessions[id];
    s.engine = std::make_unique<smtp::ClientSession>(std::move(job));
    s.connection = &conn;
    s.done = std::move(done);
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
                auto it = m_sessions.find(id);
                if (it == m_sessions.end()) return;
                it->second.engine->connectionClosed();
                finish(id, "the server closed the connection");
            },
        .onClosed = [this, id] { m_sessions.erase(id); },
        .onError =
            [this, id](std::string_view why) {
                finish(id, why);
                m_sessions.erase(id);
            },
    });
    return id;
}

void SmtpDeliveries::pump(std::uint32_t id) {
    Session& s = m_sessions.at(id);
    std::string out = s.engine->takeOutput();
    if (!out.empty()) {
        m_owner.recordLines(id, true, out);
        s.connection->send(out);
    }
    if (s.engine->finished()) finish(id, {});
}

void SmtpDeliveries::finish(std::uint32_t id, std::string_view error) {
    auto it = m_sessions.find(id);
    if (it == m_sessions.end()) return;
    Session& s = it->second;
    if (!s.reported) {
        s.reported = true;
        smtp::ClientResult result = s.engine->result();
        if (!s.engine->finished() && result.failureReason.empty()) result.failureReason = std::string(error);
        if (s.done) s.done(result, id);
    }
    if (s.connection) s.connection->close();
}

}  // namespace postino::world
