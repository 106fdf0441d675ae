// Runs outgoing sans-I/O client engines for a node (SMTP submission and relay,
// POP3, IMAP): opens the TCP connection, pumps bytes both ways, records the
// protocol lines, gives up on a server silent too long (Postfix's smtp_*_timeout, 300 s),
// and hands the finished engine back. Decisions stay in the caller.
#pragma once

#include "nodes/node.h"
#include "nodes/tls_stream.h"
#include "nodes/write_caption.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace postino::world {

// How a session uses TLS: the client configuration (the CAs it trusts), the name the server's
// certificate must carry, the simulated calendar's now, and whether the port is TLS from the
// first byte. An engine that asks for STARTTLS (takeStartTls) gets tlsEstablished() or
// tlsFailed(reason) back; the engine only ever sees plain text.
struct ClientTlsUse {
    std::shared_ptr<const tls::TlsConfig> config;
    std::string serverName;
    std::int64_t verifyTime = 0;
    bool implicit = false;
};

template <typename Engine>
concept ClientStartsTls = requires(Engine& e, const std::string& reason) {
    { e.takeStartTls() } -> std::convertible_to<bool>;
    e.tlsEstablished();
    e.tlsFailed(reason);
};

// Engine needs: feed(std::string_view), takeOutput(), finished(), connectionClosed().
// Whatever the engine has to say before the server speaks (an HTTP request) goes out
// as soon as the connection is up.
template <typename Engine>
class ClientSessions {
public:
    // `transportError` is set when the connection failed before the engine finished
    // ("connection refused", "the server closed the connection").
    using Done = std::function<void(Engine& engine, std::uint32_t connection, std::string_view transportError)>;

    ClientSessions(Node& owner, net::AppProtocol app) : m_owner(owner), m_app(app) {}

    // How long the client waits for the server to say something before it gives up with the
    // transport error kConversationTimedOut (Postfix waits 300 s for a greeting or a reply).
    static constexpr std::string_view kConversationTimedOut = "conversation timed out";
    void setReplyTimeout(Duration timeout) { m_replyTimeout = timeout; }
    // Called after every exchange with the engine (its connection id, and the index in
    // Trace::lines of the first line it wrote in that exchange) and once more when it is done
    // (then with firstNewLine == kSessionOver):
    // for records of what the session carries (see SmtpCarried).
    using Observer = std::function<void(const Engine& engine, std::uint32_t connection, std::size_t firstNewLine)>;
    static constexpr std::size_t kSessionOver = SIZE_MAX;
    void setObserver(Observer fn) { m_observer = std::move(fn); }

    // Returns the trace connection id of the new session.
    std::uint32_t start(std::uint32_t serverIp, std::uint16_t port, std::string service,
                        std::unique_ptr<Engine> engine, Done done, ClientTlsUse tlsUse = {}) {
        net::TcpConnection& conn = m_owner.stack().connect(serverIp, port, m_app, std::move(service));
        const std::uint32_t id = conn.traceId();
        Session& s = m_sessions[id];
        s.engine = std::move(engine);
        s.connection = &conn;
        s.captioner = WriteCaptioner(m_app, true);
        s.done = std::move(done);
        s.tlsUse = std::move(tlsUse);
        conn.setCallbacks({
            .onConnected =
                [this, id] {
                    auto it = m_sessions.find(id);
                    if (it == m_sessions.end()) return;
                    armTimeout(id);
                    if (it->second.tlsUse.implicit && it->second.tlsUse.config) startTls(it->second);
                    pump(id);
                },
            .onData =
                [this, id](std::string_view bytes) {
                    auto it = m_sessions.find(id);
                    if (it == m_sessions.end()) return;
                    armTimeout(id);
                    const std::string plain = fromWire(id, it->second, bytes);
                    if (!m_sessions.count(id) || it->second.reported) return;
                    if (!plain.empty()) it->second.engine->feed(plain);
                    pump(id);
                },
            .onPeerClosed =
                [this, id] {
                    auto it = m_sessions.find(id);
                    if (it == m_sessions.end()) return;
                    if (it->second.stream.transportClosed()) tlsFailed(id, it->second);
                    const bool early = !it->second.engine->finished();
                    it->second.engine->connectionClosed();
                    finish(id, early ? "the server closed the connection" : "");
                },
            .onClosed = [this, id] { forget(id); },
            .onError =
                [this, id](std::string_view why) {
                    finish(id, why);
                    forget(id);
                },
        });
        return id;
    }

private:
    struct Session {
        std::unique_ptr<Engine> engine;
        net::TcpConnection* connection = nullptr;
        Done done;
        bool reported = false;
        EventHandle timeout;
        std::uint32_t unackedAtArm = 0;
        WriteCaptioner captioner;  // what each write says, for the packets that carry it
        ClientTlsUse tlsUse;
        TlsStream stream;
    };

    // The ClientHello goes out; the engine waits for tlsEstablished().
    void startTls(Session& s) {
        const std::string hello = s.stream.startClient(s.tlsUse.config, s.tlsUse.serverName, s.tlsUse.verifyTime);
        s.connection->send(hello, m_owner.trace().addCaption(tlsRecordsCaption(true)));
    }

    std::string fromWire(std::uint32_t id, Session& s, std::string_view bytes) {
        if (!s.stream.secured()) return std::string(bytes);
        TlsStream::Incoming in = s.stream.fromWire(bytes);
        if (!in.toWire.empty())
            s.connection->send(in.toWire, m_owner.trace().addCaption(tlsRecordsCaption(!s.stream.established() || in.justEstablished)));
        if (in.justEstablished) {
            m_owner.event(trace::EventKind::TlsStarted,
                          trace::phrase("TLS handshake done with {}: the certificate is good, from here the "
                                        "connection is encrypted ({})",
                                        s.tlsUse.serverName, s.stream.summary()),
                          id);
            if constexpr (ClientStartsTls<Engine>) s.engine->tlsEstablished();
        }
        if (in.justFailed) tlsFailed(id, s);
        return std::move(in.plain);
    }

    void tlsFailed(std::uint32_t id, Session& s) {
        m_owner.event(trace::EventKind::TlsFailed,
                      trace::phrase("TLS handshake with {} failed: {}", s.tlsUse.serverName, s.stream.failureReason()),
                      id);
        if constexpr (ClientStartsTls<Engine>) s.engine->tlsFailed(s.stream.failureReason());
    }

    // The server must answer within the timeout; time spent while it still takes our bytes (a
    // big mail on a slow link) does not count, as Postfix times each write, not the whole DATA.
    void armTimeout(std::uint32_t id) {
        Session& s = m_sessions.at(id);
        m_owner.sim().cancel(s.timeout);
        if (s.connection && !s.connection->over()) s.unackedAtArm = s.connection->unacknowledged();
        s.timeout = m_owner.sim().after(m_replyTimeout, [this, id] {
            auto it = m_sessions.find(id);
            if (it == m_sessions.end() || it->second.reported) return;
            const Session& now = it->second;
            if (now.connection && !now.connection->over() &&
                now.connection->unacknowledged() != now.unackedAtArm) {
                armTimeout(id);  // still uploading
                return;
            }
            finish(id, kConversationTimedOut);  // and closes its end
        });
    }

    void forget(std::uint32_t id) {
        auto it = m_sessions.find(id);
        if (it == m_sessions.end()) return;
        m_owner.sim().cancel(it->second.timeout);
        m_sessions.erase(it);
    }

    void pump(std::uint32_t id) {
        Session& s = m_sessions.at(id);
        std::string out = s.engine->takeOutput();
        const std::size_t firstNewLine = m_owner.trace().lines.size();
        if (!out.empty()) {
            const bool inTls = s.stream.secured();
            m_owner.recordLines(id, true, out, inTls);
            const trace::Caption caption = s.captioner.caption(out);
            s.connection->send(s.stream.toWire(out), m_owner.trace().addCaption(inTls ? tlsCaption(caption) : caption));
        }
        if constexpr (ClientStartsTls<Engine>) {
            if (s.engine->takeStartTls()) {
                if (s.tlsUse.config) startTls(s);
                else s.engine->tlsFailed("this client has no TLS configuration");
            }
        }
        if (m_observer) m_observer(*s.engine, id, firstNewLine);
        if (s.engine->finished()) finish(id, {});
    }

    void finish(std::uint32_t id, std::string_view transportError) {
        auto it = m_sessions.find(id);
        if (it == m_sessions.end()) return;
        Session& s = it->second;
        m_owner.sim().cancel(s.timeout);
        if (!s.reported) {
            s.reported = true;
            if (m_observer) m_observer(*s.engine, id, kSessionOver);
            if (s.done) s.done(*s.engine, id, transportError);
        }
        if (s.connection) s.connection->close();
    }

    Node& m_owner;
    net::AppProtocol m_app;
    Duration m_replyTimeout = Duration::seconds(300);
    Observer m_observer;
    std::map<std::uint32_t, Session> m_sessions;
};

}  // namespace postino::world
