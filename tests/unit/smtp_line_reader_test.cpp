// The SMTP line reader (limits, bare LF, recovery, byte-at-a-time) and the small helpers:
// reply formatting and parsing, path parsing, base64 and SASL PLAIN.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "smtp/address.h"
#include "smtp/line_reader.h"
#include "smtp/reply.h"
#include "smtp/sasl.h"

using namespace postino::smtp;

namespace {

// Feeds `chunks` and returns one entry per result: the line, or "!long" / "!lf".
std::vector<std::string> readAll(LineReader& r, const std::vector<std::string>& chunks) {
    std::vector<std::string> out;
    for (const auto& c : chunks) {
        std::string_view in = c;
        while (true) {
            const LineStatus st = r.next(in);
            if (st == LineStatus::NeedMore) {
                CHECK(in.empty());
                break;
            }
            if (st == LineStatus::Done)
                out.push_back(r.line());
            else
                out.push_back(r.error() == LineError::TooLong ? "!long" : "!lf");
        }
    }
    return out;
}

std::vector<std::string> bytes(const std::string& s) {
    std::vector<std::string> v;
    for (char c : s) v.emplace_back(1, c);
    return v;
}

}  // namespace

TEST_CASE("line reader: results are the same whole and byte by byte", "[smtp][line]") {
    struct Case {
        const char* name;
        std::size_t limit;
        BareLf bareLf;
        std::string input;
        std::vector<std::string> expected;
    };
    const std::vector<Case> cases = {
        {"two lines", 512, BareLf::Reject, "HELO a\r\nNOOP\r\n", {"HELO a", "NOOP"}},
        {"empty line", 512, BareLf::Reject, "\r\n", {""}},
        {"CR CR LF keeps one CR", 512, BareLf::Reject, "a\r\r\n", {"a\r"}},
        {"bare LF is an error, the next line is fine", 512, BareLf::Reject, "a\nb\r\n", {"!lf", "b"}},
        {"bare LF is content in DATA mode", 1000, BareLf::Content, "a\nb\r\n.\n\r\n", {"a\nb", ".\n"}},
        {"exactly the limit", 8, BareLf::Reject, "123456\r\n", {"123456"}},
        {"one over the limit, then recovery", 8, BareLf::Reject, "1234567\r\nok\r\n", {"!long", "ok"}},
        {"the CR is the overflowing byte", 8, BareLf::Reject, "1234567\r\r\nok\r\n", {"!long", "ok"}},
        {"a long line is reported once", 8, BareLf::Reject, std::string(100, 'x') + "\r\nok\r\n", {"!long", "ok"}},
        {"a bare LF inside an overlong line does not end it", 8, BareLf::Reject,
         std::string(20, 'x') + "\nyy\r\nok\r\n", {"!long", "ok"}},
        {"no CRLF yet", 512, BareLf::Reject, "NOOP\r", {}},
    };
    for (const auto& c : cases) {
        DYNAMIC_SECTION(c.name) {
            LineReader whole(c.limit, c.bareLf);
            CHECK(readAll(whole, {c.input}) == c.expected);
            LineReader single(c.limit, c.bareLf);
            CHECK(readAll(single, bytes(c.input)) == c.expected);
        }
    }
}

TEST_CASE("line reader: Overlong::Split hands out a long line in pieces, whole and byte by byte", "[smtp][line]") {
    // Each result: the piece, with "+" after it when more of the same line follows.
    auto readPieces = [](const std::vector<std::string>& chunks) {
        LineReader r(8, BareLf::Content);
        r.setOverlong(Overlong::Split);
        std::vector<std::string> out;
        for (const auto& c : chunks) {
            std::string_view in = c;
            while (true) {
                const LineStatus st = r.next(in);
                if (st == LineStatus::NeedMore) break;
                REQUIRE(st == LineStatus::Done);
                out.push_back(r.line() + (r.continues() ? "+" : ""));
            }
        }
        return out;
    };
    struct Case {
        const char* name;
        std::string input;
        std::vector<std::string> expected;
    };
    const std::vector<Case> cases = {
        {"short lines are whole", "ab\r\n123456\r\n", {"ab", "123456"}},
        {"one over the limit", "1234567\r\nok\r\n", {"1234567+", "", "ok"}},
        {"a long line in three pieces", std::string(16, 'x') + "\r\n", {"xxxxxxx+", "xxxxxxx+", "xx"}},
        {"a CR at the cut is held back and still ends the line", "123456\r\r\n", {"123456+", "\r"}},
        {"a CRLF right after a full piece", "1234567\r\n", {"1234567+", ""}},
        {"a CR held back that is content", "123456\rab\r\n", {"123456+", "\rab"}},
        {"bare LF stays content across pieces", "12345\n78\n\r\n", {"12345\n7+", "8\n"}},
    };
    for (const auto& c : cases) {
        DYNAMIC_SECTION(c.name) {
            CHECK(readPieces({c.input}) == c.expected);
            CHECK(readPieces(bytes(c.input)) == c.expected);
        }
    }
}

TEST_CASE("line reader: midLine and limit changes", "[smtp][line]") {
    LineReader r;
    std::string_view in = "NOO";
    CHECK(r.next(in) == LineStatus::NeedMore);
    CHECK(r.midLine());
    in = "P\r\nrest";
    CHECK(r.next(in) == LineStatus::Done);
    CHECK(r.line() == "NOOP");
    CHECK(in == "rest");
    r.setLimit(kTextLineLimit);
    r.setBareLf(BareLf::Content);
    std::string text(997, 'a');
    text += "\n\r\n";  // 1000 octets with the CRLF
    in = text;
    CHECK(r.next(in) == LineStatus::Done);
    CHECK(r.line().size() == 998);
}

TEST_CASE("reply formatting", "[smtp][reply]") {
    CHECK(formatReply(250, "2.1.0", "Ok") == "250 2.1.0 Ok\r\n");
    CHECK(formatReply(354, "", "End data with <CR><LF>.<CR><LF>") == "354 End data with <CR><LF>.<CR><LF>\r\n");
    CHECK(formatReply(334, "", "") == "334 \r\n");
    CHECK(formatReply(550, "5.1.1", std::string("<a\r\nb\0\xff>", 8)) == "550 5.1.1 <a??b?" "?>\r\n");
    CHECK(formatMultiline(250, {"mx", "PIPELINING", "8BITMIME"}) == "250-mx\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
    CHECK(printable(std::string(1000, 'a')).size() == 400);
}

TEST_CASE("reply parser: single, multiline, byte by byte, errors", "[smtp][reply]") {
    SECTION("multiline EHLO, fed one byte at a time") {
        ReplyParser p;
        const std::string in = "250-mx.example.org\r\n250-SIZE 100\r\n250 8BITMIME\r\n220 next\r\n";
        std::vector<Reply> got;
        for (char c : in) {
            std::string_view v(&c, 1);
            while (!v.empty()) {
                auto st = p.next(v);
                REQUIRE(st != ReplyParser::Status::Error);
                if (st == ReplyParser::Status::Done) got.push_back(p.reply());
            }
        }
        REQUIRE(got.size() == 2);
        CHECK(got[0].code == 250);
        CHECK(got[0].lines == std::vector<std::string>{"mx.example.org", "SIZE 100", "8BITMIME"});
        CHECK(got[0].enhanced.empty());
        CHECK(got[1].code == 220);
        CHECK(got[1].text() == "next");
    }
    SECTION("enhanced codes") {
        struct Case {
            std::string in;
            int code;
            std::string enhanced;
            std::string text;
        };
        const std::vector<Case> cases = {
            {"250 2.1.5 Ok\r\n", 250, "2.1.5", "Ok"},
            {"550-5.1.1 first\r\n550 5.1.1 second\r\n", 550, "5.1.1", "first second"},
            {"550 4.1.1 class mismatch\r\n", 550, "", "4.1.1 class mismatch"},
            {"250 2.0.0\r\n", 250, "2.0.0", ""},
            {"250 2.0 short\r\n", 250, "", "2.0 short"},
            {"221\r\n", 221, "", ""},
            {"452 4.5.3 Error: too many recipients\r\n", 452, "4.5.3", "Error: too many recipients"},
        };
        for (const auto& c : cases) {
            ReplyParser p;
            std::string_view v = c.in;
            REQUIRE(p.next(v) == ReplyParser::Status::Done);
            CHECK(p.reply().code == c.code);
            CHECK(p.reply().enhanced == c.enhanced);
            CHECK(p.reply().text() == c.text);
        }
    }
    SECTION("malformed replies") {
        const std::vector<std::string> bad = {"25 short\r\n", "abc text\r\n", "250x\r\n",
                                              "250-a\r\n251 b\r\n", "250 ok\n", "650 x\r\n",
                                              "250 " + std::string(600, 'x') + "\r\n"};
        for (const auto& b : bad) {
            ReplyParser p;
            std::string_view v = b;
            ReplyParser::Status st = ReplyParser::Status::NeedMore;
            while (!v.empty() && st != ReplyParser::Status::Error) st = p.next(v);
            CHECK(st == ReplyParser::Status::Error);
            CHECK_FALSE(p.error().empty());
        }
    }
}

TEST_CASE("path arguments", "[smtp][address]") {
    using S = PathArgument::Status;
    struct Case {
        std::string args;
        std::string keyword;
        S status;
        std::string address;
        std::vector<std::string> params;
    };
    const std::vector<Case> cases = {
        {"FROM:<a@b.test>", "FROM", S::Ok, "a@b.test", {}},
        {"from:<a@b.test> SIZE=10  BODY=8BITMIME", "FROM", S::Ok, "a@b.test", {"SIZE=10", "BODY=8BITMIME"}},
        {"FROM: <a@b.test>", "FROM", S::Ok, "a@b.test", {}},
        {"FROM:<>", "FROM", S::Ok, "", {}},
        {"FROM:a@b.test", "FROM", S::Ok, "a@b.test", {}},
        {"TO:<@r1.test,@r2.test:u@d.test>", "TO", S::Ok, "u@d.test", {}},
        {"TO:<\"odd > quote\"@d.test>", "TO", S::Ok, "\"odd > quote\"@d.test", {}},
        {"TO:<u@d.test>x", "TO", S::BadAddress, "", {}},
        {"TO:<u@d.test", "TO", S::BadAddress, "", {}},
        {"TO <u@d.test>", "TO", S::BadSyntax, "", {}},
        {"FROM:<u@d.test>", "TO", S::BadSyntax, "", {}},
        {"TO:", "TO", S::BadSyntax, "", {}},
        {"TO:<@r1.test>", "TO", S::BadAddress, "", {}},
    };
    for (const auto& c : cases) {
        INFO(c.args);
        const PathArgument p = parsePathArgument(c.args, c.keyword);
        CHECK(p.status == c.status);
        if (c.status == S::Ok) {
            CHECK(p.address == c.address);
            CHECK(p.params == c.params);
        }
    }
}

TEST_CASE("mailbox validation", "[smtp][address]") {
    CHECK(isValidMailbox("alice@example.org", true, false));
    CHECK(isValidMailbox("a.b+tag@sub.example-1.org", true, false));
    CHECK(isValidMailbox("\"john doe\"@example.org", true, false));
    CHECK(isValidMailbox("u@[192.0.2.1]", true, false));
    CHECK(isValidMailbox("postmaster", false, false));
    CHECK_FALSE(isValidMailbox("postmaster", true, false));
    CHECK_FALSE(isValidMailbox("a b@example.org", true, false));
    CHECK_FALSE(isValidMailbox("@example.org", true, false));
    CHECK_FALSE(isValidMailbox("a@", true, false));
    CHECK_FALSE(isValidMailbox("a@-x.org", true, false));
    CHECK_FALSE(isValidMailbox("a@x..org", true, false));
    CHECK_FALSE(isValidMailbox("a@" + std::string(64, 'x') + ".org", true, false));
    CHECK_FALSE(isValidMailbox("ἀλφα@example.org", true, false));
    CHECK(isValidMailbox("ἀλφα@παράδειγμα.ελ", true, true));
    CHECK_FALSE(isValidMailbox(std::string(250, 'a') + "@b.test", true, false));
    CHECK(domainOf("a@b@c.test") == "c.test");
    CHECK(localPartOf("a@b@c.test") == "a@b");
}

TEST_CASE("base64 and SASL PLAIN", "[smtp][sasl]") {
    // RFC 4648 10 test vectors
    const std::vector<std::pair<std::string, std::string>> vectors = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, enc] : vectors) {
        CHECK(base64Encode(plain) == enc);
        REQUIRE(base64Decode(enc).has_value());
        CHECK(*base64Decode(enc) == plain);
    }
    for (const char* bad : {"Zg=", "Zg", "Z===", "Zm9v YmFy", "Zm=v", "====", "Zg==Zg==", "Zm9*"})
        CHECK_FALSE(base64Decode(bad).has_value());

    CHECK(encodePlain("alice@example.org", "secret") == "AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==");
    auto c = decodePlain(std::string("authz\0user\0pass", 15));
    REQUIRE(c.has_value());
    CHECK(c->authzid == "authz");
    CHECK(c->authcid == "user");
    CHECK(c->password == "pass");
    CHECK_FALSE(decodePlain("no nuls").has_value());
    CHECK_FALSE(decodePlain(std::string("\0\0pw", 4)).has_value());
    CHECK_FALSE(decodePlain(std::string("a\0b\0c\0d", 7)).has_value());
}
