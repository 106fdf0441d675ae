// Table-driven tests of the POP3 server engine: each case is a list of command lines and the
// reply lines expected after the greeting (texts checked against Dovecot 2.3.19). Every case
// runs three ways - all input in one feed (pipelined), one line per feed, one byte per feed -
// and must give identical bytes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "pop3/memory_maildrop.h"
#include "pop3/server_session.h"
#include "pop3/wire.h"

using namespace postino::pop3;

namespace {

const char* kMsg1 = "Subject: one\r\n\r\nhello\r\n.dotline\r\n..two\r\n";            // 40 octets
const char* kMsg2 = "Subject: two\r\n\r\nsecond body\r\nline2\r\nline3\r\n";           // 43 octets
const char* kMsg3 = "From: a@b.test\r\nSubject: three\r\n\r\n.\r\n";                     // 37 octets

void fillStore(MemoryMailStore& store) {
    store.addUser("alice", "secret");
    store.addUser("bob", "two words");
    store.deliver("alice", kMsg1);
    store.deliver("alice", kMsg2);
    store.deliver("alice", kMsg3);
}

struct ServerCase {
    const char* name;
    bool allowPlaintext;
    std::vector<std::string> input;     // lines; CRLF is appended to each
    std::vector<std::string> expected;  // reply lines after the greeting, without CRLF
};

const std::vector<std::string> kLogin = {"USER alice", "PASS secret"};
const std::vector<std::string> kLoggedIn = {"+OK", "+OK Logged in."};

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

const std::vector<ServerCase>& cases() {
    static const std::vector<ServerCase> table = {
        {"CAPA before and after login", true, concat(concat({"CAPA"}, kLogin), {"CAPA", "capa x"}),
         concat(concat({"+OK", "CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "USER", "SASL PLAIN",
                        "IMPLEMENTATION Postino", "."},
                       kLoggedIn),
                {"+OK", "CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "IMPLEMENTATION Postino", ".",
                 "+OK", "CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "IMPLEMENTATION Postino",
                 "."})},
        {"STAT LIST UIDL", true, concat(kLogin, {"STAT", "LIST", "LIST 2", "UIDL", "UIDL 3", "list  1", "LIST 01"}),
         concat(kLoggedIn, {"+OK 3 120", "+OK 3 messages:", "1 40", "2 43", "3 37", ".", "+OK 2 43", "+OK",
                            "1 000000015eed0001", "2 000000025eed0001", "3 000000035eed0001", ".",
                            "+OK 3 000000035eed0001", "+OK 1 40", "+OK 1 40"})},
        {"RETR byte-stuffs lines that start with a dot", true, concat(kLogin, {"RETR 1", "retr 3"}),
         concat(kLoggedIn, {"+OK 40 octets", "Subject: one", "", "hello", "..dotline", "...two", ".", "+OK 37 octets",
                            "From: a@b.test", "Subject: three", "", "..", "."})},
        {"TOP sends the header, the empty line and n body lines", true,
         concat(kLogin, {"TOP 2 0", "TOP 2 1", "TOP 2 99", "TOP 1 2"}),
         concat(kLoggedIn, {"+OK", "Subject: two", "", ".", "+OK", "Subject: two", "", "second body", ".", "+OK",
                            "Subject: two", "", "second body", "line2", "line3", ".", "+OK", "Subject: one", "",
                            "hello", "..dotline", "."})},
        {"bad message numbers get Dovecot's texts", true,
         concat(kLogin, {"LIST x", "LIST 0", "LIST 4", "LIST 1 2", "RETR", "RETR 1x", "RETR +1", "TOP 1", "TOP 1 x",
                         "TOP 1 -1", "TOP 1 1 1", "TOP 99999999999999999999 1", "DELE 4294967296",
                         "TOP 1 99999999999999999999999", "LIST 1 ", "UIDL -1", "DELE 3.0"}),
         concat(kLoggedIn,
                {"-ERR Invalid message number: x", "-ERR There's no message 0.", "-ERR There's no message 4.",
                 "-ERR Noise after message number:  2", "-ERR Invalid message number: ",
                 "-ERR Noise after message number: x", "-ERR Invalid message number: +1",
                 "-ERR Noise after message number: ", "-ERR Invalid size: x", "-ERR Invalid size: -1",
                 "-ERR Noise after size:  1", "-ERR Message number too large: 99999999999999999999 1",
                 "-ERR Message number too large: 4294967296", "-ERR Size too large: 99999999999999999999999",
                 "-ERR Noise after message number:  ", "-ERR Invalid message number: -1",
                 "-ERR Noise after message number: .0"})},
        {"a deleted message cannot be used; RSET brings it back", true,
         concat(kLogin, {"DELE 1", "DELE 1", "RETR 1", "LIST 1", "TOP 1 0", "UIDL 1", "STAT", "LIST", "UIDL", "RSET",
                         "STAT", "LIST 1"}),
         concat(kLoggedIn, {"+OK Marked to be deleted.", "-ERR Message is deleted.", "-ERR Message is deleted.",
                            "-ERR Message is deleted.", "-ERR Message is deleted.", "-ERR Message is deleted.",
                            "+OK 2 80", "+OK 2 messages:", "2 43", "3 37", ".", "+OK", "2 000000025eed0001",
                            "3 000000035eed0001", ".", "+OK", "+OK 3 120", "+OK 1 40"})},
        {"QUIT in TRANSACTION, with and without deletions", true, concat(kLogin, {"DELE 2", "QUIT", "NOOP"}),
         concat(kLoggedIn, {"+OK Marked to be deleted.", "+OK Logging out, messages deleted."})},
        {"QUIT in TRANSACTION without deletions", true, concat(kLogin, {"DELE 2", "RSET", "QUIT"}),
         concat(kLoggedIn, {"+OK Marked to be deleted.", "+OK", "+OK Logging out."})},
        {"QUIT before login has no full stop, and ends the input", true, {"QUIT", "USER alice"}, {"+OK Logging out"}},
        {"commands in the wrong state are unknown commands", true,
         concat(concat({"STAT", "RSET", "CAPA", "NOOP"}, kLogin), {"USER alice", "PASS x", "AUTH PLAIN", "APOP a b", "NOOP"}),
         concat(concat({"-ERR Unknown command.", "-ERR Unknown command.", "+OK", "CAPA", "TOP", "UIDL", "RESP-CODES",
                        "PIPELINING", "AUTH-RESP-CODE", "USER", "SASL PLAIN", "IMPLEMENTATION Postino", ".",
                        "-ERR Unknown command."},
                       kLoggedIn),
                {"-ERR Unknown command: USER", "-ERR Unknown command: PASS", "-ERR Unknown command: AUTH",
                 "-ERR Unknown command: APOP", "+OK"})},
        {"unknown and empty commands after login", true, concat(kLogin, {"foo bar", "", "   ", "noop", "StLs", "RSET x"}),
         concat(kLoggedIn, {"-ERR Unknown command: FOO", "-ERR Unknown command.", "-ERR Unknown command.", "+OK",
                            "-ERR Unknown command: STLS", "+OK"})},
        {"USER and PASS sequences", true,
         {"PASS x", "USER alice", "USER alice", "PASS", "USER alice", "PASS wrong", "PASS secret", "USER", "PASS secret",
          "user alice", "pass secret"},
         {"-ERR No username given.", "+OK", "+OK", "-ERR [AUTH] Authentication failed.", "+OK",
          "-ERR [AUTH] Authentication failed.", "-ERR No username given.", "+OK", "-ERR [AUTH] Authentication failed.",
          "+OK", "+OK Logged in."}},
        {"PASS takes the rest of the line, spaces included", true, {"USER bob", "PASS two words", "STAT"},
         {"+OK", "+OK Logged in.", "+OK 0 0"}},
        {"a user name is exact", true, {"USER Alice", "PASS secret", "USER alice ", "PASS secret"},
         {"+OK", "-ERR [AUTH] Authentication failed.", "+OK", "-ERR [AUTH] Authentication failed."}},
        {"AUTH PLAIN failures", true,
         {"AUTH", "AUTH FOO", "AUTH PLAIN", "*", "AUTH PLAIN", "!!!", "AUTH PLAIN =", "AUTH PLAIN AGFsaWNlAHdyb25n",
          "AUTH PLAIN Ym9iAGFsaWNlAHNlY3JldA==", "AUTH PLAIN YWxpY2UAc2VjcmV0", "AUTH PLAIN", ""},
         {"+OK", "PLAIN", ".", "-ERR [AUTH] Unsupported authentication mechanism.", "+ ",
          "-ERR Authentication aborted by client.", "+ ", "-ERR [AUTH] Invalid base64 in response",
          "-ERR [AUTH] Authentication failed.", "-ERR [AUTH] Authentication failed.",
          "-ERR [AUTH] Authentication failed.", "-ERR [AUTH] Authentication failed.", "+ ",
          "-ERR [AUTH] Authentication failed."}},
        {"AUTH PLAIN with a continuation", true, {"AUTH plain", "AGFsaWNlAHNlY3JldA==", "STAT"},
         {"+ ", "+OK Logged in.", "+OK 3 120"}},
        {"AUTH PLAIN with an initial response and an authzid equal to the user", true,
         {"AUTH PLAIN YWxpY2UAYWxpY2UAc2VjcmV0", "STAT"}, {"+OK Logged in.", "+OK 3 120"}},
        {"AUTH PLAIN with an initial response", true, {"AUTH PLAIN AGFsaWNlAHNlY3JldA==", "UIDL 1"},
         {"+OK Logged in.", "+OK 1 000000015eed0001"}},
        {"plaintext authentication disabled", false,
         {"CAPA", "USER alice", "PASS secret", "AUTH PLAIN", "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "AUTH", "QUIT"},
         {"+OK", "CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "SASL", "IMPLEMENTATION Postino",
          ".", "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.",
          "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.",
          "-ERR [AUTH] Plaintext authentication disabled.", "-ERR [AUTH] Plaintext authentication disabled.", "+OK",
          ".", "+OK Logging out"}},
    };
    return table;
}

std::string joinLines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\r\n";
    return out;
}

enum class Split { Whole, PerLine, PerByte };

// Runs a case on a fresh store and session; returns everything after the greeting.
std::string runCase(const ServerCase& c, Split split) {
    MemoryMailStore store;
    fillStore(store);
    ServerSession session(ServerConfig{"pop.example.org", c.allowPlaintext}, store);
    session.start();
    REQUIRE(session.takeOutput() == "+OK pop.example.org POP3 Postino ready.\r\n");
    std::string out;
    const std::string all = joinLines(c.input);
    // As the node's glue does: after a failed login it waits, then lets the session go on.
    auto feed = [&session](std::string_view bytes) {
        session.feed(bytes);
        while (session.takeReplyDelay()) session.feed({});
    };
    switch (split) {
    case Split::Whole: feed(all); break;
    case Split::PerLine:
        for (const auto& l : c.input) {
            feed(l + "\r\n");
            out += session.takeOutput();
        }
        break;
    case Split::PerByte:
        for (char ch : all) {
            feed(std::string_view(&ch, 1));
            out += session.takeOutput();
        }
        break;
    }
    out += session.takeOutput();
    return out;
}

}  // namespace

TEST_CASE("pop3 server replies, table-driven, whatever the split", "[pop3][server]") {
    for (const auto& c : cases()) {
        SECTION(c.name) {
            const std::string expected = joinLines(c.expected);
            CHECK(runCase(c, Split::Whole) == expected);
            CHECK(runCase(c, Split::PerLine) == expected);
            CHECK(runCase(c, Split::PerByte) == expected);
        }
    }
}

TEST_CASE("pop3 greeting without a host name", "[pop3][server]") {
    MemoryMailStore store;
    ServerSession session(ServerConfig{}, store);
    session.feed("");
    CHECK(session.takeOutput() == "+OK POP3 Postino ready.\r\n");
    session.start();  // idempotent
    CHECK(session.takeOutput().empty());
}

TEST_CASE("pop3 multi-line encoding and line-end helpers", "[pop3][wire]") {
    struct Row {
        const char* content;
        long long top;
        const char* wire;
    };
    const std::vector<Row> rows = {
        {"", -1, ".\r\n"},
        {"a\r\nb\r\n", -1, "a\r\nb\r\n.\r\n"},
        {"a\nb", -1, "a\r\nb\r\n.\r\n"},              // bare LF gets its CR, a final CRLF is added
        {".\r\n..\r\n. x\r\n", -1, "..\r\n...\r\n.. x\r\n.\r\n"},
        {"x\r.y\r\n", -1, "x\r.y\r\n.\r\n"},          // a bare CR is not a line end
        {"H: 1\r\n\r\nb1\r\nb2\r\n", 0, "H: 1\r\n\r\n.\r\n"},
        {"H: 1\r\n\r\nb1\r\n.b2\r\n", 5, "H: 1\r\n\r\nb1\r\n..b2\r\n.\r\n"},
        {"H: 1\r\nH: 2\r\n", 0, "H: 1\r\nH: 2\r\n.\r\n"},  // no body separator: all of it
        {"\r\nbody\r\n", 0, "\r\n.\r\n"},
    };
    for (const auto& r : rows) {
        std::string out;
        appendMultiline(out, r.content, r.top);
        CHECK(out == r.wire);
    }
    CHECK(toCrlf("a\nb\r\nc") == "a\r\nb\r\nc\r\n");
    CHECK(crlfSize("a\nb\r\nc") == toCrlf("a\nb\r\nc").size());
    CHECK(crlfSize("") == 0);

    LineEndNormalizer n;
    CHECK(n.apply("a\nb\r") == "a\r\nb\r");
    CHECK(n.apply("\nc\n") == "\nc\r\n");  // the CR came in the previous chunk
    CHECK(printable(std::string("a\0b\x7f\xff", 5)) == "a?b??");
}
