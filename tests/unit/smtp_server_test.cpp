// Table-driven tests of the SMTP server engine: each case is a list of command lines and the
// reply lines expected after the greeting. Every case runs three ways - all input in one
// feed (pipelined), one line per feed, one byte per feed - and must give identical bytes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "smtp/memory_policy.h"
#include "smtp/server_session.h"

using namespace postino::smtp;

namespace {

struct ServerCase {
    const char* name;
    bool submission;
    std::size_t maxSize;
    std::vector<std::string> input;     // lines; CRLF is appended to each
    std::vector<std::string> expected;  // reply lines after the greeting, without CRLF
};

const std::vector<std::string> kEhlo25 = {"250-mx.example.org", "250-PIPELINING", "250-SIZE 10240000",
                                          "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250-DSN", "250 SMTPUTF8"};
const std::vector<std::string> kEhlo587 = {"250-mx.example.org",       "250-PIPELINING", "250-SIZE 10240000",
                                           "250-AUTH PLAIN LOGIN",     "250-ENHANCEDSTATUSCODES",
                                           "250-8BITMIME",             "250-DSN", "250 SMTPUTF8"};

const char* kAlicePlain = "AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==";  // \0alice@example.org\0secret

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

const std::vector<ServerCase>& cases() {
    static const std::vector<ServerCase> table = {
        {"EHLO on port 25 advertises no AUTH", false, 10240000, {"EHLO client.test"}, kEhlo25},
        {"EHLO on submission advertises AUTH PLAIN LOGIN", true, 10240000, {"EHLO client.test"}, kEhlo587},
        {"SIZE 0 is advertised bare", false, 0, {"EHLO c"},
         {"250-mx.example.org", "250-PIPELINING", "250-SIZE", "250-ENHANCEDSTATUSCODES", "250-8BITMIME",
          "250-DSN", "250 SMTPUTF8"}},
        {"HELO and the missing-argument texts", false, 10240000, {"HELO", "EHLO", "HELO client.test"},
         {"501 Syntax: HELO hostname", "501 Syntax: EHLO hostname", "250 mx.example.org"}},
        {"a whole transaction", false, 10240000,
         {"EHLO client.test", "MAIL FROM:<x@sender.test>", "RCPT TO:<alice@example.org>", "DATA", "Subject: hi", "",
          "body", ".", "QUIT"},
         concat(kEhlo25, {"250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>",
                          "250 2.0.0 Ok: queued as 3A1F0", "221 2.0.0 Bye"})},
        {"commands in the wrong state get Postfix's 503 texts", false, 10240000,
         {"MAIL FROM:<a@b.test>", "RCPT TO:<alice@example.org>", "DATA", "HELO c", "RCPT TO:<alice@example.org>",
          "DATA", "MAIL FROM:<a@b.test>", "MAIL FROM:<a@b.test>", "DATA"},
         {"503 5.5.1 Error: send HELO/EHLO first", "503 5.5.1 Error: need MAIL command",
          "503 5.5.1 Error: need RCPT command", "250 mx.example.org", "503 5.5.1 Error: need MAIL command",
          "503 5.5.1 Error: need RCPT command", "250 2.1.0 Ok", "503 5.5.1 Error: nested MAIL command",
          "554 5.5.1 Error: no valid recipients"}},
        {"unknown and empty commands", false, 10240000, {"FOO bar", "", "   ", "noop", "StartTLS"},
         {"500 5.5.2 Error: command not recognized", "500 5.5.2 Error: bad syntax", "500 5.5.2 Error: bad syntax",
          "250 2.0.0 Ok", "502 5.5.1 Error: command not implemented"}},
        {"a NUL byte anywhere in a command line is bad syntax; no HELO name is taken from it", false, 10240000,
         {std::string("HELO bad\0host", 13), std::string("EHLO bad\0host", 13), std::string("\0", 1),
          std::string("NOOP\0", 5), "MAIL FROM:<a@b.test>", "HELO good.test",
          std::string("MAIL FROM:<a\0b@b.test>", 22), std::string("MAIL FROM:<ab@b.test>\0", 22),
          std::string("VRFY alice@example.org\0x", 24), std::string("QUIT\0", 5), "QUIT"},
         {"500 5.5.2 Error: bad syntax", "500 5.5.2 Error: bad syntax", "500 5.5.2 Error: bad syntax",
          "500 5.5.2 Error: bad syntax", "503 5.5.1 Error: send HELO/EHLO first", "250 mx.example.org",
          "500 5.5.2 Error: bad syntax", "500 5.5.2 Error: bad syntax", "500 5.5.2 Error: bad syntax",
          "500 5.5.2 Error: bad syntax", "221 2.0.0 Bye"}},
        {"MAIL syntax errors", false, 10240000,
         {"HELO c", "MAIL TO:<a@b.test>", "MAIL FROM:", "MAIL FROM:<a b>", "MAIL FROM:<a@b.test",
          "MAIL FROM:<nodomain>", "MAIL FROM:<a@b.test> SIZE=x", "MAIL FROM:<a@b.test> SIZE=99999999999",
          "MAIL FROM:<a@b.test> SIZE=999999999999999999999999", "MAIL FROM:<a@b.test> FOO=1",
          "MAIL FROM:<a@b.test> BODY=9BIT", "MAIL FROM: <a@b.test> BODY=8BITMIME SIZE=100"},
         {"250 mx.example.org", "501 5.5.4 Syntax: MAIL FROM:<address>", "501 5.5.4 Syntax: MAIL FROM:<address>",
          "501 5.1.7 Bad sender address syntax", "501 5.1.7 Bad sender address syntax",
          "501 5.1.7 Bad sender address syntax", "501 5.5.4 Bad message size syntax",
          "552 5.3.4 Message size exceeds fixed limit", "552 5.3.4 Message size exceeds file system imposed limit",
          "555 5.5.4 Unsupported option: FOO=1", "555 5.5.4 Unsupported option: BODY=9BIT", "250 2.1.0 Ok"}},
        {"null sender, SMTPUTF8 and 8BITMIME are accepted", false, 10240000,
         {"EHLO c", "MAIL FROM:<>", "RSET", "MAIL FROM:<ἀλφα@παράδειγμα.ελ> SMTPUTF8 BODY=8BITMIME", "RSET",
          "MAIL FROM:<ἀλφα@b.test>"},
         concat(kEhlo25, {"250 2.1.0 Ok", "250 2.0.0 Ok", "250 2.1.0 Ok", "250 2.0.0 Ok",
                          "501 5.1.7 Bad sender address syntax"})},
        {"RCPT syntax errors", false, 10240000,
         {"HELO c", "MAIL FROM:<>", "RCPT FROM:<a@b.test>", "RCPT TO:<>", "RCPT TO:<a b@c.test>", "RCPT TO:",
          "RCPT TO:<alice@example.org> FOO=1", "RCPT TO:<alice@-bad-.test>"},
         {"250 mx.example.org", "250 2.1.0 Ok", "501 5.5.4 Syntax: RCPT TO:<address>",
          "501 5.1.3 Bad recipient address syntax", "501 5.1.3 Bad recipient address syntax",
          "501 5.5.4 Syntax: RCPT TO:<address>", "555 5.5.4 Unsupported option: FOO=1",
          "501 5.1.3 Bad recipient address syntax"}},
        {"unknown local user and relay attempt on port 25", false, 10240000,
         {"HELO c", "MAIL FROM:<a@b.test>", "RCPT TO:<nosuch@example.org>", "RCPT TO:<x@other.test>",
          "RCPT TO:<postmaster>", "RCPT TO:<PostMaster@Example.ORG>", "RCPT TO:<@relay.test:alice@example.org>",
          "RCPT TO:alice@EXAMPLE.org", "RCPT TO:<nobody>"},
         {"250 mx.example.org", "250 2.1.0 Ok",
          "550 5.1.1 <nosuch@example.org>: Recipient address rejected: User unknown in local recipient table",
          "554 5.7.1 <x@other.test>: Relay access denied", "250 2.1.5 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok",
          "250 2.1.5 Ok", "550 5.1.1 <nobody>: Recipient address rejected: User unknown in local recipient table"}},
        {"RSET NOOP VRFY HELP", false, 10240000,
         {"RSET x", "RSET", "NOOP anything", "VRFY", "VRFY alice@example.org", "HELP"},
         {"501 5.5.4 Syntax: RSET", "250 2.0.0 Ok", "250 2.0.0 Ok", "501 5.5.4 Syntax: VRFY address [SMTPUTF8]",
          "252 2.0.0 alice@example.org", "214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP"}},
        // Replies as Postfix 3.7 gives them (mydestination + local_recipient_maps).
        {"VRFY refuses what RCPT refuses, 252 for what it cannot verify", false, 10240000,
         {"VRFY nobody@example.org", "VRFY <nobody@example.org>", "VRFY Nobody@EXAMPLE.org",
          "VRFY <@relay.test:nobody@example.org>", "VRFY <nobody@example.org> SMTPUTF8", "VRFY nobody",
          "VRFY alice@example.org", "VRFY <alice@example.org>", "VRFY alice@example.org SMTPUTF8",
          "VRFY postmaster@example.org", "VRFY someone@far.test", "VRFY foo bar", "VRFY <>", "VRFY a b@c.test"},
         {"550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table",
          "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table",
          "550 5.1.1 <Nobody@EXAMPLE.org>: Recipient address rejected: User unknown in local recipient table",
          "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table",
          "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table",
          "550 5.1.1 <nobody>: Recipient address rejected: User unknown in local recipient table",
          "252 2.0.0 alice@example.org", "252 2.0.0 <alice@example.org>", "252 2.0.0 alice@example.org",
          "252 2.0.0 postmaster@example.org", "252 2.0.0 someone@far.test", "501 5.1.3 Bad recipient address syntax",
          "501 5.1.3 Bad recipient address syntax", "501 5.1.3 Bad recipient address syntax"}},
        {"RSET ends a transaction", false, 10240000,
         {"HELO c", "MAIL FROM:<>", "RCPT TO:<alice@example.org>", "RSET", "DATA", "MAIL FROM:<>"},
         {"250 mx.example.org", "250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok", "503 5.5.1 Error: need RCPT command",
          "250 2.1.0 Ok"}},
        {"DATA with an argument", false, 10240000,
         {"HELO c", "MAIL FROM:<>", "RCPT TO:<alice@example.org>", "DATA now"},
         {"250 mx.example.org", "250 2.1.0 Ok", "250 2.1.5 Ok", "501 5.5.4 Syntax: DATA"}},
        {"AUTH on port 25 is not enabled, in any state", false, 10240000,
         {"AUTH PLAIN", "EHLO c", "AUTH PLAIN", "MAIL FROM:<>", "AUTH LOGIN"},
         concat(concat({"503 5.5.1 Error: authentication not enabled"}, kEhlo25),
                {"503 5.5.1 Error: authentication not enabled", "250 2.1.0 Ok",
                 "503 5.5.1 Error: authentication not enabled"})},
        {"submission: MAIL needs AUTH, then relaying is allowed", true, 10240000,
         {"AUTH PLAIN", "EHLO c", "MAIL FROM:<alice@example.org>", "VRFY bob", std::string("AUTH PLAIN ") + kAlicePlain,
          "AUTH PLAIN", "MAIL FROM:<alice@example.org>", "RCPT TO:<friend@far.test>", "RCPT TO:<nosuch@example.org>",
          "AUTH LOGIN"},
         concat(concat({"503 5.5.1 Error: send HELO/EHLO first"}, kEhlo587),
                {"530 5.7.0 Authentication required", "530 5.7.0 Authentication required",
                 "235 2.7.0 Authentication successful", "503 5.5.1 Error: already authenticated", "250 2.1.0 Ok",
                 "250 2.1.5 Ok",
                 "550 5.1.1 <nosuch@example.org>: Recipient address rejected: User unknown in local recipient table",
                 "503 5.5.1 Error: already authenticated"})},
        {"AUTH PLAIN without initial response", true, 10240000, {"HELO c", "AUTH PLAIN", kAlicePlain},
         {"250 mx.example.org", "334 ", "235 2.7.0 Authentication successful"}},
        {"AUTH PLAIN with an authzid equal to the user", true, 10240000,
         {"HELO c", "AUTH PLAIN YWxpY2VAZXhhbXBsZS5vcmcAYWxpY2VAZXhhbXBsZS5vcmcAc2VjcmV0"},
         {"250 mx.example.org", "235 2.7.0 Authentication successful"}},
        {"AUTH PLAIN failures", true, 10240000,
         {"HELO c", "AUTH PLAIN =", "AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHdyb25n",
          "AUTH PLAIN Ym9iQGV4YW1wbGUub3JnAGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==", "AUTH PLAIN not*base64",
          "AUTH PLAIN", "*", "AUTH PLAIN", "%%%"},
         {"250 mx.example.org", "535 5.7.8 Error: authentication failed: (reason unavailable)", "535 5.7.8 Error: authentication failed: (reason unavailable)",
          "535 5.7.8 Error: authentication failed: (reason unavailable)", "501 5.5.2 Cannot Base64-decode Client responses", "334 ",
          "501 5.7.0 Authentication aborted", "334 ", "501 5.5.2 Cannot Base64-decode Client responses"}},
        {"AUTH LOGIN, both ways", true, 10240000,
         {"EHLO c", "AUTH LOGIN", "YWxpY2VAZXhhbXBsZS5vcmc=", "c2VjcmV3", "auth login YWxpY2VAZXhhbXBsZS5vcmc=",
          "c2VjcmV0"},
         concat(kEhlo587, {"334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "535 5.7.8 Error: authentication failed: (reason unavailable)",
                           "334 UGFzc3dvcmQ6", "235 2.7.0 Authentication successful"})},
        {"AUTH argument errors", true, 10240000, {"EHLO c", "AUTH", "AUTH CRAM-MD5", "AUTH PLAIN a b", "AUTH LOGIN", "*"},
         concat(kEhlo587, {"501 5.5.4 Syntax: AUTH mechanism", "504 5.5.4 Unrecognized authentication type",
                           "501 5.5.4 Syntax: AUTH mechanism", "334 VXNlcm5hbWU6",
                           "501 5.7.0 Authentication aborted"})},
        {"an AUTH response may be long, but not over 12288 octets", true, 10240000,
         {"EHLO c", "AUTH PLAIN", std::string(13000, 'A'), "AUTH LOGIN", std::string(4000, 'A'), "NOOP", "NOOP"},
         concat(kEhlo587, {"334 ", "500 5.5.6 Authentication exchange line is too long", "334 VXNlcm5hbWU6",
                           "334 UGFzc3dvcmQ6", "535 5.7.8 Error: authentication failed: (reason unavailable)", "250 2.0.0 Ok"})},
        {"QUIT closes; later input is ignored", false, 10240000, {"NOOP", "QUIT", "NOOP", "HELO c"},
         {"250 2.0.0 Ok", "221 2.0.0 Bye"}},
        // RFC 5321's 512 octets plus the 500 that RFC 3461 4 allows DSN's NOTIFY and ORCPT.
        {"a 1012-octet command line is fine, 1013 is too long and the session stays in sync", false, 10240000,
         {"NOOP " + std::string(1005, 'x'), "NOOP " + std::string(1006, 'x'), "NOOP " + std::string(3000, 'y'), "NOOP"},
         {"250 2.0.0 Ok", "500 5.5.0 Error: command line too long", "500 5.5.0 Error: command line too long",
          "250 2.0.0 Ok"}},
        {"the hard error limit closes with 421", false, 10240000,
         std::vector<std::string>(25, "FOO"),
         concat(std::vector<std::string>(20, "500 5.5.2 Error: command not recognized"),
                {"421 4.7.0 mx.example.org Error: too many errors"})},
        {"dot-stuffed lines and a line of exactly 1000 octets are accepted", false, 10240000,
         {"HELO c", "MAIL FROM:<>", "RCPT TO:<alice@example.org>", "DATA", "..leading dot", std::string(998, 'a'),
          "...", ".", "NOOP"},
         {"250 mx.example.org", "250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>",
          "250 2.0.0 Ok: queued as 3A1F0", "250 2.0.0 Ok"}},
        {"a text line over 1000 octets is accepted, as Postfix does, and the session stays in sync", false,
         10240000,
         {"HELO c", "MAIL FROM:<>", "RCPT TO:<alice@example.org>", "DATA", "short", std::string(5000, 'a'), "after",
          ".", "NOOP"},
         {"250 mx.example.org", "250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>",
          "250 2.0.0 Ok: queued as 3A1F0", "250 2.0.0 Ok"}},
        {"SIZE: announced and actual size over the limit", false, 100,
         {"EHLO c", "MAIL FROM:<a@b.test> SIZE=101", "MAIL FROM:<a@b.test> SIZE=100", "RCPT TO:<alice@example.org>",
          "DATA", std::string(60, 'a'), std::string(60, 'b'), ".", "NOOP"},
         {"250-mx.example.org", "250-PIPELINING", "250-SIZE 100", "250-ENHANCEDSTATUSCODES", "250-8BITMIME",
          "250-DSN", "250 SMTPUTF8", "552 5.3.4 Message size exceeds fixed limit", "250 2.1.0 Ok", "250 2.1.5 Ok",
          "354 End data with <CR><LF>.<CR><LF>", "552 5.3.4 Message size exceeds fixed limit", "250 2.0.0 Ok"}},
        {"after the end of DATA a new transaction can start", false, 10240000,
         {"HELO c", "MAIL FROM:<>", "RCPT TO:<alice@example.org>", "DATA", "x", ".", "RCPT TO:<alice@example.org>",
          "MAIL FROM:<>", "RCPT TO:<bob@example.org>", "DATA", "y", "."},
         {"250 mx.example.org", "250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>",
          "250 2.0.0 Ok: queued as 3A1F0", "503 5.5.1 Error: need MAIL command", "250 2.1.0 Ok", "250 2.1.5 Ok",
          "354 End data with <CR><LF>.<CR><LF>", "250 2.0.0 Ok: queued as 3A1F1"}},
    };
    return table;
}

void addUsers(MemoryPolicy& policy) {
    policy.addUser("alice@example.org", "secret");
    policy.addUser("bob@example.org", "hunter2");
}

// Runs `chunks` through a fresh session; returns everything it wrote.
std::string run(const ServerCase& c, const std::vector<std::string>& chunks) {
    MemoryPolicy policy;
    addUsers(policy);
    ServerConfig config{"mx.example.org", c.submission, c.maxSize};
    ServerSession s(config, policy, "192.0.2.10");
    s.start();
    std::string out = s.takeOutput();
    for (const auto& chunk : chunks) {
        s.feed(chunk);
        out += s.takeOutput();
    }
    return out;
}

std::vector<std::string> replyLines(const std::string& out) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < out.size()) {
        auto end = out.find("\r\n", pos);
        if (end == std::string::npos) {
            lines.push_back("<unterminated>" + out.substr(pos));
            break;
        }
        lines.push_back(out.substr(pos, end - pos));
        pos = end + 2;
    }
    return lines;
}

}  // namespace

TEST_CASE("server replies match the table, pipelined, per line and byte by byte", "[smtp][server]") {
    for (const ServerCase& c : cases()) {
        DYNAMIC_SECTION(c.name) {
            std::string all;
            std::vector<std::string> perLine;
            for (const auto& l : c.input) {
                all += l + "\r\n";
                perLine.push_back(l + "\r\n");
            }
            std::vector<std::string> perByte;
            for (char ch : all) perByte.emplace_back(1, ch);

            const std::string whole = run(c, {all});
            std::vector<std::string> lines = replyLines(whole);
            REQUIRE(!lines.empty());
            CHECK(lines.front() == "220 mx.example.org ESMTP Postino");
            lines.erase(lines.begin());
            CHECK(lines == c.expected);
            CHECK(run(c, perLine) == whole);
            CHECK(run(c, perByte) == whole);
        }
    }
}

TEST_CASE("server events: commands, auth and accepted messages", "[smtp][server]") {
    MemoryPolicy policy;
    addUsers(policy);
    ServerSession s(ServerConfig{"mx.example.org", true, 10240000}, policy, "192.0.2.10");
    s.feed("EHLO c\r\nAUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHdyb25n\r\nAUTH PLAIN ");
    s.feed(std::string(kAlicePlain) + "\r\nMAIL FROM:<alice@example.org>\r\nRCPT TO:<x@far.test>\r\nDATA\r\nhi\r\n.\r\n");
    const auto events = s.takeEvents();

    std::vector<std::string> verbs;
    int authFailed = 0, authOk = 0, accepted = 0, rejected = 0;
    for (const auto& e : events) {
        switch (e.kind) {
        case ServerEvent::Kind::CommandReceived: verbs.push_back(e.text); break;
        case ServerEvent::Kind::AuthFailed: ++authFailed; break;
        case ServerEvent::Kind::AuthSucceeded:
            ++authOk;
            CHECK(e.text == "alice@example.org");
            break;
        case ServerEvent::Kind::MessageAccepted:
            ++accepted;
            CHECK(e.text == "3A1F0");
            break;
        case ServerEvent::Kind::Rejected:
            ++rejected;
            CHECK(e.code == 535);
            CHECK(e.text == "535 5.7.8 Error: authentication failed: (reason unavailable)");
            break;
        }
    }
    CHECK(verbs == std::vector<std::string>{"EHLO", "AUTH", "AUTH", "MAIL", "RCPT", "DATA"});
    CHECK(authFailed == 1);
    CHECK(authOk == 1);
    CHECK(accepted == 1);
    CHECK(rejected == 1);
    // No event carries the credentials.
    for (const auto& e : events) CHECK(e.text.find("AGFsaWNl") == std::string::npos);

    REQUIRE(policy.accepted().size() == 1);
    const AcceptedMessage& m = policy.accepted().front();
    CHECK(m.mailFrom == "alice@example.org");
    CHECK(m.rcptTo == std::vector<std::string>{"x@far.test"});
    CHECK(m.data == "hi\r\n");
    CHECK(m.heloName == "c");
    CHECK(m.authUser == "alice@example.org");
    CHECK(m.peerIp == "192.0.2.10");
    CHECK(m.esmtp);
    CHECK(s.authUser() == "alice@example.org");
}

TEST_CASE("server: the accepted envelope and data are exact", "[smtp][server]") {
    MemoryPolicy policy;
    addUsers(policy);
    ServerSession s(ServerConfig{"mx.example.org", false, 10240000}, policy, "198.51.100.7");
    s.feed("HELO old.client\r\nMAIL FROM:<> BODY=8BITMIME\r\nRCPT TO:<alice@example.org>\r\n"
           "RCPT TO:<nosuch@example.org>\r\nRCPT TO:<Bob@example.org>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n"
           "Subject: dots\r\n\r\n..one\r\n...two\r\n. three\r\n\r\nend\r\n.\r\n");
    REQUIRE(policy.accepted().size() == 1);
    const AcceptedMessage& m = policy.accepted().front();
    CHECK(m.mailFrom.empty());
    CHECK(m.rcptTo == std::vector<std::string>{"alice@example.org", "Bob@example.org"});
    CHECK(m.data == "Subject: dots\r\n\r\n.one\r\n..two\r\n three\r\n\r\nend\r\n");
    CHECK_FALSE(m.esmtp);
    CHECK(m.body8bit);
    CHECK(m.heloName == "old.client");
}

TEST_CASE("server: long DATA lines are kept whole, dots and CRs included, whatever the chunking", "[smtp][server]") {
    // Postfix 3.7 accepts a 5000-octet line and delivers it unchanged; so must we.
    std::string digits;
    for (int i = 0; i < 5000; ++i) digits += static_cast<char>('0' + i % 10);
    const std::string longDot = "." + std::string(1500, 'd');  // sent dot-stuffed: "..ddd"
    const std::string lone = "." + std::string(999, 'e');      // a long line that starts like the end mark
    const std::string crAtCut = std::string(998, 'c') + "\r" + std::string(10, 'c');  // a CR right at a cut
    const std::string exact = std::string(998, 'x');           // 1000 octets with its CRLF
    const std::string content = "Subject: long\r\nX-Long: " + std::string(3000, 'h') + "\r\n\r\n" + digits +
                                "\r\n" + longDot + "\r\n" + lone + "\r\n" + crAtCut + "\r\n" + exact +
                                "\r\n" + std::string(2000, 'f') + "\r\n.\r\nend\r\n";
    std::string wire;  // dot-stuffed, as a client sends it
    std::size_t pos = 0;
    while (pos < content.size()) {
        const std::size_t end = content.find("\r\n", pos) + 2;
        if (content[pos] == '.') wire += '.';
        wire += content.substr(pos, end - pos);
        pos = end;
    }
    const std::string input = "HELO c\r\nMAIL FROM:<>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n" + wire +
                              ".\r\nNOOP\r\n";
    for (std::size_t chunk : {input.size(), std::size_t(1), std::size_t(7), std::size_t(999), std::size_t(1000)}) {
        MemoryPolicy policy;
        addUsers(policy);
        ServerSession s(ServerConfig{"mx.example.org", false, 10240000}, policy, "192.0.2.1");
        std::string out;
        for (std::size_t i = 0; i < input.size(); i += chunk) {
            s.feed(std::string_view(input).substr(i, chunk));
            out += s.takeOutput();
        }
        INFO("chunk " << chunk);
        CHECK(out.find("250 2.0.0 Ok: queued as 3A1F0\r\n250 2.0.0 Ok\r\n") != std::string::npos);
        REQUIRE(policy.accepted().size() == 1);
        CHECK(policy.accepted().front().data == content);
    }
}

TEST_CASE("server: a HELO name with a NUL is never taken, the next good one is", "[smtp][server]") {
    MemoryPolicy policy;
    addUsers(policy);
    ServerSession s(ServerConfig{"mx.example.org", false, 10240000}, policy, "192.0.2.1");
    s.feed(std::string("EHLO evil\0.example\r\nHELO c.test\r\nMAIL FROM:<>\r\nRCPT TO:<alice@example.org>\r\n"
                       "DATA\r\nx\r\n.\r\n", 88));
    REQUIRE(policy.accepted().size() == 1);
    CHECK(policy.accepted().front().heloName == "c.test");
    CHECK_FALSE(policy.accepted().front().esmtp);
}

TEST_CASE("server: a failed AUTH asks for a 2 s delay once, a good one for none", "[smtp][server][auth]") {
    MemoryPolicy policy;
    addUsers(policy);
    ServerSession s(ServerConfig{"mx.example.org", true, 10240000}, policy, "192.0.2.1");
    s.feed("EHLO c\r\n");
    s.takeOutput();
    CHECK_FALSE(s.takeReplyDelay().has_value());
    // Postfix 3.7 + Dovecot 2.3: the 535 arrived 2.0 s after the AUTH line (auth_failure_delay).
    s.feed("AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHdyb25n\r\n");
    CHECK(s.takeOutput() == "535 5.7.8 Error: authentication failed: (reason unavailable)\r\n");
    const auto delay = s.takeReplyDelay();
    REQUIRE(delay.has_value());
    CHECK(*delay == postino::Duration::seconds(2));
    CHECK_FALSE(s.takeReplyDelay().has_value());  // reported once
    // An unknown user fails the same way, with the same delay (no user enumeration).
    s.feed("AUTH LOGIN\r\nbm9ib2R5QGV4YW1wbGUub3Jn\r\neA==\r\n");
    CHECK(s.takeOutput() == "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n"
                            "535 5.7.8 Error: authentication failed: (reason unavailable)\r\n");
    CHECK(s.takeReplyDelay() == postino::Duration::seconds(2));
    // Cancelling is not a failed login: no delay.
    s.feed("AUTH PLAIN\r\n*\r\n");
    CHECK(s.takeOutput() == "334 \r\n501 5.7.0 Authentication aborted\r\n");
    CHECK_FALSE(s.takeReplyDelay().has_value());
    s.feed(std::string("AUTH PLAIN ") + kAlicePlain + "\r\n");
    CHECK(s.takeOutput() == "235 2.7.0 Authentication successful\r\n");
    CHECK_FALSE(s.takeReplyDelay().has_value());
}

TEST_CASE("server: past 10 errors every reply is 1 s late, until a mail is delivered", "[smtp][server]") {
    // Postfix 3.7 seen from a client: replies 1-10 at once, from the 11th on each after 1 s
    // (smtpd_soft_error_limit 10, smtpd_error_sleep_time 1s); after a delivered mail the
    // count starts again (9 errors, a mail, then 10 more errors at full speed).
    MemoryPolicy policy;
    addUsers(policy);
    ServerSession s(ServerConfig{"mx.example.org", false, 10240000}, policy, "192.0.2.1");
    s.feed("HELO c\r\n");
    std::string many;
    for (int i = 0; i < 10; ++i) many += "FOO\r\n";
    s.feed(many);
    CHECK_FALSE(s.takeReplyDelay().has_value());
    s.feed("NOOP\r\n");
    CHECK(s.takeReplyDelay() == postino::Duration::seconds(1));
    s.feed("NOOP\r\nRSET\r\n");
    CHECK(s.takeReplyDelay() == postino::Duration::seconds(2));
    s.feed("MAIL FROM:<>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nx\r\n.\r\n");
    CHECK(s.takeReplyDelay() == postino::Duration::seconds(4));  // 250, 250, 354 and the 250 queued
    s.feed(many);
    CHECK_FALSE(s.takeReplyDelay().has_value());
    CHECK(s.errorCount() == 10);
    s.takeOutput();
}

TEST_CASE("submission: reject_sender_login_mismatch, with Postfix 3.7's replies", "[smtp][server][auth]") {
    // Seen on Postfix 3.7.11 (smtpd_sender_login_maps, smtpd_sender_restrictions =
    // reject_sender_login_mismatch): MAIL is accepted, every RCPT refused with 553 5.7.1.
    MemoryPolicy policy;
    addUsers(policy);
    policy.addUser("info@example.org", "x");
    policy.allowSender("info@example.org", "alice@example.org");  // alice is a member of info@
    ServerConfig config{"mx.example.org", true, 10240000};
    config.rejectSenderLoginMismatch = true;
    ServerSession s(config, policy, "192.0.2.1");
    std::string in = std::string("EHLO c\r\nAUTH PLAIN ") + kAlicePlain + "\r\n";
    auto tryFrom = [&in](const std::string& from) {
        in += "MAIL FROM:<" + from + ">\r\nRCPT TO:<bob@example.org>\r\nRSET\r\n";
    };
    for (const char* from :
         {"mallory@example.org", "bob@example.org", "someone@far.test", "Alice@Example.ORG", "info@example.org", ""})
        tryFrom(from);
    in += "MAIL FROM:<mallory@example.org>\r\nRCPT TO:<nosuch@example.org>\r\nRCPT TO:<bad address>\r\nDATA\r\n";
    s.feed(in);
    std::vector<std::string> lines = replyLines(s.takeOutput());
    REQUIRE(lines.size() > 10);
    lines.erase(lines.begin(), lines.begin() + 10);  // greeting, EHLO (8 lines), 235
    auto refused = [](const std::string& from) {
        return "553 5.7.1 <" + from + ">: Sender address rejected: not owned by user alice@example.org";
    };
    const std::vector<std::string> expected = {
        "250 2.1.0 Ok", refused("mallory@example.org"), "250 2.0.0 Ok",
        "250 2.1.0 Ok", refused("bob@example.org"), "250 2.0.0 Ok",
        "250 2.1.0 Ok", refused("someone@far.test"), "250 2.0.0 Ok",
        "250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok",  // the own address, in any case
        "250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok",  // a shared mailbox alice is a member of
        "250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok",  // the null sender is not checked
        "250 2.1.0 Ok", refused("mallory@example.org"),  // the sender is checked before the recipient
        "501 5.1.3 Bad recipient address syntax", "554 5.5.1 Error: no valid recipients"};
    CHECK(lines == expected);
    CHECK(policy.accepted().empty());

    // Without the restriction (the engine's default, and port 25) nothing is checked.
    MemoryPolicy open;
    addUsers(open);
    ServerSession plain(ServerConfig{"mx.example.org", true, 10240000}, open, "192.0.2.1");
    plain.feed(std::string("EHLO c\r\nAUTH PLAIN ") + kAlicePlain +
               "\r\nMAIL FROM:<mallory@example.org>\r\nRCPT TO:<bob@example.org>\r\n");
    const std::string out = plain.takeOutput();
    CHECK(out.substr(out.size() - 14) == "250 2.1.5 Ok\r\n");
}

TEST_CASE("server: a policy that refuses the message gets 451 and nothing is lost silently", "[smtp][server]") {
    MemoryPolicy policy;
    addUsers(policy);
    policy.setRefuseMessages(true);
    ServerSession s(ServerConfig{"mx.example.org", false, 10240000}, policy, "192.0.2.1");
    s.feed("HELO c\r\nMAIL FROM:<>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nx\r\n.\r\n");
    const std::string out = s.takeOutput();
    const std::string want = "451 4.3.0 Error: queue file write error\r\n";
    REQUIRE(out.size() > want.size());
    CHECK(out.substr(out.size() - want.size()) == want);
    CHECK(policy.accepted().empty());
}

TEST_CASE("server: timeout gives 421 4.4.2 and closes", "[smtp][server]") {
    MemoryPolicy policy;
    ServerSession s(ServerConfig{"mx.example.org", false, 10240000}, policy, "192.0.2.1");
    s.start();
    s.takeOutput();
    s.onTimeout();
    CHECK(s.takeOutput() == "421 4.4.2 mx.example.org Error: timeout exceeded\r\n");
    CHECK(s.wantsClose());
    s.feed("NOOP\r\n");
    CHECK(s.takeOutput().empty());
}
