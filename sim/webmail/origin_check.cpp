#include "webmail/origin_check.h"

#include "core/ascii.h"

namespace postino::webmail {

namespace {

// "Host:80" -> "host", "Host:8080" -> "host:8080"; scheme http only.
std::string normalizedHost(std::string_view hostPort) {
    std::string h = toLowerAscii(hostPort);
    if (h.size() > 3 && h.compare(h.size() - 3, 3, ":80") == 0) h.resize(h.size() - 3);
    return h;
}

// "http://host[:port]" of an Origin value or of a Referer URL ("http://host/path?x"); the
// scheme lower-cased. Empty when the text is not such a URL.
std::string originOf(std::string_view url) {
    const std::size_t colon = url.find("://");
    if (colon == std::string_view::npos || colon == 0) return {};
    std::string_view rest = url.substr(colon + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (rest.empty() || rest.find('@') != std::string_view::npos) return {};  // no userinfo in an origin
    return toLowerAscii(url.substr(0, colon)) + "://" + std::string(rest);
}

bool isOurs(std::string_view origin, const http::Request& request, std::string_view ownHost) {
    constexpr std::string_view kHttp = "http://";
    if (origin.substr(0, kHttp.size()) != kHttp) return false;  // https, ftp, "null"...: another origin
    const std::string host = normalizedHost(origin.substr(kHttp.size()));
    if (!ownHost.empty() && host == normalizedHost(ownHost)) return true;
    const std::string* requestHost = request.header("Host");
    return requestHost && !requestHost->empty() && host == normalizedHost(*requestHost);
}

}  // namespace

std::optional<std::string> foreignOrigin(const http::Request& request, std::string_view ownHost) {
    if (const std::string* origin = request.header("Origin")) {
        const std::string o = originOf(*origin);
        if (o.empty() || !isOurs(o, request, ownHost)) return *origin;  // "null" too
        return std::nullopt;
    }
    if (const std::string* referer = request.header("Referer")) {
        const std::string o = originOf(*referer);
        if (o.empty() || !isOurs(o, request, ownHost)) return o.empty() ? *referer : o;
    }
    return std::nullopt;
}

}  // namespace postino::webmail
