#include "nodes/browser_node.h"

#include "http/form.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace postino::world {

namespace {

http::Request get(std::string target) {
    http::Request r;
    r.method = "GET";
    r.target = std::move(target);
    return r;
}

http::Request post(std::string target, const http::FormFields& fields) {
    http::Request r;
    r.method = "POST";
    r.target = std::move(target);
    r.body = http::formEncode(fields);
    return r;
}

std::string joined(const std::vector<std::string>& addresses) { return fmt::format("{}", fmt::join(addresses, ", ")); }

}  // namespace

BrowserNode::BrowserNode(std::unique_ptr<NodeContext> context)
    : Node(std::move(context)), m_lookup(this->context()), m_http(*this, net::AppProtocol::Http) {}

void BrowserNode::start() { m_lookup.start(context().hostSeed()); }

const BrowserView* BrowserNode::view(const std::string& address) const {
    auto it = m_views.find(address);
    return it == m_views.end() ? nullptr : &it->second;
}

const scenario::ClientAccount* BrowserNode::account(const std::string& address) const {
    if (address.empty() && m_spec.accounts.size() == 1) return &m_spec.accounts.front();
    for (const auto& a : m_spec.accounts)
        if (a.address == address) return &a;
    return nullptr;
}

void BrowserNode::perform(const scenario::Action& action) {
    if (handledWhileDown(action)) return;
    const scenario::ClientAccount* acc = account(action.from);
    const std::string host = acc ? context().peerHostname(acc->webmail) : std::string();
    if (host.empty()) {
        event(trace::EventKind::Note,
              trace::phrase("cannot open the webmail: no account {} in this browser", action.from));
        return;
    }
    BrowserView& v = m_views[acc->address];
    switch (action.type) {
        case scenario::ActionType::Send: {
            const http::FormFields fields = {{"to", joined(action.to)},         {"cc", joined(action.cc)},
                                             {"bcc", joined(action.bcc)},       {"subject", action.subject},
                                             {"body", action.body}};
            std::vector<std::string> all = action.to;
            all.insert(all.end(), action.cc.begin(), action.cc.end());
            all.insert(all.end(), action.bcc.begin(), action.bcc.end());
            const std::string rcpts = joined(all);
            visit(*acc, {get("/compose"), post("/send", fields)},
                  trace::phrase("{} writes \"{}\" to {} in the webmail's compose form and presses Send: HTTP to {} "
                                "(port 80)",
                                acc->address, action.subject, rcpts, host),
                  trace::phrase("{} writes \"{}\" to {} in the webmail's compose form and presses Send, after "
                                "logging in to {} (login form, then a session cookie): HTTP to {} (port 80)",
                                acc->address, action.subject, rcpts, host, host));
            return;
        }
        case scenario::ActionType::CheckMail:
            visit(*acc, {get("/inbox")},
                  trace::phrase("{} opens the inbox in the browser: HTTP to {} (port 80)", acc->address, host),
                  trace::phrase("{} opens the inbox in the browser, after logging in to {} (login form, then a session "
                                "cookie): HTTP to {} (port 80)",
                                acc->address, host, host));
            return;
        case scenario::ActionType::Read:
        case scenario::ActionType::Delete: {
            const webmail::InboxLink* link = nullptr;
            for (const auto& l : v.inbox)
                if (l.subject.find(action.subject) != std::string::npos) {
                    link = &l;
                    break;
                }
            if (!link) {
                event(trace::EventKind::Note,
                      trace::phrase("no message about \"{}\" on the inbox page this browser shows (open the inbox "
                                    "first?)",
                                    action.subject));
                return;
            }
            const std::string uid = std::to_string(link->uid);
            if (action.type == scenario::ActionType::Read)
                visit(*acc, {get("/message?uid=" + uid)},
                      trace::phrase("{} clicks \"{}\" in the browser: HTTP to {} (port 80)", acc->address,
                                    link->subject, host),
                      trace::phrase("{} clicks \"{}\" in the browser, after logging in to {} (login form, then a "
                                    "session cookie): HTTP to {} (port 80)",
                                    acc->address, link->subject, host, host));
            else
                visit(*acc, {post("/delete", {{"uid", uid}})},
                      trace::phrase("{} deletes \"{}\" in the browser: HTTP to {} (port 80)", acc->address,
                                    link->subject, host),
                      trace::phrase("{} deletes \"{}\" in the browser, after logging in to {} (login form, then a "
                                    "session cookie): HTTP to {} (port 80)",
                                    acc->address, link->subject, host, host));
            return;
        }
        default:
            event(trace::EventKind::Note,
                  trace::phrase("a browser can only send, check mail, read and delete through the webmail"));
            return;
    }
}

void BrowserNode::visit(const scenario::ClientAccount& acc, std::vector<http::Request> requests, trace::Phrase what,
                        trace::Phrase whatAfterLogin) {
    const std::string host = context().peerHostname(acc.webmail);
    webmail::CookieJar& jar = m_cookies[acc.webmail];
    if (jar.empty()) {
        // No session yet: the login form first (its POST ends in a redirect to the inbox).
        // The login's redirect already lands on the inbox: no need to ask for it twice.
        if (requests.front().method == "GET" && requests.front().target == "/inbox") requests.erase(requests.begin());
        requests.insert(requests.begin(), {get("/"), post("/login", {{"user", acc.address}, {"password", acc.password}})});
        what = std::move(whatAfterLogin);
    }
    event(trace::EventKind::CheckingMail, std::move(what));
    // The browser asks for the webmail's address first, as for any URL.
    auto pending = std::make_shared<std::vector<http::Request>>(std::move(requests));
    m_lookup.find(host, [this, &acc, &jar, host, pending](const HostLookup::Answer& a) {
        if (!a.ok()) {
            event(trace::EventKind::Rejected, HostLookup::unreachable(a));
            return;
        }
        m_http.start(a.addresses.front(), 80, "HTTP",
                     std::make_unique<webmail::BrowserSession>(
                         host, std::move(*pending), jar,
                         [this, &acc](const http::Request& request, const http::Response& response) {
                             pageShown(acc, request, response);
                         }),
                     [this](webmail::BrowserSession& engine, std::uint32_t conn, std::string_view transportError) {
                         const webmail::BrowserResult& r = engine.result();
                         if (!r.success)
                             event(trace::EventKind::Rejected,
                                   trace::phrase("the browser stopped: {}", r.failureReason.empty()
                                                                                ? std::string(transportError)
                                                                                : r.failureReason),
                                   conn);
                     });
    });
}

void BrowserNode::pageShown(const scenario::ClientAccount& acc, const http::Request& request,
                            const http::Response& response) {
    BrowserView& v = m_views[acc.address];
    v.lastPage = response.body;
    v.title = webmail::pageTitle(response.body);
    const std::string path = http::splitTarget(request.target).path;
    trace::Phrase text = trace::phrase("the browser shows \"{}\" ({} {}, {} bytes of HTML)", v.title,
                                       response.status, response.reason, response.body.size());
    if (path == "/inbox" && response.status == 200) {
        v.inbox = webmail::inboxLinks(response.body);
        v.inboxSeen = true;
        std::size_t unread = 0;
        for (const auto& l : v.inbox) unread += l.unread;
        const std::size_t n = v.inbox.size();
        text = trace::phrasePlural("the browser shows \"{}\" ({} {}, {} bytes of HTML): {} message, {} unread",
                                   "the browser shows \"{}\" ({} {}, {} bytes of HTML): {} messages, {} unread",
                                   static_cast<long>(n), v.title, response.status, response.reason,
                                   response.body.size(), n, unread);
    }
    if (path == "/" && response.status == 200) return;  // the login form: nothing to tell yet
    trace::Event e;
    e.time = sim().now();
    e.kind = trace::EventKind::Downloaded;
    e.node = m_index;
    e.mailbox = acc.address;
    e.mailboxCount = path == "/inbox" ? static_cast<int>(v.inbox.size()) : -1;
    e.setPhrase(std::move(text));
    trace().events.push_back(std::move(e));
}

}  // namespace postino::world
