#include "mail/header_fields.h"

#include <cctype>

namespace postino::mail {

namespace {
bool startsWithField(std::string_view line, std::string_view name) {
    if (line.size() <= name.size() || line[name.size()] != ':') return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != std::tolower(static_cast<unsigned char>(name[i])))
            return false;
    return true;
}

template <typename Fn>
void forEachHeaderLine(std::string_view message, Fn fn) {
    std::size_t pos = 0;
    while (pos < message.size()) {
        std::size_t nl = message.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? message.size() : nl;
        std::string_view line = message.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) return;
        if (!fn(line)) return;
        pos = end + 1;
    }
}
}  // namespace

bool hasHeader(std::string_view message, std::string_view name) {
    bool found = false;
    forEachHeaderLine(message, [&](std::string_view line) {
        found = startsWithField(line, name);
        return !found;
    });
    return found;
}

std::size_t countHeader(std::string_view message, std::string_view name) {
    std::size_t count = 0;
    forEachHeaderLine(message, [&](std::string_view line) {
        count += startsWithField(line, name);
        return true;
    });
    return count;
}

std::string headerValue(std::string_view message, std::string_view name) {
    std::string value;
    bool inField = false, done = false;
    forEachHeaderLine(message, [&](std::string_view line) {
        if (inField) {
            if (line[0] == ' ' || line[0] == '\t') {
                value += line;
                return true;
            }
            done = true;
            return false;
        }
        if (startsWithField(line, name)) {
            inField = true;
            value = std::string(line.substr(name.size() + 1));
        }
        return true;
    });
    (void)done;
    const std::size_t first = value.find_first_not_of(" \t");
    return first == std::string::npos ? std::string() : value.substr(first);
}

std::string domainOf(std::string_view address) {
    const std::size_t at = address.rfind('@');
    if (at == std::string_view::npos) return {};
    std::string d(address.substr(at + 1));
    for (char& c : d) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return d;
}

}  // namespace postino::mail
