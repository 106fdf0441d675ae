#include "nodes/webmail_node.h"

#include "http/cookie.h"
#include "http/form.h"
#include "mail/header_fields.h"
#include "mail/message_builder.h"
#include "mail/message_view.h"
#include "net/ipv4.h"
#include "nodes/submission_events.h"
#include "webmail/origin_check.h"
#include "webmail/pages.h"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <stdexcept>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace postino::world {

namespace {

constexpr const char* kCookie = "sid";

// IMF-fixdate (RFC 9110 5.6.7): "Mon, 02 Mar 2026 09:00:01 GMT".
std::string httpDate(Time t) {
    static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const mail::CivilTime c = mail::civilTime(t);
    return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} GMT", kDays[c.weekday], c.day, kMonths[c.month - 1], c.year,
                       c.hour, c.minute, c.second);
}

std::optional<std::uint32_t> parseUid(const std::string* text) {
    if (!text || text->empty()) return std::nullopt;
    std::uint32_t uid = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), uid);
    if (ec != std::errc() || end != text->data() + text->size() || uid == 0) return std::nullopt;
    return uid;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

// "a@x.example, b@y.example" -> the addresses; false with `bad` set when one is not an address.
bool splitAddresses(const std::string* field, std::vector<std::string>& out, std::string& bad) {
    if (!field) return true;
    std::size_t start = 0;
    while (start <= field->size()) {
        const std::size_t comma = field->find(',', start);
        const std::string a = trim(std::string_view(*field).substr(start, comma == std::string::npos ? std::string::npos
                                                                                                      : comma - start));
        if (!a.empty()) {
            const std::size_t at = a.find('@');
            if (at == 0 || at == std::string::npos || at + 1 == a.size() || a.find_first_of(" <>\"\r\n") != std::string::npos) {
                bad = a;
                return false;
            }
            out.push_back(a);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return true;
}

std::string lineEndsLf(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) out += text[i];
    return out;
}

}  // namespace

WebmailNode::WebmailNode(std::unique_ptr<NodeContext> context)
    : Node(std::move(context)),
      m_lookup(this->context()),
      m_httpPort(*this, net::AppProtocol::Http,
                 [this](net::TcpConnection& c) {
                     const std::uint32_t id = c.traceId();
                     return newConnection(net::formatIpv4(c.remoteIp()), [this, id] { m_httpPort.flush(id); });
                 }),
      m_imap(*this, net::AppProtocol::Imap),
      m_smtp(*this, net::AppProtocol::Smtp) {
    m_smtp.setObserver([this](const smtp::ClientSession& e, std::uint32_t c, std::size_t first) {
        m_smtpCarried.observe(e, c, first);
    });
    m_imap.setObserver([this](const imap_client::ClientSession& e, std::uint32_t c, std::size_t first) {
        m_downloadCarried.observeImapClient(e, c, first);
    });
}

void WebmailNode::start() {
    m_httpPort.listen(80, "HTTP");
    m_serverName = context().peerHostname(m_spec.mailServer);
    m_lookup.start(context().hostSeed());  // its own seed: the session cookies' draws stay put
}

std::unique_ptr<webmail::WebConnection> WebmailNode::newConnection(const std::string& peerIp,
                                                                   std::function<void()> wake) {
    return std::make_unique<webmail::WebConnection>(
        [this, peerIp](const http::Request& request, Respond respond) { handle(request, peerIp, std::move(respond)); },
        std::move(wake));
}

http::Response WebmailNode::page(int status, std::string html) {
    http::Response r;
    r.status = status;
    r.headers = {{"Date", httpDate(sim().now())},
                 {"Server", "Postino-Webmail"},
                 {"Content-Type", "text/html; charset=utf-8"},
                 {"Cache-Control", "no-store"}};
    r.body = std::move(html);
    return r;
}

http::Response WebmailNode::redirect(std::string location) {
    http::Response r = page(303, {});
    http::setHeader(r.headers, "Location", std::move(location));
    http::removeHeader(r.headers, "Content-Type");
    return r;
}

http::Response WebmailNode::errorResponse(int status, std::string_view text) {
    return page(status, webmail::errorPage(status, http::reasonPhrase(status), text));
}

WebmailNode::WebSession* WebmailNode::session(const http::Request& request, std::string* sid) {
    const http::CookieList cookies = http::requestCookies(request);
    const std::string* value = http::cookieValue(cookies, kCookie);
    if (!value) return nullptr;
    auto it = m_sessions.find(*value);
    if (it == m_sessions.end()) return nullptr;
    if (sid) *sid = it->first;
    return it->second.get();
}

namespace {

// 64 bits from the system's random source (getentropy(3): the kernel's, or the browser's
// crypto.getRandomValues in the web build; else /dev/urandom); never the lesson's seed. Throws
// when the system has neither (the server then stops with the reason).
std::uint64_t systemRandom64() {
    std::uint64_t value = 0;
    if (getentropy(&value, sizeof value) == 0) return value;
    std::ifstream urandom("/dev/urandom", std::ios::binary);
    if (urandom.read(reinterpret_cast<char*>(&value), sizeof value)) return value;
    throw std::runtime_error("no system random source (getentropy(3) and /dev/urandom both failed) for a webmail session id");
}

}  // namespace

std::string WebmailNode::newSessionId() {
    // Simulated runs draw from the seeded Rng (same seed, same trace); live mode hands the
    // cookie to real browsers, so it must not be predictable from the lesson's public seed.
    const auto draw = [this] { return m_systemRandom ? systemRandom64() : sim().rng().next(); };
    std::string id;
    do {
        const std::uint64_t first = draw();  // the order the lessons' transcripts were made with
        const std::uint64_t second = draw();
        id = fmt::format("{:016x}{:016x}", second, first);
    } while (m_sessions.count(id));
    return id;
}

void WebmailNode::handle(const http::Request& request, const std::string& peerIp, Respond respond) {
    const http::Target target = http::splitTarget(request.target);
    const std::string& path = target.path;
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    const http::FormFields query = http::formDecode(target.query);
    const http::FormFields form = post ? http::formDecode(request.body) : http::FormFields{};

    struct Route {
        const char* path;
        const char* allow;
    };
    static const Route kRoutes[] = {{"/", "GET, HEAD"},        {"/login", "POST"},          {"/inbox", "GET, HEAD"},
                                    {"/message", "GET, HEAD"}, {"/compose", "GET, HEAD"},   {"/send", "POST"},
                                    {"/delete", "POST"},       {"/logout", "POST"}};
    const Route* route = nullptr;
    for (const Route& r : kRoutes)
        if (path == r.path) route = &r;
    if (!route) {
        respond(errorResponse(404, fmt::format("There is no page {} on this webmail.", path)));
        return;
    }
    const bool wantsPost = std::string_view(route->allow) == "POST";
    if ((wantsPost && !post) || (!wantsPost && !get)) {
        http::Response r = errorResponse(405, fmt::format("{} takes {} only.", path, route->allow));
        http::setHeader(r.headers, "Allow", route->allow);
        respond(std::move(r));
        return;
    }
    // Every POST changes something (log in, send, delete, log out): refuse one that a page of
    // another site made the browser send (cross-site request forgery). Browsers send Origin on
    // every POST; a request with neither Origin nor Referer (curl, scripts) is let through.
    if (post) {
        if (const auto foreign = webmail::foreignOrigin(request, m_spec.hostname)) {
            respond(errorResponse(
                403, fmt::format("This form was sent from {}, not from this webmail (http://{}). The webmail "
                                 "refuses it, so that no other site can log in, send or delete mail in your name.",
                                 *foreign, m_spec.hostname)));
            return;
        }
    }
    std::string sid;
    WebSession* s = session(request, &sid);
    if (path == "/login") {
        login(request, peerIp, std::move(respond));
        return;
    }
    if (path == "/") {
        respond(s ? redirect("/inbox") : page(200, webmail::loginPage(m_spec.hostname)));
        return;
    }
    if (!s) {  // every other page needs a login
        respond(redirect("/"));
        return;
    }
    if (path == "/inbox") {
        std::string notice;
        if (http::formValue(query, "sent")) notice = "Message sent.";
        if (http::formValue(query, "deleted")) notice = "Message deleted.";
        showInbox(sid, notice, std::move(respond));
    } else if (path == "/message" || path == "/delete") {
        const auto uid = parseUid(http::formValue(path == "/message" ? query : form, "uid"));
        if (!uid) {
            respond(errorResponse(400, "Say which message with uid=N (a number)."));
            return;
        }
        if (path == "/message") showMessage(sid, *uid, std::move(respond));
        else deleteMessage(sid, *uid, std::move(respond));
    } else if (path == "/compose") {
        respond(page(200, webmail::composePage(m_spec.hostname, s->user)));
    } else if (path == "/send") {
        sendMail(sid, request, std::move(respond));
    } else {
        logout(sid, std::move(respond));
    }
}

void WebmailNode::runImap(std::shared_ptr<WebSession> session, std::vector<imap_client::Operation> ops, ImapDone done) {
    imap_client::ClientJob job;
    job.user = session->user;
    job.password = session->password;
    job.ops = std::move(ops);
    auto pending = std::make_shared<imap_client::ClientJob>(std::move(job));
    // Like Roundcube, it asks for the IMAP server's address for each connection.
    m_lookup.find(m_serverName, [this, session, pending, done = std::move(done)](const HostLookup::Answer& a) {
        if (!a.ok()) {
            event(trace::EventKind::Rejected, HostLookup::unreachable(a));
            done(imap_client::ClientResult{}, HostLookup::nameServiceError(a));
            return;
        }
        // Like its submission, STARTTLS to its own server whenever offered.
        ClientTlsUse tlsUse;
        if (const auto& config = context().tlsClient()) {
            pending->tls = imap_client::ClientTls::Opportunistic;
            tlsUse = {config, a.host, context().unixNow(), false};
        }
        imap_client::DeviceCache& cache = session->cache;
        m_imap.start(a.addresses.front(), 143, "IMAP",
                     std::make_unique<imap_client::ClientSession>(std::move(*pending), cache),
                     [session, done](imap_client::ClientSession& engine, std::uint32_t,
                                     std::string_view transportError) { done(engine.result(), transportError); },
                     std::move(tlsUse));
    });
}

void WebmailNode::login(const http::Request& request, const std::string& peerIp, Respond respond) {
    const http::FormFields form = http::formDecode(request.body);
    const std::string* user = http::formValue(form, "user");
    const std::string* password = http::formValue(form, "password");
    if (!user || !password || user->empty()) {
        respond(page(400, webmail::loginPage(m_spec.hostname, "Type your address and your password.")));
        return;
    }
    event(trace::EventKind::CheckingMail,
          trace::phrase("{} logs in to the webmail from {}: the webmail tries the address and password with an "
                        "IMAP LOGIN on {}",
                        *user, peerIp, m_serverName));
    // The session exists only once IMAP said yes; until then its cache lives here.
    auto pending = std::make_shared<WebSession>(WebSession{*user, *password, {}});
    runImap(pending, {imap_client::Sync{"INBOX"}},
            [this, pending, respond](const imap_client::ClientResult& r, std::string_view transportError) {
                if (!r.success) {
                    const std::string why = r.failureReason.empty() ? std::string(transportError) : r.failureReason;
                    event(trace::EventKind::Rejected,
                          trace::phrase("webmail login for {} refused: {}", pending->user, why));
                    respond(page(403, webmail::loginPage(m_spec.hostname, "Login failed: " + why)));
                    return;
                }
                const std::string sid = newSessionId();
                m_sessions.emplace(sid, pending);
                event(trace::EventKind::Note,
                      trace::phrase("{} is logged in to the webmail: the browser gets a session cookie, the "
                                    "webmail keeps the password to speak IMAP and SMTP for every page",
                                    pending->user));
                http::Response res = redirect("/inbox");
                res.headers.push_back({"Set-Cookie", http::setCookieValue(kCookie, sid)});
                respond(std::move(res));
            });
}

void WebmailNode::showInbox(const std::string& sid, const std::string& notice, Respond respond) {
    runImap(m_sessions.at(sid), {imap_client::Sync{"INBOX"}},
            [this, sid, notice, respond](const imap_client::ClientResult& r, std::string_view transportError) {
                auto it = m_sessions.find(sid);
                if (it == m_sessions.end()) return respond(redirect("/"));
                if (!r.success)
                    return respond(errorResponse(
                        502, "The mail server did not answer the webmail: " +
                                 (r.failureReason.empty() ? std::string(transportError) : r.failureReason)));
                std::vector<webmail::InboxRow> rows;
                if (const auto* inbox = it->second->cache.find("INBOX"))
                    for (const auto& [uid, m] : inbox->messages) {
                        const mail::MessageView v = mail::viewMessage(m.content);
                        rows.push_back({uid, v.from, v.subject, v.date, m.size, m.has(imap_client::kSeen)});
                    }
                respond(page(200, webmail::inboxPage(m_spec.hostname, it->second->user, rows, notice)));
            });
}

void WebmailNode::showMessage(const std::string& sid, std::uint32_t uid, Respond respond) {
    runImap(m_sessions.at(sid), {imap_client::Read{"INBOX", uid}},
            [this, sid, uid, respond](const imap_client::ClientResult& r, std::string_view transportError) {
                auto it = m_sessions.find(sid);
                if (it == m_sessions.end()) return respond(redirect("/"));
                const imap_client::CachedMessage* m = it->second->cache.message("INBOX", uid);
                if (!r.success)
                    return respond(errorResponse(
                        502, "The mail server did not answer the webmail: " +
                                 (r.failureReason.empty() ? std::string(transportError) : r.failureReason)));
                if (!m || !m->downloaded || r.operations.empty() || !r.operations[0].ok())
                    return respond(errorResponse(404, fmt::format("There is no message {} in the inbox.", uid)));
                const mail::MessageView view = mail::viewMessage(m->content);
                event(trace::EventKind::Note,
                      trace::phrase("{} reads \"{}\" in the browser: the webmail fetched it over IMAP (now \\Seen "
                                    "on the server) and sends it as an HTML page",
                                    it->second->user, view.subject));
                respond(page(200, webmail::messagePage(m_spec.hostname, it->second->user, uid, view)));
            });
}

void WebmailNode::deleteMessage(const std::string& sid, std::uint32_t uid, Respond respond) {
    event(trace::EventKind::CheckingMail,
          trace::phrase("{} deletes message {} in the browser: the webmail moves it to Trash over IMAP",
                        m_sessions.at(sid)->user, uid));
    runImap(m_sessions.at(sid), {imap_client::Delete{"INBOX", uid}},
            [this, sid, respond](const imap_client::ClientResult& r, std::string_view transportError) {
                if (!m_sessions.count(sid)) return respond(redirect("/"));
                if (!r.success)
                    return respond(errorResponse(
                        502, "The mail server did not answer the webmail: " +
                                 (r.failureReason.empty() ? std::string(transportError) : r.failureReason)));
                if (r.operations.empty() || !r.operations[0].ok())
                    return respond(errorResponse(404, "That message is not in the inbox any more."));
                respond(redirect("/inbox?deleted=1"));
            });
}

void WebmailNode::sendMail(const std::string& sid, const http::Request& request, Respond respond) {
    const WebSession& s = *m_sessions.at(sid);
    const http::FormFields form = http::formDecode(request.body);
    std::vector<std::string> to, cc, bcc;
    std::string bad;
    if (!splitAddresses(http::formValue(form, "to"), to, bad) || !splitAddresses(http::formValue(form, "cc"), cc, bad) ||
        !splitAddresses(http::formValue(form, "bcc"), bcc, bad) || to.empty()) {
        const std::string problem = bad.empty() ? std::string("Say who the mail is for in To.")
                                                : fmt::format("\"{}\" is not a mail address.", bad);
        return respond(page(400, webmail::composePage(m_spec.hostname, s.user, problem)));
    }
    mail::NewMessage m;
    m.from = s.user;
    m.to = to;
    m.cc = cc;
    const std::string* subject = http::formValue(form, "subject");
    const std::string* body = http::formValue(form, "body");
    m.subject = subject ? *subject : std::string();
    for (char& c : m.subject)
        if (c == '\r' || c == '\n') c = ' ';
    m.body = body ? lineEndsLf(*body) : std::string();  // browsers send CRLF in a textarea
    m.date = sim().now();
    m.messageId = mail::makeMessageId(m.date, ++m_messagesWritten, m_spec.hostname);  // as Roundcube does

    smtp::ClientJob job;
    job.heloName = m_spec.hostname;
    job.auth = std::make_pair(s.user, s.password);
    job.mailFrom = s.user;
    job.rcptTo = to;
    job.rcptTo.insert(job.rcptTo.end(), cc.begin(), cc.end());
    job.rcptTo.insert(job.rcptTo.end(), bcc.begin(), bcc.end());
    job.message = mail::buildMessage(m);
    const std::string copy = job.message;  // the one built message: submitted, then APPENDed to Sent
    const std::string subjectText = m.subject;
    event(trace::EventKind::MailSubmitted,
          trace::phrase("the webmail submits \"{}\" for {} to {} (port 587, AUTH as {}): the browser only spoke HTTP",
                        subjectText, fmt::format("{}", fmt::join(job.rcptTo, ", ")), m_serverName, s.user));
    const auto finish = [this, sid, copy, subjectText, respond](const smtp::ClientResult& r, std::uint32_t conn,
                                                                std::string_view transportError) {
        auto it = m_sessions.find(sid);
        if (!r.success || it == m_sessions.end()) {
            const std::string why = r.failureReason.empty() ? std::string(transportError) : r.failureReason;
            event(trace::EventKind::Rejected,
                  trace::phrase("\"{}\" was not submitted: {}", subjectText, why), conn);
            if (it == m_sessions.end()) return respond(redirect("/"));
            return respond(page(502, webmail::composePage(m_spec.hostname, it->second->user,
                                                          "The mail server refused the mail: " + why)));
        }
        recordSubmitted(*this, subjectText, r, conn);
        // Like any IMAP mail program, the webmail keeps a copy in Sent.
        event(trace::EventKind::CheckingMail,
              trace::phrase("the webmail stores a copy of \"{}\" in Sent of {} (IMAP APPEND)",
                            subjectText, it->second->user));
        imap_client::Append append;
        append.folder = "Sent";
        append.flags = {"\\Seen"};
        append.content = copy;
        runImap(it->second, {std::move(append)},
                [this, respond](const imap_client::ClientResult&, std::string_view) {
                    respond(redirect("/inbox?sent=1"));
                });
    };
    auto pending = std::make_shared<smtp::ClientJob>(std::move(job));
    m_lookup.find(m_serverName, [this, pending, finish](const HostLookup::Answer& a) {
        if (!a.ok()) {
            event(trace::EventKind::Rejected, HostLookup::unreachable(a));
            finish(smtp::ClientResult{}, 0, HostLookup::nameServiceError(a));
            return;
        }
        // Like a webmail on a real provider, STARTTLS to its own server whenever offered.
        ClientTlsUse tlsUse;
        if (const auto& config = context().tlsClient()) {
            pending->tls = smtp::ClientTls::Opportunistic;
            tlsUse = {config, a.host, context().unixNow(), false};
        }
        m_smtp.start(a.addresses.front(), 587, "SMTP submission",
                     std::make_unique<smtp::ClientSession>(std::move(*pending)),
                     [finish](smtp::ClientSession& engine, std::uint32_t conn, std::string_view transportError) {
                         finish(engine.result(), conn, transportError);
                     },
                     std::move(tlsUse));
    });
}

void WebmailNode::logout(const std::string& sid, Respond respond) {
    event(trace::EventKind::Note,
          trace::phrase("{} logs out of the webmail: the session and its cookie are forgotten",
                        m_sessions.at(sid)->user));
    m_sessions.erase(sid);
    http::Response r = redirect("/");
    http::CookieOptions gone;
    gone.maxAge = 0;
    r.headers.push_back({"Set-Cookie", http::setCookieValue(kCookie, "", gone)});
    respond(std::move(r));
}

}  // namespace postino::world
