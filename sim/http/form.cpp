// Percent-decoding, urlencoded forms, target splitting, HTML escaping and UTF-8 repair
// (WHATWG URL Standard 1.3 and 5; RFC 3986 2.1; Unicode 15 3.9 "U+FFFD substitution").
#include "http/form.h"
#include "core/ascii.h"

#include "core/utf8.h"

namespace postino::http {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

std::string decodeFormPart(std::string_view s) {
    std::string plus(s);
    for (char& c : plus)
        if (c == '+') c = ' ';
    return toValidUtf8(percentDecode(plus));
}

}  // namespace

std::string percentDecode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexDigitValue(s[i + 1]) >= 0 && hexDigitValue(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexDigitValue(s[i + 1]) * 16 + hexDigitValue(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

FormFields formDecode(std::string_view body) {
    FormFields out;
    while (!body.empty()) {
        const std::size_t amp = body.find('&');
        const std::string_view piece = body.substr(0, amp);
        body = (amp == std::string_view::npos) ? std::string_view() : body.substr(amp + 1);
        if (piece.empty()) continue;
        const std::size_t eq = piece.find('=');
        if (eq == std::string_view::npos)
            out.emplace_back(decodeFormPart(piece), std::string());
        else
            out.emplace_back(decodeFormPart(piece.substr(0, eq)), decodeFormPart(piece.substr(eq + 1)));
    }
    return out;
}

const std::string* formValue(const FormFields& fields, std::string_view name) {
    for (const auto& [n, v] : fields)
        if (n == name) return &v;
    return nullptr;
}

std::string formEncodeComponent(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*' || c == '-' ||
            c == '.' || c == '_') {
            out.push_back(ch);
        } else if (c == ' ') {
            out.push_back('+');
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0x0F]);
        }
    }
    return out;
}

std::string formEncode(const FormFields& fields) {
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out.push_back('&');
        out += formEncodeComponent(name);
        out.push_back('=');
        out += formEncodeComponent(value);
    }
    return out;
}

std::string htmlEscape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

Target splitTarget(std::string_view target) {
    target = target.substr(0, target.find('#'));
    // absolute-form: scheme "://" authority path-abempty [ "?" query ]; keep from the path on
    const std::size_t scheme = target.find("://");
    bool absolute = false;
    if (scheme != std::string_view::npos && scheme > 0 && target.find_first_of("/?") > scheme) {
        absolute = true;
        const std::size_t pathStart = target.find_first_of("/?", scheme + 3);
        target = (pathStart == std::string_view::npos) ? std::string_view() : target.substr(pathStart);
    }
    const std::size_t q = target.find('?');
    std::string_view path = target.substr(0, q);
    if (absolute && path.empty()) path = "/";
    const std::string_view query = (q == std::string_view::npos) ? std::string_view() : target.substr(q + 1);
    return Target{std::string(path), std::string(query)};
}

}  // namespace postino::http
