#include "mail/encoded_words.h"
#include "core/ascii.h"

#include "core/base64.h"
#include "core/utf8.h"

#include <cstdint>

namespace postino::mail {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

enum class Charset { Utf8, Ascii, Latin1, Greek, Unknown };

Charset charsetOf(std::string_view name) {
    const std::string n = toLowerAscii(name);
    if (n == "utf-8" || n == "utf8") return Charset::Utf8;
    if (n == "us-ascii" || n == "ascii") return Charset::Ascii;
    if (n == "iso-8859-1" || n == "iso8859-1" || n == "iso_8859-1" || n == "latin1") return Charset::Latin1;
    if (n == "iso-8859-7" || n == "iso8859-7" || n == "iso_8859-7" || n == "greek") return Charset::Greek;
    return Charset::Unknown;
}

// ISO-8859-7 (2003) 0xA0-0xBF; 0 = unassigned. 0xC0-0xFE are U+0390-U+03CE in order.
constexpr std::uint16_t kGreekA0[32] = {
    0x00A0, 0x2018, 0x2019, 0x00A3, 0x20AC, 0x20AF, 0x00A6, 0x00A7,
    0x00A8, 0x00A9, 0x037A, 0x00AB, 0x00AC, 0x00AD, 0,      0x2015,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x0384, 0x0385, 0x0386, 0x00B7,
    0x0388, 0x0389, 0x038A, 0x00BB, 0x038C, 0x00BD, 0x038E, 0x038F,
};

std::uint32_t greekCodePoint(unsigned char c) {
    if (c < 0xA0) return c;  // ASCII and the C1 controls, as in ISO-8859-1
    if (c < 0xC0) return kGreekA0[c - 0xA0];
    if (c == 0xD2 || c == 0xFF) return 0;  // unassigned (U+03A2 is unassigned in Unicode too)
    return c + 0x2D0u;
}

bool isBase64Char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

bool isLinearSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// RFC 2047 4.1 "B": base64, also when the padding is missing.
std::optional<std::string> decodeB(std::string_view text) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    std::string padded(text);
    for (char c : padded)
        if (!isBase64Char(c)) return std::nullopt;
    if (padded.size() % 4 == 1) return std::nullopt;
    while (padded.size() % 4 != 0) padded += '=';
    return base64Decode(padded);
}

// RFC 2047 4.2 "Q": '_' is a space, "=XX" a byte; a broken "=" is kept.
std::string decodeQ(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_') {
            out += ' ';
        } else if (text[i] == '=' && i + 2 < text.size() && hexDigitValue(text[i + 1]) >= 0 && hexDigitValue(text[i + 2]) >= 0) {
            out += static_cast<char>(hexDigitValue(text[i + 1]) * 16 + hexDigitValue(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

struct EncodedWord {
    std::string charset;
    std::string bytes;    // decoded, still in `charset`
    std::size_t end = 0;  // index after "?="
};

// An encoded word "=?charset?B|Q?text?=" starting at `pos`, if it is one we can decode.
std::optional<EncodedWord> parseWord(std::string_view s, std::size_t pos) {
    if (s.compare(pos, 2, "=?") != 0) return std::nullopt;
    const std::size_t charsetStart = pos + 2;
    const std::size_t q1 = s.find('?', charsetStart);
    if (q1 == std::string_view::npos || q1 == charsetStart || q1 - charsetStart > 40) return std::nullopt;
    if (q1 + 2 >= s.size() || s[q1 + 2] != '?') return std::nullopt;
    const char encoding = s[q1 + 1];
    const std::size_t textStart = q1 + 3;
    const std::size_t q2 = s.find('?', textStart);
    if (q2 == std::string_view::npos || q2 + 1 >= s.size() || s[q2 + 1] != '=') return std::nullopt;
    const std::string_view charset = s.substr(charsetStart, q1 - charsetStart);
    const std::string_view text = s.substr(textStart, q2 - textStart);
    for (char c : text)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) return std::nullopt;
    if (charsetOf(charset) == Charset::Unknown) return std::nullopt;
    EncodedWord w{std::string(charset), "", q2 + 2};
    if (encoding == 'B' || encoding == 'b') {
        auto bytes = decodeB(text);
        if (!bytes) return std::nullopt;
        w.bytes = std::move(*bytes);
    } else if (encoding == 'Q' || encoding == 'q') {
        w.bytes = decodeQ(text);
    } else {
        return std::nullopt;
    }
    return w;
}

}  // namespace

std::optional<std::string> charsetToUtf8(std::string_view bytes, std::string_view charset) {
    const Charset cs = charsetOf(charset);
    if (cs == Charset::Unknown) return std::nullopt;
    if (cs == Charset::Utf8) return toValidUtf8(bytes);
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char ch : bytes) {
        const unsigned char c = static_cast<unsigned char>(ch);
        std::uint32_t cp = c;
        if (cs == Charset::Ascii && c >= 0x80) cp = 0;
        if (cs == Charset::Greek) cp = greekCodePoint(c);
        if (cp == 0 && c != 0) out += kReplacement;
        else appendUtf8(out, cp);
    }
    return out;
}

std::string quotedPrintableBytes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] != '=') {
            out += s[i++];
            continue;
        }
        // Soft line break: "=", maybe transport-added spaces, then CRLF, LF or the end of the text
        // (in a multipart body the last CRLF belongs to the boundary delimiter).
        std::size_t j = i + 1;
        while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
        if (j == s.size()) break;
        if (s[j] == '\n') {
            i = j + 1;
            continue;
        }
        if (s[j] == '\r' && j + 1 < s.size() && s[j + 1] == '\n') {
            i = j + 2;
            continue;
        }
        if (i + 2 < s.size() && hexDigitValue(s[i + 1]) >= 0 && hexDigitValue(s[i + 2]) >= 0) {
            out += static_cast<char>(hexDigitValue(s[i + 1]) * 16 + hexDigitValue(s[i + 2]));
            i += 3;
            continue;
        }
        out += s[i++];  // not a valid escape: keep the '='
    }
    return out;
}

std::string decodeQuotedPrintable(std::string_view body) { return toValidUtf8(quotedPrintableBytes(body)); }

std::string decodeEncodedWords(std::string_view s) {
    std::string out;
    std::string space;  // whitespace after an encoded word, held until we see what follows
    bool afterWord = false;
    std::string runCharset, runBytes;  // the bytes of adjacent words in one charset
    auto flushRun = [&] {
        if (!runBytes.empty()) out += charsetToUtf8(runBytes, runCharset).value_or("");
        runBytes.clear();
    };
    std::size_t i = 0;
    while (i < s.size()) {
        if (isLinearSpace(s[i])) {
            (afterWord ? space : out) += s[i++];
            continue;
        }
        if (auto word = parseWord(s, i)) {
            if (!afterWord || charsetOf(word->charset) != charsetOf(runCharset)) {
                flushRun();
                runCharset = word->charset;
            }
            runBytes += word->bytes;
            space.clear();  // RFC 2047 6.2: whitespace between adjacent words is not shown
            afterWord = true;
            i = word->end;
            continue;
        }
        flushRun();
        out += space;
        space.clear();
        afterWord = false;
        out += s[i++];
    }
    flushRun();
    out += space;
    // Decoded runs are well-formed already; this repairs raw 8-bit text between them. A run never
    // starts with a continuation byte, so nothing merges across the seams.
    return toValidUtf8(out);
}

}  // namespace postino::mail
