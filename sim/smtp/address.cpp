#include "smtp/address.h"

#include <cstring>

namespace postino::smtp {

namespace {

bool isAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is8bit(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// atext of RFC 5322 3.2.3
bool isAtext(char c) { return isAlnum(c) || (c != '\0' && std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr); }

bool isSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

bool validLocalPart(std::string_view lp, bool allowUtf8) {
    if (lp.empty() || lp.size() > 128) return false;  // 64 is a SHOULD; be lenient (4.5.3.1.1)
    if (lp.front() == '"') {
        // quoted-string: qtextSMTP / quoted-pair, RFC 5321 4.1.2
        if (lp.size() < 2 || lp.back() != '"') return false;
        for (std::size_t i = 1; i + 1 < lp.size(); ++i) {
            const char c = lp[i];
            if (c == '\\') {
                if (i + 2 >= lp.size()) return false;
                const char e = lp[++i];
                if (static_cast<unsigned char>(e) < 0x20 || e == 0x7f) return false;
                continue;
            }
            if (c == '"') return false;
            if (is8bit(c) ? !allowUtf8 : (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)) return false;
        }
        return true;
    }
    for (char c : lp) {
        if (c == '.' || isAtext(c)) continue;
        if (is8bit(c) && allowUtf8) continue;
        return false;
    }
    return true;
}

}  // namespace

bool hasNonAscii(std::string_view s) {
    for (char c : s)
        if (is8bit(c)) return true;
    return false;
}

std::string_view domainOf(std::string_view address) {
    const auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string_view{} : address.substr(at + 1);
}

std::string_view localPartOf(std::string_view address) {
    const auto at = address.rfind('@');
    return at == std::string_view::npos ? address : address.substr(0, at);
}

bool isValidDomain(std::string_view d, bool allowUtf8) {
    if (d.empty() || d.size() > 255) return false;
    if (d.front() == '[') {
        // address-literal, RFC 5321 4.1.3: keep it simple, printable and no brackets inside
        if (d.size() < 3 || d.back() != ']') return false;
        for (std::size_t i = 1; i + 1 < d.size(); ++i) {
            const auto u = static_cast<unsigned char>(d[i]);
            if (u <= 0x20 || u >= 0x7f || d[i] == '[' || d[i] == ']' || d[i] == '\\') return false;
        }
        return true;
    }
    std::size_t labelLen = 0;
    char prev = '.';
    for (char c : d) {
        if (c == '.') {
            if (labelLen == 0 || prev == '-') return false;
            labelLen = 0;
        } else if (isAlnum(c) || (is8bit(c) && allowUtf8)) {
            ++labelLen;
        } else if (c == '-') {
            if (labelLen == 0) return false;
            ++labelLen;
        } else {
            return false;
        }
        if (labelLen > 63) return false;
        prev = c;
    }
    return labelLen > 0 && prev != '-';
}

bool isValidMailbox(std::string_view address, bool requireDomain, bool allowUtf8) {
    if (address.empty() || address.size() > kMaxPathOctets - 2) return false;
    const auto at = address.rfind('@');
    if (at == std::string_view::npos) return !requireDomain && validLocalPart(address, allowUtf8);
    return validLocalPart(address.substr(0, at), allowUtf8) && isValidDomain(address.substr(at + 1), allowUtf8);
}

PathArgument parsePathArgument(std::string_view args, std::string_view keyword) {
    PathArgument out;
    args = trim(args);
    if (args.size() < keyword.size() + 1 || !equalsIgnoreCase(args.substr(0, keyword.size()), keyword) ||
        args[keyword.size()] != ':') {
        out.status = PathArgument::Status::BadSyntax;
        return out;
    }
    args.remove_prefix(keyword.size() + 1);
    while (!args.empty() && isSpace(args.front())) args.remove_prefix(1);
    if (args.empty()) {
        out.status = PathArgument::Status::BadSyntax;
        return out;
    }

    std::string_view path;
    std::string_view rest;
    if (args.front() == '<') {
        // Find the closing '>' outside a quoted local part.
        bool quoted = false;
        std::size_t close = std::string_view::npos;
        for (std::size_t i = 1; i < args.size(); ++i) {
            const char c = args[i];
            if (quoted && c == '\\') {
                ++i;
                continue;
            }
            if (c == '"') quoted = !quoted;
            if (c == '>' && !quoted) {
                close = i;
                break;
            }
        }
        if (close == std::string_view::npos) {
            out.status = PathArgument::Status::BadAddress;
            return out;
        }
        path = args.substr(1, close - 1);
        rest = args.substr(close + 1);
        if (!rest.empty() && !isSpace(rest.front())) {
            out.status = PathArgument::Status::BadAddress;
            return out;
        }
        if (close + 1 > kMaxPathOctets) {
            out.status = PathArgument::Status::BadAddress;
            return out;
        }
    } else {
        std::size_t end = 0;
        while (end < args.size() && !isSpace(args[end])) ++end;
        path = args.substr(0, end);
        rest = args.substr(end);
        if (path.find_first_of("<>") != std::string_view::npos) {
            out.status = PathArgument::Status::BadAddress;
            return out;
        }
    }

    // Source route "@a,@b:" is obsolete; drop it (RFC 5321 4.1.2, C).
    if (!path.empty() && path.front() == '@') {
        const auto colon = path.find(':');
        if (colon == std::string_view::npos) {
            out.status = PathArgument::Status::BadAddress;
            return out;
        }
        path.remove_prefix(colon + 1);
        if (path.empty()) {
            out.status = PathArgument::Status::BadAddress;
            return out;
        }
    }
    out.address = std::string(path);

    rest = trim(rest);
    while (!rest.empty()) {
        std::size_t end = 0;
        while (end < rest.size() && !isSpace(rest[end])) ++end;
        out.params.emplace_back(rest.substr(0, end));
        rest = trim(rest.substr(end));
    }
    out.status = PathArgument::Status::Ok;
    return out;
}

}  // namespace postino::smtp
