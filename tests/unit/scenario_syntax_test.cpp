// Unit tests of the scenario loader's building blocks: name syntax (ids, IPv4,
// host names, mail addresses, language tags), UTF-8 validation, line:column
// mapping and the JSON scanner's position index.
#include "scenario/json_scanner.h"
#include "scenario/name_syntax.h"
#include "scenario/scenario.h"
#include "scenario/text_encoding.h"

#include <catch2/catch.hpp>

using namespace postino::scenario;

TEST_CASE("scenario: node ids", "[scenario]") {
    for (const char* ok : {"a", "alice-laptop", "0", "mail-1", "a-", "x--y"}) CHECK(isValidNodeId(ok));
    for (const char* bad : {"", "-a", "Alice", "a_b", "a.b", "a b", "é"}) CHECK_FALSE(isValidNodeId(bad));
    CHECK(isValidNodeId(std::string(63, 'a')));
    CHECK_FALSE(isValidNodeId(std::string(64, 'a')));
}

TEST_CASE("scenario: IPv4 dotted quads are strict", "[scenario]") {
    struct Case {
        const char* text;
        std::optional<std::uint32_t> value;
    };
    const Case cases[] = {
        {"192.0.2.10", 0xC000020A}, {"0.0.0.0", 0}, {"255.255.255.255", 0xFFFFFFFF}, {"10.0.0.1", 0x0A000001},
        {"300.1.1.1", std::nullopt}, {"1.2.3", std::nullopt}, {"1.2.3.4.5", std::nullopt},
        {"01.2.3.4", std::nullopt}, {"1.2.3.04", std::nullopt}, {"1.2.3.4 ", std::nullopt},
        {" 1.2.3.4", std::nullopt}, {"1..3.4", std::nullopt}, {"+1.2.3.4", std::nullopt},
        {"0x1.2.3.4", std::nullopt}, {"1.2.3.4.", std::nullopt}, {"", std::nullopt},
        {"1234.1.1.1", std::nullopt}, {"1.2.3.256", std::nullopt}, {"00000001.2.3.4", std::nullopt},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(parseIpv4(c.text) == c.value);
    }
    CHECK(formatIpv4(0xC000020A) == "192.0.2.10");
    CHECK(reservedIpv4Reason(0xC000020A).empty());
    CHECK_FALSE(reservedIpv4Reason(0x7F000001).empty());
    CHECK_FALSE(reservedIpv4Reason(0xFFFFFFFF).empty());
    CHECK_FALSE(reservedIpv4Reason(0xE0000001).empty());
    CHECK_FALSE(reservedIpv4Reason(0).empty());
}

TEST_CASE("scenario: host names follow RFC 1123", "[scenario]") {
    for (const char* ok : {"mail.sender.example", "a", "alice-laptop", "x1.example", "MAIL.Example", "3com.example"})
        CHECK(isValidHostname(ok));
    for (const char* bad : {"", "-a.example", "a-.example", "a..example", ".example", "example.", "mail_1.example",
                            "192.0.2.1", "a.123", "é.example", "a b.example"})
        CHECK_FALSE(isValidHostname(bad));
    CHECK(isValidHostname(std::string(63, 'a') + ".example"));
    CHECK_FALSE(isValidHostname(std::string(64, 'a') + ".example"));
    std::string long253;
    while (long253.size() < 253) long253 += "a.";
    long253.resize(253);
    if (long253.back() == '.') long253.back() = 'b';
    CHECK(isValidHostname(long253));
    CHECK_FALSE(isValidHostname(long253 + "c"));
    CHECK(isValidMailDomain("sender.example"));
    CHECK_FALSE(isValidMailDomain("localhost"));
}

TEST_CASE("scenario: mail addresses", "[scenario]") {
    CHECK(normalizeMailAddress("Alice@Sender.Example") == std::optional<std::string>("alice@sender.example"));
    CHECK(normalizeMailAddress("a.b+tag@x.example").has_value());
    CHECK(normalizeMailAddress("o'brien@x.example").has_value());
    for (const char* bad : {"", "alice", "@x.example", "alice@", "alice@localhost", "a..b@x.example", ".a@x.example",
                            "a.@x.example", "a b@x.example", "a@b@x.example", "\"a\"@x.example", "a@x_y.example",
                            "alice@192.0.2.1"})
        CHECK_FALSE(normalizeMailAddress(bad).has_value());
    CHECK_FALSE(normalizeMailAddress(std::string(65, 'a') + "@x.example").has_value());
    CHECK(mailDomainOf("alice@sender.example") == "sender.example");
}

TEST_CASE("scenario: language tags and edit distance", "[scenario]") {
    for (const char* ok : {"en", "it", "el", "pt-BR", "zh-Hant", "ast"}) CHECK(isValidLanguageTag(ok));
    for (const char* bad : {"", "e", "english", "EN", "en-", "en_US", "en-x"}) CHECK_FALSE(isValidLanguageTag(bad));
    CHECK(editDistance("nodez", "nodes", 2) == 1);
    CHECK(editDistance("abc", "abc", 2) == 0);
    CHECK(editDistance("abcdef", "uvwxyz", 2) == 3);
}

TEST_CASE("scenario: UTF-8 validation and BOMs", "[scenario]") {
    CHECK(findInvalidUtf8("plain ascii") == std::string_view::npos);
    CHECK(findInvalidUtf8("Αλίκη € 𝄞") == std::string_view::npos);
    CHECK(findInvalidUtf8("ab\xC3") == 2);             // truncated sequence
    CHECK(findInvalidUtf8("a\xC0\xAF") == 1);          // overlong '/'
    CHECK(findInvalidUtf8("a\xED\xA0\x80") == 1);      // UTF-16 surrogate
    CHECK(findInvalidUtf8("a\xF4\x90\x80\x80") == 1);  // above U+10FFFF
    CHECK(findInvalidUtf8("a\x80") == 1);              // stray continuation byte
    CHECK(findInvalidUtf8("\xE9t\xE9") == 0);          // Latin-1
    CHECK(detectBom("\xEF\xBB\xBF{}") == Bom::Utf8);
    CHECK(detectBom("\xFF\xFE{\0") == Bom::Utf16Le);
    CHECK(detectBom("\xFE\xFF\0{") == Bom::Utf16Be);
    CHECK(detectBom(std::string_view("\xFF\xFE\0\0", 4)) == Bom::Utf32Le);
    CHECK(detectBom("{}") == Bom::None);
    CHECK(bomLength(Bom::Utf8) == 3);
}

TEST_CASE("scenario: line map counts lines and characters", "[scenario]") {
    std::string_view text = "ab\nΑλί x\n\nz";
    LineMap map(text);
    CHECK(map.at(0).line == 1);
    CHECK(map.at(0).column == 1);
    CHECK(map.at(1).column == 2);
    CHECK(map.at(3).line == 2);
    CHECK(map.at(3).column == 1);
    CHECK(map.at(text.find('x')).column == 5);
    CHECK(map.at(text.find('z')).line == 4);
    CHECK(map.at(9999).line == 4);  // clamped to the end
}

TEST_CASE("scenario: the scanner indexes values and keys by JSON Pointer", "[scenario]") {
    std::string_view text = "{\"a\": [1, {\"b/c\": true}], \"d~\": \"x\"}";
    LineMap lines(text);
    JsonScan scan = scanJson(text, lines, 64);
    REQUIRE_FALSE(scan.error.has_value());
    auto value = [&](const char* ptr) {
        const auto* e = scan.positions.find(ptr);
        return e ? e->value : std::string::npos;
    };
    CHECK(value("") == 0);
    CHECK(value("/a") == text.find('['));
    CHECK(value("/a/0") == text.find('1'));
    CHECK(value("/a/1") == text.find("{\"b"));
    CHECK(value("/a/1/b~1c") == text.find("true"));
    CHECK(scan.positions.find("/a/1/b~1c")->key == text.find("\"b/c\""));
    CHECK(value("/d~0") == text.find("\"x\""));
    CHECK(scan.positions.find("/nope") == nullptr);
    CHECK(childPointer("/x", "a/b~") == "/x/a~1b~0");
    CHECK(childPointer("", std::size_t{3}) == "/3");
}

TEST_CASE("scenario: the scanner reports syntax errors at the right place", "[scenario]") {
    struct Case {
        const char* text;
        std::size_t offset;
        const char* message;
    };
    const Case cases[] = {
        {"{\"a\": 1,}", 7, "comma before '}'"},
        {"{\"a\" 1}", 5, "expected ':'"},
        {"{a: 1}", 1, "field names must be in double quotes: write \"a\""},
        {"[1 2]", 3, "expected ',' or ']'"},
        {"{\"a\": \"x\\q\"}", 8, "invalid escape"},
        {"{\"a\": \"\\u12\"}", 7, "four hex digits"},
        {"{\"a\": 1.}", 8, "digit after the '.'"},
        {"{\"a\": -}", 7, "expected a digit after '-'"},
        {"{\"a\": 1e}", 8, "exponent"},
        {"{\"a\": .5}", 6, "digit before the '.'"},
        {"{\"a\": +5}", 6, "cannot start with '+'"},
        {"{\"a\": tru}", 6, "unknown word 'tru'"},
        {"{\"a\": \"x\ty\"}", 8, "control character U+0009"},
        {"{\"a\": [1}", 8, "expected ']' to close the array"},
        {"[", 1, "unexpected end of file"},
        {"{\"a\": -Infinity}", 6, "-Infinity"},
        {"{\"a\": 1e400}", 6, "too large"},
        {"{\"a\": -0.5e400}", 6, "too large"},
        {"{\"a\": 0.00012e313}", 6, "too large"},
        {"{\"a\": 0123}", 6, "leading zeros"},
        {"{\"a\": 1, \"a\": 2}", std::string::npos, ""},  // duplicate keys are not syntax errors
    };
    for (const auto& c : cases) {
        INFO(c.text);
        LineMap lines(c.text);
        JsonScan scan = scanJson(c.text, lines, 64);
        if (c.offset == std::string::npos) {
            CHECK_FALSE(scan.error.has_value());
            CHECK(scan.duplicateKeys.size() == 1);
            continue;
        }
        REQUIRE(scan.error.has_value());
        CHECK(scan.error->offset == c.offset);
        CHECK(scan.error->message.find(c.message) != std::string::npos);
    }
}

TEST_CASE("scenario: LocalizedText falls back to the base language, then English", "[scenario]") {
    LocalizedText t;
    CHECK(t.get("en").empty());
    t.byLanguage = {{"en", "Hello"}, {"it", "Ciao"}, {"pt", "Olá"}};
    CHECK(t.get("it") == "Ciao");
    CHECK(t.get("pt-BR") == "Olá");
    CHECK(t.get("el") == "Hello");
}

TEST_CASE("scenario: the scanner accepts tiny, zero and ordinary numbers", "[scenario]") {
    for (const char* text : {"[1e-400]", "[0e999999]", "[0.0e400]", "[-0]", "[0.00012e300]", "[1.5E+3]", "[123456789012345678901234567890]"}) {
        INFO(text);
        LineMap lines(text);
        JsonScan scan = scanJson(text, lines, 64);
        CHECK_FALSE(scan.error.has_value());
    }
}
