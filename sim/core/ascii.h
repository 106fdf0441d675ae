// ASCII helpers for protocol words (commands, header names, charsets, host names, %XX and =XX
// escapes): only A-Z, a-z and hex digits count, whatever the locale. One home for many parsers.
#pragma once

#include <string>
#include <string_view>

namespace postino {

inline char toLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
inline char toUpperAscii(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
// 0-15 for a hex digit of either case, -1 for anything else.
inline int hexDigitValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
std::string toLowerAscii(std::string_view s);
std::string toUpperAscii(std::string_view s);
bool equalsIgnoreCaseAscii(std::string_view a, std::string_view b);

}  // namespace postino
