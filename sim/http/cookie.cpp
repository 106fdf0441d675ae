// Cookie header parsing and Set-Cookie values (RFC 6265 4.1.1, 4.2.1, 5.2, 5.4; RFC 6265bis SameSite).
#include "http/cookie.h"

#include "http/message.h"
#include "http/syntax.h"

namespace postino::http {

namespace {

// cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E (RFC 6265 4.1.1)
bool isCookieOctet(unsigned char c) { return c >= 0x21 && c <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\'; }

}  // namespace

CookieList parseCookies(std::string_view value) {
    CookieList out;
    while (!value.empty()) {
        const std::size_t semi = value.find(';');
        const std::string_view pair = trimOws(value.substr(0, semi));
        value = (semi == std::string_view::npos) ? std::string_view() : value.substr(semi + 1);
        const std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view name = trimOws(pair.substr(0, eq));
        std::string_view v = trimOws(pair.substr(eq + 1));
        if (name.empty()) continue;
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        out.emplace_back(std::string(name), std::string(v));
    }
    return out;
}

CookieList requestCookies(const Request& request) {
    CookieList out;
    for (const Header& h : request.headers) {
        if (!iequals(h.name, "Cookie")) continue;
        CookieList part = parseCookies(h.value);
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

const std::string* cookieValue(const CookieList& cookies, std::string_view name) {
    for (const auto& [n, v] : cookies)
        if (n == name) return &v;
    return nullptr;
}

std::string setCookieValue(std::string_view name, std::string_view value, const CookieOptions& options) {
    std::string out;
    for (char c : name)
        if (isTchar(static_cast<unsigned char>(c))) out.push_back(c);
    out.push_back('=');
    for (char c : value)
        if (isCookieOctet(static_cast<unsigned char>(c))) out.push_back(c);
    if (!options.path.empty()) {
        out += "; Path=";
        for (char c : options.path) {
            const auto u = static_cast<unsigned char>(c);
            if (u >= 0x20 && u != 0x7F && c != ';') out.push_back(c);
        }
    }
    if (options.maxAge) out += "; Max-Age=" + std::to_string(*options.maxAge < 0 ? 0 : *options.maxAge);
    if (options.secure) out += "; Secure";
    if (options.httpOnly) out += "; HttpOnly";
    if (!options.sameSite.empty()) {
        out += "; SameSite=";
        for (char c : options.sameSite)
            if (isTchar(static_cast<unsigned char>(c))) out.push_back(c);
    }
    return out;
}

}  // namespace postino::http
