// The server session's input loop, reply queue, events and closing (RFC 1939 3: CRLF lines,
// +OK/-ERR, multi-line byte-stuffing; 6: closing without QUIT never enters UPDATE).
#include "pop3/server_session.h"

namespace postino::pop3 {

ServerSession::ServerSession(const ServerConfig& config, Pop3Policy& policy)
    : m_config(config), m_policy(policy), m_tls(config.implicitTls) {}

void ServerSession::start() {
    if (m_started) return;
    m_started = true;
    const std::string host = printable(m_config.hostname, 255);
    m_output += okLine(host.empty() ? std::string("POP3 Postino ready.") : host + " POP3 Postino ready.");
}

void ServerSession::feed(std::string_view bytes) {
    if (!m_started) start();
    if (m_state == ServerState::Closed) return;
    m_holdInput = false;  // the glue has waited (or does not know about waiting)
    std::string normalized = m_normalizer.apply(bytes);
    if (!m_heldInput.empty()) {
        normalized.insert(0, m_heldInput);
        m_heldInput.clear();
    }
    process(normalized);
}

void ServerSession::process(std::string_view input) {
    while (!input.empty() && m_state != ServerState::Closed) {
        if (m_holdInput) {
            m_heldInput.assign(input);
            return;
        }
        const smtp::LineStatus st = m_reader.next(input);
        if (st == smtp::LineStatus::NeedMore) break;
        if (st == smtp::LineStatus::Error)
            onLineTooLong();  // bare LF cannot happen after normalisation
        else
            onLine(m_reader.line());
        if (m_startTls) {  // what came after STLS in the same breath is dropped unread
            m_reader.reset();
            m_normalizer.reset();
            return;
        }
    }
}

void ServerSession::onTimeout() {
    if (m_state == ServerState::Closed) return;
    if (!m_started) start();
    err("Disconnected for inactivity.");
    close();
}

void ServerSession::authFailed(std::string user) {
    err("[AUTH] Authentication failed.");
    event(ServerEvent::Kind::AuthFailed, 0, std::move(user));
    m_replyDelayDue = true;
    m_holdInput = true;
}

std::optional<postino::Duration> ServerSession::takeReplyDelay() {
    if (!m_replyDelayDue) return std::nullopt;
    m_replyDelayDue = false;
    return kAuthFailureDelay;
}

std::string ServerSession::takeOutput() {
    std::string out;
    out.swap(m_output);
    return out;
}

std::vector<ServerEvent> ServerSession::takeEvents() {
    std::vector<ServerEvent> out;
    out.swap(m_events);
    return out;
}

std::size_t ServerSession::markedCount() const { return m_deletedCount; }

void ServerSession::onLine(const std::string& line) {
    if (m_mode == Mode::AuthPlain)
        onAuthLine(line);
    else
        onCommand(line);
}

void ServerSession::onLineTooLong() {
    // Dovecot hangs up on an overlong line; the texts differ before and after login.
    if (m_mode == Mode::AuthPlain) event(ServerEvent::Kind::AuthFailed, 0, "");
    err(m_state == ServerState::Authorization ? "Input buffer full, aborting" : "Input line too long.");
    close();
}

void ServerSession::ok(std::string_view text) { m_output += okLine(text); }

void ServerSession::err(std::string_view text) {
    std::string line = errLine(text);
    event(ServerEvent::Kind::Rejected, 0, line.substr(0, line.size() - 2));
    m_output += line;
    m_commandFailed = true;
}

void ServerSession::multiline(std::string_view status, std::string_view body) {
    m_output += okLine(status);
    m_output += body;
    m_output += ".\r\n";
}

void ServerSession::event(ServerEvent::Kind kind, std::size_t number, std::string text) {
    m_events.push_back(ServerEvent{kind, number, std::move(text)});
}

void ServerSession::close() {
    m_heldInput.clear();
    m_state = ServerState::Closed;
    m_mode = Mode::Command;
    m_pendingUser.clear();
    m_haveUser = false;
    // Releasing the maildrop releases the node's lock; nothing is committed here.
    m_maildrop.reset();
    m_entries.clear();
    m_deleted.clear();
    m_deletedCount = 0;
    m_deletedSize = 0;
    m_totalSize = 0;
}

}  // namespace postino::pop3
