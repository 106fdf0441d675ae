// The client's request bytes and its response reader (RFC 9112 4 status line, 6.3 message
// body length, 7.1 chunked, 9.6 tear-down; RFC 9110 15.2 informational responses).
#include "http/client_session.h"

#include <algorithm>

#include "http/syntax.h"

namespace postino::http {

namespace {

constexpr HeadLimits kResponseHeadLimits{kMaxStatusLine, kMaxResponseHead, kMaxResponseFields};
constexpr HeadLimits kTrailerLimits{0, kMaxResponseHead, kMaxResponseFields};

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// "HTTP/1.x SP 3DIGIT [SP reason]" -> status and reason; an error text otherwise.
std::string parseStatusLine(std::string_view line, Response& r) {
    if (line.size() < 12 || line.substr(0, 5) != "HTTP/" || !isDigit(line[5]) || line[6] != '.' || !isDigit(line[7]) ||
        line[8] != ' ')
        return "malformed status line";
    if (line[5] != '1') return "unsupported HTTP version " + std::string(line.substr(0, 8));
    if (!isDigit(line[9]) || !isDigit(line[10]) || !isDigit(line[11]) || (line.size() > 12 && line[12] != ' '))
        return "malformed status code";
    r.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    if (r.status < 100 || r.status > 599) return "invalid status code " + std::to_string(r.status);
    r.reason = line.size() > 13 ? std::string(line.substr(13)) : std::string();
    return {};
}

}  // namespace

ClientSession::ClientSession(Request request)
    : m_request(std::move(request)), m_head(kResponseHeadLimits), m_chunked(kMaxResponseBody, kTrailerLimits) {}

void ClientSession::start() {
    if (m_phase != Phase::Idle) return;
    if (!isToken(m_request.method)) return fail("invalid request: bad method");
    if (m_request.version != "HTTP/1.1" && m_request.version != "HTTP/1.0")
        return fail("invalid request: version must be HTTP/1.0 or HTTP/1.1");
    if (m_request.version == "HTTP/1.1" && !m_request.header("Host"))
        return fail("invalid request: HTTP/1.1 needs a Host field");
    m_output += serialize(m_request);
    m_phase = Phase::Head;
}

void ClientSession::feed(std::string_view in) {
    if (m_phase == Phase::Idle) start();
    while (!in.empty() && m_phase != Phase::Done) {
        switch (m_phase) {
        case Phase::Idle:
        case Phase::Done: return;
        case Phase::Head: {
            const HeadParser::Status st = m_head.feed(in);
            if (!m_statusChecked && m_head.hasStartLine()) {  // refuse a non-HTTP answer at once
                m_statusChecked = true;
                const std::string error = parseStatusLine(m_head.startLine(), m_result.response);
                if (!error.empty()) {
                    fail(error);
                    break;
                }
            }
            if (st == HeadParser::Status::Error) {
                const HeadError e = m_head.error();
                if (e == HeadError::StartLineTooLong)
                    fail("status line longer than " + std::to_string(kMaxStatusLine) + " octets");
                else if (e == HeadError::SectionTooLong)
                    fail("response header section larger than " + std::to_string(kMaxResponseHead) + " octets");
                else
                    fail("malformed response header: " + std::string(describe(e)));
            } else if (st == HeadParser::Status::Done) {
                onHead();
            }
            break;
        }
        case Phase::Body: {
            const std::size_t n = std::min(m_bodyLeft, in.size());
            m_result.response.body.append(in.substr(0, n));
            in.remove_prefix(n);
            m_bodyLeft -= n;
            if (m_bodyLeft == 0) succeed();
            break;
        }
        case Phase::Chunked: {
            const ChunkedDecoder::Status st = m_chunked.feed(in, m_result.response.body);
            if (st == ChunkedDecoder::Status::Done) succeed();
            if (st == ChunkedDecoder::Status::Error)
                fail("bad chunked body: " + std::string(m_chunked.describeError()));
            break;
        }
        case Phase::UntilClose: {
            if (m_result.response.body.size() + in.size() > kMaxResponseBody)
                return fail("response body larger than " + std::to_string(kMaxResponseBody) + " octets");
            m_result.response.body.append(in);
            in = {};
            break;
        }
        }
    }
}

void ClientSession::onHead() {
    Response& r = m_result.response;
    r.headers = m_head.takeFields();
    if (r.status == 101) return fail("unexpected 101 Switching Protocols");
    if (r.status < 200) {  // interim response (RFC 9110 15.2): wait for the final one
        r = Response{};
        m_head.reset();
        m_statusChecked = false;
        return;
    }
    if (m_request.method == "HEAD" || r.status == 204 || r.status == 304) return succeed();
    chooseFraming();
}

// RFC 9112 6.3 items 3-7 for a response: the phase that reads the body, or the end.
void ClientSession::chooseFraming() {
    const Response& r = m_result.response;
    std::size_t codings = 0;
    for (const Header& h : r.headers) {
        if (!iequals(h.name, "Transfer-Encoding")) continue;
        for (std::string_view c : splitList(h.value)) {
            if (!iequals(c, "chunked")) return fail("unsupported transfer coding: " + std::string(c.substr(0, 64)));
            ++codings;
        }
    }
    if (codings > 1) return fail("chunked applied more than once");
    if (codings == 1) {
        m_phase = Phase::Chunked;
        return;
    }
    if (r.header("Transfer-Encoding")) {  // present but empty: no chunked at the end, so until close
        m_phase = Phase::UntilClose;
        return;
    }
    std::optional<std::uint64_t> length;
    for (const Header& h : r.headers) {
        if (!iequals(h.name, "Content-Length")) continue;
        const std::vector<std::string_view> values = splitList(h.value);
        if (values.empty()) return fail("invalid Content-Length");
        for (std::string_view v : values) {
            const std::optional<std::uint64_t> n = parseDecimal(v);
            if (!n || (length && *length != *n)) return fail("invalid Content-Length");
            length = n;
        }
    }
    if (!length) {
        m_phase = Phase::UntilClose;
        return;
    }
    if (*length > kMaxResponseBody)
        return fail("response body larger than " + std::to_string(kMaxResponseBody) + " octets");
    if (*length == 0) return succeed();
    m_bodyLeft = static_cast<std::size_t>(*length);
    m_phase = Phase::Body;
}

void ClientSession::connectionClosed() {
    switch (m_phase) {
    case Phase::Done: return;
    case Phase::UntilClose: return succeed();
    case Phase::Idle:
    case Phase::Head:
        return fail(m_head.started() ? "connection closed in the middle of the response header"
                                     : "connection closed before any response");
    case Phase::Body:
        return fail("connection closed after " + std::to_string(m_result.response.body.size()) + " of " +
                    std::to_string(m_result.response.body.size() + m_bodyLeft) + " body octets");
    case Phase::Chunked: return fail("connection closed in the middle of the chunked body");
    }
}

std::string ClientSession::takeOutput() {
    std::string out;
    out.swap(m_output);
    return out;
}

void ClientSession::succeed() {
    m_phase = Phase::Done;
    m_result.success = true;
    m_result.failureReason.clear();
}

void ClientSession::fail(std::string reason) {
    m_phase = Phase::Done;
    m_result.success = false;
    m_result.failureReason = std::move(reason);
}

}  // namespace postino::http
