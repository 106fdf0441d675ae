// SPF macro expansion: %{s} %{l} %{o} %{d} %{i} %{h} %{v} %{p} with digits, 'r' and delimiters.
// RFC 7208 7.2-7.4 (p expands to "unknown": Postino does no PTR look-ups; exp letters c r t are
// not allowed in domain-specs). Pure string work on a string validMacroString() accepted.
#pragma once

#include "auth/ip_address.h"

#include <string>

namespace postino::auth {

struct SpfMacroContext {
    std::string sender;   // local@domain (postmaster@helo when MAIL FROM was empty)
    std::string domain;   // the current <domain>
    std::string helo;
    IpAddress ip;
};

// The expanded domain, cut from the left to at most 253 octets (RFC 7208 7.3).
std::string expandMacros(const std::string& spec, const SpfMacroContext& ctx);

}  // namespace postino::auth
