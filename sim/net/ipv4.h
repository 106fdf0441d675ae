// IPv4 addresses as host-order uint32: parsing ("192.0.2.10") and formatting.
// Strict dotted-quad only (no octal, hex or short forms). No sockets here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace postino::net {

std::string formatIpv4(std::uint32_t address);
std::optional<std::uint32_t> parseIpv4(std::string_view text);

}  // namespace postino::net
