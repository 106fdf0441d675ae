// Cookie helpers: the name/value pairs of a Cookie request field, and Set-Cookie values.
// RFC 6265 4.1 (Set-Cookie syntax), 4.2 and 5.4 (Cookie), RFC 6265bis 4.1.2.7 (SameSite).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Deliberate choices:
// - parseCookies is lenient like browsers and servers: pairs are split on ';', OWS around
//   names and values is trimmed, one pair of surrounding DQUOTEs is removed from a value,
//   pieces without '=' or with an empty name are skipped. Values are not percent-decoded.
//   Duplicates are kept in order; cookieValue returns the first (the most specific path).
// - setCookieValue drops the bytes a cookie may not hold instead of failing: non-tchar bytes
//   from the name, non cookie-octet bytes (CTL, SP, DQUOTE, ',', ';', '\') from the value,
//   CTL and ';' from the path. The attributes come in a fixed order:
//   "name=value; Path=/; Max-Age=N; Secure; HttpOnly; SameSite=Strict".

namespace postino::http {

struct Request;

using CookieList = std::vector<std::pair<std::string, std::string>>;

CookieList parseCookies(std::string_view cookieHeaderValue);
// Every Cookie field of the request, in order.
CookieList requestCookies(const Request& request);
const std::string* cookieValue(const CookieList& cookies, std::string_view name);

struct CookieOptions {
    std::string path = "/";              // empty: no Path attribute
    std::optional<std::int64_t> maxAge;  // seconds; 0 (or negative, written as 0) deletes the cookie
    bool secure = false;
    bool httpOnly = true;
    std::string sameSite = "Strict";  // "Strict", "Lax", "None"; empty: no SameSite attribute
};

// The value of a Set-Cookie field: "sid=abc; Path=/; HttpOnly; SameSite=Strict" by default.
std::string setCookieValue(std::string_view name, std::string_view value, const CookieOptions& options = {});

}  // namespace postino::http
