// Sans-I/O HTTP/1.1 server connection: request bytes in, parsed requests queued for the owner,
// responses out strictly in request order. RFC 9112 (2-7, 9.3 persistence, 9.6 closing), RFC 9110.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

#include "http/chunked.h"
#include "http/head_parser.h"
#include "http/message.h"

// How the owner drives it: feed() bytes; while hasRequest(), look at request() and, now or
// later (after IMAP/SMTP work), respond() to it; send takeOutput(); close the connection once
// wantsClose(). No sockets, clocks, threads or exceptions. The owner adds Date and Server.
//
// Deliberate choices:
// - Request line, checked as soon as it ends (so a non-HTTP client is refused at once):
//   exactly "method SP target SP HTTP/d.d"; the method a token (case-sensitive; unknown
//   methods go to the owner, who answers 405 or 501); the target VCHAR only and in
//   origin-form ("/..."), absolute-form ("scheme://..."), "*" for OPTIONS or authority-form
//   for CONNECT; anything else 400. HTTP/1.0 and HTTP/1.1 are served, any other well-formed
//   version gets 505 (also HTTP/1.2, which RFC 9110 6.2 would let us serve as 1.1).
// - Line ends: CRLF or bare LF (as nginx); empty lines before a request are skipped (see
//   head_parser.h).
// - Errors the engine answers itself, then closes: 400 (bad request line or field line, bare
//   CR, control bytes, missing Host in HTTP/1.1, more than one Host, invalid Host, bad or
//   differing Content-Length, Content-Length with Transfer-Encoding, Transfer-Encoding in
//   HTTP/1.0, chunked not exactly once and last, bad chunk framing), 414 (request line over
//   8 KiB), 431 (header section over 16 KiB or over 100 fields), 413 (body over 1 MiB, seen
//   from Content-Length before any body byte, or while decoding chunks), 417 (an Expect other
//   than 100-continue), 501 (a transfer coding other than chunked), 505, and 503 when more
//   than 64 KiB arrive while 16 requests already wait for answers. The error response goes
//   out after the responses to the earlier requests, carries "Connection: close", and input
//   after it is ignored. errorDetail() says why, in English.
// - "Expect: 100-continue" with a body gets "HTTP/1.1 100 Continue" at once if no earlier
//   response is pending (otherwise the client just sends the body: RFC 9110 10.1.1).
// - Persistence (RFC 9112 9.3): HTTP/1.1 keeps the connection unless "Connection: close";
//   HTTP/1.0 closes unless "Connection: keep-alive", which the response then echoes. A
//   response to a closing request gets "Connection: close" (replacing the owner's value);
//   an owner response with "Connection: close" closes too. Bytes after a closing request
//   are ignored.
// - Framing is the engine's: respond() drops the owner's Transfer-Encoding and recomputes
//   Content-Length from the body. A HEAD response keeps the owner's Content-Length if it set
//   one (else the body's length) and loses the body; 204 and 304 lose the body too (a 304
//   keeps an owner Content-Length). A status outside 200-599 becomes a 500 error page.
// - Request headers are handed over as received (a chunked request keeps its
//   Transfer-Encoding field; body is the decoded data; trailer fields are dropped).

namespace postino::http {

inline constexpr std::size_t kMaxRequestLine = 8 * 1024;     // 414 beyond
inline constexpr std::size_t kMaxRequestHead = 16 * 1024;    // header section; 431 beyond
inline constexpr std::size_t kMaxRequestFields = 100;        // 431 beyond
inline constexpr std::size_t kMaxRequestBody = 1024 * 1024;  // 413 beyond
inline constexpr std::size_t kMaxPendingRequests = 16;       // parsed and not yet answered
inline constexpr std::size_t kMaxUnparsedInput = 64 * 1024;  // held while the queue is full; 503 beyond

class ServerSession {
public:
    ServerSession();

    // HTTP has no greeting: nothing is queued. feed() works without it.
    void start() {}
    // Any bytes, any split. Complete requests join the queue; engine errors queue their response.
    void feed(std::string_view bytes);
    std::string takeOutput();
    // True once the last response before closing has been taken with takeOutput().
    bool wantsClose() const { return m_closing && m_output.empty(); }

    // The oldest unanswered request. request() on an empty queue gives an empty Request.
    bool hasRequest() const { return !m_slots.empty() && !m_slots.front().ready; }
    const Request& request() const;
    std::size_t pendingRequests() const;
    // Answers request(). Ignored when there is no request to answer.
    void respond(Response response);

    // Why the engine refused a request ("" when it has not).
    const std::string& errorDetail() const { return m_errorDetail; }

private:
    enum class Phase { Head, Body, Chunked, Stopped };

    struct Slot {
        Request request;
        bool head = false;         // HEAD: the response goes without its body
        bool close = false;        // the connection closes after this response
        bool keepAlive10 = false;  // HTTP/1.0 with keep-alive: echo "Connection: keep-alive"
        bool ready = false;        // `response` is final (an engine error, or answered)
        Response response;
    };

    void parse();
    bool checkRequestLine();
    void onHead();
    bool checkFraming(bool& chunked, std::size_t& length);
    void completeRequest();
    void fail(int status, std::string detail);
    void finalize(Slot& slot);
    void flush();

    Phase m_phase = Phase::Head;
    HeadParser m_head;
    ChunkedDecoder m_chunked;
    std::string m_in;  // bytes not parsed yet (only while the queue is full)
    Request m_current;
    bool m_lineChecked = false;  // m_current has its method, target and version
    std::size_t m_bodyLeft = 0;
    bool m_currentClose = false;
    bool m_currentKeepAlive10 = false;
    std::deque<Slot> m_slots;
    std::string m_output;
    bool m_closing = false;
    std::string m_errorDetail;
};

}  // namespace postino::http
