// SMTP replies: formatting server replies and parsing them incrementally on the client side.
// RFC 5321 4.2 (reply lines, multiline "250-"), 4.5.3.1.5 (512 octets), RFC 3463/2034 (enhanced codes).
// No policy here: it does not decide which reply to send, and never throws on bad input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "smtp/line_reader.h"

namespace postino::smtp {

struct Reply {
    int code = 0;                     // 200..599, 0 when none
    std::string enhanced;             // "2.1.5" when the text starts with one, else empty
    std::vector<std::string> lines;   // text of each line after "ddd " / "ddd-" (raw)

    // Text of all lines without the enhanced code, joined with a single space.
    std::string text() const;
    bool positive() const { return code >= 200 && code < 400; }
    bool isIntermediate() const { return code >= 300 && code < 400; }
    bool transientFailure() const { return code >= 400 && code < 500; }
    bool permanentFailure() const { return code >= 500 && code < 600; }
};

// Replaces bytes a reply line must not carry (controls, DEL, 8-bit) with '?', like
// Postfix's printable(), and caps the length so a whole reply line stays within 512.
std::string printable(std::string_view text, std::size_t maxLen = 400);

// "250 2.1.0 Ok\r\n". `enhanced` may be empty. `text` is passed through printable().
// "250 2.0.0 Ok: queued as 4F3A2" — a parsed reply as one readable line.
std::string describeReply(const Reply& reply);

std::string formatReply(int code, std::string_view enhanced, std::string_view text);

// Multiline: every line but the last gets "ddd-". Lines are passed through printable().
std::string formatMultiline(int code, const std::vector<std::string>& lines);

// "2.1.5 Ok" -> "2.1.5" if it is a well-formed enhanced code whose class digit matches
// the reply class; otherwise empty.
std::string extractEnhanced(int code, std::string_view text);

// Incremental reply parser (client side). Feed it bytes; each Done yields one whole
// (possibly multiline) reply. Errors: a line longer than 512, bare LF, a line that is
// not "ddd[ -]text", or a continuation line with a different code.
class ReplyParser {
public:
    enum class Status { Done, NeedMore, Error };

    Status next(std::string_view& input);
    const Reply& reply() const { return m_done; }
    const std::string& error() const { return m_error; }

private:
    LineReader m_reader{kReplyLineLimit, BareLf::Reject};
    Reply m_current;
    Reply m_done;
    std::string m_error;
};

}  // namespace postino::smtp
