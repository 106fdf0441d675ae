// parseResponse: from framed lines and literals to a Response (RFC 3501 4, 7, 9 formal syntax).
#include "imap_client/response_reader.h"
#include "core/ascii.h"

namespace postino::imap_client {

namespace {

bool isTagChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
    switch (c) {
    case '(': case ')': case '{': case '%': case '*': case '"': case '\\': case '+':
        return false;
    default:
        return true;
    }
}

bool isAtomEnd(char c) { return c == ' ' || c == '(' || c == ')' || c == '"'; }

std::optional<std::uint32_t> parseNumber(std::string_view s) {
    Value v;
    v.kind = Value::Kind::Atom;
    v.text = std::string(s);
    return v.number();
}

// Tokenises data values from segment `seg` position `pos` to the end of the response.
bool parseValues(std::vector<std::string>& lines, std::vector<std::string>& literals, std::size_t seg,
                 std::size_t pos, std::vector<Value>& out, std::string& error) {
    std::vector<std::vector<Value>> stack(1);
    while (true) {
        const std::string& s = lines[seg];
        while (pos < s.size() && s[pos] == ' ') ++pos;
        if (pos >= s.size()) {
            if (seg < literals.size()) {
                Value v;
                v.kind = Value::Kind::String;
                v.literal = true;
                v.text = std::move(literals[seg]);
                stack.back().push_back(std::move(v));
                ++seg;
                pos = 0;
                continue;
            }
            break;
        }
        const char c = s[pos];
        if (c == '(') {
            if (stack.size() > kMaxNesting) {
                error = "lists nested too deeply";
                return false;
            }
            stack.emplace_back();
            ++pos;
        } else if (c == ')') {
            if (stack.size() == 1) {
                error = "unbalanced ')'";
                return false;
            }
            Value list;
            list.kind = Value::Kind::List;
            list.items = std::move(stack.back());
            stack.pop_back();
            stack.back().push_back(std::move(list));
            ++pos;
        } else if (c == '"') {
            Value v;
            v.kind = Value::Kind::String;
            ++pos;
            bool closed = false;
            while (pos < s.size()) {
                char q = s[pos++];
                if (q == '"') {
                    closed = true;
                    break;
                }
                if (q == '\\') {
                    if (pos >= s.size()) break;
                    q = s[pos++];
                }
                v.text += q;
            }
            if (!closed) {
                error = "unterminated quoted string";
                return false;
            }
            stack.back().push_back(std::move(v));
        } else {
            Value v;
            v.kind = Value::Kind::Atom;
            const std::size_t start = pos;
            while (pos < s.size() && !isAtomEnd(s[pos])) {
                if (s[pos] == '[') {
                    // A section spec ("BODY[HEADER.FIELDS (SUBJECT)]") is part of the atom.
                    const auto close = s.find(']', pos);
                    if (close == std::string::npos) {
                        error = "unterminated '['";
                        return false;
                    }
                    pos = close + 1;
                    continue;
                }
                ++pos;
            }
            v.text = s.substr(start, pos - start);
            if (v.atomIs("NIL")) {
                v.kind = Value::Kind::Nil;
                v.text.clear();
            }
            stack.back().push_back(std::move(v));
        }
    }
    if (stack.size() != 1) {
        error = "unbalanced '('";
        return false;
    }
    out = std::move(stack.front());
    return true;
}

}  // namespace

std::optional<Response> parseResponse(std::vector<std::string>& lines, std::vector<std::string>& literals,
                                      std::string& error) {
    if (lines.empty() || lines.size() != literals.size() + 1) {
        error = "internal framing error";
        return std::nullopt;
    }
    Response r;
    const std::string& first = lines[0];
    if (first.empty()) {
        error = "empty response line";
        return std::nullopt;
    }
    if (first[0] == '+') {
        if (first.size() > 1 && first[1] != ' ') {
            error = "malformed continuation request";
            return std::nullopt;
        }
        r.kind = Response::Kind::Continuation;
        splitRespText(first.size() > 2 ? std::string_view(first).substr(2) : std::string_view(), r.code, r.codeArgs,
                      r.text);
        return r;
    }

    std::string_view rest(first);
    if (first[0] == '*') {
        if (first.size() < 3 || first[1] != ' ') {
            error = "malformed untagged response";
            return std::nullopt;
        }
        r.kind = Response::Kind::Untagged;
        rest.remove_prefix(2);
    } else {
        const auto sp = rest.find(' ');
        const std::string_view tag = rest.substr(0, sp);
        for (char c : tag)
            if (!isTagChar(c)) {
                error = "malformed response (not '*', '+' or a tag)";
                return std::nullopt;
            }
        if (tag.empty() || sp == std::string_view::npos) {
            error = "malformed tagged response";
            return std::nullopt;
        }
        r.kind = Response::Kind::Tagged;
        r.tag = std::string(tag);
        rest.remove_prefix(sp + 1);
    }

    auto word = rest.substr(0, rest.find(' '));
    rest.remove_prefix(word.size());
    if (r.kind == Response::Kind::Untagged && !word.empty() && word[0] >= '0' && word[0] <= '9') {
        r.number = parseNumber(word);
        if (!r.number) {
            error = "bad message number in untagged response";
            return std::nullopt;
        }
        if (rest.empty()) {
            error = "untagged response without a keyword";
            return std::nullopt;
        }
        rest.remove_prefix(1);
        word = rest.substr(0, rest.find(' '));
        rest.remove_prefix(word.size());
    }
    r.keyword = toUpperAscii(word);
    if (r.keyword.empty()) {
        error = "response without a keyword";
        return std::nullopt;
    }
    for (char c : r.keyword)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
            error = "malformed response keyword";
            return std::nullopt;
        }

    const bool status = r.keyword == "OK" || r.keyword == "NO" || r.keyword == "BAD" || r.keyword == "BYE" ||
                        r.keyword == "PREAUTH";
    if (r.kind == Response::Kind::Tagged && (!status || r.keyword == "BYE" || r.keyword == "PREAUTH")) {
        error = "tagged response is not OK, NO or BAD";
        return std::nullopt;
    }
    if (status && !r.number) {
        splitRespText(rest, r.code, r.codeArgs, r.text);
        return r;
    }
    if (!parseValues(lines, literals, 0, first.size() - rest.size(), r.data, error)) return std::nullopt;
    return r;
}

}  // namespace postino::imap_client
