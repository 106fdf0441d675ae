// Hostile and odd input for the SMTP server engine: SMTP smuggling variants, bare LF,
// 1,000 pipelined commands, random bytes from a fixed seed, and clients that vanish.
#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "smtp/memory_policy.h"
#include "smtp/reply.h"
#include "smtp/server_session.h"

using namespace postino::smtp;

namespace {

struct Fixture {
    MemoryPolicy policy;
    std::unique_ptr<ServerSession> session;

    explicit Fixture(bool submission = false, std::size_t maxSize = 10240000) {
        policy.addUser("alice@example.org", "secret");
        policy.addUser("bob@example.org", "hunter2");
        session = std::make_unique<ServerSession>(ServerConfig{"mx.example.org", submission, maxSize}, policy,
                                                  "203.0.113.5");
        session->start();
        session->takeOutput();
    }
    std::string feed(std::string_view bytes) {
        session->feed(bytes);
        return session->takeOutput();
    }
    std::string feedBytes(std::string_view bytes) {
        std::string out;
        for (char c : bytes) {
            session->feed(std::string_view(&c, 1));
            out += session->takeOutput();
        }
        return out;
    }
};

// Every reply line: "ddd" + (' ' | '-') + printable ASCII, CRLF, at most 512 octets.
bool wellFormedReplies(const std::string& out, std::string* why) {
    std::size_t pos = 0;
    while (pos < out.size()) {
        const auto end = out.find("\r\n", pos);
        if (end == std::string::npos) {
            *why = "unterminated line";
            return false;
        }
        const std::string line = out.substr(pos, end - pos);
        if (line.size() + 2 > 512) {
            *why = "line too long";
            return false;
        }
        if (line.size() < 4 || line[0] < '2' || line[0] > '5' || !isdigit(static_cast<unsigned char>(line[1])) ||
            !isdigit(static_cast<unsigned char>(line[2])) || (line[3] != ' ' && line[3] != '-')) {
            *why = "bad reply line: " + line;
            return false;
        }
        for (char c : line)
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
                *why = "unprintable byte in: " + printable(line);
                return false;
            }
        pos = end + 2;
    }
    // It must also parse as a sequence of whole replies.
    ReplyParser parser;
    std::string_view in = out;
    while (!in.empty()) {
        if (parser.next(in) == ReplyParser::Status::Error) {
            *why = "parser: " + parser.error();
            return false;
        }
    }
    return true;
}

const std::string kOpen = "EHLO c\r\nMAIL FROM:<x@sender.test>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n";
const std::string kSmuggled = "MAIL FROM:<evil@x.test>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nsmuggled\r\n";

}  // namespace

TEST_CASE("SMTP smuggling: only CRLF.CRLF ends DATA", "[smtp][server][smuggling]") {
    struct Variant {
        const char* name;
        std::string separator;     // sent between "a" and the smuggled commands
        std::string expectedHead;  // what the stored data holds for "a" + separator
    };
    const std::vector<Variant> variants = {
        {"LF . LF", "\n.\n", "a\n.\n"},
        {"CR . CR", "\r.\r", "a\r.\r"},
        {"LF . CRLF", "\n.\r\n", "a\n.\r\n"},
        {"CR . CRLF", "\r.\r\n", "a\r.\r\n"},
        {"CRLF . LF (dot-unstuffed, the LF stays)", "\r\n.\n", "a\r\n\n"},
        {"CRLF . CR (dot-unstuffed, the CR stays)", "\r\n.\r", "a\r\n\r"},
        {"CRLF . LF CRLF", "\r\n.\n\r\n", "a\r\n\n\r\n"},
        {"LF . LF CRLF", "\n.\n\r\n", "a\n.\n\r\n"},
        {"CRLF . NUL CRLF", std::string("\r\n.\0\r\n", 6), std::string("a\r\n\0\r\n", 6)},
        {"CRLF . space CRLF", "\r\n. \r\n", "a\r\n \r\n"},
    };
    for (const Variant& v : variants) {
        for (int bytewise = 0; bytewise < 2; ++bytewise) {
            DYNAMIC_SECTION(v.name << (bytewise ? " byte by byte" : " in one feed")) {
                Fixture f;
                std::string out = f.feed(kOpen);
                const std::string rest = "a" + v.separator + kSmuggled + ".\r\nQUIT\r\n";
                out += bytewise ? f.feedBytes(rest) : f.feed(rest);

                // Exactly one message, from the real envelope, carrying the smuggled text as data.
                REQUIRE(f.policy.accepted().size() == 1);
                const AcceptedMessage& m = f.policy.accepted().front();
                CHECK(m.mailFrom == "x@sender.test");
                CHECK(m.rcptTo == std::vector<std::string>{"alice@example.org"});
                CHECK(m.data == v.expectedHead + kSmuggled);
                CHECK(out.find("queued as") == out.rfind("queued as"));
                CHECK(out.substr(out.size() - 15) == "221 2.0.0 Bye\r\n");
            }
        }
    }
}

TEST_CASE("bare LF in a command line: Postfix 3.9 reject behaviour", "[smtp][server]") {
    SECTION("first line") {
        Fixture f;
        CHECK(f.feed("EHLO c\nNOOP\r\n") == "550 5.5.2 mx.example.org Error: bare <LF> received\r\n");
        CHECK(f.session->wantsClose());
    }
    SECTION("after good lines, byte by byte") {
        Fixture f;
        CHECK(f.feedBytes("NOOP\r\nNOOP\nQUIT\r\n") ==
              "250 2.0.0 Ok\r\n550 5.5.2 mx.example.org Error: bare <LF> received\r\n");
        CHECK(f.session->wantsClose());
    }
    SECTION("inside an AUTH exchange") {
        Fixture f(true);
        f.feed("EHLO c\r\n");
        CHECK(f.feed("AUTH LOGIN\r\nYWxpY2VAZXhhbXBsZS5vcmc=\n") ==
              "334 VXNlcm5hbWU6\r\n550 5.5.2 mx.example.org Error: bare <LF> received\r\n");
        CHECK(f.session->authUser().empty());
    }
    SECTION("a bare CR is just a byte of the command") {
        Fixture f;
        CHECK(f.feed("NO\rOP\r\nNOOP\r\n") == "500 5.5.2 Error: command not recognized\r\n250 2.0.0 Ok\r\n");
    }
}

TEST_CASE("1,000 pipelined commands are answered in order", "[smtp][server][pipelining]") {
    SECTION("NOOPs in one feed") {
        Fixture f;
        std::string in;
        for (int i = 0; i < 1000; ++i) in += "NOOP\r\n";
        std::string expected;
        for (int i = 0; i < 1000; ++i) expected += "250 2.0.0 Ok\r\n";
        CHECK(f.feed(in) == expected);
        CHECK(f.session->errorCount() == 0);
    }
    SECTION("250 whole transactions in one feed") {
        Fixture f;
        std::string in = "EHLO c\r\n";
        for (int i = 0; i < 250; ++i)
            in += "MAIL FROM:<s" + std::to_string(i) + "@x.test>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nmsg " +
                  std::to_string(i) + "\r\n.\r\n";
        in += "QUIT\r\n";
        const std::string out = f.feed(in);
        REQUIRE(f.policy.accepted().size() == 250);
        for (int i = 0; i < 250; ++i) {
            CHECK(f.policy.accepted()[i].mailFrom == "s" + std::to_string(i) + "@x.test");
            CHECK(f.policy.accepted()[i].data == "msg " + std::to_string(i) + "\r\n");
        }
        std::string why;
        CHECK(wellFormedReplies(out, &why));
        CHECK(out.substr(out.size() - 15) == "221 2.0.0 Bye\r\n");
    }
}

TEST_CASE("random bytes never crash and always get well-formed replies", "[smtp][server][fuzz]") {
    std::mt19937 rng(20240521);
    const std::vector<std::string> tokens = {
        "EHLO x", "HELO", "MAIL FROM:<", "RCPT TO:<", "alice@example.org", ">", "DATA", "AUTH PLAIN", "AUTH LOGIN",
        "*", "=", ".", "..", "RSET", "QUIT", "\r\n", "\r\n", "\r\n", "\n", "\r", " ", "SIZE=", "999999999999",
        "BODY=8BITMIME", std::string("\0", 1), "\xff\xfe", "<>", "@", ":", "AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==",
        std::string(600, 'Z'), std::string(1200, '.'), "VRFY", "NOOP", "HELP"};
    // Whole well-formed lines, so that transactions sometimes complete.
    const std::vector<std::string> lines = {"EHLO x\r\n", "MAIL FROM:<a@b.test>\r\n", "RCPT TO:<alice@example.org>\r\n",
                                            "DATA\r\n", "text\r\n", ".\r\n", "AUTH PLAIN =\r\n",
                                            "AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==\r\n", "RSET\r\n",
                                            "MAIL FROM:<a@b.test>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nx\r\n.\r\n"};
    int closed = 0, accepted = 0;
    for (int round = 0; round < 400; ++round) {
        std::string input;
        const bool raw = round % 4 == 0;
        const int pieces = static_cast<int>(rng() % 200);
        for (int i = 0; i < pieces; ++i) {
            if (raw) {
                input += static_cast<char>(rng() & 0xff);
            } else if (rng() % 2 == 0) {
                input += tokens[rng() % tokens.size()];
            } else {
                input += lines[rng() % lines.size()];
            }
        }
        Fixture f(round % 2 == 1, round % 3 == 0 ? 50 : 10240000);
        std::string out;
        // Random split points.
        std::size_t pos = 0;
        while (pos < input.size()) {
            const std::size_t n = 1 + rng() % 64;
            out += f.feed(std::string_view(input).substr(pos, n));
            pos += n;
        }
        std::string why;
        const bool ok = wellFormedReplies(out, &why);
        INFO("round " << round << ": " << why);
        REQUIRE(ok);
        closed += f.session->wantsClose();
        accepted += static_cast<int>(f.policy.accepted().size());
    }
    // The generator really reaches the interesting paths.
    CHECK(closed > 50);
    CHECK(accepted > 0);
}

TEST_CASE("a client that disconnects loses nothing accepted and gets nothing half-received",
          "[smtp][server]") {
    Fixture f;
    f.feed(kOpen + "first message\r\n.\r\n");
    REQUIRE(f.policy.accepted().size() == 1);

    SECTION("mid-DATA") {
        f.feed("MAIL FROM:<>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nhalf of a mess");
        f.session.reset();  // the connection drops
    }
    SECTION("after the dot but before its CRLF") {
        f.feed("MAIL FROM:<>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nalmost\r\n.\r");
        CHECK(f.session->state() == ServerState::Data);
        f.session.reset();
    }
    SECTION("mid-command") {
        f.feed("MAIL FROM:<>\r\nRCPT TO:<bob@exa");
        f.session.reset();
    }
    REQUIRE(f.policy.accepted().size() == 1);
    CHECK(f.policy.accepted().front().data == "first message\r\n");
}

TEST_CASE("oversized data is not buffered beyond the limit", "[smtp][server]") {
    Fixture f(false, 1000);
    f.feed(kOpen);
    std::string line(98, 'x');
    line += "\r\n";
    std::string out;
    for (int i = 0; i < 10000; ++i) out += f.feed(line);  // ~1 MB against a 1000-octet limit
    out += f.feed(".\r\nNOOP\r\n");
    CHECK(out == "552 5.3.4 Message size exceeds fixed limit\r\n250 2.0.0 Ok\r\n");
    CHECK(f.policy.accepted().empty());
}

TEST_CASE("one endless DATA line is not buffered beyond the size limit", "[smtp][server]") {
    // 20 MB without a CRLF against a 10 kB limit: refused at the end, nothing stored, in sync.
    Fixture f(false, 10240);
    f.feed(kOpen);
    const std::string piece(64 * 1024, 'z');
    std::string out;
    for (int i = 0; i < 320; ++i) out += f.feed(piece);
    out += f.feed("\r\n.\r\nNOOP\r\n");
    CHECK(out == "552 5.3.4 Message size exceeds fixed limit\r\n250 2.0.0 Ok\r\n");
    CHECK(f.policy.accepted().empty());
}
