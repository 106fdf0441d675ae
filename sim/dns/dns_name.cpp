#include "dns/dns_name.h"

#include "dns/dns_message.h"

namespace postino::dns::name {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string parse(const std::string& text, std::vector<std::string>& labels) {
    labels.clear();
    if (text.empty() || text == ".") return {};
    std::string label;
    std::size_t wire = 1;  // the terminating root label
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '.') {
            if (label.empty()) return "empty label at character " + std::to_string(i) + " of \"" + text + "\"";
            wire += label.size() + 1;
            labels.push_back(std::move(label));
            label.clear();
            continue;
        }
        if (c == '\\') {
            if (i + 1 >= text.size()) return "name ends with a lone backslash: \"" + text + "\"";
            if (isDigit(text[i + 1])) {
                if (i + 3 >= text.size() || !isDigit(text[i + 2]) || !isDigit(text[i + 3])) {
                    return "bad \\DDD escape in \"" + text + "\"";
                }
                int v = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
                if (v > 255) return "escape \\" + text.substr(i + 1, 3) + " is above 255 in \"" + text + "\"";
                label.push_back(toLowerAscii(static_cast<char>(v)));
                i += 3;
            } else {
                label.push_back(toLowerAscii(text[i + 1]));
                i += 1;
            }
        } else {
            label.push_back(toLowerAscii(c));
        }
        if (label.size() > kMaxLabel) {
            return "label longer than 63 octets in \"" + text.substr(0, 80) + (text.size() > 80 ? "...\"" : "\"");
        }
    }
    if (!label.empty()) {
        wire += label.size() + 1;
        labels.push_back(std::move(label));
    }
    if (wire > kMaxNameWire) {
        return "name is " + std::to_string(wire) + " octets on the wire, more than 255";
    }
    return {};
}

void appendLabelText(std::string& out, const std::uint8_t* bytes, std::size_t n) {
    static const char* digits = "0123456789";
    for (std::size_t i = 0; i < n; ++i) {
        char c = toLowerAscii(static_cast<char>(bytes[i]));
        auto u = static_cast<unsigned char>(c);
        if (c == '.' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (u > 0x20 && u < 0x7f) {
            out.push_back(c);
        } else {
            out.push_back('\\');
            out.push_back(digits[u / 100]);
            out.push_back(digits[(u / 10) % 10]);
            out.push_back(digits[u % 10]);
        }
    }
}

}  // namespace postino::dns::name
