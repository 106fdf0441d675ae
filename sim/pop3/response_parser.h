// Incremental parser of POP3 server responses (client side): status lines, multi-line bodies
// and SASL continuations. RFC 1939 3 (+OK/-ERR, byte-stuffing, ".CRLF"), RFC 2449 4 (512-octet
// status lines), 8 (response codes), RFC 5034 4 ("+ "). Parses only: it decides nothing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pop3/wire.h"
#include "smtp/line_reader.h"

namespace postino::pop3 {

struct Response {
    enum class Kind { Ok, Err, Continuation };
    Kind kind = Kind::Err;
    std::string text;       // after "+OK " / "-ERR " / "+ ", as received
    std::string code;       // RFC 2449 8 response code without brackets ("IN-USE", "SYS/TEMP"), or ""
    bool multiline = false; // a body followed the status line
    std::string data;       // that body: dot-unstuffed, CRLF line ends, without the final ".CRLF"

    bool ok() const { return kind == Kind::Ok; }
    // The body split into lines (without CRLF).
    std::vector<std::string> lines() const;
    // "+OK 2 320" / "-ERR [IN-USE] ..." as one readable line (no body).
    std::string describe() const;
};

class ResponseParser {
public:
    enum class Status { Done, NeedMore, Error };
    // What the next response may be. Multiline: a body follows when the status is +OK
    // (CAPA, LIST/UIDL without argument, RETR, TOP). Continuation: "+ " is allowed (AUTH).
    enum class Expect { Single, Multiline, Continuation };

    // Sets what the next response is; `maxData` bounds a multi-line body in octets.
    void expect(Expect what, std::size_t maxData = 16u << 20);

    // Input must have CRLF line ends (see LineEndNormalizer). Consumes bytes until one
    // response is complete (Done: read it with response()), the input runs out, or the
    // stream is broken (Error: see error(); the parser cannot resynchronise).
    Status next(std::string_view& input);
    const Response& response() const { return m_done; }
    const std::string& error() const { return m_error; }

private:
    Status fail(std::string reason);
    Status onStatusLine(const std::string& line);

    smtp::LineReader m_reader{kStatusLineLimit, smtp::BareLf::Reject};
    Expect m_expect = Expect::Single;
    std::size_t m_maxData = 16u << 20;
    bool m_inData = false;
    bool m_broken = false;
    Response m_current;
    Response m_done;
    std::string m_error;
};

}  // namespace postino::pop3
