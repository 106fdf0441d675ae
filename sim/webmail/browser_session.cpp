#include "webmail/browser_session.h"

#include "http/cookie.h"
#include "http/syntax.h"

#include <fmt/format.h>

namespace postino::webmail {

BrowserSession::BrowserSession(std::string host, std::vector<http::Request> requests, CookieJar& jar,
                               PageShown onPage)
    : m_host(std::move(host)), m_requests(std::move(requests)), m_jar(jar), m_onPage(std::move(onPage)) {
    if (m_requests.empty()) {
        finish(true, {});
        return;
    }
    send(m_requests[m_next++]);
}

void BrowserSession::send(http::Request request) {
    http::setHeader(request.headers, "Host", m_host);
    http::setHeader(request.headers, "User-Agent", "Postino-Browser/1.0");
    if (!m_jar.empty()) {
        std::string cookies;
        for (const auto& [name, value] : m_jar) cookies += (cookies.empty() ? "" : "; ") + name + "=" + value;
        http::setHeader(request.headers, "Cookie", cookies);
    }
    if (request.method == "POST") {
        // As every browser today: a POST says which site's page it comes from (Fetch standard).
        http::setHeader(request.headers, "Origin", "http://" + m_host);
        if (!request.header("Content-Type"))
            request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    }
    m_exchange = std::make_unique<http::ClientSession>(std::move(request));
    m_exchange->start();
    m_output += m_exchange->takeOutput();
    if (m_exchange->finished()) onResponse(m_exchange->result());
}

void BrowserSession::feed(std::string_view bytes) {
    if (m_done || !m_exchange) return;
    m_exchange->feed(bytes);
    m_output += m_exchange->takeOutput();
    if (m_exchange->finished()) onResponse(m_exchange->result());
}

void BrowserSession::connectionClosed() {
    if (m_done) return;
    if (m_exchange) {
        m_exchange->connectionClosed();
        if (m_exchange->finished() && m_exchange->result().success) {
            onResponse(m_exchange->result());
            if (m_done) return;
        }
    }
    finish(false, "the server closed the connection");
}

std::string BrowserSession::takeOutput() { return std::move(m_output); }

void BrowserSession::storeCookies(const http::Response& response) {
    for (const auto& h : response.headers) {
        if (!http::iequals(h.name, "Set-Cookie")) continue;
        const std::string_view v = h.value;
        const std::string_view pair = v.substr(0, v.find(';'));
        const std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos || eq == 0) continue;
        const std::string name(pair.substr(0, eq));
        const std::string value(pair.substr(eq + 1));
        const bool expired = v.find("Max-Age=0") != std::string_view::npos;
        if (expired || value.empty()) m_jar.erase(name);
        else m_jar[name] = value;
    }
}

void BrowserSession::onResponse(const http::ClientResult& r) {
    const http::Request request = m_exchange->request();
    if (!r.success) {
        finish(false, r.failureReason);
        return;
    }
    const http::Response& res = r.response;
    storeCookies(res);
    const std::string* location = res.header("Location");
    const bool redirect = res.status == 301 || res.status == 302 || res.status == 303 || res.status == 307;
    const std::string* connection = res.header("Connection");
    const bool closing = connection && http::listContains(*connection, "close");
    if (redirect && location) {
        if (++m_redirects > kMaxRedirects) {
            finish(false, fmt::format("more than {} redirects", kMaxRedirects));
            return;
        }
        if (closing) {
            finish(false, "the server closed the connection before the redirect");
            return;
        }
        http::Request next;
        // 303 (and, as browsers do, 301/302 after a POST) turns into a GET; 307 repeats the request.
        next.method = res.status == 307 ? request.method : "GET";
        next.target = *location;
        if (res.status == 307) next.body = request.body;
        send(std::move(next));
        return;
    }
    m_redirects = 0;
    if (m_onPage) m_onPage(request, res);
    if (res.status < 200 || res.status > 299) {
        finish(false, fmt::format("{} {} on {}", res.status, res.reason.empty() ? std::string(http::reasonPhrase(res.status))
                                                                                : res.reason,
                                  request.target));
        return;
    }
    if (m_next == m_requests.size()) {
        finish(true, {});
        return;
    }
    if (closing) {
        finish(false, "the server closed the connection");
        return;
    }
    send(m_requests[m_next++]);
}

void BrowserSession::finish(bool success, std::string reason) {
    m_done = true;
    m_result.success = success;
    m_result.failureReason = std::move(reason);
}

}  // namespace postino::webmail
