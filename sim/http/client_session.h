// Sans-I/O HTTP/1.1 client for one request/response exchange on a connection (a browser's fetch):
// request bytes out, the response parsed. RFC 9112 (2-4 status line, 6.3 body length, 7.1 chunked), RFC 9110 15.2.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/chunked.h"
#include "http/head_parser.h"
#include "http/message.h"

// Deliberate choices:
// - The request is sent as serialize() writes it (see message.h); nothing is added, so the
//   caller sets Host (required for HTTP/1.1: a request without one fails at once, unsent),
//   and "Connection: close" if it wants the server to hang up after the answer.
// - Status line, checked as soon as it ends: "HTTP/1.x SP 3DIGIT [SP reason]"; a missing
//   reason (and its SP) is accepted, codes must be 100-599, a major version other than 1
//   fails. 1xx interim responses are skipped, except 101 (never asked for), which fails.
// - Body length as RFC 9112 6.3: none for HEAD, 1xx, 204 and 304; "Transfer-Encoding: chunked"
//   is decoded (any other coding fails: nothing here decompresses; an empty field value reads
//   until the close); else Content-Length (identical duplicates accepted, anything else
//   invalid fails); else until the server closes.
// - Limits: status line 8 KiB, header section 64 KiB (and 1000 fields), body 16 MiB. Over a
//   limit, bad bytes or a close in the middle: failure with a reason, never an exception.
// - Bytes after the complete response are ignored.

namespace postino::http {

inline constexpr std::size_t kMaxStatusLine = 8 * 1024;
inline constexpr std::size_t kMaxResponseHead = 64 * 1024;
inline constexpr std::size_t kMaxResponseFields = 1000;
inline constexpr std::size_t kMaxResponseBody = 16 * 1024 * 1024;

struct ClientResult {
    bool success = false;
    Response response;          // the final response (as far as it got, on failure)
    std::string failureReason;  // "" on success
};

class ClientSession {
public:
    explicit ClientSession(Request request);

    // Queues the request bytes (or fails at once for a request that cannot be sent).
    void start();
    // Server bytes in any split. feed() before start() starts.
    void feed(std::string_view bytes);
    // The transport saw the server close (or the connection broke).
    void connectionClosed();

    std::string takeOutput();
    bool finished() const { return m_phase == Phase::Done; }
    bool wantsClose() const { return finished(); }
    const ClientResult& result() const { return m_result; }
    const Request& request() const { return m_request; }

private:
    enum class Phase { Idle, Head, Body, Chunked, UntilClose, Done };

    void onHead();
    void chooseFraming();
    void succeed();
    void fail(std::string reason);

    Request m_request;
    Phase m_phase = Phase::Idle;
    HeadParser m_head;
    bool m_statusChecked = false;  // the status line is parsed into m_result.response
    ChunkedDecoder m_chunked;
    std::size_t m_bodyLeft = 0;
    std::string m_output;
    ClientResult m_result;
};

}  // namespace postino::http
