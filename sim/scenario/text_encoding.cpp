// Byte order marks, UTF-8 validation and line:column mapping for scenario files.
#include "scenario/text_encoding.h"

#include <algorithm>

namespace postino::scenario {

LineMap::LineMap(std::string_view text) : m_text(text) {
    m_lineStarts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') m_lineStarts.push_back(i + 1);
    }
}

TextPosition LineMap::at(std::size_t offset) const {
    offset = std::min(offset, m_text.size());
    // Last line start <= offset.
    auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    std::size_t lineIndex = static_cast<std::size_t>(it - m_lineStarts.begin()) - 1;
    std::size_t start = m_lineStarts[lineIndex];
    int column = 1;
    for (std::size_t i = start; i < offset; ++i) {
        auto byte = static_cast<unsigned char>(m_text[i]);
        if ((byte & 0xC0) != 0x80) ++column;  // count lead bytes only
    }
    TextPosition pos;
    pos.line = static_cast<int>(lineIndex) + 1;
    pos.column = column;
    return pos;
}

Bom detectBom(std::string_view b) {
    auto byte = [&](std::size_t i) { return i < b.size() ? static_cast<unsigned char>(b[i]) : -1; };
    if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return Bom::Utf8;
    if (byte(0) == 0xFF && byte(1) == 0xFE && byte(2) == 0x00 && byte(3) == 0x00) return Bom::Utf32Le;
    if (byte(0) == 0x00 && byte(1) == 0x00 && byte(2) == 0xFE && byte(3) == 0xFF) return Bom::Utf32Be;
    if (byte(0) == 0xFF && byte(1) == 0xFE) return Bom::Utf16Le;
    if (byte(0) == 0xFE && byte(1) == 0xFF) return Bom::Utf16Be;
    return Bom::None;
}

std::size_t bomLength(Bom bom) {
    switch (bom) {
        case Bom::None: return 0;
        case Bom::Utf8: return 3;
        case Bom::Utf16Le:
        case Bom::Utf16Be: return 2;
        case Bom::Utf32Le:
        case Bom::Utf32Be: return 4;
    }
    return 0;
}

std::size_t findInvalidUtf8(std::string_view t) {
    std::size_t i = 0;
    const std::size_t n = t.size();
    auto at = [&](std::size_t k) { return static_cast<unsigned char>(t[k]); };
    while (i < n) {
        unsigned char c = at(i);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c == 0xE0) {
            len = 3; lo = 0xA0;
        } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
            len = 3;
        } else if (c == 0xED) {
            len = 3; hi = 0x9F;  // no UTF-16 surrogates
        } else if (c == 0xF0) {
            len = 4; lo = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3) {
            len = 4;
        } else if (c == 0xF4) {
            len = 4; hi = 0x8F;  // nothing above U+10FFFF
        } else {
            return i;  // continuation byte without a lead, 0xC0/0xC1 overlong, 0xF5..0xFF
        }
        if (i + len > n) return i;
        if (at(i + 1) < lo || at(i + 1) > hi) return i;
        for (std::size_t k = 2; k < len; ++k) {
            if ((at(i + k) & 0xC0) != 0x80) return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

}  // namespace postino::scenario
