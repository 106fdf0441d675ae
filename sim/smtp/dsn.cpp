// RFC 3461 parameter values; the checks follow Postfix 3.7's smtpd (mail_cmd, rcpt_cmd).
#include "smtp/dsn.h"

#include <utility>

#include "smtp/address.h"

namespace postino::smtp {

namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// What Postfix keeps of a decoded value: its C string, up to the first NUL.
std::string_view beforeNul(std::string_view s) { return s.substr(0, s.find('\0')); }

}  // namespace

std::optional<std::string> xtextDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '+') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int hi = hexValue(text[i + 1]);
        const int lo = hexValue(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string xtextEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c != '+' && c != '=' && u > 32 && u < 127) {
            out += c;
        } else {
            out += '+';
            out += kHex[u >> 4];
            out += kHex[u & 0x0f];
        }
    }
    return out;
}

std::optional<DsnNotify> parseNotify(std::string_view value) {
    DsnNotify n;
    while (true) {
        const auto comma = value.find(',');
        const std::string_view item = value.substr(0, comma);
        if (item.empty()) {
            // skipped, as Postfix's dsn_notify_mask does
        } else if (equalsIgnoreCase(item, "NEVER")) {
            n.never = true;
        } else if (equalsIgnoreCase(item, "SUCCESS")) {
            n.success = true;
        } else if (equalsIgnoreCase(item, "FAILURE")) {
            n.failure = true;
        } else if (equalsIgnoreCase(item, "DELAY")) {
            n.delay = true;
        } else {
            return std::nullopt;
        }
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    if (n.empty()) return std::nullopt;
    if (n.never && (n.success || n.failure || n.delay)) return std::nullopt;  // RFC 3461 4.1
    return n;
}

std::string formatNotify(const DsnNotify& notify) {
    if (notify.never) return "NEVER";
    std::string out;
    for (const auto& [set, word] : {std::pair{notify.success, "SUCCESS"}, std::pair{notify.failure, "FAILURE"},
                                    std::pair{notify.delay, "DELAY"}}) {
        if (!set) continue;
        if (!out.empty()) out += ',';
        out += word;
    }
    return out;
}

std::optional<std::string> parseRet(std::string_view value) {
    if (equalsIgnoreCase(value, "FULL")) return std::string("FULL");
    if (equalsIgnoreCase(value, "HDRS")) return std::string("HDRS");
    return std::nullopt;
}

std::optional<std::string> parseEnvid(std::string_view value) {
    const auto decoded = xtextDecode(value);
    if (!decoded) return std::nullopt;
    const std::string_view kept = beforeNul(*decoded);
    if (kept.empty()) return std::nullopt;
    for (char c : kept) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7e) return std::nullopt;  // Postfix's allprint(): a tab is refused too
    }
    return std::string(kept);
}

std::optional<std::string> parseOrcpt(std::string_view value) {
    const auto semicolon = value.find(';');
    if (semicolon == std::string_view::npos || semicolon == 0) return std::nullopt;
    const auto decoded = xtextDecode(value.substr(semicolon + 1));
    if (!decoded) return std::nullopt;
    std::string out(value.substr(0, semicolon + 1));
    for (char c : beforeNul(*decoded)) {
        const auto u = static_cast<unsigned char>(c);
        out += u < 0x20 || u == 0x7f ? '?' : c;
    }
    // The type comes straight from the command line; keep it as clean as the address.
    for (std::size_t i = 0; i < semicolon; ++i) {
        const auto u = static_cast<unsigned char>(out[i]);
        if (u < 0x20 || u == 0x7f) out[i] = '?';
    }
    return out;
}

}  // namespace postino::smtp
