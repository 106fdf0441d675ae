// TLS in a simulated world: STARTTLS on submission and on the relay (tests/corpus/tls), the
// transcript's [TLS] lines, Received: with ESMTPSA / ESMTPS, the same bytes for the same seed,
// a certificate a client refuses, and a password in clear where a lesson allows it.
#include "scenario/scenario_loader.h"
#include "test_support.h"
#include "trace/trace_text.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace postino;

namespace {

scenario::Scenario tlsLesson() {
    auto r = scenario::loadScenarioFile(testing::sourcePath("tests/corpus/tls/02-with-tls.json"));
    REQUIRE(r.ok());
    return *r.scenario;
}

std::string transcriptOf(const scenario::Scenario& s) {
    world::World w(s);
    w.run();
    std::ostringstream out;
    trace::writeTimeline(out, w.trace());
    trace::writeTranscript(out, w.trace());
    // What the last server adds on delivery (its own Received: line) never crosses a wire.
    for (const auto& copy : w.trace().deliveredCopies) out << copy.top;
    return out.str();
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("TLS world: STARTTLS on submission and relay, the login and the mail inside TLS", "[tls][world]") {
    const std::string t = transcriptOf(tlsLesson());
    CHECK(has(t, "S: 250-STARTTLS"));
    CHECK(has(t, "C: STARTTLS"));
    CHECK(has(t, "S: 220 2.0.0 Ready to start TLS"));
    CHECK(has(t, "C: [TLS] AUTH PLAIN "));
    CHECK_FALSE(has(t, "C: AUTH PLAIN "));  // never in clear
    CHECK(has(t, "with ESMTPSA id"));       // submitted: TLS and a login
    CHECK(has(t, "with ESMTPS id"));        // relayed: TLS, no login
    CHECK(has(t, "TLS handshake done with mail.recipient.example: the certificate is good"));
    CHECK(has(t, "delivered to the mailbox of bob@recipient.example (INBOX now holds 2 messages)"));
}

TEST_CASE("TLS world: the same seed gives the same trace, TLS records included", "[tls][world]") {
    const scenario::Scenario s = tlsLesson();
    CHECK(testing::traceJson(s) == testing::traceJson(s));
    scenario::Scenario other = s;
    other.seed = s.seed + 1;
    CHECK(testing::traceJson(other) != testing::traceJson(s));
}

TEST_CASE("TLS world: a certificate for another name or out of date is refused with the reason", "[tls][world]") {
    for (const auto fault : {scenario::CertificateFault::WrongName, scenario::CertificateFault::Expired}) {
        scenario::Scenario s = tlsLesson();
        for (auto& n : s.nodes)
            if (n.id == "mail-sender") n.tls.certificate = fault;
        const std::string t = transcriptOf(s);
        if (fault == scenario::CertificateFault::WrongName)
            CHECK(has(t, "TLS handshake with mail.sender.example failed: the certificate is for mail.other.example, not "
                         "mail.sender.example"));
        else
            CHECK(has(t, "TLS handshake with mail.sender.example failed: the certificate expired on"));
        CHECK(has(t, "\"Hello Bob\" was not submitted: TLS handshake failed: "));
        CHECK_FALSE(has(t, "AUTH PLAIN"));  // the password never left the laptop
    }
}

TEST_CASE("TLS world: with plaintext_auth and an account set to no TLS, the password crosses in clear", "[tls][world]") {
    scenario::Scenario s = tlsLesson();
    for (auto& n : s.nodes) {
        if (n.id == "mail-sender") n.tls.plaintextAuth = true;
        for (auto& a : n.accounts) a.tls = scenario::AccountTls::None;
    }
    const std::string t = transcriptOf(s);
    CHECK(has(t, "C: AUTH PLAIN "));
    CHECK(has(t, "with ESMTPA id"));
    CHECK(has(t, "with ESMTPS id"));  // the relay still uses STARTTLS
}

TEST_CASE("TLS world: an account on port 465 speaks TLS from the first byte", "[tls][world]") {
    scenario::Scenario s = tlsLesson();
    for (auto& n : s.nodes)
        for (auto& a : n.accounts) a.tls = scenario::AccountTls::Implicit;
    const std::string t = transcriptOf(s);
    CHECK(has(t, "(port 465, TLS from the first byte)"));
    CHECK(has(t, ":465, opened at"));
    CHECK(has(t, "S: [TLS] 220 mail.sender.example ESMTP Postino"));
    CHECK(has(t, "with ESMTPSA id"));
    // The greeting waits for the handshake, as on a real port 465: it is written once the
    // server's handshake is done, and nothing is written on the connection before.
    world::World w(s);
    w.run();
    const trace::Trace& tr = w.trace();
    std::uint32_t conn = 0;
    for (std::uint32_t c = 1; c <= tr.connections.size(); ++c)
        if (tr.connection(c).serverPort == 465) conn = c;
    REQUIRE(conn != 0);
    Time serverTls;
    for (const auto& e : tr.events)
        if (e.kind == trace::EventKind::TlsStarted && e.connection == conn && e.node == tr.connection(conn).server)
            serverTls = e.time;
    REQUIRE(serverTls > Time());
    const trace::LineRecord* first = nullptr;
    for (const auto& l : tr.lines)
        if (l.connection == conn) {
            first = &l;
            break;
        }
    REQUIRE(first);
    CHECK_FALSE(first->fromClient);
    CHECK(first->tls);
    CHECK(first->text.rfind("220 ", 0) == 0);
    CHECK(first->time >= serverTls);
}

TEST_CASE("TLS world: the webmail submits over STARTTLS to a server that requires it", "[tls][world]") {
    scenario::Scenario s = testing::loadLesson("07-webmail.json");
    s.steps.clear();
    for (auto& n : s.nodes)
        if (n.type == scenario::NodeType::MailServer) n.tls.enabled = true;
    const std::string t = transcriptOf(s);
    CHECK_FALSE(has(t, "530 5.7.0"));
    CHECK_FALSE(has(t, "was not submitted"));
    CHECK(has(t, "C: [TLS] AUTH PLAIN "));
    const std::string plain = transcriptOf(testing::loadLesson("07-webmail.json"));
    // The same deliveries as the lesson without TLS.
    const auto count = [](const std::string& text, const std::string& part) {
        std::size_t n = 0;
        for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
        return n;
    };
    CHECK(count(t, "delivered to the mailbox of") == count(plain, "delivered to the mailbox of"));
}
