// The POP3 server engine under bad input and at its edges: overlong lines, bad-command limits,
// bare LF, binary garbage, 1,000 pipelined commands, the UPDATE state (QUIT commits, a dropped
// session commits nothing), the maildrop lock, timeouts and the events for the trace.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "pop3/memory_maildrop.h"
#include "pop3/server_session.h"

using namespace postino::pop3;

namespace {

struct Fixture {
    MemoryMailStore store;
    std::vector<std::string> uids;

    Fixture() {
        store.addUser("alice", "secret");
        uids.push_back(store.deliver("alice", "Subject: one\r\n\r\nhello\r\n.dotline\r\n"));
        uids.push_back(store.deliver("alice", "Subject: two\r\n\r\nsecond\r\n"));
        uids.push_back(store.deliver("alice", "Subject: three\r\n\r\nthird\r\n"));
    }

    std::unique_ptr<ServerSession> session(bool plaintext = true) {
        auto s = std::make_unique<ServerSession>(ServerConfig{"pop.example.org", plaintext}, store);
        s->start();
        s->takeOutput();
        return s;
    }

    std::unique_ptr<ServerSession> loggedIn() {
        auto s = session();
        s->feed("USER alice\r\nPASS secret\r\n");
        REQUIRE(s->takeOutput() == "+OK\r\n+OK Logged in.\r\n");
        return s;
    }
};

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::size_t countOf(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("pop3 overlong lines close the session, as Dovecot does", "[pop3][server][robustness]") {
    Fixture f;
    SECTION("a 1024-octet line is fine before login, 1025 is not") {
        auto s = f.session();
        s->feed("USER " + std::string(1017, 'a') + "\r\n");
        CHECK(s->takeOutput() == "+OK\r\n");
        s->feed("USER " + std::string(1018, 'a') + "\r\nQUIT\r\n");
        CHECK(s->takeOutput() == "-ERR Input buffer full, aborting\r\n");
        CHECK(s->wantsClose());
    }
    SECTION("a 2048-octet line is fine after login, 2049 is not") {
        auto s = f.loggedIn();
        s->feed("NOOP " + std::string(2041, 'x') + "\r\n");
        CHECK(s->takeOutput() == "+OK\r\n");
        s->feed("DELE 1\r\nNOOP " + std::string(2042, 'x') + "\r\nQUIT\r\n");
        CHECK(s->takeOutput() == "+OK Marked to be deleted.\r\n-ERR Input line too long.\r\n");
        CHECK(s->wantsClose());
        CHECK(f.store.inbox("alice").size() == 3);  // closing is not QUIT: nothing committed
        CHECK_FALSE(f.store.isLocked("alice"));
    }
    SECTION("an endless line without CRLF is answered once, at its end") {
        auto s = f.session();
        for (int i = 0; i < 1000; ++i) s->feed(std::string(1000, 'z'));
        CHECK(s->takeOutput().empty());
        CHECK_FALSE(s->wantsClose());
        s->feed("\r\n");
        CHECK(s->takeOutput() == "-ERR Input buffer full, aborting\r\n");
    }
    SECTION("an overlong AUTH continuation line") {
        auto s = f.session();
        s->feed("AUTH PLAIN\r\n" + std::string(3000, 'A') + "\r\n");
        CHECK(s->takeOutput() == "+ \r\n-ERR Input buffer full, aborting\r\n");
        const auto ev = s->takeEvents();
        REQUIRE(ev.size() == 2);
        CHECK(ev[0].kind == ServerEvent::Kind::AuthFailed);
    }
}

TEST_CASE("pop3 bad-command limits", "[pop3][server][robustness]") {
    Fixture f;
    SECTION("three unknown commands in a row before login") {
        auto s = f.session();
        s->feed("FOO\r\nBAR\r\nCAPA\r\nX\r\nSTAT\r\n\r\nUSER alice\r\n");
        const std::string out = s->takeOutput();
        CHECK(countOf(out, "-ERR Unknown command.\r\n") == 5);
        CHECK(endsWith(out, "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nUSER\r\n"
                            "SASL PLAIN\r\nIMPLEMENTATION Postino\r\n.\r\n-ERR Unknown command.\r\n"
                            "-ERR Unknown command.\r\n-ERR Unknown command.\r\n-ERR Too many invalid bad commands.\r\n"));
        CHECK(s->wantsClose());
    }
    SECTION("auth failures and PASS without USER do not count") {
        auto s = f.session();
        s->feed("PASS a\r\nPASS b\r\nPASS c\r\nUSER alice\r\nPASS x\r\nUSER alice\r\nPASS y\r\nAUTH PLAIN =\r\n");
        while (s->takeReplyDelay()) s->feed({});  // a glue that waits out each failed login
        CHECK_FALSE(s->wantsClose());
        s->feed("USER alice\r\nPASS secret\r\n");
        CHECK(s->state() == ServerState::Transaction);
    }
    SECTION("more than 20 errors in a row after login") {
        auto s = f.loggedIn();
        std::string in;
        for (int i = 0; i < 20; ++i) in += "RETR 9\r\n";
        in += "NOOP\r\n";  // resets the count
        for (int i = 0; i < 20; ++i) in += "RETR 9\r\n";
        s->feed(in);
        CHECK_FALSE(s->wantsClose());
        s->feed("LIST x\r\nNOOP\r\n");
        const std::string out = s->takeOutput();
        CHECK(countOf(out, "-ERR There's no message 9.\r\n") == 40);
        CHECK(endsWith(out, "-ERR There's no message 9.\r\n-ERR Invalid message number: x\r\n-ERR Too many bad commands.\r\n"));
        CHECK(out.find("+OK\r\n-ERR") != std::string::npos);
        CHECK(s->wantsClose());
    }
}

TEST_CASE("pop3 1,000 pipelined commands in one feed", "[pop3][server][robustness]") {
    Fixture f;
    auto s = f.loggedIn();
    std::string in;
    for (int i = 0; i < 1000; ++i) in += (i % 2 == 0) ? "NOOP\r\n" : "RETR 2\r\n";
    in += "QUIT\r\n";
    s->feed(in);
    const std::string out = s->takeOutput();
    CHECK(countOf(out, "+OK\r\n") == 500);
    CHECK(countOf(out, "+OK 24 octets\r\nSubject: two\r\n\r\nsecond\r\n.\r\n") == 500);
    CHECK(endsWith(out, ".\r\n+OK Logging out.\r\n"));
    CHECK(s->wantsClose());
}

TEST_CASE("pop3 bare LF line ends are accepted, even split from their CR", "[pop3][server][robustness]") {
    Fixture f;
    auto s = f.session();
    s->feed("USER alice\nPASS secret\r");
    s->feed("\nSTAT\n");
    CHECK(s->takeOutput() == "+OK\r\n+OK Logged in.\r\n+OK 3 82\r\n");
}

TEST_CASE("pop3 binary garbage never breaks the session", "[pop3][server][robustness]") {
    Fixture f;
    std::mt19937 rng(1939);
    for (int round = 0; round < 200; ++round) {
        auto s = (round % 2 == 0) ? f.session() : f.loggedIn();
        std::string in;
        const int n = 1 + static_cast<int>(rng() % 400);
        for (int i = 0; i < n; ++i) {
            const auto r = rng() % 10;
            if (r == 0) in += "\r\n";
            else if (r == 1) in += "RETR 1\r\n";
            else if (r == 2) in += "TOP 1 1\r\n";
            else if (r == 3) in += ".\r\n";
            else in += static_cast<char>(rng() & 0xFF);
        }
        std::size_t pos = 0;
        while (pos < in.size()) {
            const std::size_t chunk = 1 + rng() % 17;
            s->feed(std::string_view(in).substr(pos, chunk));
            pos += chunk;
        }
        const std::string out = s->takeOutput();
        // Whole CRLF lines only, and nothing but printable text in -ERR lines.
        CHECK((out.empty() || out.substr(out.size() - 2) == "\r\n"));
        bool clean = true;
        for (std::size_t at = out.find("-ERR"); at != std::string::npos; at = out.find("-ERR", at + 1)) {
            const std::size_t end = out.find("\r\n", at);
            REQUIRE(end != std::string::npos);
            for (std::size_t i = at; i < end; ++i) {
                const auto c = static_cast<unsigned char>(out[i]);
                clean = clean && c >= 0x20 && c < 0x7F;
            }
        }
        CHECK(clean);
        s.reset();
        REQUIRE(f.store.inbox("alice").size() == 3);  // no QUIT, no DELE in the garbage
        REQUIRE_FALSE(f.store.isLocked("alice"));
    }
}

TEST_CASE("pop3 UPDATE happens only on QUIT", "[pop3][server][update]") {
    Fixture f;
    SECTION("QUIT commits the deletions") {
        auto s = f.loggedIn();
        s->feed("DELE 1\r\nDELE 3\r\nQUIT\r\n");
        CHECK(s->takeOutput() == "+OK Marked to be deleted.\r\n+OK Marked to be deleted.\r\n+OK Logging out, messages deleted.\r\n");
        CHECK(s->wantsClose());
        REQUIRE(f.store.inbox("alice").size() == 1);
        CHECK(f.store.inbox("alice")[0].uid == f.uids[1]);
        CHECK_FALSE(f.store.isLocked("alice"));
    }
    SECTION("a session destroyed without QUIT commits nothing") {
        {
            auto s = f.loggedIn();
            s->feed("DELE 1\r\nDELE 2\r\nDELE 3\r\n");
            CHECK(s->markedCount() == 3);
            CHECK(f.store.isLocked("alice"));
        }
        CHECK(f.store.inbox("alice").size() == 3);
        CHECK_FALSE(f.store.isLocked("alice"));
    }
    SECTION("DELE then RSET then QUIT removes nothing") {
        auto s = f.loggedIn();
        s->feed("DELE 1\r\nRSET\r\nQUIT\r\n");
        CHECK(f.store.inbox("alice").size() == 3);
    }
    SECTION("a timeout commits nothing") {
        auto s = f.loggedIn();
        s->feed("DELE 1\r\n");
        s->takeOutput();
        s->onTimeout();
        CHECK(s->takeOutput() == "-ERR Disconnected for inactivity.\r\n");
        CHECK(s->wantsClose());
        s->onTimeout();
        s->feed("QUIT\r\n");
        CHECK(s->takeOutput().empty());
        CHECK(f.store.inbox("alice").size() == 3);
        CHECK_FALSE(f.store.isLocked("alice"));
    }
    SECTION("the session works on its login snapshot") {
        auto s = f.loggedIn();
        f.store.deliver("alice", "Subject: late\r\n\r\nx\r\n");
        s->feed("STAT\r\nLIST 4\r\nDELE 1\r\nQUIT\r\n");
        CHECK(s->takeOutput() == "+OK 3 82\r\n-ERR There's no message 4.\r\n+OK Marked to be deleted.\r\n"
                                 "+OK Logging out, messages deleted.\r\n");
        REQUIRE(f.store.inbox("alice").size() == 3);
        CHECK(f.store.inbox("alice")[2].content == "Subject: late\r\n\r\nx\r\n");
    }
}

TEST_CASE("pop3 a locked maildrop gets [IN-USE] and the session closes", "[pop3][server]") {
    Fixture f;
    auto first = f.loggedIn();
    auto second = f.session();
    second->feed("USER alice\r\nPASS secret\r\nSTAT\r\n");
    CHECK(second->takeOutput() == "+OK\r\n-ERR [IN-USE] Mailbox is locked by another POP3 session.\r\n");
    CHECK(second->wantsClose());
    first->feed("QUIT\r\n");
    auto third = f.session();
    third->feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
    CHECK(third->takeOutput() == "+OK Logged in.\r\n");
}

TEST_CASE("pop3 events for the trace", "[pop3][server][events]") {
    Fixture f;
    auto s = f.session();
    s->feed("USER alice\r\nPASS nope\r\nUSER alice\r\nPASS secret\r\nRETR 2\r\nTOP 1 0\r\nDELE 2\r\nDELE 2\r\nQUIT\r\n");
    while (s->takeReplyDelay()) s->feed({});
    const std::vector<ServerEvent> ev = s->takeEvents();
    REQUIRE(ev.size() == 7);
    CHECK(ev[0].kind == ServerEvent::Kind::Rejected);
    CHECK(ev[0].text == "-ERR [AUTH] Authentication failed.");
    CHECK(ev[1].kind == ServerEvent::Kind::AuthFailed);
    CHECK(ev[1].text == "alice");
    CHECK(ev[2].kind == ServerEvent::Kind::LoggedIn);
    CHECK(ev[2].text == "alice");
    CHECK(ev[3].kind == ServerEvent::Kind::Retrieved);
    CHECK(ev[3].number == 2);
    CHECK(ev[3].text == f.uids[1]);
    CHECK(ev[4].kind == ServerEvent::Kind::Deleted);
    CHECK(ev[4].number == 2);
    CHECK(ev[5].kind == ServerEvent::Kind::Rejected);
    CHECK(ev[5].text == "-ERR Message is deleted.");
    CHECK(ev[6].kind == ServerEvent::Kind::Updated);
    CHECK(ev[6].number == 1);
    CHECK(s->takeEvents().empty());
}

TEST_CASE("pop3 a verb with control bytes is echoed safely", "[pop3][server][robustness]") {
    Fixture f;
    auto s = f.loggedIn();
    s->feed(std::string("NO\0OP\x1b[2J\r\n", 12));
    CHECK(s->takeOutput() == "-ERR Unknown command: NO?OP?[2J\r\n");
}
