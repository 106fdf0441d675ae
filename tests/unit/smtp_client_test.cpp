// The SMTP client engine, driven against the server engine through a byte pump, and
// against scripted replies for the cases a Postino server never produces.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "smtp/client_session.h"
#include "smtp/memory_policy.h"
#include "smtp/server_session.h"

using namespace postino::smtp;

namespace {

struct Pump {
    MemoryPolicy policy;
    ServerConfig config{"mx.example.org", false, 10240000};
    std::string transcript;  // C: / S: lines, for failure messages
    std::vector<std::string> serverVerbs;

    Pump() {
        policy.addUser("alice@example.org", "secret");
        policy.addUser("bob@example.org", "hunter2");
    }

    // Moves bytes both ways until the client is done or nothing moves. `chunk` 0 sends
    // everything at once; otherwise at most `chunk` bytes per feed.
    ClientResult run(ClientJob job, std::size_t chunk = 0) {
        ServerSession server(config, policy, "192.0.2.44");
        ClientSession client(std::move(job));
        server.start();
        std::string toClient, toServer;
        for (int guard = 0; guard < 1000000 && !client.finished(); ++guard) {
            toClient += server.takeOutput();
            toServer += client.takeOutput();
            if (toClient.empty() && toServer.empty()) {
                if (server.wantsClose()) client.connectionClosed();
                break;
            }
            const std::size_t nc = chunk ? std::min(chunk, toClient.size()) : toClient.size();
            const std::size_t ns = chunk ? std::min(chunk, toServer.size()) : toServer.size();
            transcript += "S: " + toClient.substr(0, nc);
            transcript += "C: " + toServer.substr(0, std::min<std::size_t>(ns, 200));
            client.feed(std::string_view(toClient).substr(0, nc));
            toClient.erase(0, nc);
            server.feed(std::string_view(toServer).substr(0, ns));
            toServer.erase(0, ns);
        }
        for (const auto& e : server.takeEvents())
            if (e.kind == ServerEvent::Kind::CommandReceived) serverVerbs.push_back(e.text);
        CHECK(client.finished());
        return client.result();
    }
};

ClientJob basicJob(std::string message) {
    ClientJob job;
    job.heloName = "client.example.net";
    job.mailFrom = "carol@example.net";
    job.rcptTo = {"alice@example.org"};
    job.message = std::move(message);
    return job;
}

}  // namespace

TEST_CASE("encodeDataBody dot-stuffs and terminates", "[smtp][client]") {
    struct Case {
        std::string in, out;
    };
    const std::vector<Case> cases = {
        {"", ".\r\n"},
        {"a\r\n", "a\r\n.\r\n"},
        {"a", "a\r\n.\r\n"},
        {".\r\n", "..\r\n.\r\n"},
        {"x\r\n.\r\n..y\r\n", "x\r\n..\r\n...y\r\n.\r\n"},
        {"unix\nends\n.\n", "unix\r\nends\r\n..\r\n.\r\n"},
        {"mac\rend", "mac\r\nend\r\n.\r\n"},
        {"a.b\r\n .c\r\n", "a.b\r\n .c\r\n.\r\n"},
    };
    for (const auto& c : cases) CHECK(encodeDataBody(c.in) == c.out);
}

TEST_CASE("encodeDataBody breaks lines over 998 octets with CRLF SPACE, as Postfix's smtp client", "[smtp][client]") {
    // Seen on Postfix 3.7 relaying to a capture server: "x"*997 + ".yz" -> 998 octets, then " yz";
    // a 2500-octet line -> 998, " " + 997, " " + 505; a line of exactly 998 octets is untouched;
    // a long line starting with a dot is stuffed, and the 998 count excludes the stuffed dot.
    const std::string digits = [] {
        std::string d;
        for (int i = 0; i < 2500; ++i) d += static_cast<char>('0' + i % 10);
        return d;
    }();
    const std::string in = std::string(997, 'x') + ".yz\r\n" + std::string(998, 'e') + "\r\n" + digits + "\r\n." +
                           std::string(1500, 'a') + "\n";
    const std::string want = std::string(997, 'x') + ".\r\n yz\r\n" + std::string(998, 'e') + "\r\n" +
                             digits.substr(0, 998) + "\r\n " + digits.substr(998, 997) + "\r\n " +
                             digits.substr(1995) + "\r\n.." + std::string(997, 'a') + "\r\n " +
                             std::string(503, 'a') + "\r\n.\r\n";
    CHECK(encodeDataBody(in) == want);
    // Every line on the wire fits RFC 5321's 1000 octets (999 with a stuffed dot plus CRLF is fine).
    std::size_t start = 0;
    while (start < want.size()) {
        const std::size_t end = want.find("\r\n", start);
        CHECK(end - start <= 999);
        start = end + 2;
    }
}

TEST_CASE("a relay passes a long line on that a strict server accepts: nothing is rejected", "[smtp][client]") {
    Pump pump;
    const std::string message = "Subject: long\r\n\r\n" + std::string(5000, 'q') + "\r\n";
    const ClientResult r = pump.run(basicJob(message), 0);
    CHECK(r.success);
    REQUIRE(pump.policy.accepted().size() == 1);
    const std::string& got = pump.policy.accepted().front().data;
    CHECK(got.size() == message.size() + 5 * 3);  // five breaks of CRLF SPACE
    CHECK(got.find(std::string(999, 'q')) == std::string::npos);
}

TEST_CASE("client delivers a message byte-exact, whatever the chunking", "[smtp][client]") {
    const std::string message =
        "From: Carol <carol@example.net>\r\nTo: alice@example.org\r\nSubject: dots\r\n\r\n"
        ".leading dot\r\n..two dots\r\n.\r\n. \r\nmiddle . dot\r\n\r\n.\r\nlast line\r\n";
    for (std::size_t chunk : {std::size_t(0), std::size_t(1), std::size_t(7)}) {
        DYNAMIC_SECTION("chunk " << chunk) {
            Pump pump;
            const ClientResult r = pump.run(basicJob(message), chunk);
            INFO(pump.transcript);
            CHECK(r.success);
            CHECK(r.failureReason.empty());
            CHECK(r.finalReply.code == 250);
            CHECK(r.finalReply.text() == "Ok: queued as 3A1F0");
            REQUIRE(pump.policy.accepted().size() == 1);
            const AcceptedMessage& m = pump.policy.accepted().front();
            CHECK(m.data == message);
            CHECK(m.mailFrom == "carol@example.net");
            CHECK(m.heloName == "client.example.net");
            CHECK(m.esmtp);
            CHECK(pump.serverVerbs == std::vector<std::string>{"EHLO", "MAIL", "RCPT", "DATA", "QUIT"});
        }
    }
}

TEST_CASE("client announces SIZE equal to what the server counts", "[smtp][client]") {
    const std::string message = "Subject: s\r\n\r\n.dot\r\nend";  // no final CRLF: one is added
    ClientSession c(basicJob(message));
    c.feed("220 mx ESMTP\r\n");
    CHECK(c.takeOutput() == "EHLO client.example.net\r\n");
    c.feed("250-mx\r\n250-SIZE 1000\r\n250 8BITMIME\r\n");
    const std::string expectedSize = std::to_string(std::string("Subject: s\r\n\r\n.dot\r\nend\r\n").size());
    CHECK(c.takeOutput() == "MAIL FROM:<carol@example.net> SIZE=" + expectedSize + "\r\n");

    Pump pump;
    pump.config.maxMessageSize = 25;
    const ClientResult r = pump.run(basicJob(message));
    CHECK(r.success);  // exactly 25 octets fit a 25-octet limit
    REQUIRE(pump.policy.accepted().size() == 1);
    CHECK(pump.policy.accepted().front().data.size() == 25);
}

TEST_CASE("client records per-recipient results and sends only to the accepted ones", "[smtp][client]") {
    Pump pump;
    ClientJob job = basicJob("Subject: hi\r\n\r\nhello\r\n");
    job.rcptTo = {"alice@example.org", "nosuch@example.org", "someone@far.test", "bob@example.org"};
    const ClientResult r = pump.run(job, 3);
    INFO(pump.transcript);
    CHECK(r.success);
    REQUIRE(r.recipients.size() == 4);
    CHECK(r.recipients[0].accepted);
    CHECK(r.recipients[0].code == 250);
    CHECK(r.recipients[0].enhanced == "2.1.5");
    CHECK_FALSE(r.recipients[1].accepted);
    CHECK(r.recipients[1].address == "nosuch@example.org");
    CHECK(r.recipients[1].code == 550);
    CHECK(r.recipients[1].enhanced == "5.1.1");
    CHECK(r.recipients[1].text ==
          "<nosuch@example.org>: Recipient address rejected: User unknown in local recipient table");
    CHECK_FALSE(r.recipients[2].accepted);
    CHECK(r.recipients[2].code == 554);
    CHECK(r.recipients[2].enhanced == "5.7.1");
    CHECK(r.recipients[3].accepted);
    REQUIRE(pump.policy.accepted().size() == 1);
    CHECK(pump.policy.accepted().front().rcptTo == std::vector<std::string>{"alice@example.org", "bob@example.org"});
}

TEST_CASE("client sends no DATA when every recipient is refused", "[smtp][client]") {
    Pump pump;
    ClientJob job = basicJob("x\r\n");
    job.rcptTo = {"nosuch@example.org", "other@far.test"};
    const ClientResult r = pump.run(job);
    CHECK_FALSE(r.success);
    // The reason says why, recipient by recipient (the trace and the webmail show it).
    CHECK(r.failureReason ==
          "no recipient was accepted: 550 5.1.1 <nosuch@example.org>: Recipient address rejected: User unknown in "
          "local recipient table; 554 5.7.1 <other@far.test>: Relay access denied");
    CHECK_FALSE(r.retryable);
    CHECK(r.finalReply.code == 554);
    CHECK(pump.policy.accepted().empty());
    CHECK(pump.serverVerbs == std::vector<std::string>{"EHLO", "MAIL", "RCPT", "RCPT", "QUIT"});
}

TEST_CASE("client AUTH PLAIN on submission", "[smtp][client]") {
    SECTION("good credentials allow relaying") {
        Pump pump;
        pump.config.submission = true;
        ClientJob job = basicJob("Subject: relay\r\n\r\nbody\r\n");
        job.mailFrom = "alice@example.org";
        job.rcptTo = {"friend@far.test"};
        job.auth = std::make_pair(std::string("alice@example.org"), std::string("secret"));
        const ClientResult r = pump.run(job, 5);
        INFO(pump.transcript);
        CHECK(r.success);
        REQUIRE(pump.policy.accepted().size() == 1);
        CHECK(pump.policy.accepted().front().authUser == "alice@example.org");
        CHECK(pump.serverVerbs == std::vector<std::string>{"EHLO", "AUTH", "MAIL", "RCPT", "DATA", "QUIT"});
    }
    SECTION("bad credentials stop before MAIL") {
        Pump pump;
        pump.config.submission = true;
        ClientJob job = basicJob("x\r\n");
        job.auth = std::make_pair(std::string("alice@example.org"), std::string("wrong"));
        const ClientResult r = pump.run(job);
        CHECK_FALSE(r.success);
        CHECK(r.finalReply.code == 535);
        CHECK(r.failureReason == "authentication failed: 535 Error: authentication failed: (reason unavailable)");
        CHECK(pump.serverVerbs == std::vector<std::string>{"EHLO", "AUTH", "QUIT"});
    }
    SECTION("AUTH not offered on port 25") {
        Pump pump;
        ClientJob job = basicJob("x\r\n");
        job.auth = std::make_pair(std::string("alice@example.org"), std::string("secret"));
        const ClientResult r = pump.run(job);
        CHECK_FALSE(r.success);
        CHECK(r.failureReason == "server does not offer AUTH PLAIN");
        CHECK(pump.serverVerbs == std::vector<std::string>{"EHLO", "QUIT"});
    }
    SECTION("submission without credentials is refused at MAIL") {
        Pump pump;
        pump.config.submission = true;
        const ClientResult r = pump.run(basicJob("x\r\n"));
        CHECK_FALSE(r.success);
        CHECK(r.finalReply.code == 530);
        CHECK(r.finalReply.enhanced == "5.7.0");
    }
}

TEST_CASE("client against scripted servers", "[smtp][client]") {
    SECTION("EHLO refused: falls back to HELO, no SIZE parameter") {
        ClientSession c(basicJob("x\r\n"));
        c.feed("220 old.server SMTP\r\n");
        CHECK(c.takeOutput() == "EHLO client.example.net\r\n");
        c.feed("500 5.5.2 what?\r\n");
        CHECK(c.takeOutput() == "HELO client.example.net\r\n");
        c.feed("250 old.server\r\n");
        CHECK(c.takeOutput() == "MAIL FROM:<carol@example.net>\r\n");
        c.feed("250 ok\r\n");
        CHECK(c.takeOutput() == "RCPT TO:<alice@example.org>\r\n");
        c.feed("251 will forward\r\n");
        CHECK(c.takeOutput() == "DATA\r\n");
        c.feed("354 go ahead\r\n");
        CHECK(c.takeOutput() == "x\r\n.\r\n");
        c.feed("250 accepted\r\n");
        CHECK(c.takeOutput() == "QUIT\r\n");
        CHECK_FALSE(c.finished());
        c.feed("221 bye\r\n");
        CHECK(c.finished());
        CHECK(c.result().success);
        CHECK(c.result().recipients[0].accepted);
    }
    SECTION("421 greeting: no QUIT, retryable") {
        ClientSession c(basicJob("x\r\n"));
        c.feed("421 4.3.2 Service not available\r\n");
        CHECK(c.takeOutput().empty());
        CHECK(c.finished());
        CHECK(c.wantsClose());
        CHECK(c.result().retryable);
        CHECK(c.result().finalReply.code == 421);
    }
    SECTION("554 greeting: QUIT, permanent") {
        ClientSession c(basicJob("x\r\n"));
        c.feed("554 no SMTP service here\r\n");
        CHECK(c.takeOutput() == "QUIT\r\n");
        CHECK_FALSE(c.result().retryable);
        c.feed("221 bye\r\n");
        CHECK(c.finished());
        CHECK_FALSE(c.result().success);
    }
    SECTION("multiline reply split at every byte, AUTH= old form") {
        ClientJob job = basicJob("x\r\n");
        job.auth = std::make_pair(std::string("u@d.test"), std::string("p"));
        ClientSession c(job);
        const std::string script = "220-first\r\n220 second\r\n250-mx\r\n250-AUTH=PLAIN LOGIN\r\n250 SIZE\r\n";
        for (char ch : script) c.feed(std::string_view(&ch, 1));
        CHECK(c.takeOutput() == "EHLO client.example.net\r\nAUTH PLAIN AHVAZC50ZXN0AHA=\r\n");
        CHECK(c.extensions().count("AUTH") == 1);
    }
    SECTION("a reply line over 512 octets is a protocol error") {
        ClientSession c(basicJob("x\r\n"));
        c.feed("220 " + std::string(600, 'x') + "\r\n");
        CHECK(c.finished());
        CHECK(c.takeOutput().empty());
        CHECK(c.result().failureReason.find("512") != std::string::npos);
    }
    SECTION("the server hangs up mid-transaction") {
        ClientSession c(basicJob("x\r\n"));
        c.feed("220 mx\r\n250 mx\r\n");
        c.takeOutput();
        c.connectionClosed();
        CHECK(c.finished());
        CHECK(c.result().retryable);
        CHECK(c.result().failureReason == "connection closed by the server");
    }
    SECTION("421 in the middle: no QUIT") {
        ClientSession c(basicJob("x\r\n"));
        c.feed("220 mx\r\n250 mx\r\n");
        c.takeOutput();
        c.feed("421 4.7.0 mx Error: too many errors\r\n");
        CHECK(c.takeOutput().empty());
        CHECK(c.finished());
        CHECK(c.result().retryable);
    }
    SECTION("a job with a line break in the sender is refused before MAIL") {
        ClientJob job = basicJob("x\r\n");
        job.mailFrom = "a@b.test>\r\nRCPT TO:<victim@x.test";
        ClientSession c(job);
        c.feed("220 mx\r\n");
        CHECK(c.takeOutput() == "QUIT\r\n");
        CHECK(c.result().failureReason == "invalid sender address");
    }
}
