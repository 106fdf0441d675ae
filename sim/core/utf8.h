// UTF-8 encoding of one Unicode code point, shared by the JSON scanner and
// IMAP's modified UTF-7. The caller validates the code point; no decoding here.
#pragma once

#include <cstdint>
#include <string>

namespace postino {

void appendUtf8(std::string& out, std::uint32_t codePoint);

}  // namespace postino
