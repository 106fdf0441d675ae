// The SMTP server engine asks the node about each local recipient (ServerPolicy::refuseRecipient):
// at RCPT with MAIL FROM's SIZE=, at the end of DATA with the real size. A full mailbox is refused
// in the node's words; a message no recipient can take is refused whole; nothing is lost.
// The mail server node's answers (its quotas) and the world around it: mail_quota_test.cpp.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "smtp/memory_policy.h"
#include "smtp/server_session.h"

using namespace postino::smtp;

namespace {

const char* kFull = "552 5.2.2 <bob@example.org>: Recipient address rejected: Quota exceeded (mailbox for user is full)";

struct Fixture {
    MemoryPolicy policy;
    ServerSession session;

    explicit Fixture(bool submission = false)
        : session(ServerConfig{"mx.example.org", submission, 10240000}, policy, "192.0.2.10") {
        policy.addUser("alice@example.org", "secret");
        policy.addUser("bob@example.org", "hunter2");
        policy.setRoom("bob@example.org", 1000, kFull);  // Bob's mailbox takes 1000 more octets
        session.start();
        session.takeOutput();
    }
    // Every reply line to `input`, in order.
    std::vector<std::string> send(const std::string& input) {
        session.feed(input);
        const std::string out = session.takeOutput();
        std::vector<std::string> lines;
        for (std::size_t pos = 0, end; (end = out.find("\r\n", pos)) != std::string::npos; pos = end + 2)
            lines.push_back(out.substr(pos, end - pos));
        return lines;
    }
};

std::string body(std::size_t octets) { return "Subject: x\r\n\r\n" + std::string(octets, 'y') + "\r\n.\r\n"; }

}  // namespace

TEST_CASE("SMTP server: RCPT to a mailbox the node says is full gets the node's own reply, sized by SIZE=",
          "[smtp][server][quota]") {
    Fixture f;
    CHECK(f.send("EHLO c\r\nMAIL FROM:<x@far.test> SIZE=500\r\nRCPT TO:<bob@example.org>\r\nRSET\r\n") ==
          std::vector<std::string>{"250-mx.example.org", "250-PIPELINING", "250-SIZE 10240000",
                                   "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250-DSN", "250 SMTPUTF8",
                                   "250 2.1.0 Ok",
                                   "250 2.1.5 Ok", "250 2.0.0 Ok"});
    // 5000 octets announced: Bob is refused, Alice is not, and the mail goes to Alice alone.
    CHECK(f.send("MAIL FROM:<x@far.test> SIZE=5000\r\nRCPT TO:<Bob@Example.org>\r\nRCPT TO:<alice@example.org>\r\n") ==
          std::vector<std::string>{"250 2.1.0 Ok",
                                   "552 5.2.2 <bob@example.org>: Recipient address rejected: Quota exceeded (mailbox "
                                   "for user is full)",
                                   "250 2.1.5 Ok"});
    CHECK(f.send("DATA\r\n" + body(10)) ==
          std::vector<std::string>{"354 End data with <CR><LF>.<CR><LF>", "250 2.0.0 Ok: queued as 3A1F0"});
    REQUIRE(f.policy.accepted().size() == 1);
    CHECK(f.policy.accepted()[0].rcptTo == std::vector<std::string>{"alice@example.org"});

    // The refusal is an error reply like any other: a Rejected event, counted towards the limits.
    bool reported = false;
    for (const auto& e : f.session.takeEvents())
        reported = reported || (e.kind == ServerEvent::Kind::Rejected && e.code == 552 && e.text == kFull);
    CHECK(reported);
    CHECK(f.session.errorCount() == 0);  // the delivered mail started the count again
    f.send("MAIL FROM:<x@far.test> SIZE=5000\r\nRCPT TO:<bob@example.org>\r\n");
    CHECK(f.session.errorCount() == 1);
}

TEST_CASE("SMTP server: a mailbox with no room left is refused without SIZE=, other domains are not asked",
          "[smtp][server][quota]") {
    Fixture f(true);
    f.policy.setRoom("bob@example.org", 0, kFull);
    f.policy.setRoom("carol@far.test", 0, "552 5.2.2 never asked");
    f.send("EHLO c\r\nAUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==\r\n");
    CHECK(f.send("MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.org>\r\nRCPT TO:<carol@far.test>\r\n") ==
          std::vector<std::string>{"250 2.1.0 Ok", kFull, "250 2.1.5 Ok"});
}

TEST_CASE("SMTP server: at the end of DATA a message no recipient can take is refused whole, with the node's reply",
          "[smtp][server][quota]") {
    Fixture f;
    f.send("EHLO c\r\n");
    // No SIZE=: RCPT cannot know, the end of DATA does. The client keeps the mail (5xx).
    CHECK(f.send("MAIL FROM:<x@far.test>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n" + body(2000)) ==
          std::vector<std::string>{"250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>", kFull});
    CHECK(f.policy.accepted().empty());
    CHECK(f.session.state() == ServerState::Ready);
    // A message that fits goes through on the same connection.
    CHECK(f.send("MAIL FROM:<x@far.test>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n" + body(900)).back() ==
          "250 2.0.0 Ok: queued as 3A1F0");

    // When one recipient can take it, the message is queued for all: the node keeps it for the
    // one whose mailbox is full and says why (the SMTP client has been told 250 for the whole).
    CHECK(f.send("MAIL FROM:<x@far.test>\r\nRCPT TO:<bob@example.org>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n" +
                 body(2000))
              .back() == "250 2.0.0 Ok: queued as 3A1F1");
    REQUIRE(f.policy.accepted().size() == 2);
    CHECK(f.policy.accepted()[1].rcptTo == std::vector<std::string>{"bob@example.org", "alice@example.org"});
}

TEST_CASE("SMTP server: a policy refusal that is not a 4xx/5xx reply becomes 451 4.3.5", "[smtp][server][quota]") {
    for (const char* bad : {"250 2.1.5 Ok", "Mailbox full", "55", "552"}) {
        INFO(bad);
        Fixture f;
        f.policy.setRoom("bob@example.org", 0, bad);
        CHECK(f.send("HELO c\r\nMAIL FROM:<x@far.test>\r\nRCPT TO:<bob@example.org>\r\n").back() ==
              "451 4.3.5 Server configuration problem");
    }
    // A reply without an enhanced code, or with one of another class, is sent as written.
    Fixture f;
    f.policy.setRoom("bob@example.org", 0, "452 try\r\nlater");
    CHECK(f.send("HELO c\r\nMAIL FROM:<x@far.test>\r\nRCPT TO:<bob@example.org>\r\n").back() == "452 try??later");
}
