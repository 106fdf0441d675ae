// Accepts SMTP connections on one port of a node and runs a sans-I/O
// smtp::ServerSession per connection: pumps bytes, records the protocol
// lines, closes when the engine says so. Policy decisions belong to the node.
#pragma once

#include "nodes/node.h"
#include "smtp/server_session.h"

#include <map>
#include <memory>
#include <string>

namespace postino::world {

class SmtpListener {
public:
    SmtpListener(Node& owner, smtp::ServerConfig config, smtp::ServerPolicy& policy)
        : m_owner(owner), m_config(std::move(config)), m_policy(policy) {}
    void listen(std::uint16_t port, std::string service);

private:
    struct Session {
        std::unique_ptr<smtp::ServerSession> engine;
        net::TcpConnection* connection = nullptr;
    };
    void accept(net::TcpConnection& conn);
    void pump(std::uint32_t id);

    Node& m_owner;
    smtp::ServerConfig m_config;
    smtp::ServerPolicy& m_policy;
    std::map<std::uint32_t, Session> m_sessions;
};

}  // namespace postino::world
