// A webmail server node: a mail program that runs on a web server. It serves HTML pages to
// browsers over HTTP/1.1 (port 80) and, for each page, speaks IMAP (143) or SMTP submission
// (587) to its mail server with the user's own login, as Roundcube does. It knows that server
// by host name and finds its address before each connection (HostLookup).
#pragma once

#include "http/message.h"
#include "imap_client/client_session.h"
#include "nodes/client_sessions.h"
#include "nodes/download_carried.h"
#include "nodes/smtp_carried.h"
#include "nodes/host_lookup.h"
#include "nodes/node.h"
#include "nodes/server_sessions.h"
#include "smtp/client_session.h"
#include "webmail/web_connection.h"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace postino::world {

class WebmailNode : public Node {
public:
    explicit WebmailNode(std::unique_ptr<NodeContext> context);
    void start() override;

    // A new browser connection from `peerIp`; `wake` sends answers that come later.
    std::unique_ptr<webmail::WebConnection> newConnection(const std::string& peerIp, std::function<void()> wake);
    // Logged-in browser sessions (cookie "sid"), for tests and the GUI.
    std::size_t sessionCount() const { return m_sessions.size(); }
    // Live mode: session cookies from the OS's random source instead of the seeded Rng.
    void useSystemRandomForSecrets() { m_systemRandom = true; }

private:
    // A logged-in user: the webmail keeps the password to log in to IMAP and SMTP for every
    // page, and a cache of the INBOX like any IMAP client.
    struct WebSession {
        std::string user;
        std::string password;
        imap_client::DeviceCache cache;
    };
    using Respond = webmail::WebConnection::Respond;
    using ImapDone = std::function<void(const imap_client::ClientResult& result, std::string_view transportError)>;

    void handle(const http::Request& request, const std::string& peerIp, Respond respond);
    void login(const http::Request& request, const std::string& peerIp, Respond respond);
    void showInbox(const std::string& sid, const std::string& notice, Respond respond);
    void showMessage(const std::string& sid, std::uint32_t uid, Respond respond);
    void sendMail(const std::string& sid, const http::Request& request, Respond respond);
    void deleteMessage(const std::string& sid, std::uint32_t uid, Respond respond);
    void logout(const std::string& sid, Respond respond);

    // Runs IMAP operations for the session's user (a connection per page, like Roundcube).
    // The session stays alive until the IMAP exchange ends, even if the user logs out meanwhile.
    void runImap(std::shared_ptr<WebSession> session, std::vector<imap_client::Operation> ops, ImapDone done);
    WebSession* session(const http::Request& request, std::string* sid = nullptr);
    std::string newSessionId();

    http::Response page(int status, std::string html);
    http::Response redirect(std::string location);
    http::Response errorResponse(int status, std::string_view text);

    std::string m_serverName;  // its mail server's host name, as configured
    HostLookup m_lookup;
    ServerSessions<webmail::WebConnection> m_httpPort;
    ClientSessions<imap_client::ClientSession> m_imap;
    ClientSessions<smtp::ClientSession> m_smtp;
    SmtpCarried m_smtpCarried{*this};  // what its SMTP sessions carry, for the trace
    DownloadCarried m_downloadCarried{*this};  // the APPEND literals its IMAP sessions write
    std::map<std::string, std::shared_ptr<WebSession>> m_sessions;  // by session id
    std::uint64_t m_messagesWritten = 0;  // serial number in the Message-IDs the webmail writes
    bool m_systemRandom = false;
};

}  // namespace postino::world
