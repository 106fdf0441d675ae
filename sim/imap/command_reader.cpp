// Command framing: lines, literal headers at line ends, literal bodies (RFC 3501 4.3, RFC 7888).
#include "imap/command_reader.h"

namespace postino::imap {

CommandReader::CommandReader(std::size_t maxLine) : m_maxLine(maxLine < 4 ? 4 : maxLine) {}

namespace {
constexpr std::size_t kKeptCapacity = 64 * 1024;
}

void CommandReader::discard() {
    m_buf.clear();
    if (m_buf.capacity() > kKeptCapacity) std::string().swap(m_buf);
    m_dropping = false;
    m_segmentStart = 0;
    m_lineLen = 0;
    m_state = State::Line;
    m_resetPending = false;
    m_literalSize = 0;
    m_literalLeft = 0;
}

void CommandReader::dropLiteral() {
    if (m_state != State::LiteralDecision) return;
    acceptLiteral();
    m_dropping = m_state == State::LiteralBody;
}

void CommandReader::acceptLiteral() {
    if (m_state != State::LiteralDecision) return;
    m_literalLeft = m_literalSize;
    m_state = State::LiteralBody;
    if (m_literalLeft == 0) {
        m_state = State::Line;
        m_segmentStart = m_buf.size();
        m_lineLen = 0;
    }
}

CommandReader::Status CommandReader::next(std::string_view& input) {
    if (m_resetPending) discard();
    while (!input.empty()) {
        switch (m_state) {
        case State::LiteralDecision:
            return Status::Literal;  // the caller has not decided yet
        case State::LiteralBody: {
            const std::size_t take =
                m_literalLeft < input.size() ? static_cast<std::size_t>(m_literalLeft) : input.size();
            if (!m_dropping) m_buf.append(input.substr(0, take));
            input.remove_prefix(take);
            m_literalLeft -= take;
            if (m_literalLeft == 0) {
                m_dropping = false;
                m_state = State::Line;
                m_segmentStart = m_buf.size();
                m_lineLen = 0;
            }
            break;
        }
        case State::Line: {
            const std::size_t lf = input.find('\n');
            const std::size_t len = lf == std::string_view::npos ? input.size() : lf;
            if (m_lineLen + len + 1 > m_maxLine) {
                // Keep what fits (the tag and command name are at the front), skip the rest.
                const std::size_t room = m_lineLen + 1 < m_maxLine ? m_maxLine - 1 - m_lineLen : 0;
                m_buf.append(input.substr(0, room < len ? room : len));
                m_lineLen = m_maxLine;
                if (lf == std::string_view::npos) {
                    input = {};
                    m_state = State::SkipLine;
                    return Status::NeedMore;
                }
                input.remove_prefix(lf + 1);
                m_resetPending = true;
                return Status::LineTooLong;
            }
            m_buf.append(input.substr(0, len));
            m_lineLen += len;
            if (lf == std::string_view::npos) {
                input = {};
                return Status::NeedMore;
            }
            input.remove_prefix(lf + 1);
            if (m_buf.size() > m_segmentStart && m_buf.back() == '\r') m_buf.pop_back();
            if (!m_lineMode && endsWithLiteral(m_segmentStart)) {
                m_buf += "\r\n";
                m_state = State::LiteralDecision;
                return Status::Literal;
            }
            m_resetPending = true;
            return Status::Command;
        }
        case State::SkipLine: {
            const std::size_t lf = input.find('\n');
            if (lf == std::string_view::npos) {
                input = {};
                return Status::NeedMore;
            }
            input.remove_prefix(lf + 1);
            m_state = State::Line;
            m_resetPending = true;
            return Status::LineTooLong;
        }
        }
    }
    return m_state == State::LiteralDecision ? Status::Literal : Status::NeedMore;
}

// True when the line that starts at `start` ends with "{digits}" or "{digits+}" outside a
// quoted string; sets the literal size and kind.
bool CommandReader::endsWithLiteral(std::size_t start) {
    bool inQuote = false;
    for (std::size_t i = start; i < m_buf.size(); ++i) {
        const char c = m_buf[i];
        if (inQuote) {
            if (c == '\\') ++i;
            else if (c == '"') inQuote = false;
        } else if (c == '"') {
            inQuote = true;
        }
    }
    if (inQuote || m_buf.size() < start + 3 || m_buf.back() != '}') return false;
    std::size_t end = m_buf.size() - 1;  // at '}'
    bool sync = true;
    if (m_buf[end - 1] == '+') {
        sync = false;
        --end;
    }
    std::size_t open = end;
    while (open > start && m_buf[open - 1] >= '0' && m_buf[open - 1] <= '9') --open;
    if (open == end || open == start || m_buf[open - 1] != '{') return false;
    std::uint64_t size = 0;
    for (std::size_t i = open; i < end; ++i) {
        const std::uint64_t digit = static_cast<std::uint64_t>(m_buf[i] - '0');
        if (size > (UINT64_MAX - digit) / 10) {
            size = UINT64_MAX;
            break;
        }
        size = size * 10 + digit;
    }
    m_literalSize = size;
    m_literalSync = sync;
    return true;
}

}  // namespace postino::imap
