#include "smtp/line_reader.h"

#include <algorithm>

namespace postino::smtp {

LineReader::LineReader(std::size_t limit, BareLf bareLf) : m_limit(std::max<std::size_t>(limit, 3)), m_bareLf(bareLf) {}

void LineReader::setLimit(std::size_t limit) { m_limit = std::max<std::size_t>(limit, 3); }

void LineReader::reset() {
    m_line.clear();
    m_error = LineError::None;
    m_complete = false;
    m_discarding = false;
    m_lastWasCr = false;
    m_partial = false;
    m_continues = false;
    m_carryCr = false;
}

LineStatus LineReader::next(std::string_view& input) {
    if (m_complete) {
        m_line.clear();
        m_complete = false;
    }
    m_error = LineError::None;
    m_continues = false;
    if (m_carryCr) {
        m_line.push_back('\r');
        m_carryCr = false;
    }

    std::size_t i = 0;
    while (i < input.size()) {
        const char c = input[i++];
        m_partial = true;

        if (m_discarding) {
            // Skip the rest of an overlong line; only CRLF ends it.
            if (c == '\n' && m_lastWasCr) {
                input.remove_prefix(i);
                m_discarding = false;
                m_lastWasCr = false;
                m_partial = false;
                m_complete = true;
                m_error = LineError::TooLong;
                return LineStatus::Error;
            }
            m_lastWasCr = (c == '\r');
            continue;
        }

        if (c == '\n') {
            if (!m_line.empty() && m_line.back() == '\r') {
                m_line.pop_back();
                input.remove_prefix(i);
                m_partial = false;
                m_complete = true;
                return LineStatus::Done;
            }
            if (m_bareLf == BareLf::Reject) {
                input.remove_prefix(i);
                m_partial = false;
                m_complete = true;  // drop what was buffered
                m_line.clear();
                m_error = LineError::BareLf;
                return LineStatus::Error;
            }
            // BareLf::Content falls through: the LF is data.
        }

        // A line of exactly m_limit octets ends with CRLF; m_limit - 1 bytes may be
        // buffered (the last of them the CR). One more byte cannot fit.
        if (m_line.size() + 1 >= m_limit && m_overlong == Overlong::Split) {
            // Hand out what we have as a piece; `c` is read again for the next one. A CR at
            // the end is held back: with the next byte it may be the CRLF that ends the line.
            if (m_line.back() == '\r') {
                m_line.pop_back();
                m_carryCr = true;
            }
            input.remove_prefix(i - 1);
            m_complete = true;
            m_continues = true;
            return LineStatus::Done;
        }
        if (m_line.size() + 1 >= m_limit) {
            m_discarding = true;
            m_lastWasCr = (c == '\r');
            m_line.clear();
            continue;
        }
        m_line.push_back(c);
    }
    input.remove_prefix(i);
    return LineStatus::NeedMore;
}

}  // namespace postino::smtp
