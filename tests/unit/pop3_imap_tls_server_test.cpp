// The POP3 and IMAP server engines' STLS / STARTTLS against Dovecot 2.3.19's own replies, captured
// on loopback by tests/tools/dovecot_tls_capture.py (tests/corpus/tls/dovecot-pop3.txt and
// dovecot-imap.txt): every exchange of every section replayed, the engine's lines compared after
// a few documented normalisations; and input pipelined after STLS / STARTTLS never read.
#include "test_support.h"

#include "core/base64.h"
#include "imap/memory_policy.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"
#include "pop3/memory_maildrop.h"
#include "pop3/server_session.h"

#include <catch2/catch.hpp>

#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace postino;

namespace {

// One "### …" block of the capture: its name and lines ("C: …", "S: …", "== …").
struct Section {
    std::string name;
    std::vector<std::string> lines;
    bool has(const std::string& part) const { return name.find(part) != std::string::npos; }
};

std::vector<Section> readCorpus(const std::string& file) {
    std::istringstream in(testing::readFile(testing::sourcePath("tests/corpus/tls/" + file)));
    std::vector<Section> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("### ", 0) == 0)
            out.push_back({line.substr(4), {}});
        else if (!line.empty() && !out.empty())
            out.back().lines.push_back(line);
    }
    return out;
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = text.find("\r\n", at);
        if (end == std::string::npos) {
            out.push_back(text.substr(at));
            break;
        }
        out.push_back(text.substr(at, end - at));
        at = end + 2;
    }
    return out;
}

// "C: [TLS] CAPA" -> {"CAPA", true}
std::pair<std::string, bool> body(const std::string& line) {
    std::string s = line.substr(3);
    const bool tls = s.rfind("[TLS] ", 0) == 0;
    return {tls ? s.substr(6) : s, tls};
}

// The capabilities that TLS changes, in the order found: what the comparison is about (Dovecot
// lists many more extensions than Postino implements).
std::string tlsAtoms(const std::string& list) {
    std::istringstream in(list);
    std::string atom, out;
    while (in >> atom)
        if (atom == "STARTTLS" || atom == "LOGINDISABLED" || atom.rfind("AUTH=", 0) == 0) out += " " + atom;
    return out;
}

// Normalisations, the same for Dovecot's lines and the engine's:
// - IMAP: Dovecot's timing note " (0.001 + 0.000 secs)" goes; the greeting's text goes (its
//   capability code stays); capability lists keep only STARTTLS, LOGINDISABLED and AUTH=; a login's
//   "OK [CAPABILITY …] Logged in" is the same as "* CAPABILITY …" then "OK Logged in" (Dovecot
//   sends either, depending on what the client asked before).
// - POP3: the greeting's text goes; Postino offers no LOGIN mechanism over POP3 (SASL PLAIN, AUTH
//   lists PLAIN) and adds an IMPLEMENTATION line to CAPA.
std::vector<std::string> normalise(const std::vector<std::string>& lines, bool imap) {
    static const std::regex timing(R"( \(\d+\.\d+ \+ \d+\.\d+ secs\))");
    static const std::regex imapGreeting(R"(^\* OK \[CAPABILITY ([^\]]*)\] .*$)");
    static const std::regex capabilityData(R"(^\* CAPABILITY (.*)$)");
    static const std::regex loggedIn(R"(^(\S+) OK \[CAPABILITY ([^\]]*)\] Logged in$)");
    std::vector<std::string> out;
    for (std::string line : lines) {
        std::smatch m;
        if (imap) {
            line = std::regex_replace(line, timing, "");
            if (std::regex_match(line, m, imapGreeting)) {
                out.push_back("* OK [CAPABILITY" + tlsAtoms(m[1]) + "] (greeting)");
            } else if (std::regex_match(line, m, capabilityData)) {
                out.push_back("* CAPABILITY" + tlsAtoms(m[1]));
            } else if (std::regex_match(line, m, loggedIn)) {
                out.push_back("* CAPABILITY" + tlsAtoms(m[2]));
                out.push_back(std::string(m[1]) + " OK Logged in");
            } else {
                out.push_back(line);
            }
            continue;
        }
        if (line.rfind("+OK ", 0) == 0 && line.size() > 7 && line.compare(line.size() - 6, 6, "ready.") == 0)
            out.push_back("+OK (greeting)");
        else if (line == "SASL PLAIN LOGIN")
            out.push_back("SASL PLAIN");
        else if (line != "LOGIN" && line.rfind("IMPLEMENTATION ", 0) != 0)
            out.push_back(line);
    }
    return out;
}

// How a section's Dovecot was configured, as the engines' configuration.
struct Setup {
    bool tlsOffered = true;
    bool plaintext = false;
    bool implicit = false;
};

Setup setupOf(const Section& s) {
    Setup c;
    c.tlsOffered = !s.has("ssl=no");
    c.plaintext = !s.has("disable_plaintext_auth=yes");
    c.implicit = s.has(" 993") || s.has(" 995");
    return c;
}

// Replays one section against `Engine` (created by `make`): the C lines given together are fed
// in one piece, the engine's output is compared with the S lines up to the next C line;
// "== TLS handshake done" must follow a STLS / STARTTLS the engine accepted (takeStartTls), and
// the engine's tlsActive() must agree with the capture's [TLS] marks (greeting and commands). The section ends where
// the peer's TLS layer took over ("== handshake failed", or a close that no QUIT / LOGOUT asked for).
template <typename Engine>
void replay(const Section& section, Engine& engine, bool imap) {
    INFO(section.name);
    std::vector<std::string> expected;
    std::string lastCommand;
    std::size_t i = 0;
    const auto compare = [&] {
        const std::vector<std::string> got = normalise(splitLines(engine.takeOutput()), imap);
        CHECK(got == normalise(expected, imap));
        expected.clear();
    };
    const auto& lines = section.lines;
    while (i < lines.size()) {
        const std::string& line = lines[i];
        if (line.rfind("S: ", 0) == 0) {
            const auto [text, tls] = body(line);
            // The reply to STLS is the last line in clear, but the engine is in TLS already.
            if (lastCommand.empty()) CHECK(engine.tlsActive() == tls);  // the greeting
            expected.push_back(text);
            ++i;
        } else if (line.rfind("C: ", 0) == 0) {
            compare();
            std::string input;
            while (i < lines.size() && lines[i].rfind("C: ", 0) == 0) {
                const auto [text, tls] = body(lines[i]);
                CHECK(engine.tlsActive() == tls);
                input += text + "\r\n";
                lastCommand = text;
                ++i;
            }
            engine.feed(input);
        } else if (line == "== TLS handshake done") {
            compare();
            CHECK(engine.takeStartTls());
            CHECK(engine.tlsActive());
            ++i;
        } else if (line == "== closed") {
            compare();
            const bool asked = lastCommand == "QUIT" || lastCommand.find(" LOGOUT") != std::string::npos;
            if (!asked) return;  // Dovecot's TLS layer hung up: the glue's business
            CHECK(engine.wantsClose());
            ++i;
        } else {  // "== handshake failed …": the capture's own TLS try after a refusal
            compare();
            CHECK_FALSE(engine.takeStartTls());
            return;
        }
    }
    compare();
}

}  // namespace

TEST_CASE("POP3 server TLS: STLS, CAPA and plaintext logins as Dovecot 2.3 answers them", "[pop3][tls]") {
    const std::vector<Section> sections = readCorpus("dovecot-pop3.txt");
    REQUIRE(sections.size() == 24);
    int replayed = 0;
    for (const Section& section : sections) {
        if (section.lines.empty() || section.lines.front().rfind("== ", 0) == 0) continue;  // no 995 without ssl
        const Setup setup = setupOf(section);
        pop3::MemoryMailStore store;
        store.addUser("alice", "secret");
        pop3::ServerConfig config{"pop.example.org", setup.plaintext};
        config.tlsOffered = setup.tlsOffered;
        config.implicitTls = setup.implicit;
        pop3::ServerSession session(config, store);
        session.start();
        replay(section, session, false);
        ++replayed;
    }
    CHECK(replayed == 23);
}

TEST_CASE("IMAP server TLS: STARTTLS, LOGINDISABLED and PRIVACYREQUIRED as Dovecot 2.3 answers them", "[imap][tls]") {
    const std::vector<Section> sections = readCorpus("dovecot-imap.txt");
    REQUIRE(sections.size() == 18);
    int replayed = 0;
    for (const Section& section : sections) {
        if (section.lines.empty() || section.lines.front().rfind("== ", 0) == 0) continue;
        const Setup setup = setupOf(section);
        mail::MailStore store;
        store.create("alice");
        imap::MemoryPolicy policy;
        policy.addUser("alice", "secret");
        imap::ServerConfig config;
        config.hostname = "imap.example.org";
        config.allowPlaintextAuth = setup.plaintext;
        config.tlsOffered = setup.tlsOffered;
        config.implicitTls = setup.implicit;
        imap::ServerSession session(config, policy, store);
        session.start();
        replay(section, session, true);
        ++replayed;
    }
    CHECK(replayed == 17);
}

TEST_CASE("POP3 server TLS: commands pipelined after STLS are dropped unread", "[pop3][tls]") {
    pop3::MemoryMailStore store;
    store.addUser("alice", "secret");
    pop3::ServerConfig config{"pop.example.org", false};
    config.tlsOffered = true;
    pop3::ServerSession session(config, store);
    session.start();
    session.takeOutput();
    // An attacker in the middle appends a login to the client's STLS (CVE-2011-0411).
    session.feed("STLS\r\nUSER alice\r\nPASS secret\r\nCAPA\r\n");
    CHECK(session.takeOutput() == "+OK Begin TLS negotiation now.\r\n");
    CHECK(session.takeStartTls());
    CHECK_FALSE(session.takeStartTls());  // once
    // Inside TLS nothing of it was kept: no user, not logged in.
    session.feed("PASS secret\r\n");
    CHECK(session.takeOutput() == "-ERR No username given.\r\n");
    CHECK(session.state() == pop3::ServerState::Authorization);
    // A half line pipelined after STLS is gone too.
    pop3::ServerSession other(config, store);
    other.start();
    other.takeOutput();
    other.feed("STLS\r\nUSER ali");
    CHECK(other.takeOutput() == "+OK Begin TLS negotiation now.\r\n");
    CHECK(other.takeStartTls());
    other.feed("CAPA\r\n");
    CHECK(other.takeOutput().rfind("+OK\r\nCAPA\r\n", 0) == 0);
}

TEST_CASE("POP3 server TLS: a USER given in clear is forgotten at STLS", "[pop3][tls]") {
    pop3::MemoryMailStore store;
    store.addUser("alice", "secret");
    pop3::ServerConfig config{"pop.example.org", true};
    config.tlsOffered = true;
    pop3::ServerSession session(config, store);
    session.feed("USER alice\r\n");
    session.takeOutput();
    session.feed("STLS\r\n");
    CHECK(session.takeStartTls());
    session.takeOutput();
    session.feed("PASS secret\r\n");
    CHECK(session.takeOutput() == "-ERR No username given.\r\n");
}

TEST_CASE("IMAP server TLS: commands pipelined after STARTTLS are dropped unread", "[imap][tls]") {
    mail::MailStore store;
    store.create("alice");
    imap::MemoryPolicy policy;
    policy.addUser("alice", "secret");
    imap::ServerConfig config;
    config.hostname = "imap.example.org";
    config.tlsOffered = true;
    config.allowPlaintextAuth = false;
    imap::ServerSession session(config, policy, store);
    session.start();
    CHECK(session.takeOutput() ==
          "* OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID IDLE STARTTLS LOGINDISABLED] imap.example.org Postino IMAP "
          "ready.\r\n");
    session.feed("a STARTTLS\r\nb LOGIN alice secret\r\nc SELECT INBOX\r\n");
    CHECK(session.takeOutput() == "a OK Begin TLS negotiation now.\r\n");
    CHECK(session.takeStartTls());
    CHECK(session.state() == imap::SessionState::NotAuthenticated);
    // Inside TLS the session goes on from where STARTTLS left it.
    session.feed("d CAPABILITY\r\n");
    CHECK(session.takeOutput() ==
          "* CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID IDLE AUTH=PLAIN AUTH=LOGIN\r\n"
          "d OK Pre-login capabilities listed, post-login capabilities have more.\r\n");
    session.feed("e LOGIN alice secret\r\n");
    CHECK(session.state() == imap::SessionState::Authenticated);
}

TEST_CASE("IMAP server TLS: STARTTLS refusals do not count as bad commands", "[imap][tls]") {
    mail::MailStore store;
    imap::MemoryPolicy policy;
    imap::ServerConfig config;
    config.hostname = "imap.example.org";
    imap::ServerSession session(config, policy, store);
    session.start();
    session.takeOutput();
    // Three BADs before login end an imap-login session; these are not such BADs.
    session.feed("a STARTTLS\r\nb STARTTLS\r\nc STARTTLS\r\nd NOOP\r\n");
    CHECK(session.takeOutput() ==
          "a BAD TLS support isn't enabled.\r\nb BAD TLS support isn't enabled.\r\nc BAD TLS support isn't "
          "enabled.\r\nd OK NOOP completed.\r\n");
    CHECK_FALSE(session.takeStartTls());
    CHECK_FALSE(session.wantsClose());
}
