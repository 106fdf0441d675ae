// Accepts TCP connections on a node's port and runs one sans-I/O server engine
// per connection (SMTP, POP3, IMAP, ...): pumps bytes both ways, records the
// protocol lines, closes when the engine says so. Decisions stay in the engines.
#pragma once

#include "nodes/node.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace postino::world {

// Engine needs: start(), feed(std::string_view), takeOutput(), wantsClose().
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
    std::size_t size() const { return m_sessions.size(); }

private:
    struct Session {
        std::unique_ptr<Engine> engine;
        net::TcpConnection* connection = nullptr;
    };

    void accept(net::TcpConnection& conn) {
        const std::uint32_t id = conn.traceId();
        Session& s = m_sessions[id];
        s.engine = m_factory(conn);
        s.connection = &conn;
        conn.setCallbacks({
            .onData =
                [this, id](std::string_view bytes) {
                    auto it = m_sessions.find(id);
                    if (it == m_sessions.end()) return;
                    it->second.engine->feed(bytes);
                    pump(id);
                    if (m_afterFeed) m_afterFeed(id);
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

    void pump(std::uint32_t id) {
        Session& s = m_sessions.at(id);
        std::string out = s.engine->takeOutput();
        if (!out.empty()) {
            m_owner.recordLines(id, false, out);
            s.connection->send(out);
        }
        if (s.engine->wantsClose()) s.connection->close();
    }

    Node& m_owner;
    net::AppProtocol m_app;
    Factory m_factory;
    std::function<void(std::uint32_t)> m_afterFeed;
    std::map<std::uint32_t, Session> m_sessions;
};

}  // namespace postino::world
