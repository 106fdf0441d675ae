// Incremental reader of IMAP server responses (client side): frames lines and literals, then parses
// tag/status/code/text or data values. RFC 3501 2.2.2, 4 (atoms, strings, literals, NIL, lists), 7.
// Parses only: it decides nothing, never throws, and enforces the line and literal limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::imap_client {

inline constexpr std::size_t kMaxResponseLine = 65536;            // one line, CRLF included
inline constexpr std::size_t kMaxLiteral = 50u * 1024 * 1024;     // one literal
inline constexpr std::size_t kMaxLiteralsPerResponse = 64;
inline constexpr std::size_t kMaxNesting = 32;                    // parenthesised lists

// One value of response data. Atoms keep their bracketed parts ("BODY[]<0>", "\Seen").
struct Value {
    enum class Kind { Atom, String, Nil, List };
    Kind kind = Kind::Nil;
    std::string text;          // Atom and String
    std::vector<Value> items;  // List
    bool literal = false;      // a String that came as {n}

    bool isAtom() const { return kind == Kind::Atom; }
    bool isString() const { return kind == Kind::String; }
    bool isList() const { return kind == Kind::List; }
    bool isNil() const { return kind == Kind::Nil; }
    // Atom or String (astring / nstring without NIL).
    bool isText() const { return kind == Kind::Atom || kind == Kind::String; }
    // A non-negative decimal number that fits 32 bits (an atom of digits only).
    std::optional<std::uint32_t> number() const;
    // Case-insensitive comparison of an atom.
    bool atomIs(std::string_view s) const;
};

struct Response {
    enum class Kind { Tagged, Untagged, Continuation };
    Kind kind = Kind::Untagged;
    std::string tag;                   // Tagged only
    // Tagged: OK/NO/BAD. Untagged: OK/NO/BAD/BYE/PREAUTH, or the data keyword upper-cased
    // (CAPABILITY, FLAGS, LIST, LSUB, SEARCH, STATUS, EXISTS, RECENT, EXPUNGE, FETCH, ...).
    std::string keyword;
    std::optional<std::uint32_t> number;  // "* 23 EXISTS" -> 23
    // Status responses and continuations: resp-text-code and text.
    std::string code;                  // "UIDVALIDITY", "TRYCREATE", ... upper-cased; "" if none
    std::string codeArgs;              // what followed the code inside the brackets
    std::string text;                  // human-readable text after the code
    // Data responses: the values after the keyword.
    std::vector<Value> data;

    bool isStatus() const;             // OK/NO/BAD/BYE/PREAUTH (tagged or untagged)
    // "A004 NO [TRYCREATE] Mailbox doesn't exist" style one-line summary (no literals).
    std::string describe() const;
};

// Splits a resp-text "[CODE args] text" into its parts (any part may be empty).
void splitRespText(std::string_view in, std::string& code, std::string& args, std::string& text);

class ResponseReader {
public:
    enum class Status { Done, NeedMore, Error };

    // Consumes bytes until one response is complete (Done: take it with response()), the
    // input runs out, or the stream is broken (Error: see error(); no recovery after that).
    // Line ends are CRLF; a bare LF is accepted as one.
    Status next(std::string_view& input);
    Response& response() { return m_done; }
    const std::string& error() const { return m_error; }
    // Octets of the literal being read that have not arrived yet (0 outside a literal).
    std::size_t literalRemaining() const { return m_inLiteral ? m_literalLeft : 0; }

private:
    Status fail(std::string reason);
    Status onLine();

    std::string m_line;
    std::vector<std::string> m_lines;     // text segments of the current response
    std::vector<std::string> m_literals;  // literal i follows segment i
    bool m_inLiteral = false;
    std::size_t m_literalLeft = 0;
    bool m_broken = false;
    Response m_done;
    std::string m_error;
};

// Parses a framed response: `lines[i]` is followed by `literals[i]` (lines.size() ==
// literals.size() + 1; the "{n}" markers already removed). Literals are moved out.
// nullopt with `error` set when the response is malformed.
std::optional<Response> parseResponse(std::vector<std::string>& lines, std::vector<std::string>& literals,
                                      std::string& error);

}  // namespace postino::imap_client
