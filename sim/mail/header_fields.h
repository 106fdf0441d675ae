// Small RFC 5322 helpers on raw message text: is a header field present,
// where the header section ends, the domain part of an address.
// Read-only string work; no MIME decoding here.
#pragma once

#include <string>
#include <string_view>

namespace postino::mail {

// True when the header section (before the first empty line) has a field of
// this name (case-insensitive), e.g. hasHeader(msg, "Message-ID").
bool hasHeader(std::string_view message, std::string_view name);
// How many fields of this name the header section has (hop counting: "Received").
std::size_t countHeader(std::string_view message, std::string_view name);
// The unfolded value of the first field of this name, or "" if absent.
std::string headerValue(std::string_view message, std::string_view name);
// "bob@recipient.example" -> "recipient.example" (lower-case); "" without '@'.
std::string domainOf(std::string_view address);

}  // namespace postino::mail
