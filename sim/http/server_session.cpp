// The server connection's input loop, request queue and in-order responses
// (RFC 9112 6 message body, 9.3 persistence, 9.3.2 pipelining, 9.6 closing).
#include "http/server_session.h"

#include <algorithm>

#include "http/syntax.h"

namespace postino::http {

namespace {

constexpr HeadLimits kRequestHeadLimits{kMaxRequestLine, kMaxRequestHead, kMaxRequestFields};
constexpr HeadLimits kTrailerLimits{0, kMaxRequestHead, kMaxRequestFields};

}  // namespace

ServerSession::ServerSession() : m_head(kRequestHeadLimits), m_chunked(kMaxRequestBody, kTrailerLimits) {}

void ServerSession::feed(std::string_view bytes) {
    if (m_phase == Phase::Stopped || bytes.empty()) return;
    m_in.append(bytes);
    parse();
}

void ServerSession::parse() {
    std::string_view in = m_in;
    while (m_phase != Phase::Stopped && !in.empty()) {
        if (m_phase == Phase::Head) {
            if (m_slots.size() >= kMaxPendingRequests) break;  // wait for respond()
            const HeadParser::Status st = m_head.feed(in);
            if (!m_lineChecked && m_head.hasStartLine() && !checkRequestLine()) break;
            if (st == HeadParser::Status::NeedMore) break;
            if (st == HeadParser::Status::Error) {
                switch (m_head.error()) {
                case HeadError::StartLineTooLong:
                    fail(414, "request line longer than " + std::to_string(kMaxRequestLine) + " octets");
                    break;
                case HeadError::SectionTooLong:
                    fail(431, "header section larger than " + std::to_string(kMaxRequestHead) + " octets");
                    break;
                case HeadError::TooManyFields:
                    fail(431, "more than " + std::to_string(kMaxRequestFields) + " header fields");
                    break;
                default: fail(400, std::string(describe(m_head.error())));
                }
                break;
            }
            onHead();
        } else if (m_phase == Phase::Body) {
            const std::size_t n = std::min(m_bodyLeft, in.size());
            m_current.body.append(in.substr(0, n));
            in.remove_prefix(n);
            m_bodyLeft -= n;
            if (m_bodyLeft == 0) completeRequest();
        } else {
            const ChunkedDecoder::Status st = m_chunked.feed(in, m_current.body);
            if (st == ChunkedDecoder::Status::Done) {
                completeRequest();
            } else if (st == ChunkedDecoder::Status::Error) {
                const std::string detail(m_chunked.describeError());
                if (m_chunked.error() == ChunkedDecoder::Error::TooLarge)
                    fail(413, "request body larger than " + std::to_string(kMaxRequestBody) + " octets");
                else if (m_chunked.trailerError() == HeadError::SectionTooLong ||
                         m_chunked.trailerError() == HeadError::TooManyFields)
                    fail(431, detail);
                else
                    fail(400, detail);
            }
        }
    }
    if (m_phase == Phase::Stopped) {
        m_in.clear();
        return;
    }
    m_in.erase(0, m_in.size() - in.size());
    if (m_in.size() > kMaxUnparsedInput) {
        fail(503, "too many pipelined requests");
        m_in.clear();
    }
}

void ServerSession::completeRequest() {
    Slot slot;
    slot.request = std::move(m_current);
    slot.head = slot.request.method == "HEAD";
    slot.close = m_currentClose;
    slot.keepAlive10 = m_currentKeepAlive10;
    m_slots.push_back(std::move(slot));
    m_current = Request{};
    m_lineChecked = false;
    m_head.reset();
    m_bodyLeft = 0;
    m_phase = m_currentClose ? Phase::Stopped : Phase::Head;
    m_currentClose = false;
    m_currentKeepAlive10 = false;
}

void ServerSession::fail(int status, std::string detail) {
    Slot slot;
    slot.head = m_current.method == "HEAD";
    slot.close = true;
    slot.ready = true;
    slot.response = makeErrorResponse(status, detail);
    m_slots.push_back(std::move(slot));
    m_errorDetail = std::move(detail);
    m_phase = Phase::Stopped;
    flush();
}

std::string ServerSession::takeOutput() {
    std::string out;
    out.swap(m_output);
    return out;
}

const Request& ServerSession::request() const {
    static const Request kNone;
    return hasRequest() ? m_slots.front().request : kNone;
}

std::size_t ServerSession::pendingRequests() const {
    return static_cast<std::size_t>(
        std::count_if(m_slots.begin(), m_slots.end(), [](const Slot& s) { return !s.ready; }));
}

void ServerSession::respond(Response response) {
    if (!hasRequest()) return;
    Slot& slot = m_slots.front();
    slot.response = std::move(response);
    slot.ready = true;
    flush();
    if (m_phase == Phase::Stopped)
        m_in.clear();
    else if (!m_in.empty())
        parse();  // requests held back while the queue was full
}

void ServerSession::finalize(Slot& slot) {
    Response& r = slot.response;
    if (r.status < 200 || r.status > 599)
        r = makeErrorResponse(500, "the server produced status " + std::to_string(r.status));
    const std::string* connection = r.header("Connection");
    if (connection && listContains(*connection, "close")) slot.close = true;
    if (slot.close)
        setHeader(r.headers, "Connection", "close");
    else if (slot.keepAlive10)
        setHeader(r.headers, "Connection", "keep-alive");
    removeHeader(r.headers, "Transfer-Encoding");
    if (!slot.head && r.status != 304) removeHeader(r.headers, "Content-Length");
}

void ServerSession::flush() {
    while (!m_slots.empty() && m_slots.front().ready) {
        Slot& slot = m_slots.front();
        finalize(slot);
        m_output += slot.head ? serializeHead(slot.response) : serialize(slot.response);
        const bool close = slot.close;
        m_slots.pop_front();
        if (close) {
            m_closing = true;
            m_phase = Phase::Stopped;
            m_slots.clear();  // requests pipelined after it are never answered
            break;
        }
    }
}

}  // namespace postino::http
