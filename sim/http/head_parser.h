// Incremental reader of a message head (start line, field lines, empty line) or a trailer section, with limits.
// RFC 9112 2.2 (line ends, leading empty lines, bare CR), 5.1-5.2 (field lines, obs-fold), RFC 9110 5.5.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

// Deliberate choices:
// - A line ends with CRLF or a bare LF (RFC 9112 2.2 MAY; nginx and curl accept both). A CR
//   that is not followed by LF is an error (RFC 9112 2.2 allows rejecting it).
// - Empty lines before the start line are skipped (RFC 9112 2.2 SHOULD ignore at least one).
// - Bytes are checked as they arrive, so binary garbage fails at its first control byte:
//   anywhere in the head only HTAB, SP, VCHAR and obs-text (0x80-0xFF) may appear.
// - Errors (each final; the parser stays failed until reset): a field line starting with SP or
//   HTAB (obs-fold, or whitespace before the first field: RFC 9112 5.2 and 2.2), no colon,
//   an empty or non-token name, whitespace between name and colon (RFC 9112 5.1 MUST reject).
// - Values keep their inner bytes and lose leading and trailing OWS; names keep their case.

namespace postino::http {

struct HeadLimits {
    std::size_t startLine = 8192;  // octets of the start line, without its line end
    std::size_t section = 16384;   // octets after the start line: field lines, line ends, the empty line
    std::size_t fields = 100;      // field lines
};

enum class HeadError {
    None,
    StartLineTooLong,
    SectionTooLong,
    TooManyFields,
    BadByte,  // a control byte or DEL
    BareCr,   // CR not followed by LF
    Folded,   // a field line starting with whitespace
    NoColon,
    BadName,  // empty, or bytes that are not tchar
    SpaceBeforeColon,
};

// A short English description for failure reasons and error pages.
std::string_view describe(HeadError error);

class HeadParser {
public:
    enum class Status { NeedMore, Done, Error };

    // withStartLine = false reads a trailer section (field lines only).
    explicit HeadParser(HeadLimits limits = {}, bool withStartLine = true);

    // Consumes bytes from the front of `input` up to and including the empty line that ends the
    // head (Done; the rest stays in `input`), or all of it (NeedMore), or up to the bad byte or
    // line (Error). After Done or Error it consumes nothing until reset().
    Status feed(std::string_view& input);

    // True once the start line is complete (possibly long before the head is): a caller may
    // check it early, e.g. to refuse a request line without waiting for the fields.
    bool hasStartLine() const { return m_withStartLine && !m_inStartLine; }
    const std::string& startLine() const { return m_startLine; }
    const std::vector<Header>& fields() const { return m_fields; }
    std::vector<Header> takeFields() { return std::move(m_fields); }
    HeadError error() const { return m_error; }
    // True once any byte of the head (other than skipped leading empty lines) arrived.
    bool started() const { return m_started; }
    void reset();

private:
    void endLine();
    void fail(HeadError error);

    HeadLimits m_limits;
    bool m_withStartLine;
    bool m_inStartLine;
    bool m_sawCr = false;
    bool m_started = false;
    Status m_status = Status::NeedMore;
    HeadError m_error = HeadError::None;
    std::size_t m_sectionBytes = 0;
    std::string m_line;
    std::string m_startLine;
    std::vector<Header> m_fields;
};

}  // namespace postino::http
