// Header/body splitting and DKIM canonicalization.
#include "auth/dkim_canon.h"

#include <cctype>

namespace postino::auth {

std::string lowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

namespace {

std::string toCrlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 40);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

bool isWsp(char c) { return c == ' ' || c == '\t'; }

}  // namespace

SplitMessage splitMessage(std::string_view message) {
    SplitMessage out;
    std::string text = toCrlf(message);
    std::size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find("\r\n", pos);
        if (eol == std::string::npos) eol = text.size();
        ++line;
        if (eol == pos) {  // the empty line
            out.body = text.substr(std::min(eol + 2, text.size()));
            return out;
        }
        if (isWsp(text[pos])) {
            if (out.headers.empty()) {
                out.error = "line 1 starts with a space: a continuation with no header field before it";
                return out;
            }
            out.headers.back().raw += text.substr(pos, eol - pos) + "\r\n";
        } else {
            std::size_t colon = text.find(':', pos);
            if (colon == std::string::npos || colon > eol) {
                out.error = "line " + std::to_string(line) + " is not a header field (no ':')";
                return out;
            }
            std::string name = text.substr(pos, colon - pos);
            while (!name.empty() && isWsp(name.back())) name.pop_back();
            out.headers.push_back(HeaderField{name, text.substr(pos, eol - pos) + "\r\n"});
        }
        pos = eol + 2;
    }
    return out;  // no body at all
}

std::string canonHeader(const HeaderField& field, DkimCanon c) {
    if (c == DkimCanon::Simple) return field.raw;
    std::size_t colon = field.raw.find(':');
    std::string value = field.raw.substr(colon + 1);
    std::string out = lowerAscii(field.name) + ":";
    // Unfold (drop CR and LF), collapse WSP runs to one space, trim both ends of the value.
    std::string v;
    bool space = false;
    for (char ch : value) {
        if (ch == '\r' || ch == '\n') continue;
        if (isWsp(ch)) {
            space = true;
            continue;
        }
        if (space && !v.empty()) v += ' ';
        space = false;
        v += ch;
    }
    return out + v + "\r\n";
}

std::string canonBody(std::string_view body, DkimCanon c) {
    std::string text = toCrlf(body);
    std::string out;
    if (c == DkimCanon::Relaxed) {
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t eol = text.find("\r\n", pos);
            bool last = eol == std::string::npos;
            std::string_view line(text.data() + pos, (last ? text.size() : eol) - pos);
            std::string l;
            bool space = false;
            for (char ch : line) {
                if (isWsp(ch)) {
                    space = true;
                    continue;
                }
                if (space) l += ' ';
                space = false;
                l += ch;
            }
            out += l;
            out += "\r\n";  // a last line without CRLF gets one (RFC 6376 3.4.4)
            pos = last ? text.size() : eol + 2;
        }
    } else {
        out = text;
        if (!out.empty() && (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0)) out += "\r\n";
    }
    // Drop empty lines at the end.
    while (out.size() >= 4 && out.compare(out.size() - 4, 4, "\r\n\r\n") == 0) out.resize(out.size() - 2);
    if (out == "\r\n") out.clear();
    if (c == DkimCanon::Simple && out.empty()) out = "\r\n";  // RFC 6376 3.4.3
    return out;
}

std::vector<const HeaderField*> selectHeaders(const std::vector<HeaderField>& headers,
                                              const std::vector<std::string>& names) {
    std::vector<const HeaderField*> out;
    std::vector<bool> used(headers.size(), false);
    for (const std::string& n : names) {
        std::string want = lowerAscii(n);
        for (std::size_t i = headers.size(); i-- > 0;) {
            if (!used[i] && lowerAscii(headers[i].name) == want) {
                used[i] = true;
                out.push_back(&headers[i]);
                break;
            }
        }
    }
    return out;
}

}  // namespace postino::auth
