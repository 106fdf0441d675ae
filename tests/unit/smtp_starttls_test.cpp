// The SMTP server engine's STARTTLS (RFC 3207) and TLS policies, with the replies a real
// Postfix 3.7 gave on loopback (smtpd_tls_security_level may / encrypt, smtpd_tls_auth_only).
// The engine only says "turn to TLS now"; the handshake itself is the session glue's.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "smtp/memory_policy.h"
#include "smtp/client_session.h"
#include "smtp/server_session.h"

using namespace postino::smtp;

namespace {

struct Tls {
    bool offered = true, required = false, authOnly = false, implicit = false, submission = false;
};

struct Harness {
    MemoryPolicy policy;
    ServerSession session;
    explicit Harness(Tls t) : session(config(t), policyWithAlice(), "192.0.2.10") { session.start(), session.takeOutput(); }
    static ServerConfig config(Tls t) {
        ServerConfig c{"mx.example.org", t.submission, 10240000};
        c.tlsOffered = t.offered, c.tlsRequired = t.required, c.tlsAuthOnly = t.authOnly, c.implicitTls = t.implicit;
        return c;
    }
    MemoryPolicy& policyWithAlice() {
        policy.addUser("alice@example.org", "secret");
        return policy;
    }
    // The reply lines to `input` (lines joined with CRLF, fed at once).
    std::vector<std::string> say(const std::vector<std::string>& input) {
        std::string all;
        for (const auto& l : input) all += l + "\r\n";
        session.feed(all);
        std::vector<std::string> lines;
        const std::string out = session.takeOutput();
        for (std::size_t pos = 0; pos < out.size();) {
            const auto end = out.find("\r\n", pos);
            lines.push_back(out.substr(pos, end - pos));
            pos = end + 2;
        }
        return lines;
    }
};

const char* kAlicePlain = "AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==";  // \0alice@example.org\0secret

}  // namespace

TEST_CASE("STARTTLS: offered on port 25, accepted, and the session starts again inside TLS", "[smtp][tls]") {
    Harness h(Tls{});
    CHECK(h.say({"EHLO relay.test"}) ==
          std::vector<std::string>{"250-mx.example.org", "250-PIPELINING", "250-SIZE 10240000", "250-STARTTLS",
                                   "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250-DSN", "250 SMTPUTF8"});
    CHECK(h.say({"STARTTLS x"}) == std::vector<std::string>{"501 5.5.4 Syntax: STARTTLS"});
    CHECK_FALSE(h.session.takeStartTls());
    CHECK(h.say({"STARTTLS"}) == std::vector<std::string>{"220 2.0.0 Ready to start TLS"});
    CHECK(h.session.takeStartTls());
    CHECK_FALSE(h.session.takeStartTls());  // reported once
    CHECK(h.session.tlsActive());
    // RFC 3207 4.2: the HELO is forgotten; inside TLS, STARTTLS is no longer advertised.
    CHECK(h.say({"MAIL FROM:<a@relay.test>"}) == std::vector<std::string>{"503 5.5.1 Error: send HELO/EHLO first"});
    const auto ehlo = h.say({"EHLO relay.test"});
    CHECK(std::find(ehlo.begin(), ehlo.end(), "250-STARTTLS") == ehlo.end());
    CHECK(h.say({"STARTTLS"}) == std::vector<std::string>{"554 5.5.1 Error: TLS already active"});
}

TEST_CASE("STARTTLS: commands pipelined after it in clear are dropped unread (CVE-2011-0411)", "[smtp][tls]") {
    Harness h(Tls{});
    h.say({"EHLO attacker.test"});
    h.session.feed("STARTTLS\r\nMAIL FROM:<evil@attacker.test>\r\nRCPT TO:<alice@example.org>\r\n");
    CHECK(h.session.takeOutput() == "220 2.0.0 Ready to start TLS\r\n");
    CHECK(h.session.takeStartTls());
    // Inside TLS the client must greet again, and the injected MAIL was never taken.
    CHECK(h.say({"RSET"}) == std::vector<std::string>{"250 2.0.0 Ok"});
    CHECK(h.say({"EHLO attacker.test", "RCPT TO:<alice@example.org>"}).back() == "503 5.5.1 Error: need MAIL command");
}

TEST_CASE("STARTTLS: required on submission, as Postfix's encrypt level answers", "[smtp][tls]") {
    Harness h(Tls{.required = true, .submission = true});
    const auto ehlo = h.say({"EHLO laptop"});
    CHECK(std::find(ehlo.begin(), ehlo.end(), "250-STARTTLS") != ehlo.end());
    CHECK(std::find(ehlo.begin(), ehlo.end(), "250-AUTH PLAIN LOGIN") == ehlo.end());  // no password in clear
    const std::string auth = std::string("AUTH PLAIN ") + kAlicePlain;
    CHECK(h.say({auth, "MAIL FROM:<alice@example.org>", "RCPT TO:<bob@example.org>", "NOOP", "VRFY alice"}) ==
          std::vector<std::string>{"530 5.7.0 Must issue a STARTTLS command first",
                                   "530 5.7.0 Must issue a STARTTLS command first",
                                   "530 5.7.0 Must issue a STARTTLS command first", "250 2.0.0 Ok",
                                   "530 5.7.0 Must issue a STARTTLS command first"});
    CHECK(h.session.authUser().empty());
    CHECK(h.say({"STARTTLS"}) == std::vector<std::string>{"220 2.0.0 Ready to start TLS"});
    const auto inside = h.say({"EHLO laptop"});
    CHECK(std::find(inside.begin(), inside.end(), "250-AUTH PLAIN LOGIN") != inside.end());
    CHECK(h.say({auth}) == std::vector<std::string>{"235 2.7.0 Authentication successful"});
    CHECK(h.session.authUser() == "alice@example.org");
}

TEST_CASE("STARTTLS: AUTH only inside TLS, a server without a certificate, implicit TLS", "[smtp][tls]") {
    SECTION("smtpd_tls_auth_only: AUTH in clear is not enabled, nor advertised") {
        Harness h(Tls{.authOnly = true, .submission = true});
        const auto ehlo = h.say({"EHLO laptop"});
        CHECK(std::find(ehlo.begin(), ehlo.end(), "250-AUTH PLAIN LOGIN") == ehlo.end());
        CHECK(h.say({std::string("AUTH PLAIN ") + kAlicePlain}) ==
              std::vector<std::string>{"503 5.5.1 Error: authentication not enabled"});
    }
    SECTION("no certificate: STARTTLS is not implemented, not advertised") {
        Harness h(Tls{.offered = false});
        const auto ehlo = h.say({"EHLO relay.test"});
        CHECK(std::find(ehlo.begin(), ehlo.end(), "250-STARTTLS") == ehlo.end());
        CHECK(h.say({"STARTTLS"}) == std::vector<std::string>{"502 5.5.1 Error: command not implemented"});
        CHECK_FALSE(h.session.tlsActive());
    }
    SECTION("port 465: inside TLS from the start, AUTH offered, STARTTLS not") {
        Harness h(Tls{.offered = true, .required = true, .authOnly = true, .implicit = true, .submission = true});
        CHECK(h.session.tlsActive());
        const auto ehlo = h.say({"EHLO laptop"});
        CHECK(std::find(ehlo.begin(), ehlo.end(), "250-STARTTLS") == ehlo.end());
        CHECK(std::find(ehlo.begin(), ehlo.end(), "250-AUTH PLAIN LOGIN") != ehlo.end());
    }
}

namespace {

// A client and a server engine talking; where the glue would shake hands, both simply turn to
// TLS (the handshake is sim/tls's). Returns the client's commands, one a line.
std::vector<std::string> converse(ClientSession& client, Harness& server) {
    std::vector<std::string> commands;
    std::string toClient = "220 mx.example.org ESMTP Postino\r\n";
    for (int round = 0; round < 50 && !client.finished(); ++round) {
        client.feed(toClient);
        if (client.takeStartTls()) client.tlsEstablished();
        const std::string toServer = client.takeOutput();
        for (std::size_t pos = 0; pos < toServer.size();) {
            const auto end = toServer.find("\r\n", pos);
            commands.push_back(toServer.substr(pos, end - pos));
            pos = end + 2;
        }
        server.session.feed(toServer);
        toClient = server.session.takeOutput();
        server.session.takeStartTls();
        if (toServer.empty() && toClient.empty()) break;
    }
    return commands;
}

ClientJob aliceJob(ClientTls tls) {
    ClientJob job;
    job.heloName = "laptop";
    job.tls = tls;
    job.auth = std::make_pair(std::string("alice@example.org"), std::string("secret"));
    job.mailFrom = "alice@example.org";
    job.rcptTo = {"alice@example.org"};
    job.message = "Subject: hi\r\n\r\nhello\r\n";
    return job;
}

}  // namespace

TEST_CASE("STARTTLS: the client engine greets, asks for TLS, greets again, then logs in", "[smtp][tls]") {
    Harness server(Tls{.required = true, .authOnly = true, .submission = true});
    ClientSession client(aliceJob(ClientTls::Required));
    const auto commands = converse(client, server);
    REQUIRE(commands.size() >= 5);
    CHECK(commands[0] == "EHLO laptop");
    CHECK(commands[1] == "STARTTLS");
    CHECK(commands[2] == "EHLO laptop");
    CHECK(commands[3].rfind("AUTH PLAIN ", 0) == 0);
    CHECK(client.result().success);
    CHECK(client.result().tls);
}

TEST_CASE("STARTTLS: a client that requires TLS refuses a server without it, an opportunistic one goes on in clear", "[smtp][tls]") {
    SECTION("required") {
        Harness server(Tls{.offered = false, .submission = true});
        ClientSession client(aliceJob(ClientTls::Required));
        const auto commands = converse(client, server);
        CHECK(commands == std::vector<std::string>{"EHLO laptop", "QUIT"});  // no password in clear
        CHECK_FALSE(client.result().success);
        CHECK(client.result().failureReason == "TLS is required, but was not offered by the server");
        CHECK(client.result().retryable);
    }
    SECTION("opportunistic, as a relay on port 25") {
        Harness server(Tls{.offered = false});
        ClientJob job = aliceJob(ClientTls::Opportunistic);
        job.auth.reset();
        ClientSession client(job);
        converse(client, server);
        CHECK(client.result().success);
        CHECK_FALSE(client.result().tls);
    }
    SECTION("a failed handshake ends the session, to be tried again") {
        ClientSession client(aliceJob(ClientTls::Required));
        client.feed("220 mx ESMTP\r\n");
        client.takeOutput();
        client.feed("250-mx\r\n250 STARTTLS\r\n");
        CHECK(client.takeOutput() == "STARTTLS\r\n");
        client.feed("220 2.0.0 Ready to start TLS\r\n");
        CHECK(client.takeStartTls());
        client.tlsFailed("the certificate is for mail.other.example, not mx.example.org");
        CHECK(client.finished());
        CHECK(client.result().failureReason ==
              "TLS handshake failed: the certificate is for mail.other.example, not mx.example.org");
        CHECK(client.result().failedAt == "STARTTLS");
        CHECK(client.takeOutput().empty());  // no QUIT into a broken stream
    }
}
