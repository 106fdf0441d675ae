// Hostile and odd input for the IMAP server engine: overlong lines, literals over the limits,
// literals split across reads, clients that vanish mid-literal, 1,000 pipelined commands,
// deep nesting, and random bytes / random token soup from a fixed seed.
#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "imap/memory_policy.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

using namespace postino;
using namespace postino::imap;

namespace {

struct Fixture {
    mail::MailStore store;
    MemoryPolicy policy;
    ServerConfig config{"imap.example.org"};
    std::unique_ptr<ServerSession> session;

    explicit Fixture(bool login = true, std::size_t maxAppend = kMaxAppendSize) {
        policy.addUser("alice@example.org", "secret");
        mail::Mailbox& box = store.create("alice@example.org");
        for (int i = 1; i <= 3; ++i)
            box.append("INBOX", "Subject: m" + std::to_string(i) + "\r\n\r\nbody " + std::to_string(i) + "\r\n", Time::zero());
        config.maxAppendSize = maxAppend;
        session = std::make_unique<ServerSession>(config, policy, store);
        session->start();
        if (login) session->feed("L LOGIN alice@example.org secret\r\nS SELECT INBOX\r\n");
        session->takeOutput();
    }
    std::string feed(std::string_view bytes) {
        session->feed(bytes);
        return session->takeOutput();
    }
    const mail::Folder& inbox() const { return *store.find("alice@example.org")->findFolder("INBOX"); }
};

std::string L(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += l + "\r\n";
    return out;
}

// Output made of lines that start like IMAP responses ("* ", "+ ", or a tag and a status).
bool plausibleResponses(const std::string& out, std::string* why) {
    std::size_t pos = 0;
    while (pos < out.size()) {
        const std::size_t end = out.find("\r\n", pos);
        if (end == std::string::npos) {
            *why = "unterminated line";
            return false;
        }
        const std::string line = out.substr(pos, end - pos);
        for (char c : line)
            if (static_cast<unsigned char>(c) < 0x20) {
                *why = "control byte in: " + line.substr(0, 80);
                return false;
            }
        const bool ok = line.rfind("* ", 0) == 0 || line.rfind("+ ", 0) == 0 || line.find(" OK ") != std::string::npos ||
                        line.find(" NO ") != std::string::npos || line.find(" BAD ") != std::string::npos;
        if (!ok) {
            *why = "odd line: " + line.substr(0, 80);
            return false;
        }
        pos = end + 2;
    }
    return true;
}

}  // namespace

TEST_CASE("robustness: an overlong line gets BAD and the session goes on", "[imap][robustness]") {
    Fixture fx;
    const std::string line = "a SELECT " + std::string(70000, 'x') + "\r\nb NOOP\r\n";
    CHECK(fx.feed(line) == L({"a BAD Error in IMAP command SELECT: Too long argument.", "b OK NOOP completed."}));
    // The same, one byte at a time.
    Fixture fx2;
    std::string out;
    for (char c : line) out += fx2.feed(std::string_view(&c, 1));
    CHECK(out == L({"a BAD Error in IMAP command SELECT: Too long argument.", "b OK NOOP completed."}));
}

TEST_CASE("robustness: literal limits", "[imap][robustness]") {
    SECTION("a synchronizing APPEND literal over the limit is refused before any data") {
        Fixture fx(true, 100);
        CHECK(fx.feed("a APPEND INBOX {101}\r\n") ==
              L({"a NO [TOOBIG] Mail size is larger than the maximum size allowed by server configuration."}));
        CHECK(fx.feed("b APPEND INBOX {100}\r\n") == L({"+ OK"}));
        CHECK(fx.feed(std::string(100, 'x') + "\r\n") ==
              L({"* 4 EXISTS", "* 4 RECENT", "b OK [APPENDUID 1 4] Append completed."}));
    }
    SECTION("a literal in another command is limited to a line's size") {
        Fixture fx(false);
        CHECK(fx.feed("a LOGIN {70000}\r\nb CAPABILITY\r\n") ==
              L({"a BAD Error in IMAP command LOGIN: Too long argument.",
                 "* CAPABILITY IMAP4rev1 SASL-IR LITERAL+ ID IDLE AUTH=PLAIN AUTH=LOGIN",
                 "b OK Pre-login capabilities listed, post-login capabilities have more."}));
    }
    SECTION("an absurd size is refused too") {
        Fixture fx;
        CHECK(fx.feed("a APPEND INBOX {99999999999999999999999999}\r\nb NOOP\r\n") ==
              L({"a NO [TOOBIG] Mail size is larger than the maximum size allowed by server configuration.",
                 "b OK NOOP completed."}));
    }
    SECTION("a non-synchronizing literal over the limit cannot be refused in band: BAD and BYE") {
        Fixture fx(true, 100);
        CHECK(fx.feed("a APPEND INBOX {101+}\r\n" + std::string(101, 'x') + "\r\n") ==
              L({"a NO [TOOBIG] Mail size is larger than the maximum size allowed by server configuration.",
                 "* BYE [TOOBIG] Literal size is larger than the allowed limit."}));
        CHECK(fx.session->wantsClose());
        CHECK(fx.inbox().messages.size() == 3);
    }
    SECTION("a synchronizing literal for an unknown tag or command gets no continuation") {
        Fixture fx;
        CHECK(fx.feed("+ FOO {5}\r\na1 {5}\r\n") ==
              L({"* BAD Error in IMAP tag: Invalid tag.", "a1 BAD Error in IMAP command: Invalid command name."}));
    }
}

TEST_CASE("robustness: a literal split across reads, and a client that vanishes mid-literal", "[imap][robustness]") {
    Fixture fx;
    CHECK(fx.feed("a APPEND Sent (\\Seen) {11}\r") == "");
    CHECK(fx.feed("\n") == L({"+ OK"}));
    CHECK(fx.feed("hello") == "");
    CHECK(fx.feed(" wor") == "");
    CHECK(fx.feed("ld\r\n") == L({"a OK [APPENDUID 1 1] Append completed."}));
    CHECK(fx.store.find("alice@example.org")->findFolder("Sent")->messages.at(0).data == "hello world");

    // Half a message, then the connection drops: the session is destroyed, nothing was stored.
    CHECK(fx.feed("b APPEND INBOX {1000+}\r\n" + std::string(600, 'y')) == "");
    fx.session.reset();
    CHECK(fx.inbox().messages.size() == 3);
    CHECK(fx.inbox().uidNext == 4);
}

TEST_CASE("robustness: 1,000 pipelined commands are answered in order", "[imap][robustness]") {
    Fixture fx;
    std::string in, expected;
    for (int i = 0; i < 1000; ++i) {
        const std::string tag = "t" + std::to_string(i);
        switch (i % 5) {
        case 0:
            in += tag + " NOOP\r\n";
            expected += tag + " OK NOOP completed.\r\n";
            break;
        case 1:
            in += tag + " FETCH 2 (UID)\r\n";
            expected += "* 2 FETCH (UID 2)\r\n" + tag + " OK Fetch completed.\r\n";
            break;
        case 2:
            in += tag + " STORE 1 FLAGS.SILENT (\\Seen)\r\n";
            expected += tag + " OK Store completed.\r\n";
            break;
        case 3:
            in += tag + " UID SEARCH SEEN\r\n";
            expected += "* SEARCH 1\r\n" + tag + " OK Search completed.\r\n";
            break;
        default:
            in += tag + " FOO\r\n";  // BADs in between do not add up: the OKs reset the count
            expected += tag + " BAD Error in IMAP command FOO: Unknown command.\r\n";
        }
    }
    CHECK(fx.feed(in) == expected);
    CHECK_FALSE(fx.session->wantsClose());
}

TEST_CASE("robustness: 20 BADs in a row end the session", "[imap][robustness]") {
    Fixture fx;
    std::string in;
    for (int i = 0; i < 25; ++i) in += "x" + std::to_string(i) + " FETCH\r\n";
    const std::string out = fx.feed(in);
    CHECK(out.find("x18 BAD") != std::string::npos);
    CHECK(out.find("x19 BAD") == std::string::npos);
    CHECK(out.substr(out.size() - 39) == "* BYE Too many invalid IMAP commands.\r\n");
    CHECK(fx.session->wantsClose());
}

TEST_CASE("robustness: deep nesting and huge sets stay bounded", "[imap][robustness]") {
    Fixture fx;
    std::string nots = "a SEARCH";
    for (int i = 0; i < 10000; ++i) nots += " NOT";
    nots += " ALL\r\n";
    CHECK(fx.feed(nots) == L({"a BAD Error in IMAP command SEARCH: Too deep search nesting."}));
    std::string set = "b FETCH ";
    for (int i = 0; i < 10000; ++i) set += "1,";
    set += "3 UID\r\n";
    CHECK(fx.feed(set) == L({"* 1 FETCH (UID 1)", "* 3 FETCH (UID 3)", "b OK Fetch completed."}));
    std::string ors = "c SEARCH";
    for (int i = 0; i < 50; ++i) ors += " OR (SEEN";
    ors += " ALL";
    for (int i = 0; i < 50; ++i) ors += ") ALL";
    CHECK(fx.feed(ors + "\r\n") == L({"* SEARCH 1 2 3", "c OK Search completed."}));
    std::string kw = "d STORE 1 +FLAGS (";
    for (int i = 0; i < 70; ++i) kw += " k" + std::to_string(i);
    CHECK(fx.feed(kw + ")\r\n") == L({"d NO Too many keywords."}));
}

TEST_CASE("robustness: random bytes from a fixed seed never break the session", "[imap][robustness]") {
    std::mt19937 rng(20260302);
    const std::string alphabet = "a1 *(){}[]<>\"\\+-:,.%\r\n\r\nFETCHUIDLOGINSELECT{5}{0+}\x00\xff\x80";
    for (int round = 0; round < 200; ++round) {
        Fixture fx(round % 2 == 0);
        std::string garbage;
        const std::size_t len = 1 + rng() % 3000;
        for (std::size_t i = 0; i < len; ++i)
            garbage += (rng() % 4 == 0) ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
        std::string out;
        std::size_t pos = 0;
        while (pos < garbage.size()) {
            const std::size_t n = 1 + rng() % 64;
            out += fx.feed(std::string_view(garbage).substr(pos, n));
            pos += n;
        }
        fx.session->notify();
        fx.session->onTimeout();
        out += fx.session->takeOutput();
        CHECK(fx.session->wantsClose());
        if (round % 2 == 1) {  // not logged in: no message text can appear in the output
            std::string why;
            INFO("round " << round << ": " << why);
            CHECK(plausibleResponses(out, &why));
        }
    }
}

TEST_CASE("robustness: random well-formed-ish commands keep the store consistent", "[imap][robustness]") {
    std::mt19937 rng(7);
    const std::vector<std::string> pieces = {
        "FETCH 1:* (FLAGS UID BODY.PEEK[1] ENVELOPE)", "FETCH * BODY[]", "STORE 1:2 +FLAGS (\\Deleted)", "EXPUNGE",
        "UID EXPUNGE 1:*", "COPY 1 Trash", "MOVE 2 Trash", "UID MOVE * INBOX", "SEARCH OR SEEN NOT 2:*", "NOOP", "CHECK",
        "APPEND INBOX {3+}\r\nabc", "APPEND INBOX (\\Seen $x) {2}\r\nhi", "SELECT Trash", "SELECT INBOX", "EXAMINE INBOX",
        "CREATE a/b", "RENAME a c", "DELETE c/b", "DELETE c", "LIST \"\" *", "STATUS INBOX (MESSAGES UNSEEN)",
        "IDLE\r\nDONE", "CLOSE", "UNSELECT", "FETCH 99 FLAGS", "STORE * -FLAGS (\\Seen)", "UID FETCH 1:* (RFC822.SIZE)",
    };
    for (int round = 0; round < 60; ++round) {
        Fixture fx;
        auto second = std::make_unique<ServerSession>(fx.config, fx.policy, fx.store);
        second->feed("l LOGIN alice@example.org secret\r\ns SELECT INBOX\r\n");
        for (int i = 0; i < 40; ++i) {
            ServerSession& s = (rng() % 2) ? *fx.session : *second;
            std::string cmd = "t" + std::to_string(i) + " " + pieces[rng() % pieces.size()] + "\r\n";
            if (rng() % 10 == 0) cmd.erase(rng() % cmd.size(), 1);  // a damaged command now and then
            s.feed(cmd);
            s.takeOutput();
            fx.session->notify();
            second->notify();
        }
        for (const auto& [name, f] : fx.store.find("alice@example.org")->folders()) {
            for (std::size_t i = 1; i < f.messages.size(); ++i) CHECK(f.messages[i - 1].uid < f.messages[i].uid);
            if (!f.messages.empty()) CHECK(f.messages.back().uid < f.uidNext);
        }
    }
}
