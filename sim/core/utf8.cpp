#include "core/utf8.h"

#include <string_view>

namespace postino {

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string toValidUtf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        // Table 3-7 of Unicode 3.9: how many continuation bytes, and the range of the first one.
        int need = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c == 0xE0) need = 2, lo = 0xA0;
        else if (c == 0xED) need = 2, hi = 0x9F;  // no surrogates
        else if (c >= 0xE1 && c <= 0xEF) need = 2;
        else if (c == 0xF0) need = 3, lo = 0x90;
        else if (c == 0xF4) need = 3, hi = 0x8F;  // nothing above U+10FFFF
        else if (c >= 0xF1 && c <= 0xF3) need = 3;
        std::size_t j = i + 1;
        int got = 0;
        while (got < need && j < s.size()) {
            const unsigned char d = static_cast<unsigned char>(s[j]);
            if (d < (got == 0 ? lo : 0x80) || d > (got == 0 ? hi : 0xBF)) break;
            ++got;
            ++j;
        }
        if (need > 0 && got == need) out.append(s.substr(i, j - i));
        else out += "\xEF\xBF\xBD";  // the maximal subpart i..j-1 becomes one U+FFFD
        i = j;
    }
    return out;
}

std::string ellipsize(std::string_view text, std::size_t maxCodePoints) {
    if (maxCodePoints == 0) return {};
    std::size_t count = 0, cut = std::string_view::npos;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
        if (count == maxCodePoints - 1) cut = i;
        if (++count > maxCodePoints) return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";  // …
    }
    return std::string(text);
}

}  // namespace postino
