// Builds IMAP client commands: quoted strings, literals ({n} waits for "+", {n+} with LITERAL+/-),
// UID sets (and parses COPYUID's). RFC 3501 4.3, 9 (astring, sequence-set), RFC 7888, RFC 4315 3.
// Formatting only: it sends nothing and decides no policy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::imap_client {

// How literals may be sent (from the server's CAPABILITY).
enum class LiteralMode { Synchronizing, LiteralMinus, LiteralPlus };

// A command as the pieces the client sends: piece 0 goes at once; each further piece only
// after a "+" continuation (it follows a synchronizing literal). The last piece ends in CRLF.
struct Command {
    std::vector<std::string> pieces;
    std::string display;  // one line for traces, literals shown as {n}
};

class CommandBuilder {
public:
    CommandBuilder(std::string_view tag, std::string_view verb, LiteralMode mode);

    CommandBuilder& raw(std::string_view text);  // preceded by one space
    // Quoted string when every octet may be quoted, else a literal. False (nothing added)
    // when the value cannot be sent at all (NUL, or too long).
    bool astring(std::string_view value);
    // Always a literal (APPEND message data). False for NUL or oversize.
    bool literal(std::string_view value, std::size_t maxSize);
    Command finish();

private:
    void addLiteral(std::string_view value);

    LiteralMode m_mode;
    std::vector<std::string> m_pieces;
    std::string m_display;
};

// "\" and '"' escaped, or nullopt when the value needs a literal (CR, LF, NUL, 8-bit).
std::optional<std::string> quoteString(std::string_view value);

// Ascending UIDs -> "3:5,9,12:13". Empty input -> "".
std::string formatUidSet(const std::vector<std::uint32_t>& uids);
// "3:5,9" -> {3,4,5,9} in the order written; "*" and anything malformed -> nullopt.
// At most `maxCount` UIDs (a bigger set -> nullopt).
std::optional<std::vector<std::uint32_t>> parseUidSet(std::string_view set, std::size_t maxCount = 100000);

// Normalises bare CR / LF to CRLF (RFC 5322 line ends for APPEND); leaves CRLF alone.
std::string toCrlf(std::string_view text);

}  // namespace postino::imap_client
