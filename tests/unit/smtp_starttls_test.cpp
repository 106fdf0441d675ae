// The SMTP server engine's STARTTLS (RFC 3207) and TLS policies, with the replies a real
// Postfix 3.7 gave on loopback (smtpd_tls_security_level may / encrypt, smtpd_tls_auth_only).
// The engine only says "turn to TLS now"; the handshake itself is the session glue's.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "smtp/memory_policy.h"
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
