// SASL helpers for SMTP AUTH: the PLAIN message (base64 itself is in core/base64.h).
// RFC 4954 4 (base64 exchanges, "=" for empty, "*" cancels), RFC 4616 (PLAIN), RFC 4648 4 (base64).
// Encoding only: it knows no passwords and no session state.
#pragma once

#include "core/base64.h"

#include <optional>
#include <string>
#include <string_view>

namespace postino::smtp {

using postino::base64Decode;
using postino::base64Encode;

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
