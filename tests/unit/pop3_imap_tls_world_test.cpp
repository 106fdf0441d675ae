// TLS for reading mail in a simulated world: lessons 04 (POP3), 05 (IMAP) and 07 (webmail) with
// TLS on their mail servers. STLS / STARTTLS on 110 / 143 and TLS from the first byte on 995 /
// 993; the password never on the wire in clear (searched in every packet's payload); certificates
// refused with the reason and no password sent; plaintext_auth shows it in clear; "[TLS] …"
// captions on the packets inside TLS.
#include "scenario/scenario_loader.h"
#include "test_support.h"
#include "trace/trace_text.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace postino;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

scenario::Scenario withTls(const std::string& lesson, scenario::AccountTls accountTls = scenario::AccountTls::Auto) {
    scenario::Scenario s = testing::loadLesson(lesson);
    s.steps.clear();
    for (auto& n : s.nodes) {
        if (n.type == scenario::NodeType::MailServer) n.tls.enabled = true;
        for (auto& a : n.accounts) a.tls = accountTls;
    }
    return s;
}

struct Run {
    std::string text;          // timeline and transcript
    std::string wire;          // every packet's payload, one after the other
    std::string pop3Captions;  // the captions of POP3 and IMAP packets that carry data, one a line
    std::string imapCaptions;
};

Run run(const scenario::Scenario& s) {
    world::World w(s);
    w.run();
    Run r;
    std::ostringstream out;
    trace::writeTimeline(out, w.trace());
    trace::writeTranscript(out, w.trace());
    r.text = out.str();
    for (const auto& p : w.trace().packets) {
        r.wire += p.packet.payload;
        const trace::Caption* c = w.trace().caption(p.packet.caption);
        if (!c) continue;
        const std::string text = trace::captionText(*c, p.packet.segIndex, p.packet.segCount) + "\n";
        if (p.packet.app == net::AppProtocol::Pop3) r.pop3Captions += text;
        if (p.packet.app == net::AppProtocol::Imap) r.imapCaptions += text;
    }
    return r;
}

// Every password of the lesson's accounts and users.
std::vector<std::string> passwords(const scenario::Scenario& s) {
    std::vector<std::string> out;
    for (const auto& n : s.nodes) {
        for (const auto& a : n.accounts) out.push_back(a.password);
        for (const auto& u : n.users) out.push_back(u.password);
    }
    return out;
}

}  // namespace

TEST_CASE("POP3/IMAP TLS world: POP3 devices read over STLS, the password never in clear", "[tls][world][pop3]") {
    const scenario::Scenario s = withTls("04-pop3-two-devices.json");
    const Run r = run(s);
    INFO(r.text.substr(0, 4000));
    CHECK(has(r.text, "C: STLS"));
    CHECK(has(r.text, "S: +OK Begin TLS negotiation now."));
    CHECK(has(r.text, "C: [TLS] CAPA"));
    CHECK(has(r.text, "C: [TLS] PASS "));
    CHECK_FALSE(has(r.text, "C: PASS "));
    CHECK_FALSE(has(r.text, "C: USER "));
    CHECK(has(r.text, "S: [TLS] +OK Logged in."));
    for (const std::string& password : passwords(s)) CHECK_FALSE(has(r.wire, password));
    // The POP3 packets inside TLS say so; the handshake is captioned as such.
    CHECK(has(r.pop3Captions, "[TLS] RETR 1\n"));
    CHECK(has(r.pop3Captions, "TLS handshake\n"));
    CHECK_FALSE(has(r.pop3Captions, "\nRETR"));
    // The same downloads as the lesson without TLS.
    const Run plain = run(testing::loadLesson("04-pop3-two-devices.json"));
    CHECK(count(r.text, "downloaded ") == count(plain.text, "downloaded "));
    CHECK_FALSE(has(r.text, "reading mail for"));
}

TEST_CASE("POP3/IMAP TLS world: IMAP devices read over STARTTLS, the password never in clear", "[tls][world][imap]") {
    const scenario::Scenario s = withTls("05-imap-two-devices.json");
    const Run r = run(s);
    INFO(r.text.substr(0, 4000));
    CHECK(has(r.text, "STARTTLS LOGINDISABLED]"));
    CHECK(has(r.text, "C: A001 STARTTLS"));
    CHECK(has(r.text, "S: A001 OK Begin TLS negotiation now."));
    CHECK(has(r.text, "C: [TLS] A002 CAPABILITY"));
    CHECK(has(r.text, "C: [TLS] A003 LOGIN "));
    CHECK_FALSE(has(r.text, "C: A003 LOGIN"));
    CHECK_FALSE(has(r.text, "LOGIN failed"));
    for (const std::string& password : passwords(s)) CHECK_FALSE(has(r.wire, password));
    CHECK(has(r.imapCaptions, "[TLS] A003 LOGIN"));
    const Run plain = run(testing::loadLesson("05-imap-two-devices.json"));
    CHECK(count(r.text, "in sync over IMAP") == count(plain.text, "in sync over IMAP"));
    CHECK_FALSE(has(r.text, "reading mail for"));
}

TEST_CASE("POP3/IMAP TLS world: accounts set to \"tls\" read on 995 and 993 from the first byte", "[tls][world]") {
    for (const char* lesson : {"04-pop3-two-devices.json", "05-imap-two-devices.json"}) {
        const bool pop3 = std::string(lesson).find("pop3") != std::string::npos;
        const scenario::Scenario s = withTls(lesson, scenario::AccountTls::Implicit);
        const Run r = run(s);
        INFO(lesson);
        CHECK(has(r.text, pop3 ? "over POP3 (port 995, TLS from the first byte)"
                               : "over IMAP (port 993, TLS from the first byte)"));
        CHECK(has(r.text, pop3 ? ":995, opened at" : ":993, opened at"));
        CHECK(has(r.text, pop3 ? "S: [TLS] +OK mail." : "S: [TLS] * OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID IDLE "
                                                        "AUTH=PLAIN AUTH=LOGIN]"));
        CHECK_FALSE(has(r.text, "C: STLS"));
        CHECK_FALSE(has(r.text, "A001 STARTTLS"));  // (the relay between the servers still uses STARTTLS on 25)
        CHECK_FALSE(has(r.text, "reading mail for"));
        for (const std::string& password : passwords(s)) CHECK_FALSE(has(r.wire, password));
    }
}

TEST_CASE("POP3/IMAP TLS world: a wrong-name or expired certificate is refused, no password sent", "[tls][world]") {
    for (const char* lesson : {"04-pop3-two-devices.json", "05-imap-two-devices.json"}) {
        for (const auto fault : {scenario::CertificateFault::WrongName, scenario::CertificateFault::Expired}) {
            scenario::Scenario s = withTls(lesson);
            for (auto& n : s.nodes)
                if (n.type == scenario::NodeType::MailServer) n.tls.certificate = fault;
            const Run r = run(s);
            INFO(lesson << " " << (fault == scenario::CertificateFault::WrongName ? "wrong name" : "expired"));
            CHECK(has(r.text, fault == scenario::CertificateFault::WrongName ? "failed: the certificate is for "
                                                                             : "failed: the certificate expired on"));
            CHECK(has(r.text, "reading mail for "));
            CHECK(has(r.text, " failed: TLS handshake failed: the certificate "));
            CHECK_FALSE(has(r.text, "C: [TLS] PASS"));
            CHECK_FALSE(has(r.text, " LOGIN \""));
            for (const std::string& password : passwords(s)) CHECK_FALSE(has(r.wire, password));
        }
    }
}

TEST_CASE("POP3/IMAP TLS world: with plaintext_auth and accounts set to no TLS, the password crosses in clear",
          "[tls][world]") {
    for (const char* lesson : {"04-pop3-two-devices.json", "05-imap-two-devices.json"}) {
        scenario::Scenario s = withTls(lesson, scenario::AccountTls::None);
        for (auto& n : s.nodes)
            if (n.type == scenario::NodeType::MailServer) n.tls.plaintextAuth = true;
        const Run r = run(s);
        INFO(lesson);
        CHECK((has(r.text, "C: PASS ") || has(r.text, "C: A001 LOGIN ")));
        CHECK_FALSE(has(r.text, "reading mail for"));
        bool seen = false;
        for (const auto& n : s.nodes)
            for (const auto& a : n.accounts) seen = seen || has(r.wire, a.password);
        CHECK(seen);
    }
    // Without plaintext_auth an account set to no TLS is refused, and says why.
    const Run refused = run(withTls("05-imap-two-devices.json", scenario::AccountTls::None));
    CHECK(has(refused.text, "failed: server disables LOGIN (LOGINDISABLED) and offers no AUTH=PLAIN"));
    const Run pop3Refused = run(withTls("04-pop3-two-devices.json", scenario::AccountTls::None));
    CHECK(has(pop3Refused.text, "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections."));
}

TEST_CASE("POP3/IMAP TLS world: the webmail reads its server over STARTTLS", "[tls][world][webmail]") {
    const scenario::Scenario s = withTls("07-webmail.json");
    const Run r = run(s);
    CHECK(has(r.text, "S: A001 OK Begin TLS negotiation now."));
    CHECK(has(r.text, "C: [TLS] A003 LOGIN \""));
    CHECK_FALSE(has(r.text, "C: A003 LOGIN"));
    CHECK_FALSE(has(r.text, "reading mail for"));
    CHECK_FALSE(has(r.text, "was not submitted"));
    const Run plain = run(testing::loadLesson("07-webmail.json"));
    CHECK(count(r.text, "delivered to the mailbox of") == count(plain.text, "delivered to the mailbox of"));
    CHECK(count(r.text, "HTTP/1.1 200") == count(plain.text, "HTTP/1.1 200"));
}
