// ASCII case helpers for protocol words (commands, header names, charsets, host names):
// only A-Z and a-z change, whatever the locale. One home for what many parsers need.
#pragma once

#include <string>
#include <string_view>

namespace postino {

inline char toLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
inline char toUpperAscii(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
std::string toLowerAscii(std::string_view s);
std::string toUpperAscii(std::string_view s);
bool equalsIgnoreCaseAscii(std::string_view a, std::string_view b);

}  // namespace postino
