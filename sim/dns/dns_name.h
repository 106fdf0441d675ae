// Domain names as text <-> labels: parsing the presentation form (with "\."
// and "\DDD" escapes), lower-casing, and RFC size limits. Used by the wire codec.
// RFC 1035 2.3.1, 2.3.4, 3.1, 5.1. Knows nothing of messages or compression.
#pragma once

#include <cstddef>
#include "core/ascii.h"
#include <cstdint>
#include <string>
#include <vector>

namespace postino::dns::name {

// Splits `text` into raw, lower-cased label bytes ("" and "." are the root: no
// labels). Returns an empty string on success, else why the name is invalid
// (empty label, label > 63 octets, name > 255 octets on the wire, bad escape).
std::string parse(const std::string& text, std::vector<std::string>& labels);

// Appends one raw label in presentation form: printable ASCII as-is, '.' and
// '\' escaped with a backslash, anything else as "\DDD". Lower-cases A-Z.
void appendLabelText(std::string& out, const std::uint8_t* bytes, std::size_t n);

// ASCII-only lower-casing (DNS names compare case-insensitively, RFC 4343).
inline std::string lower(std::string_view s) { return toLowerAscii(s); }

}  // namespace postino::dns::name
