// Chunked decoding state machine and encoder (RFC 9112 7.1, 7.1.1, 7.1.2, 7.1.3).
#include "http/chunked.h"
#include "core/ascii.h"

#include <algorithm>
#include <limits>

namespace postino::http {

namespace {

}  // namespace

ChunkedDecoder::ChunkedDecoder(std::size_t maxBody, HeadLimits trailerLimits)
    : m_maxBody(maxBody), m_trailer(trailerLimits, false) {}

void ChunkedDecoder::fail(Error error) {
    m_state = State::Failed;
    m_error = error;
    m_line.clear();
}

std::string_view ChunkedDecoder::describeError() const {
    switch (m_error) {
    case Error::None: return "no error";
    case Error::BadChunkLine: return "malformed chunk size line";
    case Error::BadChunkEnd: return "chunk data not followed by a line end";
    case Error::TooLarge: return "chunked body too large";
    case Error::BadTrailer: return describe(m_trailer.error());
    }
    return "unknown error";
}

ChunkedDecoder::Status ChunkedDecoder::feed(std::string_view& input, std::string& body) {
    while (!input.empty()) {
        switch (m_state) {
        case State::Done: return Status::Done;
        case State::Failed: return Status::Error;
        case State::Size: {
            const char c = input.front();
            input.remove_prefix(1);
            const auto u = static_cast<unsigned char>(c);
            if (m_sawCr) {
                m_sawCr = false;
                if (c != '\n') {
                    fail(Error::BadChunkLine);
                    break;
                }
                onSizeLine();
            } else if (c == '\r') {
                m_sawCr = true;
            } else if (c == '\n') {
                onSizeLine();
            } else if ((u < 0x20 && c != '\t') || u == 0x7F || m_line.size() >= kMaxChunkLine) {
                fail(Error::BadChunkLine);
            } else {
                m_line.push_back(c);
            }
            break;
        }
        case State::Data: {
            const std::size_t n = std::min(m_remaining, input.size());
            body.append(input.substr(0, n));
            input.remove_prefix(n);
            m_remaining -= n;
            if (m_remaining == 0) m_state = State::DataCr;
            break;
        }
        case State::DataCr:
        case State::DataLf: {
            const char c = input.front();
            input.remove_prefix(1);
            if (c == '\n')
                m_state = State::Size;
            else if (c == '\r' && m_state == State::DataCr)
                m_state = State::DataLf;
            else
                fail(Error::BadChunkEnd);
            break;
        }
        case State::Trailer: {
            const HeadParser::Status st = m_trailer.feed(input);
            if (st == HeadParser::Status::Done) m_state = State::Done;
            if (st == HeadParser::Status::Error) fail(Error::BadTrailer);
            break;
        }
        }
    }
    if (m_state == State::Done) return Status::Done;
    if (m_state == State::Failed) return Status::Error;
    return Status::NeedMore;
}

void ChunkedDecoder::onSizeLine() {
    // chunk-size = 1*HEXDIG, then optional chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )
    const std::string_view line = m_line;
    constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
    std::size_t size = 0;
    std::size_t i = 0;
    for (; i < line.size() && hexDigitValue(line[i]) >= 0; ++i) {
        const auto d = static_cast<std::size_t>(hexDigitValue(line[i]));
        size = (size > (kMax - d) / 16) ? kMax : size * 16 + d;
    }
    std::string_view rest = line.substr(i);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    if (i == 0 || (!rest.empty() && rest.front() != ';')) return fail(Error::BadChunkLine);
    if (size > m_maxBody - std::min(m_total, m_maxBody)) return fail(Error::TooLarge);
    m_line.clear();
    m_total += size;
    m_remaining = size;
    m_state = (size == 0) ? State::Trailer : State::Data;
}

std::string chunkEncode(std::string_view body, std::size_t chunkSize) {
    static constexpr char kHex[] = "0123456789abcdef";
    if (chunkSize == 0) chunkSize = 4096;
    std::string out;
    while (!body.empty()) {
        const std::size_t n = std::min(chunkSize, body.size());
        std::string size;
        for (std::size_t v = n; v != 0; v >>= 4) size.insert(size.begin(), kHex[v & 0x0F]);
        out += size;
        out += "\r\n";
        out.append(body.substr(0, n));
        out += "\r\n";
        body.remove_prefix(n);
    }
    out += "0\r\n\r\n";
    return out;
}

}  // namespace postino::http
