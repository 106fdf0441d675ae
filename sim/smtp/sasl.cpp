#include "smtp/sasl.h"

#include "core/base64.h"

namespace postino::smtp {


std::optional<PlainCredentials> decodePlain(std::string_view message) {
    const auto first = message.find('\0');
    if (first == std::string_view::npos) return std::nullopt;
    const auto second = message.find('\0', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    if (message.find('\0', second + 1) != std::string_view::npos) return std::nullopt;
    PlainCredentials c;
    c.authzid = std::string(message.substr(0, first));
    c.authcid = std::string(message.substr(first + 1, second - first - 1));
    c.password = std::string(message.substr(second + 1));
    if (c.authcid.empty()) return std::nullopt;
    return c;
}

std::string encodePlain(std::string_view user, std::string_view password) {
    std::string m;
    m += '\0';
    m += user;
    m += '\0';
    m += password;
    return base64Encode(m);
}

}  // namespace postino::smtp
