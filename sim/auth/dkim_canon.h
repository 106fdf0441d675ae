// DKIM's view of a message: its header fields as written, its body, and the two canonicalizations.
// RFC 6376 3.4 (simple and relaxed, header and body), 3.4.5 (l= body length), 5.4.2 (header order).
// Works on bytes; bare LF line ends are taken as CRLF. No crypto here (dkim_key.h), no DNS.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace postino::auth {

enum class DkimCanon { Simple, Relaxed };

struct HeaderField {
    std::string name;  // as written, before the colon
    std::string raw;   // the whole field with its folding and final CRLF
};

struct SplitMessage {
    std::vector<HeaderField> headers;
    std::string body;   // after the empty line, CRLF line ends
    std::string error;  // "line 3 is not a header field (no ':')"; the fields before it are kept
};

// Splits at the first empty line; every line end becomes CRLF.
SplitMessage splitMessage(std::string_view message);

std::string canonHeader(const HeaderField& field, DkimCanon c);  // relaxed: "name:value\r\n"
std::string canonBody(std::string_view body, DkimCanon c);

// Picks header fields for h= the way RFC 6376 5.4.2 says: each name takes the last unused
// instance from the bottom; a name with no instance left contributes nothing.
std::vector<const HeaderField*> selectHeaders(const std::vector<HeaderField>& headers,
                                              const std::vector<std::string>& names);

std::string lowerAscii(std::string_view s);

}  // namespace postino::auth
