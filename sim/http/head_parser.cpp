// The head reader's byte loop and field-line parsing (RFC 9112 2.2, 5.1, 5.2; RFC 9110 5.5, 5.6.2).
#include "http/head_parser.h"

#include "http/syntax.h"

namespace postino::http {

std::string_view describe(HeadError error) {
    switch (error) {
    case HeadError::None: return "no error";
    case HeadError::StartLineTooLong: return "start line too long";
    case HeadError::SectionTooLong: return "header section too large";
    case HeadError::TooManyFields: return "too many header fields";
    case HeadError::BadByte: return "control byte in the message head";
    case HeadError::BareCr: return "CR not followed by LF";
    case HeadError::Folded: return "header line starts with whitespace (obsolete line folding)";
    case HeadError::NoColon: return "header line without a colon";
    case HeadError::BadName: return "invalid header field name";
    case HeadError::SpaceBeforeColon: return "whitespace between header field name and colon";
    }
    return "unknown error";
}

HeadParser::HeadParser(HeadLimits limits, bool withStartLine)
    : m_limits(limits), m_withStartLine(withStartLine), m_inStartLine(withStartLine) {}

void HeadParser::reset() {
    m_inStartLine = m_withStartLine;
    m_sawCr = false;
    m_started = false;
    m_status = Status::NeedMore;
    m_error = HeadError::None;
    m_sectionBytes = 0;
    m_line.clear();
    m_startLine.clear();
    m_fields.clear();
}

void HeadParser::fail(HeadError error) {
    m_status = Status::Error;
    m_error = error;
    m_line.clear();
}

HeadParser::Status HeadParser::feed(std::string_view& input) {
    if (m_status != Status::NeedMore) return m_status;
    std::size_t i = 0;
    while (i < input.size() && m_status == Status::NeedMore) {
        const char c = input[i++];
        const auto u = static_cast<unsigned char>(c);
        if (!m_inStartLine && ++m_sectionBytes > m_limits.section) {
            fail(HeadError::SectionTooLong);
            break;
        }
        if (m_sawCr) {
            m_sawCr = false;
            if (c != '\n') {
                fail(HeadError::BareCr);
                break;
            }
            endLine();
            continue;
        }
        if (c == '\r') {
            m_sawCr = true;
            continue;
        }
        if (c == '\n') {
            endLine();
            continue;
        }
        if ((u < 0x20 && c != '\t') || u == 0x7F) {
            fail(HeadError::BadByte);
            break;
        }
        m_started = true;
        if (m_inStartLine && m_line.size() >= m_limits.startLine) {
            fail(HeadError::StartLineTooLong);
            break;
        }
        m_line.push_back(c);
    }
    input.remove_prefix(i);
    return m_status;
}

void HeadParser::endLine() {
    if (m_inStartLine) {
        if (m_line.empty()) return;  // an empty line before the start line is ignored
        m_startLine = std::move(m_line);
        m_line.clear();
        m_inStartLine = false;
        return;
    }
    if (m_line.empty()) {
        m_status = Status::Done;
        return;
    }
    m_started = true;
    const std::string_view line = m_line;
    if (line.front() == ' ' || line.front() == '\t') return fail(HeadError::Folded);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return fail(HeadError::NoColon);
    const std::string_view name = line.substr(0, colon);
    if (!name.empty() && (name.back() == ' ' || name.back() == '\t')) return fail(HeadError::SpaceBeforeColon);
    if (!isToken(name)) return fail(HeadError::BadName);
    if (m_fields.size() >= m_limits.fields) return fail(HeadError::TooManyFields);
    m_fields.push_back(Header{std::string(name), std::string(trimOws(line.substr(colon + 1)))});
    m_line.clear();
}

}  // namespace postino::http
