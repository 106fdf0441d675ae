// Token, list and number helpers (RFC 9110 5.6). Pure functions over bytes.
#include "http/syntax.h"

#include <limits>

namespace postino::http {

bool isTchar(unsigned char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool isToken(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!isTchar(static_cast<unsigned char>(c))) return false;
    return true;
}

std::string_view trimOws(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> splitList(std::string_view value) {
    std::vector<std::string_view> out;
    while (true) {
        const std::size_t comma = value.find(',');
        const std::string_view element = trimOws(value.substr(0, comma));
        if (!element.empty()) out.push_back(element);
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return out;
}

bool listContains(std::string_view value, std::string_view token) {
    for (std::string_view element : splitList(value))
        if (iequals(element, token)) return true;
    return false;
}

std::optional<std::uint64_t> parseDecimal(std::string_view s) {
    if (s.empty()) return std::nullopt;
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t value = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        value = (value > (kMax - digit) / 10) ? kMax : value * 10 + digit;
    }
    return value;
}

}  // namespace postino::http
