#include "imap_client/command_builder.h"

#include <algorithm>

namespace postino::imap_client {

namespace {

constexpr std::size_t kLiteralMinusMax = 4096;  // RFC 7888 LITERAL-
constexpr std::size_t kMaxArgument = 65536 - 1024;  // an argument that fits a server line

}  // namespace

CommandBuilder::CommandBuilder(std::string_view tag, std::string_view verb, LiteralMode mode) : m_mode(mode) {
    m_pieces.emplace_back(std::string(tag) + " " + std::string(verb));
    m_display = m_pieces.back();
}

CommandBuilder& CommandBuilder::raw(std::string_view text) {
    m_pieces.back() += ' ';
    m_pieces.back() += text;
    m_display += ' ';
    m_display += text;
    return *this;
}

bool CommandBuilder::astring(std::string_view value) {
    if (value.find('\0') != std::string_view::npos || value.size() > kMaxArgument) return false;
    if (auto q = quoteString(value)) {
        raw(*q);
        return true;
    }
    addLiteral(value);
    return true;
}

bool CommandBuilder::literal(std::string_view value, std::size_t maxSize) {
    if (value.find('\0') != std::string_view::npos || value.size() > maxSize) return false;
    addLiteral(value);
    return true;
}

void CommandBuilder::addLiteral(std::string_view value) {
    const bool nonSync = m_mode == LiteralMode::LiteralPlus ||
                         (m_mode == LiteralMode::LiteralMinus && value.size() <= kLiteralMinusMax);
    const std::string marker = "{" + std::to_string(value.size()) + (nonSync ? "+}" : "}");
    m_pieces.back() += " " + marker + "\r\n";
    m_display += " " + marker;
    if (nonSync)
        m_pieces.back() += value;
    else
        m_pieces.emplace_back(value);
}

Command CommandBuilder::finish() {
    m_pieces.back() += "\r\n";
    Command c{std::move(m_pieces), std::move(m_display)};
    m_pieces.clear();
    return c;
}

std::optional<std::string> quoteString(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0 || u == '\r' || u == '\n' || u >= 0x80) return std::nullopt;
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

std::string formatUidSet(const std::vector<std::uint32_t>& uids) {
    std::string out;
    std::size_t i = 0;
    while (i < uids.size()) {
        std::size_t j = i;
        while (j + 1 < uids.size() && uids[j] != 0xFFFFFFFFu && uids[j + 1] == uids[j] + 1) ++j;
        if (!out.empty()) out += ',';
        out += std::to_string(uids[i]);
        if (j > i) out += ":" + std::to_string(uids[j]);
        i = j + 1;
    }
    return out;
}

std::optional<std::vector<std::uint32_t>> parseUidSet(std::string_view set, std::size_t maxCount) {
    std::vector<std::uint32_t> out;
    auto number = [](std::string_view s) -> std::optional<std::uint32_t> {
        if (s.empty() || s.size() > 10) return std::nullopt;
        std::uint64_t v = 0;
        for (char c : s) {
            if (c < '0' || c > '9') return std::nullopt;
            v = v * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (v == 0 || v > 0xFFFFFFFFull) return std::nullopt;
        return static_cast<std::uint32_t>(v);
    };
    if (set.empty()) return std::nullopt;
    while (true) {
        const auto comma = set.find(',');
        const std::string_view part = set.substr(0, comma);
        const auto colon = part.find(':');
        auto a = number(part.substr(0, colon));
        if (!a) return std::nullopt;
        std::uint32_t lo = *a, hi = *a;
        if (colon != std::string_view::npos) {
            auto b = number(part.substr(colon + 1));
            if (!b) return std::nullopt;
            lo = std::min(*a, *b);
            hi = std::max(*a, *b);
        }
        if (static_cast<std::uint64_t>(hi) - lo + 1 + out.size() > maxCount) return std::nullopt;
        for (std::uint64_t u = lo; u <= hi; ++u) out.push_back(static_cast<std::uint32_t>(u));
        if (comma == std::string_view::npos) break;
        set.remove_prefix(comma + 1);
    }
    return out;
}

std::string toCrlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32 + 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace postino::imap_client
