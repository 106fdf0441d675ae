// Plain-language JSON syntax checking plus a JSON Pointer -> offset index.
#include "scenario/json_scanner.h"

#include "core/ascii.h"
#include "core/decimal.h"
#include "core/utf8.h"

#include "scenario/text_encoding.h"

#include <fmt/format.h>

#include <charconv>
#include <climits>
#include <unordered_set>

namespace postino::scenario {

std::string childPointer(const std::string& base, std::string_view key) {
    std::string out = base;
    out.reserve(base.size() + key.size() + 1);
    out += '/';
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string childPointer(const std::string& base, std::size_t index) {
    return base + "/" + std::to_string(index);
}

void PositionIndex::add(const std::string& pointer, std::size_t keyOffset, std::size_t valueOffset) {
    m_entries[pointer] = Entry{valueOffset, keyOffset};
}

const PositionIndex::Entry* PositionIndex::find(const std::string& pointer) const {
    auto it = m_entries.find(pointer);
    return it == m_entries.end() ? nullptr : &it->second;
}

namespace {

bool isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '+' || c == '.';
}

class Scanner {
public:
    Scanner(std::string_view text, const LineMap& lines, int maxDepth, const std::unordered_set<std::string>* wanted,
            JsonScan& out)
        : m_t(text), m_lines(lines), m_maxDepth(maxDepth), m_wanted(wanted), m_out(out) {}

    void run() {
        skipWs();
        if (atEnd()) {
            fail(m_i, "the file is empty: expected a JSON object like { \"title\": ... }");
            return;
        }
        m_out.positions.add("", PositionIndex::npos, m_i);
        if (!value("", 1)) return;
        skipWs();
        if (!atEnd()) {
            if (!m_ok) return;
            fail(m_i, fmt::format("unexpected {} after the end of the JSON value (only one value is allowed "
                                  "per file; is a '{{' or '[' missing at the start?)",
                                  describeHere()));
        }
    }

private:
    bool atEnd() const { return m_i >= m_t.size(); }

    void record(const std::string& ptr, std::size_t keyOffset, std::size_t valueOffset) {
        if (!m_wanted || m_wanted->count(ptr)) m_out.positions.add(ptr, keyOffset, valueOffset);
    }
    char cur() const { return m_t[m_i]; }

    bool fail(std::size_t offset, std::string message) {
        if (m_ok) {
            m_out.error = JsonSyntaxError{offset, std::move(message)};
            m_ok = false;
        }
        return false;
    }

    std::string where(std::size_t offset) const {
        TextPosition p = m_lines.at(offset);
        return fmt::format("line {}, column {}", p.line, p.column);
    }

    void skipWs() {
        while (!atEnd()) {
            char c = cur();
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') ++m_i;
            else break;
        }
    }

    // "'x'", "a line break", "the end of the file", "the word 'True'" ...
    std::string describeHere() const {
        if (atEnd()) return "end of file";
        unsigned char c = static_cast<unsigned char>(cur());
        if (c == '\n' || c == '\r') return "a line break";
        if (c < 0x20 || c == 0x7F) return fmt::format("control character U+{:04X}", c);
        if (c < 0x80) return fmt::format("'{}'", static_cast<char>(c));
        // Multi-byte UTF-8 (already validated): quote the whole character.
        std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        return fmt::format("'{}'", m_t.substr(m_i, len));
    }

    std::string readWord() const {
        std::size_t j = m_i;
        while (j < m_t.size() && isWordChar(m_t[j]) && j - m_i < 40) ++j;
        return std::string(m_t.substr(m_i, j - m_i));
    }

    bool unexpectedValue() {
        if (atEnd()) return fail(m_i, "unexpected end of file: expected a value" + unclosedNote());
        char c = cur();
        if (c == '\'') return fail(m_i, "strings must be in double quotes (\"...\"), not single quotes");
        if (c == '/') return fail(m_i, "comments are not allowed in JSON");
        if (c == '+') return fail(m_i, "a number cannot start with '+'; write 5, not +5");
        if (c == '.') return fail(m_i, "a number needs a digit before the '.'; write 0.5, not .5");
        if (c == '}' || c == ']') return fail(m_i, fmt::format("expected a value, got '{}'", c));
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
            std::string word = readWord();
            if (word == "NaN" || word == "Infinity" || word == "nan" || word == "inf")
                return fail(m_i, fmt::format("'{}' is not allowed in JSON: numbers must be finite", word));
            if (word == "True" || word == "False" || word == "TRUE" || word == "FALSE" || word == "None" ||
                word == "Null" || word == "NULL")
                return fail(m_i, fmt::format("unknown word '{}': JSON writes true, false and null in lower case", word));
            return fail(m_i, fmt::format("unknown word '{}': text values must be in double quotes, "
                                         "like \"{}\"", word, word));
        }
        return fail(m_i, fmt::format("expected a value (a string, number, object, array, true, false or null), "
                                     "got {}", describeHere()));
    }

    std::string unclosedNote() const {
        if (m_open.empty()) return "";
        std::size_t at = m_open.back();
        const char* what = m_t[at] == '{' ? "the object" : "the array";
        return fmt::format(" ({} opened at {} is not closed)", what, where(at));
    }

    bool value(const std::string& ptr, int depth) {
        if (atEnd()) return unexpectedValue();
        char c = cur();
        if (c == '{' || c == '[') {
            if (depth > m_maxDepth)
                return fail(m_i, fmt::format("the JSON is nested more than {} levels deep", m_maxDepth));
            return c == '{' ? object(ptr, depth) : array(ptr, depth);
        }
        if (c == '"') return string(nullptr);
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        if (c == 't') return literal("true");
        if (c == 'f') return literal("false");
        if (c == 'n') return literal("null");
        return unexpectedValue();
    }

    bool literal(std::string_view word) {
        if (m_t.substr(m_i, word.size()) == word &&
            (m_i + word.size() >= m_t.size() || !isWordChar(m_t[m_i + word.size()]))) {
            m_i += word.size();
            return true;
        }
        return unexpectedValue();
    }

    bool object(const std::string& ptr, int depth) {
        m_open.push_back(m_i);
        ++m_i;  // '{'
        std::unordered_set<std::string> seen;
        skipWs();
        if (!atEnd() && cur() == '}') {
            ++m_i;
            m_open.pop_back();
            return true;
        }
        std::size_t lastComma = PositionIndex::npos;
        while (true) {
            skipWs();
            if (atEnd()) return fail(m_i, "unexpected end of file: expected a field name" + unclosedNote());
            if (cur() != '"') {
                if (cur() == '}' && lastComma != PositionIndex::npos)
                    return fail(lastComma, "a comma before '}' is not allowed in JSON: remove this ','");
                if (cur() == '\'')
                    return fail(m_i, "field names must be in double quotes (\"...\"), not single quotes");
                if (cur() == '/') return fail(m_i, "comments are not allowed in JSON");
                char c = cur();
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
                    return fail(m_i, fmt::format("field names must be in double quotes: write \"{}\"", readWord()));
                return fail(m_i, fmt::format("expected a field name in double quotes, got {}", describeHere()));
            }
            std::size_t keyOffset = m_i;
            std::string key;
            if (!string(&key)) return false;
            skipWs();
            if (atEnd() || cur() != ':')
                return fail(m_i, fmt::format("expected ':' after the field name \"{}\", got {}", key, describeHere()));
            ++m_i;
            skipWs();
            std::string child = childPointer(ptr, key);
            if (!seen.insert(key).second) m_out.duplicateKeys.push_back(JsonDuplicateKey{child, keyOffset, key});
            record(child, keyOffset, m_i);
            if (!value(child, depth + 1)) return false;
            skipWs();
            if (atEnd()) return fail(m_i, "unexpected end of file: expected ',' or '}'" + unclosedNote());
            if (cur() == ',') {
                lastComma = m_i++;
                continue;
            }
            if (cur() == '}') {
                ++m_i;
                m_open.pop_back();
                return true;
            }
            if (cur() == '"')
                return fail(m_i, "expected ',' between two fields (is a comma missing at the end of the previous line?)");
            return fail(m_i, fmt::format("expected ',' or '}}' after a field value, got {}", describeHere()));
        }
    }

    bool array(const std::string& ptr, int depth) {
        m_open.push_back(m_i);
        ++m_i;  // '['
        skipWs();
        if (!atEnd() && cur() == ']') {
            ++m_i;
            m_open.pop_back();
            return true;
        }
        std::size_t index = 0;
        std::size_t lastComma = PositionIndex::npos;
        while (true) {
            skipWs();
            if (!atEnd() && cur() == ']' && lastComma != PositionIndex::npos)
                return fail(lastComma, "a comma before ']' is not allowed in JSON: remove this ','");
            std::string child = childPointer(ptr, index);
            record(child, PositionIndex::npos, m_i);
            if (!value(child, depth + 1)) return false;
            ++index;
            skipWs();
            if (atEnd()) return fail(m_i, "unexpected end of file: expected ',' or ']'" + unclosedNote());
            if (cur() == ',') {
                lastComma = m_i++;
                continue;
            }
            if (cur() == ']') {
                ++m_i;
                m_open.pop_back();
                return true;
            }
            if (cur() == '}') return fail(m_i, "expected ']' to close the array, got '}'");
            if (cur() == ':') return fail(m_i, "unexpected ':' inside an array (did you mean to write an object { }?)");
            return fail(m_i, fmt::format("expected ',' or ']' after an array element, got {}", describeHere()));
        }
    }

    // Reads \uXXXX at m_i (pointing at the backslash); returns -1 on error.
    long readU16() {
        if (m_i + 6 > m_t.size() || m_t[m_i] != '\\' || m_t[m_i + 1] != 'u') return -1;
        long v = 0;
        for (std::size_t k = 2; k < 6; ++k) {
            int h = hexDigitValue(m_t[m_i + k]);
            if (h < 0) return -1;
            v = v * 16 + h;
        }
        return v;
    }

    bool string(std::string* decoded) {
        std::size_t start = m_i;
        ++m_i;  // opening quote
        while (true) {
            if (atEnd())
                return fail(start, "this string is not closed: the file ends before its closing '\"'");
            unsigned char c = static_cast<unsigned char>(cur());
            if (c == '"') {
                ++m_i;
                return true;
            }
            if (c == '\n' || c == '\r')
                return fail(start, "this string is not closed before the end of the line (a line break "
                                   "inside a string must be written \\n)");
            if (c < 0x20)
                return fail(m_i, fmt::format("control character U+{:04X} inside a string must be escaped", c));
            if (c != '\\') {
                if (decoded) *decoded += static_cast<char>(c);
                ++m_i;
                continue;
            }
            if (m_i + 1 >= m_t.size()) return fail(start, "this string is not closed: the file ends inside it");
            char e = m_t[m_i + 1];
            const char* simple = nullptr;
            switch (e) {
                case '"': simple = "\""; break;
                case '\\': simple = "\\"; break;
                case '/': simple = "/"; break;
                case 'b': simple = "\b"; break;
                case 'f': simple = "\f"; break;
                case 'n': simple = "\n"; break;
                case 'r': simple = "\r"; break;
                case 't': simple = "\t"; break;
                default: break;
            }
            if (simple) {
                if (decoded) *decoded += simple;
                m_i += 2;
                continue;
            }
            if (e != 'u')
                return fail(m_i, "invalid escape in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            long u = readU16();
            if (u < 0) return fail(m_i, "\\u must be followed by exactly four hex digits, like \\u00e9");
            std::size_t escStart = m_i;
            m_i += 6;
            std::uint32_t cp = static_cast<std::uint32_t>(u);
            if (u >= 0xDC00 && u <= 0xDFFF)
                return fail(escStart, "a \\u escape in U+DC00..U+DFFF must follow one in U+D800..U+DBFF");
            if (u >= 0xD800 && u <= 0xDBFF) {
                long low = readU16();
                if (low < 0xDC00 || low > 0xDFFF)
                    return fail(escStart, "a \\u escape in U+D800..U+DBFF must be followed by one in U+DC00..U+DFFF");
                m_i += 6;
                cp = 0x10000 + ((static_cast<std::uint32_t>(u) - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00);
            }
            if (decoded) appendUtf8(*decoded, cp);
        }
    }

    bool digits() {
        std::size_t from = m_i;
        while (!atEnd() && cur() >= '0' && cur() <= '9') ++m_i;
        return m_i > from;
    }

    // Power of ten of the first significant digit (0 for "1.5", -1 for "0.5"); LONG_MIN for zero.
    long decimalMagnitude(std::size_t intStart, std::size_t intEnd, std::size_t fracStart, std::size_t fracEnd,
                          long exponent) const {
        for (std::size_t k = intStart; k < intEnd; ++k) {
            if (m_t[k] != '0') return static_cast<long>(intEnd - k) - 1 + exponent;
        }
        for (std::size_t k = fracStart; k < fracEnd; ++k) {
            if (m_t[k] != '0') return -static_cast<long>(k - fracStart) - 1 + exponent;
        }
        return LONG_MIN;
    }

    bool number() {
        std::size_t start = m_i;
        if (cur() == '-') ++m_i;
        if (atEnd() || cur() < '0' || cur() > '9') {
            if (!atEnd() && (cur() == 'I' || cur() == 'i'))
                return fail(start, "'-Infinity' is not allowed in JSON: numbers must be finite");
            return fail(m_i, fmt::format("expected a digit after '-', got {}", describeHere()));
        }
        std::size_t intStart = m_i;
        if (cur() == '0') {
            ++m_i;
            if (!atEnd() && cur() >= '0' && cur() <= '9')
                return fail(intStart, "numbers cannot have leading zeros (write 7, not 07)");
        } else {
            digits();
        }
        std::size_t intEnd = m_i;
        std::size_t fracStart = m_i, fracEnd = m_i;
        if (!atEnd() && cur() == '.') {
            ++m_i;
            fracStart = m_i;
            if (!digits()) return fail(m_i, "expected a digit after the '.' in a number (write 1.0, not 1.)");
            fracEnd = m_i;
        }
        long exponent = 0;
        if (!atEnd() && (cur() == 'e' || cur() == 'E')) {
            ++m_i;
            bool negative = false;
            if (!atEnd() && (cur() == '+' || cur() == '-')) {
                negative = cur() == '-';
                ++m_i;
            }
            std::size_t expStart = m_i;
            if (!digits()) return fail(m_i, "expected a digit in the exponent of a number (like 1e3)");
            for (std::size_t k = expStart; k < m_i && exponent < 100000; ++k) exponent = exponent * 10 + (m_t[k] - '0');
            if (negative) exponent = -exponent;
        }
        if (!atEnd() && isWordChar(cur()) && cur() != '-' && cur() != '+')
            return fail(start, fmt::format("unexpected {} after a number", describeHere()));
        double value = 0;
        auto res = core::parseDecimal(m_t.data() + start, m_t.data() + m_i, value);
        if (res.ec == std::errc::result_out_of_range && decimalMagnitude(intStart, intEnd, fracStart, fracEnd, exponent) > 0) {
            // Overflow; underflow is fine (nlohmann reads it as about 0).
            return fail(start, "this number is too large (beyond the range of a 64-bit floating-point number)");
        }
        return true;
    }

    std::string_view m_t;
    const LineMap& m_lines;
    int m_maxDepth;
    const std::unordered_set<std::string>* m_wanted;
    JsonScan& m_out;
    std::size_t m_i = 0;
    bool m_ok = true;
    std::vector<std::size_t> m_open;  // offsets of unclosed '{' and '['
};

}  // namespace

JsonScan scanJson(std::string_view text, const LineMap& lines, int maxDepth,
                  const std::unordered_set<std::string>* wanted) {
    JsonScan out;
    Scanner scanner(text, lines, maxDepth, wanted, out);
    scanner.run();
    return out;
}

}  // namespace postino::scenario
