// Modified UTF-7 (RFC 3501 5.1.3): printable ASCII as itself, "&" as "&-", everything else
// as UTF-16 in modified base64 ("," for "/", no padding) between "&" and "-".
#include "imap/mutf7.h"
#include "core/utf8.h"

#include <cstdint>
#include <vector>

namespace postino::imap {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int b64Value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == ',') return 63;
    return -1;
}

bool printableAscii(unsigned char c) { return c >= 0x20 && c <= 0x7e; }

// Next code point of UTF-8 text at p (advancing p); U+FFFD for an invalid sequence.
std::uint32_t nextCodePoint(std::string_view s, std::size_t& p) {
    const unsigned char c = static_cast<unsigned char>(s[p]);
    int len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) { ++p; return c; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else { ++p; return 0xFFFD; }
    if (p + static_cast<std::size_t>(len) > s.size()) { ++p; return 0xFFFD; }
    for (int i = 1; i < len; ++i) {
        const unsigned char cc = static_cast<unsigned char>(s[p + static_cast<std::size_t>(i)]);
        if ((cc & 0xC0) != 0x80) { ++p; return 0xFFFD; }
        cp = (cp << 6) | (cc & 0x3F);
    }
    static const std::uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
    p += static_cast<std::size_t>(len);
    if (cp < minimum[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
    return cp;
}

void flushUtf16(std::string& out, const std::vector<std::uint16_t>& units) {
    out += '&';
    std::uint32_t bits = 0;
    int nbits = 0;
    for (std::uint16_t u : units) {
        bits = (bits << 16) | u;
        nbits += 16;
        while (nbits >= 6) {
            nbits -= 6;
            out += kAlphabet[(bits >> nbits) & 0x3F];
        }
        bits &= (1u << nbits) - 1;
    }
    if (nbits > 0) out += kAlphabet[(bits << (6 - nbits)) & 0x3F];
    out += '-';
}

}  // namespace

std::string encodeMutf7(std::string_view utf8) {
    std::string out;
    std::vector<std::uint16_t> pending;
    std::size_t p = 0;
    while (p < utf8.size()) {
        const unsigned char c = static_cast<unsigned char>(utf8[p]);
        if (printableAscii(c)) {
            if (!pending.empty()) {
                flushUtf16(out, pending);
                pending.clear();
            }
            out += c == '&' ? std::string("&-") : std::string(1, static_cast<char>(c));
            ++p;
            continue;
        }
        const std::uint32_t cp = nextCodePoint(utf8, p);
        if (cp >= 0x10000) {
            const std::uint32_t v = cp - 0x10000;
            pending.push_back(static_cast<std::uint16_t>(0xD800 | (v >> 10)));
            pending.push_back(static_cast<std::uint16_t>(0xDC00 | (v & 0x3FF)));
        } else {
            pending.push_back(static_cast<std::uint16_t>(cp));
        }
    }
    if (!pending.empty()) flushUtf16(out, pending);
    return out;
}

std::optional<std::string> decodeMutf7(std::string_view s) {
    std::string out;
    std::size_t p = 0;
    while (p < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[p]);
        if (!printableAscii(c)) return std::nullopt;
        if (c != '&') {
            out += static_cast<char>(c);
            ++p;
            continue;
        }
        const std::size_t end = s.find('-', p + 1);
        if (end == std::string_view::npos) return std::nullopt;
        if (end == p + 1) {
            out += '&';
            p = end + 1;
            continue;
        }
        std::uint32_t bits = 0;
        int nbits = 0;
        std::vector<std::uint16_t> units;
        for (std::size_t i = p + 1; i < end; ++i) {
            const int v = b64Value(s[i]);
            if (v < 0) return std::nullopt;
            bits = (bits << 6) | static_cast<std::uint32_t>(v);
            nbits += 6;
            if (nbits >= 16) {
                nbits -= 16;
                units.push_back(static_cast<std::uint16_t>((bits >> nbits) & 0xFFFF));
                bits &= (1u << nbits) - 1;
            }
        }
        if (nbits >= 6 || bits != 0 || units.empty()) return std::nullopt;  // leftover must be zero padding
        for (std::size_t i = 0; i < units.size(); ++i) {
            std::uint32_t u = units[i];
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (i + 1 >= units.size() || units[i + 1] < 0xDC00 || units[i + 1] > 0xDFFF) return std::nullopt;
                u = 0x10000 + ((u - 0xD800) << 10) + (units[i + 1] - 0xDC00);
                ++i;
            } else if (u >= 0xDC00 && u <= 0xDFFF) {
                return std::nullopt;
            } else if (u < 0x80 && printableAscii(static_cast<unsigned char>(u))) {
                return std::nullopt;  // printable ASCII must not be encoded
            }
            appendUtf8(out, u);
        }
        p = end + 1;
    }
    // Canonical form only: "&AOk-&AOk-" must have been written "&AOkA6Q-".
    if (encodeMutf7(out) != s) return std::nullopt;
    return out;
}

}  // namespace postino::imap
