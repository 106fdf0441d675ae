// The IMAP input side: command framing with literals (whole and byte by byte), the argument
// tokenizer, sequence sets, modified UTF-7, dates and flag lists.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "imap/command_reader.h"
#include "imap/imap_format.h"
#include "imap/imap_parser.h"
#include "imap/mutf7.h"
#include "imap/sequence_set.h"
#include "mail/mail_store.h"

using namespace postino;
using namespace postino::imap;

namespace {

// Feeds the chunks; every literal is accepted. One entry per report: the command, "+n" /
// "+n+" for a literal header, "!long" for an overlong line.
std::vector<std::string> frame(const std::vector<std::string>& chunks, std::size_t maxLine = 100) {
    CommandReader r(maxLine);
    std::vector<std::string> out;
    for (const std::string& c : chunks) {
        std::string_view in = c;
        while (true) {
            const auto st = r.next(in);
            if (st == CommandReader::Status::NeedMore) {
                CHECK(in.empty());
                break;
            }
            if (st == CommandReader::Status::Command) {
                out.push_back(r.command());
            } else if (st == CommandReader::Status::Literal) {
                out.push_back("+" + std::to_string(r.literalSize()) + (r.literalSync() ? "" : "+"));
                r.acceptLiteral();
            } else {
                out.push_back("!long");
            }
        }
    }
    return out;
}

std::vector<std::string> bytes(const std::string& s) {
    std::vector<std::string> v;
    for (char c : s) v.emplace_back(1, c);
    return v;
}

// The parsed tree written back in a compact form: atoms bare, strings in <>, lists in ().
std::string dump(const std::vector<Arg>& args) {
    std::string out;
    for (const Arg& a : args) {
        if (!out.empty()) out += ' ';
        switch (a.type) {
        case Arg::Type::Atom: out += a.value; break;
        case Arg::Type::Quoted: out += "<" + a.value + ">"; break;
        case Arg::Type::Literal: out += "{" + a.value + "}"; break;
        case Arg::Type::List: out += "(" + dump(a.list) + ")"; break;
        }
    }
    return out;
}

}  // namespace

TEST_CASE("command reader: commands and literals, whole and byte by byte", "[imap][parser]") {
    struct Case {
        const char* name;
        std::string input;
        std::vector<std::string> expected;
    };
    const std::vector<Case> cases = {
        {"two commands", "a NOOP\r\nb LOGOUT\r\n", {"a NOOP", "b LOGOUT"}},
        {"bare LF ends a line too", "a NOOP\nb NOOP\r\n", {"a NOOP", "b NOOP"}},
        {"empty line", "\r\n", {""}},
        {"synchronizing literal", "a LOGIN {5}\r\nalice secret\r\n",
         {"+5", "a LOGIN {5}\r\nalice secret"}},
        {"non-synchronizing literal with CRLF inside", "a APPEND INBOX {4+}\r\n\r\n\r\n\r\n",
         {"+4+", "a APPEND INBOX {4+}\r\n\r\n\r\n"}},
        {"two literals in one command", "a LOGIN {1}\r\nx {2}\r\nyz\r\n",
         {"+1", "+2", "a LOGIN {1}\r\nx {2}\r\nyz"}},
        {"zero-length literal", "a X {0}\r\n\r\n", {"+0", "a X {0}\r\n"}},
        {"a {n} inside a quoted string is not a literal", "a SELECT \"x{3}\"\r\n", {"a SELECT \"x{3}\""}},
        {"an escaped quote does not end the string", "a SELECT \"x\\\"{3}\"\r\n", {"a SELECT \"x\\\"{3}\""}},
        {"unterminated quote hides the literal", "a SELECT \"x {3}\r\n", {"a SELECT \"x {3}"}},
        {"huge literal size saturates", "a X {99999999999999999999999}\r\n", {"+18446744073709551615"}},
        {"overlong line, then recovery", "a " + std::string(200, 'x') + "\r\nb NOOP\r\n", {"!long", "b NOOP"}},
        {"exactly the limit, CRLF included", std::string(98, 'y') + "\r\n", {std::string(98, 'y')}},
        {"one over the limit", std::string(99, 'y') + "\r\n", {"!long"}},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        CHECK(frame({c.input}) == c.expected);
        CHECK(frame(bytes(c.input)) == c.expected);
    }
}

TEST_CASE("command reader: an overlong line keeps its start for the tag, discard drops a command", "[imap][parser]") {
    CommandReader r(20);
    std::string in = "tag7 SELECT " + std::string(100, 'z') + "\r\nx NOOP\r\n";
    std::string_view v = in;
    REQUIRE(r.next(v) == CommandReader::Status::LineTooLong);
    CHECK(r.command().rfind("tag7 SELECT ", 0) == 0);
    CHECK(r.command().size() < 20);
    REQUIRE(r.next(v) == CommandReader::Status::Command);
    CHECK(r.command() == "x NOOP");

    CommandReader r2(40);
    std::string lit = "a APPEND INBOX {10}\r\nb NOOP\r\n";
    v = lit;
    REQUIRE(r2.next(v) == CommandReader::Status::Literal);
    CHECK(r2.midCommand());
    r2.discard();  // refused: the client sends no data
    CHECK_FALSE(r2.midCommand());
    REQUIRE(r2.next(v) == CommandReader::Status::Command);
    CHECK(r2.command() == "b NOOP");
}

TEST_CASE("command reader: a dropped literal is read, not kept, and a big command's buffer is given back",
          "[imap][parser]") {
    CommandReader r(1000);
    const std::string body(200000, 'x');
    std::string in = "a APPEND INBOX {200000+}\r\n";
    std::string_view v = in;
    REQUIRE(r.next(v) == CommandReader::Status::Literal);
    r.dropLiteral();
    for (std::size_t at = 0; at < body.size(); at += 16384) {  // as the bytes come in
        std::string_view piece = std::string_view(body).substr(at, 16384);
        REQUIRE(r.next(piece) == CommandReader::Status::NeedMore);
        REQUIRE(piece.empty());
    }
    std::string rest = "\r\nb NOOP\r\n";
    v = rest;
    REQUIRE(r.next(v) == CommandReader::Status::Command);
    CHECK(r.command() == "a APPEND INBOX {200000+}\r\n");
    CHECK(r.command().capacity() < 1000);
    REQUIRE(r.next(v) == CommandReader::Status::Command);
    CHECK(r.command() == "b NOOP");

    // A literal that is kept: the whole command, then the next one in a small buffer again.
    in = "c APPEND INBOX {200000+}\r\n" + body + "\r\nd NOOP\r\n";
    v = in;
    REQUIRE(r.next(v) == CommandReader::Status::Literal);
    r.acceptLiteral();
    REQUIRE(r.next(v) == CommandReader::Status::Command);
    CHECK(r.command().size() == 26 + body.size());
    REQUIRE(r.next(v) == CommandReader::Status::Command);
    CHECK(r.command() == "d NOOP");
    CHECK(r.command().capacity() <= 64 * 1024);
}

TEST_CASE("command reader: line mode has no literals", "[imap][parser]") {
    CommandReader r(100);
    r.setLineMode(true);
    std::string in = "DONE {5}\r\n";
    std::string_view v = in;
    REQUIRE(r.next(v) == CommandReader::Status::Command);
    CHECK(r.command() == "DONE {5}");
}

TEST_CASE("tag and command name", "[imap][parser]") {
    struct Case {
        const char* input;
        const char* tag;
        const char* name;
        bool hasArgs;
    };
    const std::vector<Case> cases = {
        {"a1 NOOP", "a1", "NOOP", false},
        {"A001 login x y", "A001", "LOGIN", true},
        {"t] uid fetch", "t]", "UID", true},
        {"", "", "", false},
        {"+a NOOP", "", "", false},
        {"a* NOOP", "", "", false},
        {"a", "a", "", false},
        {"a  NOOP", "a", "", false},
        {"a NO0P", "a", "", false},
        {"a{1} NOOP", "", "", false},
    };
    for (const Case& c : cases) {
        INFO(c.input);
        const CommandHead h = parseHead(c.input);
        CHECK(h.tag == c.tag);
        CHECK(h.name == c.name);
        CHECK(h.hasArgs == c.hasArgs);
    }
}

TEST_CASE("argument tokenizer", "[imap][parser]") {
    struct Case {
        std::string input;
        const char* tree;
        const char* error;
    };
    const std::vector<Case> cases = {
        {"INBOX", "INBOX", ""},
        {"\"a b\" c", "<a b> c", ""},
        {"\"q\\\"uote\\\\d\"", "<q\"uote\\d>", ""},
        {"\"\"", "<>", ""},
        {"(FLAGS UID) x", "(FLAGS UID) x", ""},
        {"((a) (b c))", "((a) (b c))", ""},
        {"()", "()", ""},
        {"1:* (BODY[HEADER.FIELDS (From To)]<0.10> UID)", "1:* (BODY[HEADER.FIELDS (From To)]<0.10> UID)", ""},
        {"\\Seen $Label", "\\Seen $Label", ""},
        {"\"\" *", "<> *", ""},
        {"{3}\r\nabc def", "{abc} def", ""},
        {"{3+}\r\na\"c", "{a\"c}", ""},
        {"a  b ", "a b", ""},
        {"(a", "", "Missing ')'"},
        {"a)", "", "Unexpected ')'"},
        {"\"abc", "", "Missing '\"'"},
        {"ab\x01", "", "Invalid characters in atom"},
        {"\xc3\xa9t\xc3\xa9", "", "8bit data in atom"},
        {"BODY[TEXT", "", "Missing ']'"},
        {"{5}\r\nab", "", "Missing literal data"},
        {"{x}", "", "Invalid literal size"},
        {"{3}ab", "", "Invalid literal size"},
        {std::string(70, '('), "", "Too deep nesting"},
    };
    for (const Case& c : cases) {
        INFO(c.input);
        std::vector<Arg> args;
        const std::string err = parseArgs(c.input, args);
        CHECK(err == c.error);
        if (err.empty()) CHECK(dump(args) == c.tree);
    }
}

TEST_CASE("sequence sets", "[imap][parser]") {
    struct Case {
        const char* text;
        bool valid;
        std::uint32_t star;
        std::vector<std::uint32_t> in, out;
    };
    const std::vector<Case> cases = {
        {"1", true, 5, {1}, {2}},
        {"2:4", true, 5, {2, 3, 4}, {1, 5}},
        {"4:2", true, 5, {2, 3, 4}, {1, 5}},
        {"*", true, 5, {5}, {4}},
        {"3:*", true, 5, {3, 4, 5}, {2}},
        {"9:*", true, 5, {5, 6, 7, 8, 9}, {4, 10}},  // "559:*" holds the last one (RFC 3501 6.4.8)
        {"1,3,5:6", true, 9, {1, 3, 5, 6}, {2, 4, 7}},
        {"4294967295", true, 1, {4294967295u}, {1}},
        {"0", false, 0, {}, {}},
        {"1:0", false, 0, {}, {}},
        {"4294967296", false, 0, {}, {}},
        {"", false, 0, {}, {}},
        {"1,", false, 0, {}, {}},
        {",1", false, 0, {}, {}},
        {"1::2", false, 0, {}, {}},
        {"a", false, 0, {}, {}},
        {"01", false, 0, {}, {}},
        {"$", false, 0, {}, {}},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const auto set = SequenceSet::parse(c.text);
        REQUIRE(set.has_value() == c.valid);
        if (!set) continue;
        const auto ranges = set->resolved(c.star);
        for (std::uint32_t n : c.in) {
            CHECK(set->contains(n, c.star));
            CHECK(inRanges(ranges, n));
        }
        for (std::uint32_t n : c.out) {
            CHECK_FALSE(set->contains(n, c.star));
            CHECK_FALSE(inRanges(ranges, n));
        }
    }
    CHECK(SequenceSet::parse("1:3,9")->maxExplicit() == 9);
    CHECK(SequenceSet::parse("2:*")->usesStar());
    CHECK(formatNumberSet({1, 2, 3, 7, 9, 10}) == "1:3,7,9:10");
    CHECK(formatNumberSet({5, 4}) == "5,4");  // order kept: COPYUID pairs them up
    CHECK(formatNumberSet({}).empty());
}

TEST_CASE("modified UTF-7 mailbox names", "[imap][parser]") {
    struct Case {
        const char* utf8;
        const char* mutf7;
    };
    const std::vector<Case> cases = {
        {"INBOX", "INBOX"},
        {"A&B", "A&-B"},
        {"\xc3\x85", "&AMU-"},
        {"Entw\xc3\xbcrfe", "Entw&APw-rfe"},
        {"\xe5\x8f\xb0\xe5\x8c\x97", "&U,BTFw-"},
        {"~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
         "~peter/mail/&U,BTFw-/&ZeVnLIqe-"},  // RFC 3501 5.1.3
        {"\xf0\x9f\x93\xa7 Mail", "&2D3c5w- Mail"},
    };
    for (const Case& c : cases) {
        INFO(c.mutf7);
        CHECK(encodeMutf7(c.utf8) == c.mutf7);
        const auto back = decodeMutf7(c.mutf7);
        REQUIRE(back.has_value());
        CHECK(*back == c.utf8);
    }
    for (const char* bad : {"&", "&AMU", "&AGE-", "&AMU-&AMU-", "\xc3\x85", "a\x01", "&2D0-", "&*-"}) {
        INFO(bad);
        CHECK_FALSE(decodeMutf7(bad).has_value());
    }
}

TEST_CASE("dates: INTERNALDATE, APPEND date-time, SEARCH dates and Date: fields", "[imap][parser]") {
    CHECK(formatInternalDate(Time::zero()) == "02-Mar-2026 09:00:00 +0000");
    CHECK(formatInternalDate(Time::zero() + Duration::seconds(86400 * 30 + 61)) == "01-Apr-2026 09:01:01 +0000");
    CHECK(formatInternalDate(Time::zero() - Duration::seconds(9 * 3600 + 1)) == "01-Mar-2026 23:59:59 +0000");
    CHECK(parseDateTime("02-Mar-2026 09:00:00 +0000") == Time::zero());
    CHECK(parseDateTime(" 2-Mar-2026 10:00:00 +0100") == Time::zero());
    CHECK(parseDateTime("2-mar-2026 04:00:00 -0500") == Time::zero());
    CHECK(parseDateTime("01-Jan-1970 00:00:00 +0000").has_value());
    for (const char* bad : {"", "32-Jan-2026 00:00:00 +0000", "29-Feb-2026 00:00:00 +0000", "02-Mar-2026 24:00:00 +0000",
                            "02-Mar-2026 09:00:00", "02-Foo-2026 09:00:00 +0000", "02-Mar-26 09:00:00 +0000",
                            "02-Mar-2026 09:00:00 0000"}) {
        INFO(bad);
        CHECK_FALSE(parseDateTime(bad).has_value());
    }
    CHECK(parseSearchDate("2-Mar-2026") == dayOf(Time::zero()));
    CHECK(parseSearchDate("29-Feb-2028").has_value());
    CHECK_FALSE(parseSearchDate("29-Feb-2026").has_value());
    CHECK_FALSE(parseSearchDate("2 Mar 2026").has_value());
    CHECK(parseHeaderDay("Mon, 02 Mar 2026 23:30:00 -0800") == dayOf(Time::zero()));
    CHECK(parseHeaderDay("2 Mar 26 10:00 GMT") == dayOf(Time::zero()));
    CHECK_FALSE(parseHeaderDay("yesterday").has_value());
}

TEST_CASE("output forms: strings, astrings, flag lists, flag arguments", "[imap][parser]") {
    CHECK(imapString("abc") == "\"abc\"");
    CHECK(imapString("a\"b") == "{3}\r\na\"b");
    CHECK(imapString("line\r\n") == "{6}\r\nline\r\n");
    CHECK(imapString("\xc3\xa9") == "{2}\r\n\xc3\xa9");
    CHECK(nstring(std::nullopt) == "NIL");
    CHECK(astring("Work/Projects") == "Work/Projects");
    CHECK(astring("a b") == "\"a b\"");
    CHECK(astring("NIL") == "\"NIL\"");
    CHECK(astring("") == "\"\"");
    CHECK(flagList(mail::flag::All, {"$Forwarded"}, true) ==
          "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\Recent $Forwarded)");
    CHECK(flagList(0, {}, false) == "()");

    std::vector<Arg> args;
    REQUIRE(parseArgs("\\seen \\FLAGGED $Work $work foo", args).empty());
    std::uint8_t flags = 0;
    std::vector<std::string> keywords;
    CHECK(parseFlagArgs(args, flags, keywords).empty());
    CHECK(flags == (mail::flag::Seen | mail::flag::Flagged));
    CHECK(keywords == std::vector<std::string>{"$Work", "foo"});
    args.clear();
    REQUIRE(parseArgs("\\Recent", args).empty());
    CHECK(parseFlagArgs(args, flags, keywords) == "Invalid system flag \\RECENT");
    args.clear();
    REQUIRE(parseArgs("\"x\"", args).empty());
    CHECK(parseFlagArgs(args, flags, keywords) == "Invalid flags");
}
