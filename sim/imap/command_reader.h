// Incremental framing of IMAP client input: collects one whole command (its lines and the
// literals between them) before anything parses it. RFC 3501 2.2 and 4.3 (literals, "+"
// continuation), RFC 7888 ({n+}). Pure byte bookkeeping: it decides no policy, never throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace postino::imap {

class CommandReader {
public:
    enum class Status {
        NeedMore,     // the input ran out inside a command
        Command,      // command() holds a whole command
        Literal,      // command() so far ends with a literal header: see literalSize()
        LineTooLong,  // a line went past the limit; command() holds its start (for the tag)
    };

    explicit CommandReader(std::size_t maxLine);

    // Line mode (IDLE's DONE, AUTHENTICATE responses): every line is a "command", no literals.
    void setLineMode(bool on) { m_lineMode = on; }

    // Consumes bytes from the front of `input` until it has something to report. A line
    // ends at LF (a CR before it is dropped). Bytes after the report stay in `input`.
    Status next(std::string_view& input);

    // Status::Command: the lines and literals as received, "\r\n" after each literal header,
    // without the final line end. Status::Literal: the command so far, ending "{n}\r\n".
    const std::string& command() const { return m_buf; }

    // Status::Literal: the announced size (UINT64_MAX when it does not fit) and whether the
    // client waits for "+" (synchronizing) or sends at once ({n+}).
    std::uint64_t literalSize() const { return m_literalSize; }
    bool literalSync() const { return m_literalSync; }
    // Read the announced literal next (the caller has sent "+ OK" if it was synchronizing).
    void acceptLiteral();
    // Read the announced literal and drop its bytes (a LITERAL+ the caller refuses: they are
    // on their way and must be read, not kept); command() then has it empty.
    void dropLiteral();
    // Forget the command read so far (a rejected synchronizing literal: the client sends
    // nothing more of it). Also done automatically after Command and LineTooLong. A large
    // buffer (a big APPEND) is given back, so an idle session does not keep its size.
    void discard();

    // True while part of a command has been received.
    bool midCommand() const { return !m_buf.empty() || m_state != State::Line || m_lineLen != 0; }

private:
    enum class State { Line, LiteralDecision, LiteralBody, SkipLine };

    void finishLine();
    bool endsWithLiteral(std::size_t segmentStart);

    std::size_t m_maxLine;
    bool m_lineMode = false;
    State m_state = State::Line;
    std::string m_buf;
    std::size_t m_segmentStart = 0;  // where the current line starts in m_buf
    std::size_t m_lineLen = 0;       // octets of the current line seen so far
    bool m_resetPending = false;     // m_buf holds a reported command: clear it first
    std::uint64_t m_literalSize = 0;
    std::uint64_t m_literalLeft = 0;
    bool m_literalSync = false;
    bool m_dropping = false;  // the literal being read is dropped
};

}  // namespace postino::imap
