// IPv4/IPv6 text forms and prefix matching for SPF.
#include "auth/ip_address.h"

#include <arpa/inet.h>

#include <cstring>

namespace postino::auth {

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    if (text.empty() || text.size() > 45) return std::nullopt;
    std::string s(text);
    IpAddress a;
    if (s.find(':') == std::string::npos) {
        in_addr v4{};
        if (inet_pton(AF_INET, s.c_str(), &v4) != 1) return std::nullopt;
        std::memcpy(a.bytes.data(), &v4, 4);
        return a;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) return std::nullopt;
    a.v6 = true;
    std::memcpy(a.bytes.data(), &v6, 16);
    return a;
}

IpAddress IpAddress::v4(std::uint32_t hostOrder) {
    IpAddress a;
    a.bytes[0] = static_cast<std::uint8_t>(hostOrder >> 24);
    a.bytes[1] = static_cast<std::uint8_t>(hostOrder >> 16);
    a.bytes[2] = static_cast<std::uint8_t>(hostOrder >> 8);
    a.bytes[3] = static_cast<std::uint8_t>(hostOrder);
    return a;
}

std::optional<IpAddress> IpAddress::fromRdata(const std::vector<std::uint8_t>& aaaa) {
    if (aaaa.size() != 16) return std::nullopt;
    IpAddress a;
    a.v6 = true;
    std::memcpy(a.bytes.data(), aaaa.data(), 16);
    return a;
}

IpAddress IpAddress::unmapped() const {
    if (!v6) return *this;
    for (int i = 0; i < 10; ++i) {
        if (bytes[i] != 0) return *this;
    }
    if (bytes[10] != 0xff || bytes[11] != 0xff) return *this;
    IpAddress a;
    for (int i = 0; i < 4; ++i) a.bytes[i] = bytes[12 + i];
    return a;
}

std::string IpAddress::text() const {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
    return buf;
}

bool IpAddress::inNetwork(const IpAddress& network, int prefix) const {
    if (v6 != network.v6 || prefix < 0 || prefix > bits()) return false;
    int full = prefix / 8;
    for (int i = 0; i < full; ++i) {
        if (bytes[i] != network.bytes[i]) return false;
    }
    int rest = prefix % 8;
    if (rest == 0) return true;
    std::uint8_t mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (bytes[full] & mask) == (network.bytes[full] & mask);
}

}  // namespace postino::auth
