// Accepts TCP connections on a node's port and runs one sans-I/O server engine
// per connection (SMTP, POP3, IMAP, ...): pumps bytes both ways, records the
// protocol lines, closes when the engine says so, and waits out the reply delay an
// engine asks for (a failed login) on the simulated clock. Decisions stay in the engines.
#pragma once

#include "nodes/node.h"
#include "nodes/tls_stream.h"
#include "nodes/write_caption.h"

#include <concepts>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace postino::world {

// An engine that may ask to delay its answer: after takeReplyDelay() returned a duration,
// the output just taken goes out that much later, input that arrives meanwhile waits, and
// then feed() runs once (with that input, or with nothing) so that the engine reads what it
// held back itself.
template <typename Engine>
concept DelaysReplies = requires(Engine& e) {
    { e.takeReplyDelay() } -> std::convertible_to<std::optional<Duration>>;
};

// An engine that can turn its connection to TLS (STARTTLS, STLS): takeStartTls() says so once,
// right after the reply that says "go ahead" was taken.
template <typename Engine>
concept StartsTls = requires(Engine& e) {
    { e.takeStartTls() } -> std::convertible_to<bool>;
};

// Engine needs: start(), feed(std::string_view), takeOutput(), wantsClose(); and may have
// takeReplyDelay() (see DelaysReplies) and takeStartTls() (see StartsTls). With a TLS
// configuration (setTls), STARTTLS turns the connection to TLS and a port listened to with
// `implicitTls` is TLS from its first byte; the engine only ever sees plain text.
template <typename Engine>
class ServerSessions {
public:
    using Factory = std::function<std::unique_ptr<Engine>(net::TcpConnection&)>;

    ServerSessions(Node& owner, net::AppProtocol app, Factory factory)
        : m_owner(owner), m_app(app), m_factory(std::move(factory)) {}

    void listen(std::uint16_t port, std::string service, bool implicitTls = false) {
        m_owner.stack().listen(port, m_app, std::move(service),
                               [this, implicitTls](net::TcpConnection& c) { accept(c, implicitTls); });
    }
    // The certificate this server presents (none: no TLS).
    void setTls(std::shared_ptr<const tls::TlsConfig> config) { m_tls = std::move(config); }

    // Lets the node poke every engine but one (e.g. "the mailbox changed"), then
    // sends whatever they produced. `except` 0 pokes them all.
    void forEach(const std::function<void(Engine&)>& fn, std::uint32_t except = 0) {
        std::vector<std::uint32_t> ids;
        for (const auto& [id, s] : m_sessions)
            if (id != except) ids.push_back(id);
        for (std::uint32_t id : ids) {
            auto it = m_sessions.find(id);
            if (it == m_sessions.end()) continue;
            fn(*it->second.engine);
            pump(id);
        }
    }
    // Sends what the engine of connection `id` produced since (an answer that was not ready
    // when its request arrived); nothing when that connection is gone.
    void flush(std::uint32_t id) {
        if (m_sessions.count(id)) pump(id);
    }
    // Called after each chunk of input an engine processed (with its connection id).
    void setAfterFeed(std::function<void(std::uint32_t)> fn) { m_afterFeed = std::move(fn); }
    // Called when the engine wrote lines (its connection id and the index in Trace::lines of the
    // first of them), and when input arrives, before the engine reads it (then with
    // firstNewLine == kClientSpoke): for records of what the session carries (DownloadCarried).
    static constexpr std::size_t kClientSpoke = SIZE_MAX;
    using Observer = std::function<void(Engine& engine, std::uint32_t connection, std::size_t firstNewLine)>;
    void setObserver(Observer fn) { m_observer = std::move(fn); }
    std::size_t size() const { return m_sessions.size(); }

private:
    struct Session {
        std::unique_ptr<Engine> engine;
        net::TcpConnection* connection = nullptr;
        bool waiting = false;    // a delayed answer is scheduled: no input, no output until then
        std::string heldInput;  // what arrived while waiting
        WriteCaptioner captioner;  // what each answer says, for the packets that carry it
        TlsStream stream;          // plain, or TLS after STARTTLS / on an implicit-TLS port
        bool started = false;      // the engine has spoken first (on an implicit-TLS port: after the handshake)
    };

    void accept(net::TcpConnection& conn, bool implicitTls) {
        const std::uint32_t id = conn.traceId();
        Session& s = m_sessions[id];
        s.engine = m_factory(conn);
        s.connection = &conn;
        s.captioner = WriteCaptioner(m_app, false);
        if (implicitTls && m_tls) s.stream.startServer(m_tls);
        conn.setCallbacks({
            .onData =
                [this, id](std::string_view bytes) {
                    auto it = m_sessions.find(id);
                    if (it == m_sessions.end()) return;
                    const std::string plain = fromWire(id, it->second, bytes);
                    if (!m_sessions.count(id) || plain.empty()) return;
                    if (it->second.waiting) {
                        it->second.heldInput.append(plain);
                        return;
                    }
                    feed(id, plain);
                },
            // The client went away (perhaps mid-command): whatever the engine had
            // not committed is simply not there.
            .onPeerClosed =
                [this, id] {
                    auto it = m_sessions.find(id);
                    if (it == m_sessions.end()) return;
                    if (it->second.stream.transportClosed()) tlsFailed(id, it->second);
                    it->second.connection->close();
                },
            .onClosed = [this, id] { m_sessions.erase(id); },
            .onError = [this, id](std::string_view) { m_sessions.erase(id); },
        });
        // On an implicit-TLS port the greeting waits for the handshake, as Postfix's and Dovecot's do.
        if (!s.stream.secured()) start(id, s);
    }

    void start(std::uint32_t id, Session& s) {
        s.started = true;
        s.engine->start();
        pump(id);
    }

    // What TCP delivered, through the TLS stream: the handshake's answers go back at once; the
    // plain text is returned for the engine.
    std::string fromWire(std::uint32_t id, Session& s, std::string_view bytes) {
        if (!s.stream.secured()) return std::string(bytes);
        TlsStream::Incoming in = s.stream.fromWire(bytes);
        if (in.justEstablished)
            m_owner.event(trace::EventKind::TlsStarted,
                          trace::phrase("TLS handshake done: from here the connection is encrypted ({})",
                                        s.stream.summary()),
                          id);
        if (!in.toWire.empty())
            s.connection->send(in.toWire, m_owner.trace().addCaption(tlsRecordsCaption(!s.stream.established() || in.justEstablished)));
        if (in.justFailed) {
            tlsFailed(id, s);
            s.connection->close();
            return {};
        }
        if (in.justEstablished && !s.started) start(id, s);
        return std::move(in.plain);
    }

    void tlsFailed(std::uint32_t id, Session& s) {
        m_owner.event(trace::EventKind::TlsFailed,
                      trace::phrase("TLS handshake failed: {}", s.stream.failureReason()), id);
    }

    void feed(std::uint32_t id, std::string_view bytes) {
        if (m_observer && !bytes.empty()) m_observer(*m_sessions.at(id).engine, id, kClientSpoke);
        m_sessions.at(id).engine->feed(bytes);
        pump(id);
        if (m_afterFeed) m_afterFeed(id);
    }

    void pump(std::uint32_t id) {
        Session& s = m_sessions.at(id);
        if (s.waiting) return;  // the engine's output waits behind the delayed answer
        std::string out = s.engine->takeOutput();
        if constexpr (DelaysReplies<Engine>) {
            if (const std::optional<Duration> delay = s.engine->takeReplyDelay()) {
                s.waiting = true;
                m_owner.sim().after(*delay, [this, id, out = std::move(out)] { resume(id, out); });
                return;
            }
        }
        send(s, id, out);
        if (s.engine->wantsClose()) s.connection->close();
    }

    // The delay is over: the held answer goes out, then the engine reads on.
    void resume(std::uint32_t id, const std::string& out) {
        auto it = m_sessions.find(id);
        if (it == m_sessions.end()) return;  // closed meanwhile: nobody to answer
        Session& s = it->second;
        s.waiting = false;
        send(s, id, out);
        if (s.engine->wantsClose()) {
            s.connection->close();
            return;
        }
        const std::string input = std::move(s.heldInput);
        s.heldInput.clear();
        feed(id, input);
    }

    void send(Session& s, std::uint32_t id, const std::string& out) {
        if (out.empty()) return;
        const std::size_t firstNewLine = m_owner.trace().lines.size();
        const bool inTls = s.stream.secured();
        m_owner.recordLines(id, false, out, inTls);
        const trace::Caption caption = s.captioner.caption(out);
        s.connection->send(s.stream.toWire(out), m_owner.trace().addCaption(inTls ? tlsCaption(caption) : caption));
        if constexpr (StartsTls<Engine>) {
            // "220 Ready to start TLS" went out in clear; what follows is TLS.
            if (s.engine->takeStartTls() && m_tls) s.stream.startServer(m_tls);
        }
        if (m_observer) m_observer(*s.engine, id, firstNewLine);
    }

    Node& m_owner;
    net::AppProtocol m_app;
    Factory m_factory;
    std::shared_ptr<const tls::TlsConfig> m_tls;
    std::function<void(std::uint32_t)> m_afterFeed;
    Observer m_observer;
    std::map<std::uint32_t, Session> m_sessions;
};

}  // namespace postino::world
