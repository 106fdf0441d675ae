// Accepts TCP connections on a node's port and runs one sans-I/O server engine
// per connection (SMTP, POP3, IMAP, ...): pumps bytes both ways, records the
// protocol lines, closes when the engine says so, and waits out the reply delay an
// engine asks for (a failed login) on the simulated clock. Decisions stay in the engines.
#pragma once

#include "nodes/node.h"
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

// Engine needs: start(), feed(std::string_view), takeOutput(), wantsClose(); and may have
// takeReplyDelay() (see DelaysReplies).
template <typename Engine>
class ServerSessions {
public:
    using Factory = std::function<std::unique_ptr<Engine>(net::TcpConnection&)>;

    ServerSessions(Node& owner, net::AppProtocol app, Factory factory)
        : m_owner(owner), m_app(app), m_factory(std::move(factory)) {}

    void listen(std::uint16_t port, std::string service) {
        m_owner.stack().listen(port, m_app, std::move(service), [this](net::TcpConnection& c) { accept(c); });
    }

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
    };

    void accept(net::TcpConnection& conn) {
        const std::uint32_t id = conn.traceId();
        Session& s = m_sessions[id];
        s.engine = m_factory(conn);
        s.connection = &conn;
        s.captioner = WriteCaptioner(m_app, false);
        conn.setCallbacks({
            .onData =
                [this, id](std::string_view bytes) {
                    auto it = m_sessions.find(id);
                    if (it == m_sessions.end()) return;
                    if (it->second.waiting) {
                        it->second.heldInput.append(bytes);
                        return;
                    }
                    feed(id, bytes);
                },
            // The client went away (perhaps mid-command): whatever the engine had
            // not committed is simply not there.
            .onPeerClosed =
                [this, id] {
                    auto it = m_sessions.find(id);
                    if (it != m_sessions.end()) it->second.connection->close();
                },
            .onClosed = [this, id] { m_sessions.erase(id); },
            .onError = [this, id](std::string_view) { m_sessions.erase(id); },
        });
        s.engine->start();
        pump(id);
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
        m_owner.recordLines(id, false, out);
        s.connection->send(out, m_owner.trace().addCaption(s.captioner.caption(out)));
        if (m_observer) m_observer(*s.engine, id, firstNewLine);
    }

    Node& m_owner;
    net::AppProtocol m_app;
    Factory m_factory;
    std::function<void(std::uint32_t)> m_afterFeed;
    Observer m_observer;
    std::map<std::uint32_t, Session> m_sessions;
};

}  // namespace postino::world
