// Runs outgoing SMTP client sessions for a node: opens the TCP connection,
// pumps bytes between it and the sans-I/O smtp::ClientSession, records the
// protocol lines and reports the outcome. Used for submission and relay alike.
#pragma once

#include "nodes/node.h"
#include "smtp/client_session.h"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace postino::world {

class SmtpDeliveries {
public:
    using Done = std::function<void(const smtp::ClientResult&, std::uint32_t connection)>;

    explicit SmtpDeliveries(Node& owner) : m_owner(owner) {}
    // Returns the trace connection id of the new session.
    std::uint32_t start(std::uint32_t serverIp, std::uint16_t port, std::string service, smtp::ClientJob job,
                        Done done);

private:
    struct Session {
        std::unique_ptr<smtp::ClientSession> engine;
        net::TcpConnection* connection = nullptr;
        Done done;
        bool reported = false;
    };
    void pump(std::uint32_t id);
    void finish(std::uint32_t id, std::string_view error);

    Node& m_owner;
    std::map<std::uint32_t, Session> m_sessions;
};

}  // namespace postino::world
