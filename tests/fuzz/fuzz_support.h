// Shared pieces of the libFuzzer targets: failing loudly with the reason, feeding an engine the
// same bytes split in different ways, and small text checks (lines, printable, UTF-8).
// Test code only: nothing here is linked into postino_sim.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postino::fuzz {

// Prints "invariant broken: <what>" and the detail (escaped, cut to a few KiB) to stderr, then
// aborts, so libFuzzer saves the input as a crash.
[[noreturn]] void fail(std::string_view what, std::string_view detail = {});
inline void require(bool ok, std::string_view what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

// Bytes as C escapes ("\r\n", "\x00"), for messages.
std::string escape(std::string_view bytes, std::size_t maxLen = 4000);

// The fuzzer's bytes: the first byte picks a mode (side, configuration), the rest is the data.
struct Input {
    std::uint8_t mode = 0;
    std::string_view data;
};
Input splitMode(const std::uint8_t* bytes, std::size_t size);

// Calls feed(piece) for `data` cut into pieces: all at once, or one byte at a time.
enum class Split { Whole, Bytes };
template <class Feed>
void feedSplit(std::string_view data, Split split, Feed&& feed) {
    if (split == Split::Whole) {
        if (!data.empty()) feed(data);
        return;
    }
    for (std::size_t i = 0; i < data.size(); ++i) feed(data.substr(i, 1));
}

// Number of LF bytes: every line-based engine answers at most a few times per line.
std::size_t countLf(std::string_view bytes);

// The lines of `out`, each of which must end in CRLF (fails otherwise, naming `what`).
std::vector<std::string_view> crlfLines(std::string_view out, std::string_view what);

// True when the reader's error is one of the IMAP client's own bounds (literals per response,
// list nesting), which legal server output (Dovecot's too) may go past: not a server fault.
bool isImapClientLimit(std::string_view readerError);

// Checks `in` as one IMAP data value (RFC 3501 9: NIL, atom or number, quoted string with
// 7-bit TEXT-CHARs, literal "{n}" CRLF n octets without NUL, parenthesised list) and consumes
// it. Fails naming `what` on bad syntax. No size or nesting limits beyond a stack guard.
void checkImapValue(std::string_view& in, std::string_view what, int depth = 0);

// 0x20-0x7E only.
bool isPrintableAscii(std::string_view s);
bool startsWith(std::string_view s, std::string_view prefix);
bool isValidUtf8(std::string_view s);

}  // namespace postino::fuzz
