// The failed-login delay (Dovecot's auth_failure_delay, 2 s): the POP3 and IMAP engines ask
// for it through takeReplyDelay() and hold back the input that follows the failure; the
// simulated glue (ServerSessions) waits it out on the simulated clock. 300 wrong IMAP
// passwords cost at least 600 simulated seconds, pipelined or not.
#include "test_support.h"

#include "core/base64.h"
#include "imap/memory_policy.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"
#include "net/host_stack.h"
#include "nodes/node.h"
#include "pop3/memory_maildrop.h"
#include "pop3/server_session.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <functional>
#include <string>

using namespace postino;
using namespace postino::testing;

TEST_CASE("IMAP engine: a failed login asks for 2 s once and holds back what follows", "[imap][auth-delay]") {
    mail::MailStore store;
    store.create("alice");
    imap::MemoryPolicy policy;
    policy.addUser("alice", "secret");
    policy.addUser("ghost", "boo");  // no mailbox: refused, but not a wrong password
    imap::ServerSession s(imap::ServerConfig{"imap.example.org"}, policy, store);
    s.start();
    s.takeOutput();
    CHECK_FALSE(s.takeReplyDelay());

    s.feed("a LOGIN alice wrong\r\nb NOOP\r\nc LOGIN alice secret\r\n");
    CHECK(s.takeOutput() == "a NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");  // nothing read after it
    CHECK(s.takeReplyDelay() == imap::kAuthFailureDelay);
    CHECK(imap::kAuthFailureDelay == Duration::seconds(2));
    CHECK_FALSE(s.takeReplyDelay());  // once
    s.feed({});  // the glue waited: go on with what was held back
    CHECK(s.takeOutput() ==
          "b OK NOOP completed.\r\nc OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID IDLE NAMESPACE UNSELECT CHILDREN "
          "UIDPLUS MOVE SPECIAL-USE] Logged in\r\n");
    CHECK_FALSE(s.takeReplyDelay());

    imap::ServerSession t(imap::ServerConfig{"imap.example.org"}, policy, store);
    t.feed("a LOGIN ghost boo\r\nb AUTHENTICATE PLAIN\r\n*\r\n");  // no mailbox; an abort: no delay
    CHECK_FALSE(t.takeReplyDelay());
    t.feed("c AUTHENTICATE PLAIN AGFsaWNlAG5v\r\nd NOOP\r\n");  // "\0alice\0no"
    CHECK(t.takeReplyDelay() == imap::kAuthFailureDelay);
    CHECK(t.takeOutput().find("d OK") == std::string::npos);
    t.feed("e NOOP\r\n");  // a glue that never asks: the next feed goes on, in order
    const std::string out = t.takeOutput();
    CHECK(out.find("d OK NOOP completed.\r\ne OK NOOP completed.\r\n") != std::string::npos);
}

TEST_CASE("POP3 engine: a failed PASS or AUTH asks for 2 s once and holds back what follows", "[pop3][auth-delay]") {
    pop3::MemoryMailStore store;
    store.addUser("alice", "secret");
    pop3::ServerSession s(pop3::ServerConfig{"pop.example.org", true}, store);
    s.start();
    s.takeOutput();
    s.feed("USER alice\r\nPASS wrong\r\nUSER alice\r\nPASS secret\r\n");
    CHECK(s.takeOutput() == "+OK\r\n-ERR [AUTH] Authentication failed.\r\n");
    CHECK(s.takeReplyDelay() == pop3::kAuthFailureDelay);
    CHECK(pop3::kAuthFailureDelay == Duration::seconds(2));
    CHECK_FALSE(s.takeReplyDelay());
    s.feed({});
    CHECK(s.takeOutput() == "+OK\r\n+OK Logged in.\r\n");
    CHECK_FALSE(s.takeReplyDelay());

    pop3::ServerSession t(pop3::ServerConfig{"pop.example.org", true}, store);
    t.feed("AUTH PLAIN\r\n*\r\nAUTH PLAIN !!!\r\n");  // aborted, bad base64: no delay
    CHECK_FALSE(t.takeReplyDelay());
    t.feed("AUTH PLAIN AGFsaWNlAG5v\r\nNOOP\r\n");  // wrong password
    CHECK(t.takeReplyDelay() == pop3::kAuthFailureDelay);
}

namespace {

// A raw client on alice-laptop talking to mail-sender in lesson 01: `next` is called with
// every line the server sends and may answer (`send`) or hang up (`close`).
struct RawClient {
    world::World& w;
    net::TcpConnection* conn = nullptr;
    std::string pending;
    std::function<void(const std::string& line)> onLine;

    RawClient(world::World& world, std::uint16_t port, net::AppProtocol app) : w(world) {
        const std::uint32_t server = w.network().ipOf(*w.indexOf("mail-sender"));
        conn = &w.node(*w.indexOf("alice-laptop")).stack().connect(server, port, app, "test");
        conn->setCallbacks({.onData = [this](std::string_view bytes) {
            pending.append(bytes);
            for (std::size_t end; (end = pending.find("\r\n")) != std::string::npos;) {
                const std::string line = pending.substr(0, end);
                pending.erase(0, end + 2);
                if (onLine) onLine(line);
            }
        }});
    }
};

}  // namespace

TEST_CASE("300 wrong IMAP passwords take at least 600 simulated seconds", "[world][imap][auth-delay]") {
    for (const bool pipelined : {false, true}) {
        INFO((pipelined ? "pipelined" : "one at a time"));
        world::World w(loadLesson("01-same-domain.json"));
        RawClient c(w, 143, net::AppProtocol::Imap);
        int answered = 0;
        Time lastAnswer;
        auto login = [](int i) { return "t" + std::to_string(i) + " LOGIN alice@sender.example guess" + std::to_string(i) + "\r\n"; };
        c.onLine = [&](const std::string& line) {
            if (line.rfind("* OK", 0) == 0) {  // the greeting
                if (pipelined) {
                    std::string all;
                    for (int i = 0; i < 300; ++i) all += login(i);
                    c.conn->send(all);
                } else {
                    c.conn->send(login(0));
                }
                return;
            }
            if (line.find(" NO [AUTHENTICATIONFAILED]") == std::string::npos) return;
            ++answered;
            lastAnswer = w.sim().now();
            if (answered == 300) c.conn->send("z LOGOUT\r\n");
            else if (!pipelined) c.conn->send(login(answered));
        };
        w.run();
        CHECK(answered == 300);
        CHECK(lastAnswer.toSeconds() >= 600.0);
        CHECK(lastAnswer.toSeconds() < 700.0);
    }
}

TEST_CASE("POP3 in the world: a wrong PASS answers 2 s later, a session closed meanwhile is fine",
          "[world][pop3][auth-delay]") {
    world::World w(loadLesson("01-same-domain.json"));
    RawClient c(w, 110, net::AppProtocol::Pop3);
    Time sent, failed, loggedIn;
    c.onLine = [&](const std::string& line) {
        if (line.find("POP3 Postino ready") != std::string::npos) {
            sent = w.sim().now();
            c.conn->send("USER alice@sender.example\r\nPASS nope\r\nUSER alice@sender.example\r\nPASS wonderland\r\n");
        } else if (line.rfind("-ERR [AUTH]", 0) == 0) {
            failed = w.sim().now();
        } else if (line == "+OK Logged in.") {
            loggedIn = w.sim().now();
            c.conn->send("QUIT\r\n");
        }
    };
    // A second client gives up during the delay: the held answer has nobody to go to.
    RawClient quitter(w, 110, net::AppProtocol::Pop3);
    quitter.onLine = [&](const std::string& line) {
        if (line.find("POP3 Postino ready") == std::string::npos) return;
        quitter.conn->send("USER alice@sender.example\r\nPASS nope\r\nNOOP\r\n");
        quitter.conn->close();
    };
    w.run();
    REQUIRE(failed > sent);
    CHECK((failed - sent) >= Duration::seconds(2));
    CHECK((failed - sent) < Duration::seconds(3));
    CHECK(loggedIn > failed);
    CHECK((loggedIn - failed) < Duration::seconds(1));
}

TEST_CASE("the same glue waits out the SMTP engine's delay: a failed AUTH on 587 answers 2 s later",
          "[world][smtp][auth-delay]") {
    world::World w(loadLesson("01-same-domain.json"));
    RawClient c(w, 587, net::AppProtocol::Smtp);
    Time sent, refused, noop;
    c.onLine = [&](const std::string& line) {
        if (line.rfind("220 ", 0) == 0) {
            sent = w.sim().now();
            c.conn->send("EHLO laptop\r\nAUTH PLAIN " + base64Encode(std::string("\0alice@sender.example\0nope", 26)) +
                         "\r\nNOOP\r\n");
        } else if (line.rfind("535 ", 0) == 0) {
            refused = w.sim().now();
        } else if (line.rfind("250 2.0.0", 0) == 0) {
            noop = w.sim().now();
            c.conn->send("QUIT\r\n");
        }
    };
    w.run();
    REQUIRE(refused > sent);
    CHECK((refused - sent) >= Duration::seconds(2));
    CHECK(noop >= refused);
}
