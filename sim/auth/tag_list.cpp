// The DKIM/DMARC tag-list parser.
#include "auth/tag_list.h"

#include <cctype>

namespace postino::auth {

namespace {

bool isWsp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string trim(std::string_view s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && isWsp(s[b])) ++b;
    while (e > b && isWsp(s[e - 1])) --e;
    return std::string(s.substr(b, e - b));
}

}  // namespace

std::optional<std::string> TagList::get(std::string_view name) const {
    for (const auto& [n, v] : tags) {
        if (n == name) return v;
    }
    return std::nullopt;
}

std::string withoutWhitespace(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (!isWsp(c)) out += c;
    }
    return out;
}

TagList parseTagList(std::string_view text) {
    TagList out;
    std::size_t start = 0;
    int index = 0;
    while (start <= text.size()) {
        std::size_t semi = text.find(';', start);
        std::string_view spec = text.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start);
        start = semi == std::string_view::npos ? text.size() + 1 : semi + 1;
        std::string trimmed = trim(spec);
        if (trimmed.empty()) {
            if (semi == std::string_view::npos) break;  // a trailing ';' is allowed
            continue;
        }
        ++index;
        std::size_t eq = trimmed.find('=');
        if (eq == std::string::npos) {
            out.error = "tag " + std::to_string(index) + " '" + trimmed + "' has no '='";
            return out;
        }
        std::string name = trim(std::string_view(trimmed).substr(0, eq));
        std::string value = trim(std::string_view(trimmed).substr(eq + 1));
        bool nameOk = !name.empty() && std::isalpha(static_cast<unsigned char>(name[0]));
        for (char c : name) nameOk = nameOk && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
        if (!nameOk) {
            out.error = "tag " + std::to_string(index) + " '" + trimmed + "': '" + name + "' is not a tag name";
            return out;
        }
        if (out.get(name)) {
            out.error = "tag '" + name + "' appears twice";
            return out;
        }
        out.tags.emplace_back(std::move(name), std::move(value));
    }
    return out;
}

}  // namespace postino::auth
