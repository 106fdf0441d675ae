// The chunked transfer coding: an incremental decoder with a size limit, and an encoder.
// RFC 9112 7.1 (chunk-size, chunk-ext, last-chunk, trailer section), 7.1.3 (decoding).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http/head_parser.h"

// Deliberate choices:
// - Chunk extensions are allowed (after optional BWS and ';') and ignored; a chunk-size line
//   may be at most 4096 octets. Line ends may be CRLF or a bare LF, as in the head.
// - The size limit is checked against each chunk-size before any data is read, so a huge
//   declared chunk fails at once; hex sizes that overflow 64 bits count as huge.
// - Trailer fields are parsed with the head's rules and limits, kept in trailers(), and not
//   merged into the header section (RFC 9112 7.1.2 lets a recipient discard them).

namespace postino::http {

inline constexpr std::size_t kMaxChunkLine = 4096;

class ChunkedDecoder {
public:
    enum class Status { NeedMore, Done, Error };
    enum class Error { None, BadChunkLine, BadChunkEnd, TooLarge, BadTrailer };

    ChunkedDecoder(std::size_t maxBody, HeadLimits trailerLimits);

    // Consumes bytes of the chunked body from the front of `input`, appending the decoded data
    // to `body`, up to the end of the trailer section (Done; later bytes stay in `input`).
    Status feed(std::string_view& input, std::string& body);

    Error error() const { return m_error; }
    HeadError trailerError() const { return m_trailer.error(); }
    std::string_view describeError() const;
    const std::vector<Header>& trailers() const { return m_trailer.fields(); }
    std::size_t decodedSize() const { return m_total; }

private:
    enum class State { Size, Data, DataCr, DataLf, Trailer, Done, Failed };

    void onSizeLine();
    void fail(Error error);

    std::size_t m_maxBody;
    HeadParser m_trailer;
    State m_state = State::Size;
    Error m_error = Error::None;
    std::string m_line;
    bool m_sawCr = false;
    std::size_t m_remaining = 0;  // data octets left in the current chunk
    std::size_t m_total = 0;
};

// `body` as chunks of at most chunkSize octets (lower-case hex sizes), the last-chunk "0" and
// an empty trailer section. An empty body is just "0\r\n\r\n".
std::string chunkEncode(std::string_view body, std::size_t chunkSize = 4096);

}  // namespace postino::http
