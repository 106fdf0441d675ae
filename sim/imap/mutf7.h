// Modified UTF-7 for IMAP mailbox names (the store keeps UTF-8; the wire carries mUTF-7).
// RFC 3501 5.1.3. Pure string conversion; invalid input is reported, never thrown.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace postino::imap {

// UTF-8 -> mUTF-7. Invalid UTF-8 bytes become U+FFFD.
std::string encodeMutf7(std::string_view utf8);
// mUTF-7 -> UTF-8; nullopt when the text is not canonical mUTF-7 (8-bit bytes, bad base64,
// "&" not closed by "-", encoded printable ASCII, unpaired surrogates).
std::optional<std::string> decodeMutf7(std::string_view mutf7);

}  // namespace postino::imap
