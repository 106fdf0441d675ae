// What the server checks in a request head: the request line (as soon as it ends), Host, body
// framing, Expect and persistence (RFC 9112 3, 3.2, 6.1-6.3, 9.3; RFC 9110 7.2, 10.1.1).
#include "http/server_session.h"

#include "http/syntax.h"

namespace postino::http {

namespace {

bool isVchar(char c) { return c > 0x20 && c < 0x7F; }

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// HTTP-version = "HTTP/" DIGIT "." DIGIT (case-sensitive, RFC 9112 2.3)
bool isHttpVersion(std::string_view v) {
    return v.size() == 8 && v.substr(0, 5) == "HTTP/" && isDigit(v[5]) && v[6] == '.' && isDigit(v[7]);
}

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://" (RFC 3986 3.1)
bool isAbsoluteForm(std::string_view target) {
    const std::size_t colon = target.find("://");
    if (colon == std::string_view::npos || colon == 0) return false;
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = target[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alpha && (i == 0 || !(isDigit(c) || c == '+' || c == '-' || c == '.'))) return false;
    }
    return true;
}

// RFC 9112 3.2: origin-form, absolute-form, authority-form (CONNECT), asterisk-form (OPTIONS).
bool isValidTarget(std::string_view method, std::string_view target) {
    if (target.empty()) return false;
    for (char c : target)
        if (!isVchar(c)) return false;
    if (target.front() == '/') return true;
    if (target == "*") return method == "OPTIONS";
    if (method == "CONNECT") return target.find('/') == std::string_view::npos;
    return isAbsoluteForm(target);
}

// Host = uri-host [ ":" port ]: reg-name, IPv4 or an IP-literal in brackets (RFC 3986 3.2.2).
bool isValidHost(std::string_view host) {
    for (char c : host) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
        if (!alnum && std::string_view("-._~!$&'()*+,;=:[]%").find(c) == std::string_view::npos) return false;
    }
    return true;
}

}  // namespace

// RFC 9112 3: method SP request-target SP HTTP-version. False after queueing an error.
bool ServerSession::checkRequestLine() {
    m_lineChecked = true;
    const std::string_view line = m_head.startLine();
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = (sp1 == std::string_view::npos) ? sp1 : line.find(' ', sp1 + 1);
    std::string_view error;
    int status = 400;
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
        error = "malformed request line";
    } else {
        m_current.method = std::string(line.substr(0, sp1));
        m_current.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
        m_current.version = std::string(line.substr(sp2 + 1));
        if (!isToken(m_current.method)) {
            error = "invalid method";
        } else if (!isHttpVersion(m_current.version)) {
            error = "invalid HTTP version";
        } else if (m_current.version != "HTTP/1.1" && m_current.version != "HTTP/1.0") {
            status = 505;
            error = "only HTTP/1.0 and HTTP/1.1 are supported";
        } else if (!isValidTarget(m_current.method, m_current.target)) {
            error = "invalid request target";
        }
    }
    if (error.empty()) return true;
    fail(status, std::string(error));
    return false;
}

void ServerSession::onHead() {
    m_current.headers = m_head.takeFields();
    const bool http11 = m_current.version == "HTTP/1.1";

    // Host (RFC 9112 3.2: exactly one in HTTP/1.1, and valid)
    std::size_t hosts = 0;
    for (const Header& h : m_current.headers) {
        if (!iequals(h.name, "Host")) continue;
        ++hosts;
        if (!isValidHost(h.value)) return fail(400, "invalid Host field");
    }
    if (hosts > 1) return fail(400, "more than one Host field");
    if (hosts == 0 && http11) return fail(400, "missing Host field");

    bool chunked = false;
    std::size_t length = 0;
    if (!checkFraming(chunked, length)) return;

    // Expect (RFC 9110 10.1.1): only 100-continue exists; anything else gets 417.
    bool expectContinue = false;
    if (const std::string* expect = m_current.header("Expect")) {
        if (!iequals(trimOws(*expect), "100-continue")) return fail(417, "unsupported expectation");
        expectContinue = true;
    }

    // Persistence (RFC 9112 9.3)
    bool close = false;
    bool keepAlive = false;
    for (const Header& h : m_current.headers) {
        if (!iequals(h.name, "Connection")) continue;
        close = close || listContains(h.value, "close");
        keepAlive = keepAlive || listContains(h.value, "keep-alive");
    }
    m_currentClose = close || (!http11 && !keepAlive);
    m_currentKeepAlive10 = !http11 && !m_currentClose;

    const bool hasBody = chunked || length > 0;
    if (expectContinue && hasBody && http11 && m_slots.empty()) m_output += "HTTP/1.1 100 Continue\r\n\r\n";
    if (chunked) {
        m_chunked = ChunkedDecoder(kMaxRequestBody, HeadLimits{0, kMaxRequestHead, kMaxRequestFields});
        m_phase = Phase::Chunked;
    } else if (length > 0) {
        m_bodyLeft = length;
        m_phase = Phase::Body;
    } else {
        completeRequest();
    }
}

// RFC 9112 6.1-6.3 for requests: Transfer-Encoding (chunked, once, last) or Content-Length
// (digits; duplicates only if identical), never both. False after queueing an error.
bool ServerSession::checkFraming(bool& chunked, std::size_t& length) {
    std::vector<std::string_view> codings;
    bool hasTransferEncoding = false;
    bool hasContentLength = false;
    std::optional<std::uint64_t> contentLength;
    for (const Header& h : m_current.headers) {
        if (iequals(h.name, "Transfer-Encoding")) {
            hasTransferEncoding = true;
            for (std::string_view c : splitList(h.value)) codings.push_back(c);
        } else if (iequals(h.name, "Content-Length")) {
            hasContentLength = true;
            const std::vector<std::string_view> values = splitList(h.value);
            if (values.empty()) {
                fail(400, "empty Content-Length");
                return false;
            }
            for (std::string_view v : values) {
                const std::optional<std::uint64_t> n = parseDecimal(v);
                if (!n) {
                    fail(400, "invalid Content-Length");
                    return false;
                }
                if (contentLength && *contentLength != *n) {
                    fail(400, "differing Content-Length values");
                    return false;
                }
                contentLength = n;
            }
        }
    }
    if (hasTransferEncoding) {
        if (m_current.version == "HTTP/1.0") {
            fail(400, "Transfer-Encoding in an HTTP/1.0 request");
            return false;
        }
        if (hasContentLength) {
            fail(400, "both Content-Length and Transfer-Encoding");
            return false;
        }
        for (std::string_view c : codings) {
            if (!iequals(c, "chunked")) {
                fail(501, "transfer coding not implemented: " + std::string(c.substr(0, 64)));
                return false;
            }
        }
        if (codings.size() != 1) {
            fail(400, "chunked must be the one and final transfer coding");
            return false;
        }
        chunked = true;
        return true;
    }
    if (contentLength && *contentLength > kMaxRequestBody) {
        fail(413, "request body larger than " + std::to_string(kMaxRequestBody) + " octets");
        return false;
    }
    length = contentLength ? static_cast<std::size_t>(*contentLength) : 0;
    return true;
}

}  // namespace postino::http
