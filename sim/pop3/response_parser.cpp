// Client-side response parsing: status indicators, RFC 2449 8 codes, dot-unstuffing (RFC 1939 3).
#include "pop3/response_parser.h"

namespace postino::pop3 {

namespace {

// "+OK", "-ERR" or "+" followed by the end of the line or a space; the rest is the text.
bool matchIndicator(std::string_view line, std::string_view indicator, std::string& text) {
    if (line.size() < indicator.size() || !equalsIgnoreCase(line.substr(0, indicator.size()), indicator)) return false;
    line.remove_prefix(indicator.size());
    if (line.empty()) {
        text.clear();
        return true;
    }
    if (line.front() != ' ') return false;
    text = std::string(line.substr(1));
    return true;
}

}  // namespace

std::vector<std::string> Response::lines() const {
    std::vector<std::string> out;
    std::string_view rest = data;
    while (!rest.empty()) {
        const std::size_t end = rest.find("\r\n");
        out.emplace_back(rest.substr(0, end));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 2);
    }
    return out;
}

std::string Response::describe() const {
    std::string out = kind == Kind::Ok ? "+OK" : kind == Kind::Err ? "-ERR" : "+";
    if (!text.empty()) out += " " + printable(text, 400);
    return out;
}

void ResponseParser::expect(Expect what, std::size_t maxData) {
    m_expect = what;
    m_maxData = maxData;
}

ResponseParser::Status ResponseParser::fail(std::string reason) {
    m_broken = true;
    m_error = std::move(reason);
    return Status::Error;
}

ResponseParser::Status ResponseParser::next(std::string_view& input) {
    if (m_broken) return Status::Error;
    while (true) {
        const smtp::LineStatus st = m_reader.next(input);
        if (st == smtp::LineStatus::NeedMore) return Status::NeedMore;
        if (st == smtp::LineStatus::Error) {
            if (m_reader.error() == smtp::LineError::BareLf) return fail("bare LF in a response");
            return fail(m_inData ? "multi-line response line too long" : "status line too long");
        }
        const std::string& line = m_reader.line();
        if (!m_inData) {
            const Status s = onStatusLine(line);
            if (s != Status::NeedMore) return s;
            continue;  // a body follows
        }
        if (line == ".") {
            m_inData = false;
            m_reader.setLimit(kStatusLineLimit);
            m_done = std::move(m_current);
            m_current = Response{};
            return Status::Done;
        }
        std::string_view content = line;
        if (!content.empty() && content.front() == '.') content.remove_prefix(1);  // RFC 1939 3
        if (m_current.data.size() + content.size() + 2 > m_maxData) return fail("multi-line response too large");
        m_current.data += content;
        m_current.data += "\r\n";
    }
}

ResponseParser::Status ResponseParser::onStatusLine(const std::string& line) {
    Response r;
    if (matchIndicator(line, "+OK", r.text)) {
        r.kind = Response::Kind::Ok;
    } else if (matchIndicator(line, "-ERR", r.text)) {
        r.kind = Response::Kind::Err;
    } else if (m_expect == Expect::Continuation && matchIndicator(line, "+", r.text)) {
        r.kind = Response::Kind::Continuation;
    } else {
        return fail("malformed status line: " + printable(line, 80));
    }
    // RFC 2449 8: "[CODE]" or "[CODE/SUB]" at the start of the text.
    if (r.kind != Response::Kind::Continuation && r.text.size() > 2 && r.text.front() == '[') {
        const std::size_t close = r.text.find(']');
        if (close != std::string::npos) r.code = r.text.substr(1, close - 1);
    }
    if (r.kind == Response::Kind::Ok && m_expect == Expect::Multiline) {
        r.multiline = true;
        m_current = std::move(r);
        m_inData = true;
        m_reader.setLimit(kDataLineLimit);
        return Status::NeedMore;
    }
    m_done = std::move(r);
    return Status::Done;
}

}  // namespace postino::pop3
