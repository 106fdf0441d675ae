// The IMAP client's response reader (framing, literals, limits, tokens, status responses) and
// its command builder (quoting, literals, UID sets).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "imap_client/command_builder.h"
#include "imap_client/response_reader.h"

using namespace postino::imap_client;

namespace {

// Reads every response in `bytes` (fed in `chunk`-sized pieces); stops at the first error.
struct Parsed {
    std::vector<Response> responses;
    std::string error;
};

Parsed readAll(const std::string& bytes, std::size_t chunk = 0) {
    Parsed out;
    ResponseReader reader;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const std::size_t n = chunk ? std::min(chunk, bytes.size() - pos) : bytes.size() - pos;
        std::string_view in(bytes.data() + pos, n);
        pos += n;
        while (!in.empty()) {
            const auto st = reader.next(in);
            if (st == ResponseReader::Status::Error) {
                out.error = reader.error();
                return out;
            }
            if (st == ResponseReader::Status::Done) out.responses.push_back(reader.response());
        }
    }
    return out;
}

Response readOne(const std::string& bytes) {
    Parsed p = readAll(bytes);
    INFO(bytes << " -> " << p.error);
    REQUIRE(p.error.empty());
    REQUIRE(p.responses.size() == 1);
    return p.responses[0];
}

}  // namespace

TEST_CASE("status responses split tag, code and text", "[imap_client][parser]") {
    struct Case {
        std::string line;
        Response::Kind kind;
        std::string tag, keyword, code, args, text;
    };
    const std::vector<Case> cases = {
        {"A001 OK [CAPABILITY IMAP4rev1 MOVE] Logged in\r\n", Response::Kind::Tagged, "A001", "OK", "CAPABILITY",
         "IMAP4rev1 MOVE", "Logged in"},
        {"a7 no [TRYCREATE] Mailbox doesn't exist: X\r\n", Response::Kind::Tagged, "a7", "NO", "TRYCREATE", "",
         "Mailbox doesn't exist: X"},
        {"* OK [PERMANENTFLAGS (\\Seen \\*)] Flags permitted.\r\n", Response::Kind::Untagged, "", "OK",
         "PERMANENTFLAGS", "(\\Seen \\*)", "Flags permitted."},
        {"* BYE Logging out\n", Response::Kind::Untagged, "", "BYE", "", "", "Logging out"},
        {"A3 OK done {5}\r\n", Response::Kind::Tagged, "A3", "OK", "", "", "done {5}"},  // never a literal
        {"+ OK\r\n", Response::Kind::Continuation, "", "", "", "", "OK"},
        {"+\r\n", Response::Kind::Continuation, "", "", "", "", ""},
        {"+ [ALERT] x\r\n", Response::Kind::Continuation, "", "", "ALERT", "", "x"},
        {"A1 BAD\r\n", Response::Kind::Tagged, "A1", "BAD", "", "", ""},
        {"* OK [unclosed text\r\n", Response::Kind::Untagged, "", "OK", "", "", "[unclosed text"},
        // RFC 3501 9: tag = 1*<any ASTRING-CHAR except "+">, and ']' is an ASTRING-CHAR; the
        // server engine echoes such tags (found by fuzzing the server against this reader).
        {"a]1 BAD Unknown command.\r\n", Response::Kind::Tagged, "a]1", "BAD", "", "", "Unknown command."},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        const Response r = readOne(c.line);
        CHECK(r.kind == c.kind);
        CHECK(r.tag == c.tag);
        CHECK(r.keyword == c.keyword);
        CHECK(r.code == c.code);
        CHECK(r.codeArgs == c.args);
        CHECK(r.text == c.text);
    }
}

TEST_CASE("data responses become values: atoms, strings, NIL, lists, literals", "[imap_client][parser]") {
    const std::string header = "Subject: hi\r\n\r\n";
    const Response r = readOne("* 12 FETCH (UID 7 FLAGS (\\Seen $Junk) BODY[HEADER.FIELDS (SUBJECT)] {" +
                               std::to_string(header.size()) + "}\r\n" + header +
                               " BODY[]<0> ~{3}\r\na\"b INTERNALDATE \"01-Jul-2024 10:00:00 +0000\" X-Q \"a\\\"b\\\\c\" "
                               "Z NIL)\r\n");
    CHECK(r.kind == Response::Kind::Untagged);
    CHECK(r.number == 12u);
    CHECK(r.keyword == "FETCH");
    REQUIRE(r.data.size() == 1);
    const auto& items = r.data[0].items;
    REQUIRE(items.size() == 14);
    CHECK(items[0].atomIs("uid"));
    CHECK(items[1].number() == 7u);
    REQUIRE(items[3].isList());
    CHECK(items[3].items[0].text == "\\Seen");
    CHECK(items[3].items[1].text == "$Junk");
    CHECK(items[4].text == "BODY[HEADER.FIELDS (SUBJECT)]");
    CHECK(items[5].isString());
    CHECK(items[5].literal);
    CHECK(items[5].text == header);
    CHECK(items[6].text == "BODY[]<0>");
    CHECK(items[7].text == "a\"b");
    CHECK(items[9].isString());
    CHECK(items[11].text == "a\"b\\c");
    CHECK(items[13].isNil());
}

TEST_CASE("a literal may be empty and may end the response line", "[imap_client][parser]") {
    const Parsed p = readAll("* 1 FETCH (BODY[] {0}\r\n)\r\n* LIST () \"/\" {5}\r\nIN\r\nX\r\n* 3 EXISTS\r\n");
    REQUIRE(p.error.empty());
    REQUIRE(p.responses.size() == 3);
    CHECK(p.responses[0].data[0].items[1].text.empty());
    CHECK(p.responses[1].data[2].text == "IN\r\nX");
    CHECK(p.responses[2].number == 3u);
}

TEST_CASE("the reader gives the same responses for any split", "[imap_client][parser]") {
    const std::string bytes =
        "* OK [CAPABILITY IMAP4rev1] hi\r\n* 2 FETCH (UID 9 BODY[] {12}\r\nhello\r\nworld)\r\nA1 OK done\r\n";
    const Parsed whole = readAll(bytes);
    REQUIRE(whole.responses.size() == 3);
    for (std::size_t chunk = 1; chunk < 12; ++chunk) {
        const Parsed p = readAll(bytes, chunk);
        REQUIRE(p.responses.size() == 3);
        for (std::size_t i = 0; i < 3; ++i) CHECK(p.responses[i].describe() == whole.responses[i].describe());
        CHECK(p.responses[1].data[0].items[3].text == "hello\r\nworld");
    }
}

TEST_CASE("line limit is 64 KiB including CRLF", "[imap_client][parser]") {
    const std::string atLimit = "* OK " + std::string(kMaxResponseLine - 7, 'x') + "\r\n";
    REQUIRE(atLimit.size() == kMaxResponseLine);
    CHECK(readAll(atLimit).error.empty());
    CHECK(readAll(atLimit, 1000).responses.size() == 1);
    const std::string over = "* OK " + std::string(kMaxResponseLine - 6, 'x') + "\r\n";
    CHECK_FALSE(readAll(over).error.empty());
    CHECK_FALSE(readAll(over, 1).error.empty());
    CHECK_FALSE(readAll(std::string(kMaxResponseLine + 1, 'y')).error.empty());  // no line end at all
}

TEST_CASE("malformed responses are errors", "[imap_client][parser]") {
    const std::vector<std::string> bad = {
        "\r\n",
        "*\r\n",
        "*OK\r\n",
        "* \r\n",
        "(A1) OK\r\n",
        "A1\r\n",
        "A1 FETCH (UID 1)\r\n",
        "A1 PREAUTH x\r\n",
        "+x\r\n",
        "* 1 FETCH (BODY[ {3}\r\nabc)\r\n",
        "* 1 FETCH (UID 1\r\n",
        "* 1 FETCH UID 1)\r\n",
        "* 12x FETCH ()\r\n",
        "* 5\r\n",
        "* FE@TCH\r\n",
        "* 1 FETCH (X {" + std::to_string(kMaxLiteral + 1) + "}\r\n",
    };
    for (const auto& b : bad) {
        INFO(b);
        const Parsed p = readAll(b);
        CHECK_FALSE(p.error.empty());
        CHECK(p.responses.empty());
    }
}

TEST_CASE("after an error the reader stays broken", "[imap_client][parser]") {
    ResponseReader reader;
    std::string_view in = "garbage\r\n* OK fine\r\n";
    CHECK(reader.next(in) == ResponseReader::Status::Error);
    CHECK(reader.next(in) == ResponseReader::Status::Error);
}

TEST_CASE("quoted strings and literals in commands", "[imap_client][parser]") {
    CHECK(quoteString("INBOX") == "\"INBOX\"");
    CHECK(quoteString("") == "\"\"");
    CHECK(quoteString("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK_FALSE(quoteString("a\r\nb"));
    CHECK_FALSE(quoteString("caf\xc3\xa9"));

    {
        CommandBuilder b("A1", "LOGIN", LiteralMode::Synchronizing);
        CHECK(b.astring("bob"));
        CHECK(b.astring("pa\xc3\xa9"));
        CHECK_FALSE(b.astring(std::string("x\0y", 3)));
        const Command c = b.finish();
        REQUIRE(c.pieces.size() == 2);
        CHECK(c.pieces[0] == "A1 LOGIN \"bob\" {4}\r\n");
        CHECK(c.pieces[1] == "pa\xc3\xa9\r\n");
        CHECK(c.display == "A1 LOGIN \"bob\" {4}");
    }
    {
        CommandBuilder b("A2", "APPEND", LiteralMode::LiteralMinus);
        b.astring("Sent");
        CHECK(b.literal(std::string(4096, 'a'), kMaxLiteral));
        CHECK(b.literal(std::string(4097, 'b'), kMaxLiteral));
        CHECK_FALSE(b.literal(std::string(10, 'c'), 5));
        const Command c = b.finish();
        REQUIRE(c.pieces.size() == 2);  // LITERAL- allows only up to 4096 octets non-synchronizing
        CHECK(c.pieces[0] == "A2 APPEND \"Sent\" {4096+}\r\n" + std::string(4096, 'a') + " {4097}\r\n");
        CHECK(c.pieces[1] == std::string(4097, 'b') + "\r\n");
    }
}

TEST_CASE("UID sets", "[imap_client][parser]") {
    using V = std::vector<std::uint32_t>;
    CHECK(formatUidSet({}).empty());
    CHECK(formatUidSet({7}) == "7");
    CHECK(formatUidSet({1, 2, 3, 5, 7, 8}) == "1:3,5,7:8");
    CHECK(formatUidSet({4294967294u, 4294967295u}) == "4294967294:4294967295");

    CHECK(parseUidSet("3:5,9") == V{3, 4, 5, 9});
    CHECK(parseUidSet("5:3") == V{3, 4, 5});
    CHECK(parseUidSet("4294967295") == V{4294967295u});
    for (const char* bad : {"", "*", "0", "1:*", "1,,2", "a", "1:", ":1", "4294967296", "1 2"}) {
        INFO(bad);
        CHECK_FALSE(parseUidSet(bad));
    }
    CHECK_FALSE(parseUidSet("1:4294967295"));  // more than the cap
    CHECK(parseUidSet("1:10", 10));
    CHECK_FALSE(parseUidSet("1:10,12", 10));

    CHECK(toCrlf("a\nb\rc\r\nd") == "a\r\nb\r\nc\r\nd");
    CHECK(toCrlf("\n\n") == "\r\n\r\n");
}
