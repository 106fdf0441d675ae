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

bool isPrintableAscii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return false;
    return true;
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool isValidUtf8(std::string_view s) { return toValidUtf8(s) == s; }

}  // namespace postino::fuzz
