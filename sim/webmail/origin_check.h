// Cross-site request defence for the webmail's state-changing POSTs: does the request's Origin
// (or, without one, its Referer) name this webmail? RFC 6454 (origins), RFC 9110 10.1.3 (Referer),
// the Fetch standard (browsers send Origin on every POST). Pure: no HTTP session, no cookies.
#pragma once

#include "http/message.h"

#include <optional>
#include <string>
#include <string_view>

namespace postino::webmail {

// The origin the browser says the form came from, when it is not this webmail: "http://evil.example",
// "null", or the Referer's "https://x.example:8443". This webmail is http on the request's own
// Host (as the browser addressed it: "webmail.example", "127.0.0.1:10080") or on `ownHost`, with
// port 80 written or not. Empty when the request is same-origin, or carries neither Origin nor
// Referer (curl, scripts and very old browsers: accepted; the SameSite cookie still guards them).
std::optional<std::string> foreignOrigin(const http::Request& request, std::string_view ownHost);

}  // namespace postino::webmail
