// The IMAP argument tokenizer (RFC 3501 4, 9). Lenient where Dovecot is (extra spaces,
// backslash before any character in a quoted string); a '[' in an atom runs to its ']' so
// fetch attributes like BODY[HEADER.FIELDS (From To)]<0.100> stay one atom.
#include "imap/imap_parser.h"

#include <cstdint>

namespace postino::imap {

namespace {

bool isCtl(unsigned char c) { return c < 0x20 || c == 0x7f; }

class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : m_text(text) {}

    std::string run(std::vector<Arg>& out) {
        std::string err = parseList(out, 0);
        if (!err.empty()) return err;
        if (m_pos < m_text.size()) return "Unexpected ')'";
        return "";
    }

private:
    // Parses arguments until the end or a ')' (left unconsumed).
    std::string parseList(std::vector<Arg>& out, int depth) {
        while (true) {
            while (m_pos < m_text.size() && m_text[m_pos] == ' ') ++m_pos;
            if (m_pos >= m_text.size() || m_text[m_pos] == ')') return "";
            const char c = m_text[m_pos];
            Arg arg;
            std::string err;
            if (c == '(') {
                if (depth + 1 >= kMaxListDepth) return "Too deep nesting";
                ++m_pos;
                arg.type = Arg::Type::List;
                err = parseList(arg.list, depth + 1);
                if (err.empty()) {
                    if (m_pos >= m_text.size()) return "Missing ')'";
                    ++m_pos;  // ')'
                }
            } else if (c == '"') {
                err = parseQuoted(arg);
            } else if (c == '{') {
                err = parseLiteral(arg);
            } else {
                err = parseAtom(arg);
            }
            if (!err.empty()) return err;
            out.push_back(std::move(arg));
            // Arguments are separated by spaces; "(a)(b)" and "a(b)" are accepted like Dovecot.
        }
    }

    std::string parseQuoted(Arg& arg) {
        arg.type = Arg::Type::Quoted;
        ++m_pos;
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos++];
            if (c == '"') return "";
            if (c == '\\') {
                if (m_pos >= m_text.size()) break;
                c = m_text[m_pos++];
            }
            if (c == '\0' || c == '\r' || c == '\n') return "Invalid characters in quoted string";
            arg.value.push_back(c);
        }
        return "Missing '\"'";
    }

    std::string parseLiteral(Arg& arg) {
        arg.type = Arg::Type::Literal;
        std::size_t p = m_pos + 1;
        std::uint64_t size = 0;
        std::size_t digits = 0;
        while (p < m_text.size() && m_text[p] >= '0' && m_text[p] <= '9') {
            if (++digits > 18) return "Literal size too large";
            size = size * 10 + static_cast<std::uint64_t>(m_text[p] - '0');
            ++p;
        }
        if (digits == 0) return "Invalid literal size";
        if (p < m_text.size() && m_text[p] == '+') ++p;
        if (p + 3 > m_text.size() || m_text[p] != '}' || m_text[p + 1] != '\r' || m_text[p + 2] != '\n')
            return "Invalid literal size";
        p += 3;
        if (size > m_text.size() - p) return "Missing literal data";
        arg.value.assign(m_text.substr(p, static_cast<std::size_t>(size)));
        m_pos = p + static_cast<std::size_t>(size);
        return "";
    }

    std::string parseAtom(Arg& arg) {
        arg.type = Arg::Type::Atom;
        const std::size_t start = m_pos;
        int bracket = 0;
        while (m_pos < m_text.size()) {
            const unsigned char c = static_cast<unsigned char>(m_text[m_pos]);
            if (bracket == 0 && (c == ' ' || c == '(' || c == ')')) break;
            if (c == '\r' || c == '\n' || c == '\0') return "Invalid characters in atom";
            if (bracket == 0) {
                if (isCtl(c) || c == '"' || c == '{') return "Invalid characters in atom";
                if (c >= 0x80) return "8bit data in atom";
            }
            if (c == '[') ++bracket;
            else if (c == ']' && bracket > 0) --bracket;
            ++m_pos;
        }
        if (bracket != 0) return "Missing ']'";
        arg.value.assign(m_text.substr(start, m_pos - start));
        return "";
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

}  // namespace

bool Arg::isNil() const { return type == Type::Atom && iequals(value, "NIL"); }

bool Arg::isAtom(std::string_view word) const { return type == Type::Atom && iequals(value, word); }

bool isAtomChar(char ch) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (isCtl(c) || c >= 0x80) return false;
    switch (c) {
    case '(': case ')': case '{': case ' ': case '%': case '*': case '"': case '\\': case ']': return false;
    default: return true;
    }
}

bool isTagChar(char c) { return c != '+' && (isAtomChar(c) || c == ']'); }

CommandHead parseHead(std::string_view command) {
    CommandHead head;
    std::size_t p = 0;
    while (p < command.size() && isTagChar(command[p])) ++p;
    if (p == 0 || (p < command.size() && command[p] != ' ')) return head;
    head.tag.assign(command.substr(0, p));
    if (p >= command.size()) return head;
    ++p;  // the one space after the tag
    const std::size_t nameStart = p;
    while (p < command.size() && ((command[p] >= 'A' && command[p] <= 'Z') || (command[p] >= 'a' && command[p] <= 'z')))
        ++p;
    if (p == nameStart || (p < command.size() && command[p] != ' ') || p - nameStart > 32) return head;
    head.name = toUpperAscii(command.substr(nameStart, p - nameStart));
    head.hasArgs = p < command.size();
    head.argsAt = head.hasArgs ? p + 1 : p;
    return head;
}

std::string parseArgs(std::string_view text, std::vector<Arg>& out) {
    Tokenizer t(text);
    return t.run(out);
}

}  // namespace postino::imap
