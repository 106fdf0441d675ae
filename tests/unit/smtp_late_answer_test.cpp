// The SMTP server engine when the node answers the end of DATA later (ServerPolicy::checkMessage:
// a receiving server's SPF, DKIM and DMARC look-ups): nothing is answered or read until the
// decision, pipelined commands wait and are answered after it in order, and a session that
// closed meanwhile takes no answer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>

#include "smtp/memory_policy.h"
#include "smtp/server_session.h"

using namespace postino::smtp;

namespace {

// Holds every message for a later answer the test gives.
class LaterPolicy : public MemoryPolicy {
public:
    bool answersLater(const AcceptedMessage& m) override { return m.authUser.empty(); }
    void checkMessage(AcceptedMessage&& m, PendingMessage answer) override {
        held = std::move(m);
        pending = answer;
        ++checks;
    }
    std::optional<AcceptedMessage> held;
    PendingMessage pending;
    int checks = 0;
};

const char* kTransaction =
    "EHLO forger.example\r\nMAIL FROM:<ceo@bank.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n"
    "From: ceo@bank.example\r\nSubject: urgent\r\n\r\npay now\r\n.\r\n";

std::string afterGreeting(ServerSession& s) {
    std::string out = s.takeOutput();
    const std::size_t eol = out.find("\r\n");
    return eol == std::string::npos ? out : out.substr(eol + 2);
}

}  // namespace

TEST_CASE("the end of DATA waits for the node's later answer, then 250", "[smtp][late]") {
    LaterPolicy policy;
    policy.addUser("alice@example.org", "secret");
    ServerSession s(ServerConfig{"mx.example.org"}, policy, "203.0.113.66");
    s.feed(kTransaction);
    const std::string before = afterGreeting(s);
    CHECK(before.find("354 ") != std::string::npos);
    CHECK(before.find("250 2.0.0") == std::string::npos);  // not yet
    REQUIRE(policy.checks == 1);
    REQUIRE(policy.held);
    CHECK(policy.held->mailFrom == "ceo@bank.example");
    CHECK(policy.pending.waiting());
    CHECK(s.awaitingAnswer());
    CHECK(s.takeOutput().empty());
    policy.pending.accept("4B2C1");
    CHECK(!policy.pending.waiting());
    CHECK(s.takeOutput() == "250 2.0.0 Ok: queued as 4B2C1\r\n");
    CHECK(!s.awaitingAnswer());
    const auto events = s.takeEvents();
    CHECK(std::any_of(events.begin(), events.end(), [](const ServerEvent& e) {
        return e.kind == ServerEvent::Kind::MessageAccepted && e.text == "4B2C1";
    }));
}

TEST_CASE("commands pipelined after the final dot wait for the late answer, in order", "[smtp][late]") {
    LaterPolicy policy;
    policy.addUser("alice@example.org", "secret");
    ServerSession s(ServerConfig{"mx.example.org"}, policy, "203.0.113.66");
    s.feed(std::string(kTransaction) + "RSET\r\nNOOP\r\n");
    (void)afterGreeting(s);
    s.feed("QUIT\r\n");  // arrives while waiting too
    CHECK(s.takeOutput().empty());
    CHECK(!s.wantsClose());
    policy.pending.refuse("550 5.7.1 rejected by DMARC policy for bank.example");
    s.notify();
    CHECK(s.takeOutput() ==
          "550 5.7.1 rejected by DMARC policy for bank.example\r\n250 2.0.0 Ok\r\n250 2.0.0 Ok\r\n221 2.0.0 Bye\r\n");
    CHECK(s.wantsClose());
    CHECK(policy.accepted().empty());
}

TEST_CASE("a late answer given one byte at a time of input gives the same bytes", "[smtp][late]") {
    const std::string input = std::string(kTransaction) + "NOOP\r\nQUIT\r\n";
    std::string whole, bytewise;
    for (int way = 0; way < 2; ++way) {
        LaterPolicy policy;
        policy.addUser("alice@example.org", "secret");
        ServerSession s(ServerConfig{"mx.example.org"}, policy, "203.0.113.66");
        std::string out;
        if (way == 0) s.feed(input);
        else
            for (char c : input) s.feed(std::string_view(&c, 1));
        out += s.takeOutput();
        REQUIRE(policy.checks == 1);
        policy.pending.refuse("451 4.7.1 Try again later: DNS lookup failed for bank.example");
        out += s.takeOutput();
        (way == 0 ? whole : bytewise) = out;
    }
    CHECK(whole == bytewise);
    CHECK(whole.find("451 4.7.1 Try again later") < whole.find("250 2.0.0 Ok\r\n221"));
}

TEST_CASE("an answer for a session that timed out goes nowhere", "[smtp][late]") {
    LaterPolicy policy;
    policy.addUser("alice@example.org", "secret");
    ServerSession s(ServerConfig{"mx.example.org"}, policy, "203.0.113.66");
    s.feed(kTransaction);
    (void)s.takeOutput();
    s.onTimeout();
    CHECK(s.takeOutput() == "421 4.4.2 mx.example.org Error: timeout exceeded\r\n");
    CHECK(!policy.pending.waiting());  // the node sees nobody waits: it must not take the mail
    policy.pending.accept("4B2C1");
    CHECK(s.takeOutput().empty());
}

TEST_CASE("an answer given at once inside checkMessage is the reply at once", "[smtp][late]") {
    struct AtOnce : MemoryPolicy {
        bool answersLater(const AcceptedMessage&) override { return true; }
        void checkMessage(AcceptedMessage&&, PendingMessage answer) override { answer.refuse("not a reply"); }
    } policy;
    policy.addUser("alice@example.org", "secret");
    ServerSession s(ServerConfig{"mx.example.org"}, policy, "203.0.113.66");
    s.feed(std::string(kTransaction) + "NOOP\r\n");
    const std::string out = afterGreeting(s);
    // A malformed refusal becomes Postfix's 451 4.3.5; the NOOP after it is read at once.
    CHECK(out.find("451 4.3.5 Server configuration problem\r\n250 2.0.0 Ok\r\n") != std::string::npos);
    CHECK(!s.awaitingAnswer());
}
