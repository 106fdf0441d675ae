// Decoding for display: RFC 2047 encoded-words in header values, RFC 2045 6.7 quoted-printable,
// and UTF-8 / US-ASCII / ISO-8859-1 / ISO-8859-7 text to well-formed UTF-8 (Unicode 3.9, RFC 3629).
#pragma once

#include "core/utf8.h"

#include <optional>
#include <string>
#include <string_view>

namespace postino::mail {

// "=?UTF-8?B?zrHOsg==?= and =?iso-8859-1?Q?caf=E9?=" -> "αβ and café". Charset names are
// case-insensitive; a word in an unknown charset, or one that does not decode, stays as written.
// Whitespace between two adjacent encoded words is dropped (RFC 2047 6.2); adjacent words in the
// same charset are joined before conversion, so a character split across two words survives.
// The result is well-formed UTF-8 (raw 8-bit text is read as UTF-8, ill-formed bytes -> U+FFFD).
std::string decodeEncodedWords(std::string_view headerValue);

// Quoted-printable UTF-8 text -> well-formed UTF-8. Soft line breaks ("=" before CRLF or LF,
// spaces allowed between, or "=" at the very end) are removed, "=XX" (either case) becomes the
// byte, an "=" that starts neither is kept as it is. Hard line ends are kept as written.
std::string decodeQuotedPrintable(std::string_view body);
// The same decoding, but the octets as they are: for a body in another charset or for counting.
std::string quotedPrintableBytes(std::string_view body);

// `bytes` in `charset` (case-insensitive: UTF-8, US-ASCII, ISO-8859-1, ISO-8859-7 and a few
// aliases) as well-formed UTF-8; std::nullopt for any other charset.
std::optional<std::string> charsetToUtf8(std::string_view bytes, std::string_view charset);
using postino::toValidUtf8;  // core/utf8.h

}  // namespace postino::mail
