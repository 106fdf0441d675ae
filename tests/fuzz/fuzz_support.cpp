// Shared pieces of the libFuzzer targets (see fuzz_support.h).
#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>

#include "core/utf8.h"

namespace postino::fuzz {

void fail(std::string_view what, std::string_view detail) {
    std::fprintf(stderr, "\n==== invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
    if (!detail.empty()) {
        const std::string text = escape(detail);
        std::fprintf(stderr, "%s\n", text.c_str());
    }
    std::fflush(stderr);
    std::abort();
}

std::string escape(std::string_view bytes, std::size_t maxLen) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && out.size() < maxLen; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n\n";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (c < 0x20 || c >= 0x7f) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (out.size() >= maxLen) out += "...";
    return out;
}

Input splitMode(const std::uint8_t* bytes, std::size_t size) {
    Input in;
    if (size == 0) return in;
    in.mode = bytes[0];
    in.data = std::string_view(reinterpret_cast<const char*>(bytes) + 1, size - 1);
    return in;
}

std::size_t countLf(std::string_view bytes) {
    std::size_t n = 0;
    for (char c : bytes) n += c == '\n';
    return n;
}

std::vector<std::string_view> crlfLines(std::string_view out, std::string_view what) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos < out.size()) {
        const std::size_t lf = out.find('\n', pos);
        if (lf == std::string_view::npos) fail(std::string(what) + ": output ends inside a line", out);
        if (lf == pos || out[lf - 1] != '\r') fail(std::string(what) + ": a line ends in a bare LF", out);
        const std::string_view line = out.substr(pos, lf - 1 - pos);
        if (line.find('\r') != std::string_view::npos) fail(std::string(what) + ": a bare CR inside a line", out);
        lines.push_back(line);
        pos = lf + 1;
    }
    return lines;
}

bool isImapClientLimit(std::string_view readerError) {
    return startsWith(readerError, "too many literals") || startsWith(readerError, "nested too deeply") ||
           startsWith(readerError, "response literals too large");
}

void checkImapValue(std::string_view& in, std::string_view what, int depth) {
    const std::string where(what);
    require(depth < 1000, where + ": values nested beyond the stack guard");
    require(!in.empty(), where + ": a value is missing");
    if (in[0] == '(') {
        in.remove_prefix(1);
        bool first = true, previousList = false;
        while (true) {
            require(!in.empty(), where + ": unclosed list");
            if (in[0] == ')') {
                in.remove_prefix(1);
                return;
            }
            // Items are separated by one space; the parts of a multipart body follow each other
            // without one (RFC 3501 9: body-type-mpart = 1*body SP media-subtype).
            if (!first && !(previousList && in[0] == '(')) {
                require(in[0] == ' ', where + ": list items not separated by one space", in.substr(0, 200));
                in.remove_prefix(1);
            }
            first = false;
            previousList = in[0] == '(';
            checkImapValue(in, what, depth + 1);
        }
    }
    if (in[0] == '"') {
        std::size_t i = 1;
        while (true) {
            require(i < in.size(), where + ": unterminated quoted string");
            const auto c = static_cast<unsigned char>(in[i]);
            if (c == '"') break;
            if (c == '\\') {
                require(i + 1 < in.size() && (in[i + 1] == '"' || in[i + 1] == '\\'),
                        where + ": a backslash not before a quoted-special", in.substr(0, 200));
                i += 2;
                continue;
            }
            require(c >= 0x01 && c <= 0x7f && c != '\r' && c != '\n', where + ": a quoted string with a byte "
                    "that needs a literal (CR, LF, NUL or 8-bit)", in.substr(0, 200));
            ++i;
        }
        in.remove_prefix(i + 1);
        return;
    }
    if (in[0] == '{') {
        std::size_t i = 1, n = 0;
        while (i < in.size() && in[i] >= '0' && in[i] <= '9' && i < 12) n = n * 10 + static_cast<std::size_t>(in[i++] - '0');
        require(i > 1 && in.substr(i, 3) == "}\r\n", where + ": a malformed literal header", in.substr(0, 200));
        in.remove_prefix(i + 3);
        require(in.size() >= n, where + ": a literal longer than the rest of the output");
        require(in.substr(0, n).find('\0') == std::string_view::npos, where + ": NUL in a literal (RFC 3501 CHAR8)");
        in.remove_prefix(n);
        return;
    }
    std::size_t i = 0;  // atom, number or NIL
    while (i < in.size() && in[i] != ' ' && in[i] != ')' && in[i] != '(') {
        const auto c = static_cast<unsigned char>(in[i]);
        require(c > 0x20 && c < 0x7f && c != '"' && c != '{' && c != '%' && c != '*' && c != '\\',
                where + ": a byte not allowed in an atom", in.substr(0, 200));
        ++i;
    }
    require(i > 0, where + ": an empty value", in.substr(0, 200));
    in.remove_prefix(i);
}

bool isPrintableAscii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return false;
    return true;
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool isValidUtf8(std::string_view s) { return toValidUtf8(s) == s; }

}  // namespace postino::fuzz
