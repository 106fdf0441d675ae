// Byte-level checks on a scenario file before any JSON parsing: byte order
// marks, UTF-8 validity (RFC 3629 §3-4) and byte offset -> line:column mapping.
// Must not interpret JSON; only looks at bytes and line breaks.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace postino::scenario {

// 1-based line and column. Columns count Unicode characters (code points), so
// "é" is one column; a tab is one column. Line 0 means "no position".
struct TextPosition {
    int line = 0;
    int column = 0;
};

class LineMap {
public:
    explicit LineMap(std::string_view text);
    // Position of the character that starts at byte `offset` (clamped to the end).
    TextPosition at(std::size_t offset) const;

private:
    std::string_view m_text;
    std::vector<std::size_t> m_lineStarts;
};

enum class Bom { None, Utf8, Utf16Le, Utf16Be, Utf32Le, Utf32Be };

// Looks at the first bytes only.
Bom detectBom(std::string_view bytes);
// Byte length of the BOM (0 for None).
std::size_t bomLength(Bom bom);
// Offset of the first byte that is not part of a well-formed UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF are ill-formed);
// std::string_view::npos when the whole text is valid.
std::size_t findInvalidUtf8(std::string_view text);

}  // namespace postino::scenario
