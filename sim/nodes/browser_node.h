// A web browser on a device: it reads and sends mail through a webmail node, speaking only
// HTTP (port 80). It keeps the session cookie, follows redirects, and remembers the last
// inbox page it showed, so `read` and `delete` can click a subject on it. It knows the webmail
// by host name and finds its address before each visit (HostLookup).
#pragma once

#include "nodes/client_sessions.h"
#include "nodes/host_lookup.h"
#include "nodes/node.h"
#include "webmail/browser_session.h"
#include "webmail/page_reader.h"

#include <map>
#include <string>
#include <vector>

namespace postino::world {

// What the browser shows for one account.
struct BrowserView {
    std::string title;                      // <title> of the last page shown
    std::string lastPage;                   // its HTML
    std::vector<webmail::InboxLink> inbox;  // the messages on the last inbox page shown
    bool inboxSeen = false;                 // an inbox page was shown at least once
};

class BrowserNode : public Node {
public:
    explicit BrowserNode(std::unique_ptr<NodeContext> context);
    void start() override;
    void perform(const scenario::Action& action) override;
    const BrowserView* view(const std::string& address) const;

private:
    const scenario::ClientAccount* account(const std::string& address) const;
    // Visits the webmail on one connection: logs in first when the browser has no session.
    // `what` tells the visit in a whole sentence, `whatAfterLogin` the same visit with the log-in first.
    void visit(const scenario::ClientAccount& account, std::vector<http::Request> requests, trace::Phrase what,
               trace::Phrase whatAfterLogin);
    void pageShown(const scenario::ClientAccount& account, const http::Request& request,
                   const http::Response& response);

    HostLookup m_lookup;
    ClientSessions<webmail::BrowserSession> m_http;
    std::map<std::string, webmail::CookieJar> m_cookies;  // by webmail node id
    std::map<std::string, BrowserView> m_views;           // by account address
};

}  // namespace postino::world
