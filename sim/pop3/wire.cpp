// POP3 byte helpers: line-end normalisation, safe reply text, multi-line bodies and TOP (RFC 1939 3, 7).
#include "pop3/wire.h"

namespace postino::pop3 {

namespace {

// Calls fn(line) for each line of `content` without its line end (LF or CRLF); a last
// segment without LF counts as a line when it is not empty. fn returns false to stop.
template <typename Fn>
void forEachLine(std::string_view content, Fn&& fn) {
    while (!content.empty()) {
        const std::size_t lf = content.find('\n');
        std::string_view line = content.substr(0, lf);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!fn(line)) return;
        if (lf == std::string_view::npos) return;
        content.remove_prefix(lf + 1);
    }
}

}  // namespace

std::string LineEndNormalizer::apply(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + 8);
    for (char c : bytes) {
        if (c == '\n' && !m_lastWasCr) out += '\r';
        out += c;
        m_lastWasCr = (c == '\r');
    }
    return out;
}

std::string printable(std::string_view text, std::size_t maxLen) {
    std::string out;
    const std::size_t n = text.size() < maxLen ? text.size() : maxLen;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        out += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
    }
    return out;
}

std::string okLine(std::string_view text) {
    std::string out = "+OK";
    if (!text.empty()) {
        out += ' ';
        out += text;
    }
    out += "\r\n";
    return out;
}

std::string errLine(std::string_view text) {
    std::string out = "-ERR";
    if (!text.empty()) {
        out += ' ';
        out += text;
    }
    out += "\r\n";
    return out;
}

void appendMultiline(std::string& out, std::string_view content, long long bodyLines) {
    out.reserve(out.size() + content.size() + content.size() / 32 + 8);
    bool inHeader = true;
    long long remaining = bodyLines;
    forEachLine(content, [&](std::string_view line) {
        if (bodyLines >= 0 && !inHeader) {
            if (remaining <= 0) return false;
            --remaining;
        }
        if (!line.empty() && line.front() == '.') out += '.';
        out += line;
        out += "\r\n";
        if (inHeader && line.empty()) inHeader = false;
        return true;
    });
    out += ".\r\n";
}

std::string toCrlf(std::string_view content) {
    std::string out;
    out.reserve(content.size() + content.size() / 32 + 2);
    forEachLine(content, [&](std::string_view line) {
        out += line;
        out += "\r\n";
        return true;
    });
    return out;
}

std::size_t crlfSize(std::string_view content) {
    std::size_t size = 0;
    forEachLine(content, [&](std::string_view line) {
        size += line.size() + 2;
        return true;
    });
    return size;
}

}  // namespace postino::pop3
