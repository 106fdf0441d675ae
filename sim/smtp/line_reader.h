// Incremental CRLF line reader shared by the SMTP server and client engines.
// RFC 5321 2.3.8 (CRLF only), 4.5.3.1.4-6 (512-octet command/reply lines, 1000-octet text lines).
// Pure byte bookkeeping: it never interprets SMTP, never allocates beyond its limit, never throws.
// An overlong line is either skipped and reported once (commands) or handed out in pieces (DATA).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace postino::smtp {

inline constexpr std::size_t kCommandLineLimit = 512;  // incl. CRLF, RFC 5321 4.5.3.1.4
inline constexpr std::size_t kReplyLineLimit = 512;    // incl. CRLF, RFC 5321 4.5.3.1.5
inline constexpr std::size_t kTextLineLimit = 1000;    // incl. CRLF, RFC 5321 4.5.3.1.6
inline constexpr std::size_t kAuthLineLimit = 12288;   // RFC 4954 4 (SASL responses)

enum class LineStatus { Done, NeedMore, Error };
enum class LineError { None, TooLong, BareLf };

// What a LF that is not preceded by CR means.
enum class BareLf {
    Reject,   // command mode: report LineError::BareLf; the bytes before it are dropped
    Content,  // DATA mode: the LF is an ordinary byte of the line (smuggling defence)
};

// What a line longer than the limit becomes.
enum class Overlong {
    Discard,  // skipped to its CRLF and reported once as LineError::TooLong (commands, replies)
    Split,    // handed out in pieces of at most limit - 1 octets, each a Done with continues()
              // true but the last (DATA: Postfix accepts long lines and keeps them whole)
};

class LineReader {
public:
    explicit LineReader(std::size_t limit = kCommandLineLimit, BareLf bareLf = BareLf::Reject);

    // Limit in octets including the CRLF. Takes effect for the next line.
    void setLimit(std::size_t limit);
    void setBareLf(BareLf policy) { m_bareLf = policy; }
    void setOverlong(Overlong policy) { m_overlong = policy; }
    std::size_t limit() const { return m_limit; }

    // Consumes bytes from the front of `input` until one line is complete (Done: read
    // it with line()), the input runs out (NeedMore), or a line is bad (Error: see
    // error()). TooLong is reported once, at the CRLF that finally ends the overlong
    // line, so the caller answers once per line and stays in sync. Bytes after the
    // completed line stay in `input` for the next call.
    LineStatus next(std::string_view& input);

    // The completed line without its CRLF. Valid until the next call to next().
    const std::string& line() const { return m_line; }
    // Overlong::Split only: line() is a piece of a longer line and more of it follows
    // (the piece ends before the CRLF and is not a line of its own).
    bool continues() const { return m_continues; }
    LineError error() const { return m_error; }

    // True while part of a line has been received but not its CRLF.
    bool midLine() const { return m_partial; }
    void reset();

private:
    std::string m_line;
    std::size_t m_limit;
    BareLf m_bareLf;
    Overlong m_overlong = Overlong::Discard;
    LineError m_error = LineError::None;
    bool m_complete = false;     // m_line holds a finished line that must be cleared first
    bool m_discarding = false;   // inside an overlong line, skipping to the next CRLF
    bool m_lastWasCr = false;    // only used while discarding
    bool m_partial = false;
    bool m_continues = false;    // the piece in m_line is not the end of its line
    bool m_carryCr = false;      // a CR held back from the last piece: it may start a CRLF
};

}  // namespace postino::smtp
