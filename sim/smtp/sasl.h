// SASL helpers for SMTP AUTH: base64 and the PLAIN message.
// RFC 4954 4 (base64 exchanges, "=" for empty, "*" cancels), RFC 4616 (PLAIN), RFC 4648 4 (base64).
// Encoding only: it knows no passwords and no session state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace postino::smtp {

std::string base64Encode(std::string_view bytes);

// Strict: only the RFC 4648 alphabet, correct '=' padding, no whitespace.
// Returns nullopt on anything else.
std::optional<std::string> base64Decode(std::string_view text);

struct PlainCredentials {
    std::string authzid;  // usually empty
    std::string authcid;  // the user
    std::string password;
};

// Splits "authzid NUL authcid NUL passwd" (RFC 4616 2). nullopt when malformed.
std::optional<PlainCredentials> decodePlain(std::string_view message);

// base64("\0user\0password"), the initial response of AUTH PLAIN.
std::string encodePlain(std::string_view user, std::string_view password);

}  // namespace postino::smtp
