// IPv4 and IPv6 addresses for SPF's ip4/ip6/a/mx mechanisms: parse, format, CIDR match.
// RFC 4291 2.2 text forms (via inet_pton), RFC 7208 5 (IPv4-mapped IPv6 is treated as IPv4).
// Pure values: no DNS, no sockets.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::auth {

struct IpAddress {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4

    static std::optional<IpAddress> parse(std::string_view text);  // "192.0.2.1", "2001:db8::1"
    static IpAddress v4(std::uint32_t hostOrder);
    static std::optional<IpAddress> fromRdata(const std::vector<std::uint8_t>& aaaa);  // 16 octets

    // ::ffff:a.b.c.d becomes a.b.c.d (RFC 7208 5); others unchanged.
    IpAddress unmapped() const;
    std::string text() const;
    int bits() const { return v6 ? 128 : 32; }
    // Whether this address lies in network/prefix (both of the same family).
    bool inNetwork(const IpAddress& network, int prefix) const;
    bool operator==(const IpAddress&) const = default;
};

}  // namespace postino::auth
