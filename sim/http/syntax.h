// HTTP syntax building blocks shared by the parsers and serializers: tokens, OWS, comma lists,
// case-insensitive names, decimal lengths. RFC 9110 5.1 (names), 5.6.1-5.6.3 (lists, tokens, OWS), 8.6.
#pragma once

#include <cstdint>
#include "core/ascii.h"
#include <optional>
#include <string_view>
#include <vector>

namespace postino::http {

// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
//         / DIGIT / ALPHA (RFC 9110 5.6.2)
bool isTchar(unsigned char c);
// token = 1*tchar
bool isToken(std::string_view s);
// ASCII case-insensitive equality (field names, codings, connection options).
inline bool iequals(std::string_view a, std::string_view b) { return equalsIgnoreCaseAscii(a, b); }
// Removes leading and trailing SP / HTAB.
std::string_view trimOws(std::string_view s);
// The elements of a comma-separated list, each with its OWS removed; empty elements are
// dropped as RFC 9110 5.6.1.2 requires of recipients. Quoted strings are not special here
// (the lists this module reads - Connection, Transfer-Encoding, Content-Length - hold tokens).
std::vector<std::string_view> splitList(std::string_view value);
// True when the comma list `value` holds `token` (case-insensitive).
bool listContains(std::string_view value, std::string_view token);
// 1*DIGIT as an unsigned number. nullopt when empty or any byte is not a digit (so no sign,
// no spaces). Values too big for 64 bits saturate at UINT64_MAX instead of wrapping.
std::optional<std::uint64_t> parseDecimal(std::string_view s);

}  // namespace postino::http
