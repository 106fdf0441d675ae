// A browser's visit on one keep-alive connection: a list of requests sent one after the
// other, 303/302/301/307 redirects followed, cookies kept, Origin sent with every POST.
// RFC 9110 15.4, RFC 6265 5, RFC 6454 7 (Origin).
#pragma once

#include "http/client_session.h"
#include "http/message.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace postino::webmail {

// Cookies of one site: name -> value (the webmail sets path "/" only).
using CookieJar = std::map<std::string, std::string>;

struct BrowserResult {
    bool success = false;       // every request got a 2xx page in the end
    std::string failureReason;  // "404 Not Found on /message?uid=9", "the server closed the connection"
};

class BrowserSession {
public:
    // Called for each page the browser ends up showing (after redirects).
    using PageShown = std::function<void(const http::Request& request, const http::Response& response)>;

    // `host` goes in the Host field; the jar must outlive the session.
    BrowserSession(std::string host, std::vector<http::Request> requests, CookieJar& jar, PageShown onPage);

    void feed(std::string_view bytes);
    void connectionClosed();
    std::string takeOutput();
    bool finished() const { return m_done; }
    const BrowserResult& result() const { return m_result; }

private:
    void send(http::Request request);
    void onResponse(const http::ClientResult& r);
    void storeCookies(const http::Response& response);
    void finish(bool success, std::string reason);

    static constexpr int kMaxRedirects = 5;

    std::string m_host;
    std::vector<http::Request> m_requests;
    std::size_t m_next = 0;
    CookieJar& m_jar;
    PageShown m_onPage;
    std::unique_ptr<http::ClientSession> m_exchange;
    int m_redirects = 0;
    std::string m_output;
    bool m_done = false;
    BrowserResult m_result;
};

}  // namespace postino::webmail
