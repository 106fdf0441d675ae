// Parses one complete IMAP command (as framed by CommandReader) into its tag, its name and
// a tree of arguments: atoms, quoted strings, literals, parenthesized lists.
// RFC 3501 9 (formal syntax: tag, atom, quoted, literal, lists). Returns errors, never throws.
#pragma once

#include <cstddef>
#include "core/ascii.h"
#include <string>
#include <string_view>
#include <vector>

namespace postino::imap {

inline constexpr int kMaxListDepth = 64;

struct Arg {
    enum class Type { Atom, Quoted, Literal, List };
    Type type = Type::Atom;
    std::string value;      // atom text, unescaped quoted text, or literal bytes
    std::vector<Arg> list;  // Type::List

    bool isString() const { return type == Type::Quoted || type == Type::Literal; }
    bool isAstring() const { return type != Type::List; }
    bool isList() const { return type == Type::List; }
    bool isNil() const;
    // True for an atom equal (ASCII case-insensitive) to `word`.
    bool isAtom(std::string_view word) const;
};

struct CommandHead {
    std::string tag;         // empty when the tag is invalid (reply "* BAD")
    std::string name;        // upper-cased; empty when missing or invalid
    std::size_t argsAt = 0;  // where the arguments start in the command text
    bool hasArgs = false;    // a space followed the name
};

// The tag and command name. Tag: ASTRING-CHARs except "+"; name: letters only.
CommandHead parseHead(std::string_view command);

// Parses the arguments in `text` (everything after the command name). Returns "" or a
// Dovecot-style error text ("Missing ')'", "Unexpected ')'", "Invalid characters in atom").
std::string parseArgs(std::string_view text, std::vector<Arg>& out);

bool isTagChar(char c);
bool isAtomChar(char c);  // RFC 3501 ATOM-CHAR
using postino::toUpperAscii;  // core/ascii.h
inline bool iequals(std::string_view a, std::string_view b) { return equalsIgnoreCaseAscii(a, b); }

}  // namespace postino::imap
