// Wrapped text breaks only at spaces: addresses, reply codes, host names and quoted words stay
// whole on a line; only a word wider than a whole line is cut (after '/', '-', '.', else between
// UTF-8 characters).
#include "model/text_wrap.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace postino::viz;

namespace {

// Every character one unit wide, whatever its bytes: a monospaced font counted in characters.
float charCount(std::string_view s) {
    float n = 0;
    for (std::size_t i = 0; i < s.size(); i += utf8CharLength(s, i)) ++n;
    return n;
}

std::vector<std::string> wrap(std::string_view text, float width) {
    std::vector<std::string> out;
    for (std::string_view l : wrapText(text, width, charCount)) out.emplace_back(l);
    return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("text wrap: a sentence breaks at spaces, never inside an IP address or a host name") {
    // Dear ImGui broke this as "...DNS 198.51." / "100.53: A mail.sender." / "example?...".
    CHECK(wrap("chiede al server DNS 198.51.100.53: A mail.sender.example? (ID della domanda 0x7f46)", 28) ==
          Lines{"chiede al server DNS", "198.51.100.53: A", "mail.sender.example? (ID", "della domanda 0x7f46)"});
    CHECK(wrap("relay to mail.recipient.example [203.0.113.25] port 25", 36) ==
          Lines{"relay to mail.recipient.example", "[203.0.113.25] port 25"});
    CHECK(wrap("answer for A mail.sender.example: A 192.0.2.25", 36) ==
          Lines{"answer for A mail.sender.example: A", "192.0.2.25"});
    CHECK(wrap("answer: A 192.0.2.25", 12) == Lines{"answer: A", "192.0.2.25"});
    CHECK(wrap("connection to mail.recipient.example", 24) == Lines{"connection to", "mail.recipient.example"});
}

TEST_CASE("text wrap: a reply code is never cut inside its enhanced code") {
    CHECK(wrap("\"P.S.\" sent to the server: 250 2.0.0 Ok: queued as 4F2A", 31) ==
          Lines{"\"P.S.\" sent to the server: 250", "2.0.0 Ok: queued as 4F2A"});
    CHECK(wrap("the server answers 250 2.0.0 Ok", 24) == Lines{"the server answers 250", "2.0.0 Ok"});
}

TEST_CASE("text wrap: a quoted subject keeps its quotes") {
    // Dear ImGui put the closing quote on the next line: "Lunch? / " to carol...
    CHECK(wrap("alice@sender.example sends \"Lunch?\" to carol@sender.example", 33) ==
          Lines{"alice@sender.example sends", "\"Lunch?\" to carol@sender.example"});
    CHECK(wrap("sends \"Lunch?\" to carol", 12) == Lines{"sends", "\"Lunch?\" to", "carol"});
}

TEST_CASE("text wrap: Greek text breaks at spaces, counted in characters, not bytes") {
    const std::string text = "το μήνυμα με ID ουράς 9F1DB4F5D9 παραδόθηκε σε όλους τους παραλήπτες";
    CHECK(wrap(text, 32) == Lines{"το μήνυμα με ID ουράς 9F1DB4F5D9", "παραδόθηκε σε όλους τους", "παραλήπτες"});
    // Every line fits, in characters.
    for (const std::string& l : wrap(text, 12)) CHECK(charCount(l) <= 12);
}

TEST_CASE("text wrap: empty text, only spaces, trailing and repeated spaces") {
    CHECK(wrap("", 10) == Lines{""});
    CHECK(wrap("   ", 10) == Lines{""});
    CHECK(wrap("Ok   ", 10) == Lines{"Ok"});
    CHECK(wrap("one two   ", 5) == Lines{"one", "two"});
    // Spaces inside a line stay as they are; spaces at a break go.
    CHECK(wrap("a  b     c", 5) == Lines{"a  b", "c"});
    // An indent that opens the text stays when it fits.
    CHECK(wrap("  <> (the empty sender)", 12) == Lines{"  <> (the", "empty", "sender)"});
    // A tab is a blank too (a folded header line keeps its tab), as wide as it measures.
    CHECK(wrap("from a\tby b", 6) == Lines{"from a", "by b"});
    CHECK(wrap("a\tb c", 3) == Lines{"a\tb", "c"});
}

TEST_CASE("text wrap: explicit line breaks") {
    CHECK(wrap("first line\nsecond", 40) == Lines{"first line", "second"});
    CHECK(wrap("a\n\nb", 40) == Lines{"a", "", "b"});
    CHECK(wrap("ends with a break\n", 40) == Lines{"ends with a break"});
    CHECK(wrap("windows\r\nline", 40) == Lines{"windows", "line"});
    CHECK(wrap("long first line\nx", 6) == Lines{"long", "first", "line", "x"});
}

TEST_CASE("text wrap: a word wider than the line is cut after its last '/', '-' or '.' that fits") {
    CHECK(wrap("see mail.recipient.example now", 12) == Lines{"see", "mail.", "recipient.", "example now"});
    CHECK(wrap("http://webmail.example/inbox/42", 16) == Lines{"http://webmail.", "example/inbox/42"});
    CHECK(wrap("alice-laptop-at-home", 10) == Lines{"alice-", "laptop-at-", "home"});
    // A word that fits on a line of its own goes there whole, not cut.
    CHECK(wrap("A 192.0.2.25", 10) == Lines{"A", "192.0.2.25"});
}

TEST_CASE("text wrap: a word with nowhere to cut is cut between UTF-8 characters") {
    CHECK(wrap("ABCDEFGHIJ", 4) == Lines{"ABCD", "EFGH", "IJ"});
    // Greek letters are two bytes each: never split in half.
    CHECK(wrap("αβγδεζηθ", 3) == Lines{"αβγ", "δεζ", "ηθ"});
    // A width narrower than one character still gives one character a line.
    CHECK(wrap("αβ", 0.5f) == Lines{"α", "β"});
    // A broken byte sequence is cut byte by byte, and nothing is lost.
    const std::string broken = "ab\xC3";
    CHECK(wrap(broken, 1) == Lines{"a", "b", "\xC3"});
}

TEST_CASE("text wrap: widths need not be equal per character") {
    // 'W' is three units wide, every other character one: "WW ab" is 9 units.
    const TextWidth width = [](std::string_view s) {
        float w = 0;
        for (char c : s) w += c == 'W' ? 3.0f : 1.0f;
        return w;
    };
    std::vector<std::string> lines;
    for (std::string_view l : wrapText("WW ab WWW", 9, width)) lines.emplace_back(l);
    CHECK(lines == Lines{"WW ab", "WWW"});
    lines.clear();
    for (std::string_view l : wrapText("WW ab WWW", 8, width)) lines.emplace_back(l);
    CHECK(lines == Lines{"WW", "ab", "WW", "W"});
}
