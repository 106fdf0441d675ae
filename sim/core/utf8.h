// UTF-8 helpers shared by the JSON scanner, IMAP's modified UTF-7, MIME decoding and web
// forms: encoding one code point, and repairing ill-formed bytes (Unicode 3.9, table 3-7).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace postino {

void appendUtf8(std::string& out, std::uint32_t codePoint);
// `bytes` with every ill-formed sequence replaced by U+FFFD (one per maximal subpart).
std::string toValidUtf8(std::string_view bytes);
// Well-formed `text` cut to at most `maxCodePoints` code points, the last being "…" when it
// was cut (never inside a character).
std::string ellipsize(std::string_view text, std::size_t maxCodePoints);

}  // namespace postino
