#include "smtp/reply.h"

#include <algorithm>

namespace postino::smtp {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Skips "d.ddd.ddd" at the front of text; returns its length or 0.
std::size_t enhancedLength(std::string_view t) {
    // class "." subject "." detail, subject and detail 1-3 digits (RFC 3463 2)
    if (t.size() < 5 || !isDigit(t[0]) || t[1] != '.') return 0;
    std::size_t i = 2;
    for (int part = 0; part < 2; ++part) {
        std::size_t start = i;
        while (i < t.size() && isDigit(t[i]) && i - start < 3) ++i;
        if (i == start) return 0;
        if (part == 0) {
            if (i >= t.size() || t[i] != '.') return 0;
            ++i;
        }
    }
    if (i < t.size() && t[i] != ' ') return 0;
    return i;
}

}  // namespace

std::string Reply::text() const {
    std::string out;
    for (const auto& l : lines) {
        std::string_view t = l;
        std::size_t n = enhancedLength(t);
        if (n != 0 && !enhanced.empty()) {
            t.remove_prefix(n);
            if (!t.empty() && t.front() == ' ') t.remove_prefix(1);
        }
        if (!out.empty()) out += ' ';
        out += t;
    }
    return out;
}

std::string printable(std::string_view text, std::size_t maxLen) {
    std::string out;
    out.reserve(std::min(text.size(), maxLen));
    for (char c : text) {
        if (out.size() >= maxLen) break;
        const auto u = static_cast<unsigned char>(c);
        out.push_back(u < 0x20 || u >= 0x7f ? '?' : c);
    }
    return out;
}

std::string formatReply(int code, std::string_view enhanced, std::string_view text) {
    std::string out = std::to_string(code);
    out += ' ';
    if (!enhanced.empty()) {
        out += enhanced;
        out += ' ';
    }
    out += printable(text);
    out += "\r\n";
    return out;
}

std::string formatMultiline(int code, const std::vector<std::string>& lines) {
    std::string out;
    const std::string c = std::to_string(code);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out += c;
        out += (i + 1 < lines.size()) ? '-' : ' ';
        out += printable(lines[i]);
        out += "\r\n";
    }
    if (lines.empty()) out = c + "\r\n";
    return out;
}

std::string extractEnhanced(int code, std::string_view text) {
    std::size_t n = enhancedLength(text);
    if (n == 0 || code < 200 || code > 599) return {};
    if (text[0] != static_cast<char>('0' + code / 100)) return {};
    if (text[0] != '2' && text[0] != '4' && text[0] != '5') return {};
    return std::string(text.substr(0, n));
}

ReplyParser::Status ReplyParser::next(std::string_view& input) {
    while (true) {
        LineStatus st = m_reader.next(input);
        if (st == LineStatus::NeedMore) return Status::NeedMore;
        if (st == LineStatus::Error) {
            m_error = m_reader.error() == LineError::TooLong ? "reply line longer than 512 octets"
                                                              : "reply line ends in a bare LF";
            m_current = Reply{};
            return Status::Error;
        }
        const std::string& line = m_reader.line();
        if (line.size() < 3 || !isDigit(line[0]) || !isDigit(line[1]) || !isDigit(line[2]) || line[0] < '2' ||
            line[0] > '5' || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
            m_error = "malformed reply line: " + printable(line, 80);
            m_current = Reply{};
            return Status::Error;
        }
        const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        if (m_current.code != 0 && m_current.code != code) {
            m_error = "continuation line with a different reply code";
            m_current = Reply{};
            return Status::Error;
        }
        m_current.code = code;
        m_current.lines.emplace_back(line.size() > 4 ? line.substr(4) : std::string());
        const bool more = line.size() > 3 && line[3] == '-';
        if (more) {
            if (m_current.lines.size() > 1000) {
                m_error = "reply with too many lines";
                m_current = Reply{};
                return Status::Error;
            }
            continue;
        }
        m_current.enhanced = extractEnhanced(code, m_current.lines.front());
        m_done = std::move(m_current);
        m_current = Reply{};
        return Status::Done;
    }
}

std::string describeReply(const Reply& reply) {
    if (reply.code == 0) return "no reply";
    std::string out = std::to_string(reply.code);
    if (!reply.enhanced.empty()) out += " " + reply.enhanced;
    const std::string t = reply.text();
    if (!t.empty()) out += " " + t;
    return out;
}

}  // namespace postino::smtp
