// Expanding SPF macros in domain-specs (RFC 7208 7).
#include "auth/spf_macro.h"

#include <cctype>
#include <vector>

namespace postino::auth {

namespace {

std::string ipForMacro(const IpAddress& ip) {
    if (!ip.v6) return ip.text();
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 16; ++i) {
        if (!s.empty()) s += '.';
        s += hex[ip.bytes[i] >> 4];
        s += '.';
        s += hex[ip.bytes[i] & 0xf];
    }
    return s;
}

std::string urlEscape(const std::string& v) {
    static const char* hex = "0123456789ABCDEF";
    std::string s;
    for (unsigned char c : v) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            s += static_cast<char>(c);
        } else {
            s += '%';
            s += hex[c >> 4];
            s += hex[c & 0xf];
        }
    }
    return s;
}

std::string letterValue(char letter, const SpfMacroContext& ctx) {
    std::size_t at = ctx.sender.rfind('@');
    switch (letter) {
    case 's': return ctx.sender;
    case 'l': return at == std::string::npos ? "postmaster" : ctx.sender.substr(0, at);
    case 'o': return at == std::string::npos ? ctx.sender : ctx.sender.substr(at + 1);
    case 'd': return ctx.domain;
    case 'i': return ipForMacro(ctx.ip);
    case 'h': return ctx.helo;
    case 'v': return ctx.ip.v6 ? "ip6" : "in-addr";
    case 'p': return "unknown";
    default: return "";
    }
}

std::string transform(const std::string& value, const std::string& spec) {
    std::size_t j = 0;
    int keep = 0;
    while (j < spec.size() && std::isdigit(static_cast<unsigned char>(spec[j]))) {
        keep = std::min(keep * 10 + (spec[j] - '0'), 1000);
        ++j;
    }
    bool reverse = false;
    if (j < spec.size() && (spec[j] == 'r' || spec[j] == 'R')) {
        reverse = true;
        ++j;
    }
    std::string delims = spec.substr(j);
    if (delims.empty()) delims = ".";
    std::vector<std::string> parts(1);
    for (char c : value) {
        if (delims.find(c) != std::string::npos) {
            parts.emplace_back();
        } else {
            parts.back() += c;
        }
    }
    if (reverse) parts = std::vector<std::string>(parts.rbegin(), parts.rend());
    std::size_t from = (keep > 0 && static_cast<std::size_t>(keep) < parts.size()) ? parts.size() - keep : 0;
    std::string out;
    for (std::size_t i = from; i < parts.size(); ++i) {
        if (i > from) out += '.';
        out += parts[i];
    }
    return out;
}

}  // namespace

std::string expandMacros(const std::string& spec, const SpfMacroContext& ctx) {
    std::string out;
    for (std::size_t i = 0; i < spec.size(); ++i) {
        if (spec[i] != '%' || i + 1 >= spec.size()) {
            out += spec[i];
            continue;
        }
        char n = spec[++i];
        if (n == '%') {
            out += '%';
        } else if (n == '_') {
            out += ' ';
        } else if (n == '-') {
            out += "%20";
        } else if (n == '{') {
            std::size_t close = spec.find('}', i);
            if (close == std::string::npos) break;
            std::string body = spec.substr(i + 1, close - i - 1);
            if (!body.empty()) {
                char letter = static_cast<char>(std::tolower(static_cast<unsigned char>(body[0])));
                std::string v = transform(letterValue(letter, ctx), body.substr(1));
                out += std::isupper(static_cast<unsigned char>(body[0])) ? urlEscape(v) : v;
            }
            i = close;
        }
    }
    // RFC 7208 7.3: over 253 octets, drop labels from the left.
    while (out.size() > 253) {
        std::size_t dot = out.find('.');
        if (dot == std::string::npos) break;
        out = out.substr(dot + 1);
    }
    if (!out.empty() && out.back() == '.') out.pop_back();
    return out;
}

}  // namespace postino::auth
