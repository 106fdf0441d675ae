// Byte-level POP3 helpers shared by the server and client engines: limits, line-end
// normalisation, status lines, byte-stuffed multi-line bodies (RFC 1939 3), TOP (RFC 1939 7).
// No protocol state and no policy: it never decides which reply to send, never throws.
#pragma once

#include <cstddef>
#include "core/ascii.h"
#include <string>
#include <string_view>

namespace postino::pop3 {

// RFC 2449 4 limits commands to 255 octets and responses to 512 (incl. CRLF). The server is
// lenient and bounded like Dovecot 2.3 (measured: about 1 KiB before login, 2 KiB after).
inline constexpr std::size_t kLoginLineLimit = 1024;    // server, AUTHORIZATION: commands and AUTH lines
inline constexpr std::size_t kCommandLineLimit = 2048;  // server, TRANSACTION
inline constexpr std::size_t kStatusLineLimit = 512;    // client: "+OK ..." / "-ERR ..." lines
inline constexpr std::size_t kDataLineLimit = 65536;    // client: one line of a multi-line body
inline constexpr std::size_t kMaxUidLength = 70;        // RFC 1939 7 (UIDL)

// Turns every LF not preceded by CR into CRLF, across chunk boundaries. POP3 servers
// (Dovecot) and clients accept bare-LF lines; this lets the CRLF LineReader serve both.
class LineEndNormalizer {
public:
    std::string apply(std::string_view bytes);
    void reset() { m_lastWasCr = false; }

private:
    bool m_lastWasCr = false;
};

// Replaces controls, DEL and 8-bit bytes with '?' and caps the length, so text echoed from
// the peer (an unknown verb, a bad argument) can never break a reply line.
std::string printable(std::string_view text, std::size_t maxLen = 200);

// "+OK text\r\n" / "-ERR text\r\n"; "+OK\r\n" when `text` is empty. `text` must already be safe.
std::string okLine(std::string_view text);
std::string errLine(std::string_view text);

// Appends `content` as a multi-line body: CRLF line ends (a bare LF gets its CR, like
// Dovecot), a '.' at the start of a line doubled, a final CRLF added when missing, then
// the terminating ".CRLF". With `bodyLines` >= 0 only the header, the empty line after it
// and that many body lines are sent (TOP); a message without a header/body separator is
// sent whole.
void appendMultiline(std::string& out, std::string_view content, long long bodyLines = -1);

// `content` with every line ending in CRLF (a missing CR is added, like Dovecot does when
// sending) and a final CRLF when the text does not end with one. crlfSize(x) == toCrlf(x).size().
std::string toCrlf(std::string_view content);

// Size of `content` as the server announces it: octets once every line ends in CRLF.
std::size_t crlfSize(std::string_view content);

// ASCII case-insensitive comparison and upper-casing.
inline bool equalsIgnoreCase(std::string_view a, std::string_view b) { return equalsIgnoreCaseAscii(a, b); }
using postino::toUpperAscii;  // core/ascii.h

}  // namespace postino::pop3
