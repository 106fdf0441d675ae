// String-level syntax checks for ids, IPv4 addresses, host names and mail addresses.
#include "scenario/name_syntax.h"

#include "trace/phrase.h"  // N_

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace postino::scenario {

namespace {
bool isLower(char c) { return c >= 'a' && c <= 'z'; }
bool isAlpha(char c) { return isLower(c) || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

bool isValidNodeId(std::string_view id) {
    if (id.empty() || id.size() > 63) return false;
    if (!isLower(id[0]) && !isDigit(id[0])) return false;
    return std::all_of(id.begin(), id.end(), [](char c) { return isLower(c) || isDigit(c) || c == '-'; });
}

std::optional<std::uint32_t> parseIpv4(std::string_view text) {
    std::uint32_t result = 0;
    std::size_t i = 0;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (i >= text.size() || text[i] != '.') return std::nullopt;
            ++i;
        }
        std::size_t start = i;
        unsigned value = 0;
        while (i < text.size() && isDigit(text[i]) && i - start < 4) {
            value = value * 10 + static_cast<unsigned>(text[i] - '0');
            ++i;
        }
        std::size_t len = i - start;
        if (len == 0 || len > 3 || value > 255) return std::nullopt;
        if (len > 1 && text[start] == '0') return std::nullopt;  // "010" could mean octal
        result = (result << 8) | value;
    }
    if (i != text.size()) return std::nullopt;
    return result;
}

std::string formatIpv4(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xFF) + "." +
           std::to_string((a >> 8) & 0xFF) + "." + std::to_string(a & 0xFF);
}

std::string reservedIpv4Reason(std::uint32_t a) {
    unsigned first = a >> 24;
    if (first == 0) return N_("addresses in 0.0.0.0/8 mean \"this network\"");
    if (first == 127) return N_("127.0.0.0/8 is the loopback range");
    if (first >= 224 && first <= 239) return N_("224.0.0.0/4 is the multicast range");
    if (first >= 240) return N_("240.0.0.0/4 is reserved (255.255.255.255 is the broadcast address)");
    return "";
}

bool isValidHostname(std::string_view name) {
    if (name.empty() || name.size() > 253) return false;
    std::size_t start = 0;
    bool lastAllDigits = false;
    while (true) {
        std::size_t dot = name.find('.', start);
        std::string_view label = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63) return false;
        if (label.front() == '-' || label.back() == '-') return false;
        bool allDigits = true;
        for (char c : label) {
            if (!isAlpha(c) && !isDigit(c) && c != '-') return false;
            if (!isDigit(c)) allDigits = false;
        }
        lastAllDigits = allDigits;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return !lastAllDigits;
}

bool isValidDnsName(std::string_view name) {
    if (name.empty() || name.size() > 253) return false;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = name.find('.', start);
        std::string_view label = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63) return false;
        if (label.front() == '-' || label.back() == '-') return false;
        for (char c : label)
            if (!isAlpha(c) && !isDigit(c) && c != '-' && c != '_') return false;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return true;
}

bool isValidMailDomain(std::string_view name) {
    return isValidHostname(name) && name.find('.') != std::string_view::npos;
}

std::optional<std::string> normalizeMailAddress(std::string_view text) {
    if (text.size() > 254) return std::nullopt;
    std::size_t at = text.rfind('@');
    if (at == std::string_view::npos || at == 0) return std::nullopt;
    std::string_view local = text.substr(0, at);
    std::string_view domain = text.substr(at + 1);
    if (local.size() > 64) return std::nullopt;
    static constexpr std::string_view kAtextSpecials = "!#$%&'*+-/=?^_`{|}~";
    if (local.front() == '.' || local.back() == '.') return std::nullopt;
    char prev = 0;
    for (char c : local) {
        bool ok = isAlpha(c) || isDigit(c) || kAtextSpecials.find(c) != std::string_view::npos || c == '.';
        if (!ok) return std::nullopt;
        if (c == '.' && prev == '.') return std::nullopt;
        prev = c;
    }
    if (!isValidMailDomain(domain)) return std::nullopt;
    return toLower(text);
}

std::string_view mailDomainOf(std::string_view address) {
    std::size_t at = address.rfind('@');
    return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

bool isValidLanguageTag(std::string_view tag) {
    std::size_t dash = tag.find('-');
    std::string_view primary = tag.substr(0, dash);
    if (primary.size() < 2 || primary.size() > 3) return false;
    if (!std::all_of(primary.begin(), primary.end(), isLower)) return false;
    while (dash != std::string_view::npos) {
        std::size_t start = dash + 1;
        dash = tag.find('-', start);
        std::string_view sub = tag.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start);
        if (sub.size() < 2 || sub.size() > 8) return false;
        if (!std::all_of(sub.begin(), sub.end(), [](char c) { return isAlpha(c) || isDigit(c); })) return false;
    }
    return true;
}

int editDistance(std::string_view a, std::string_view b, int cap) {
    if (a.size() > 64 || b.size() > 64) return cap + 1;
    int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
    if (std::abs(la - lb) > cap) return cap + 1;
    std::vector<int> prev(lb + 1), cur(lb + 1);
    for (int j = 0; j <= lb; ++j) prev[j] = j;
    for (int i = 1; i <= la; ++i) {
        cur[0] = i;
        int rowMin = cur[0];
        for (int j = 1; j <= lb; ++j) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            rowMin = std::min(rowMin, cur[j]);
        }
        if (rowMin > cap) return cap + 1;
        std::swap(prev, cur);
    }
    return std::min(prev[lb], cap + 1);
}

}  // namespace postino::scenario
