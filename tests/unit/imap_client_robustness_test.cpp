// The IMAP client engine against hostile or broken servers: garbage, over-limit lines and
// literals, BYE mid-session, a connection that drops, a large literal in many reads, and
// random mutations of a valid transcript. It must always end cleanly with a reason.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "imap_client/client_session.h"

using namespace postino::imap_client;

namespace {

const std::string kGreeting = "* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n";
const std::string kLoginOk = "A001 OK [CAPABILITY IMAP4rev1 UIDPLUS MOVE] Logged in\r\n";
const std::string kSelect =
    "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* 2 EXISTS\r\n* 0 RECENT\r\n"
    "* OK [UIDVALIDITY 42] UIDs valid\r\n* OK [UIDNEXT 3] Predicted next UID\r\nA002 OK [READ-WRITE] Select completed.\r\n";

ClientJob job(std::vector<Operation> ops) {
    ClientJob j;
    j.user = "alice";
    j.password = "secret";
    j.ops = std::move(ops);
    return j;
}

std::string literal(const std::string& s) { return "{" + std::to_string(s.size()) + "}\r\n" + s; }

// A whole Sync session's server side; the client is lock-step, so it can be fed at once.
std::string syncTranscript() {
    const std::string m1 = "Subject: one\r\n\r\nfirst\r\n";
    const std::string m2 = "Subject: two\r\n\r\nsecond\r\n";
    return kGreeting + kLoginOk + kSelect +
           "* 1 FETCH (UID 1 FLAGS (\\Seen))\r\n* 2 FETCH (UID 2 FLAGS ())\r\nA003 OK Fetch completed.\r\n" +
           "* 1 FETCH (UID 1 RFC822.SIZE " + std::to_string(m1.size()) + " FLAGS (\\Seen) BODY[] " + literal(m1) +
           ")\r\n* 2 FETCH (UID 2 RFC822.SIZE " + std::to_string(m2.size()) + " FLAGS () BODY[] " + literal(m2) +
           ")\r\nA004 OK Fetch completed.\r\n* BYE Logging out\r\nA005 OK Logout completed.\r\n";
}

}  // namespace

TEST_CASE("the sync transcript fed whole works (baseline for the mutations)", "[imap_client][robustness]") {
    DeviceCache cache;
    ClientSession s(job({Sync{}}), cache);
    s.feed(syncTranscript());
    CHECK(s.finished());
    CHECK(s.result().success);
    CHECK(cache.find("INBOX")->messages.size() == 2);
    CHECK(s.commandLog().size() == 5);
}

TEST_CASE("garbage from the server fails the session cleanly", "[imap_client][robustness]") {
    struct Case {
        std::string name;
        bool afterSelect;  // sent after login and SELECT, else instead of the greeting
        std::string bytes;
        std::string reasonPart;
    };
    const std::string longLine = "* OK " + std::string(70000, 'x') + "\r\n";
    std::string deep = "* 1 FETCH (UID 1 X ";
    for (int i = 0; i < 40; ++i) deep += "(";
    const std::vector<Case> cases = {
        {"HTTP server", false, "HTTP/1.1 400 Bad Request\r\n\r\n", "protocol error"},
        {"binary", false, std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\r\n", 10), "protocol error"},
        {"SMTP greeting", false, "220 mx.example.org ESMTP\r\n", "protocol error"},
        {"empty line", false, "\r\n", "empty response line"},
        {"greeting is a continuation", false, "+ hello\r\n", "protocol error"},
        {"greeting is data", false, "* 3 EXISTS\r\n", "expected a greeting"},
        {"BYE greeting", false, "* BYE Too many connections\r\n", "server refused the connection: Too many connections"},
        {"line too long", true, longLine, "longer than 65536"},
        {"literal too large", true, "* 1 FETCH (UID 1 BODY[] {52428801}\r\n", "exceeds the limit"},
        {"unbalanced list", true, "* 1 FETCH (UID 1 FLAGS (\\Seen)\r\n", "unbalanced '('"},
        {"stray paren", true, "* 1 FETCH (UID 1))\r\n", "unbalanced ')'"},
        {"nesting", true, deep + "\r\n", "nested too deeply"},
        {"bad UID", true, "* 1 FETCH (UID x FLAGS ())\r\n", "malformed UID"},
        {"FETCH without number", true, "* FETCH (UID 1)\r\n", "malformed untagged FETCH"},
        {"odd FETCH items", true, "* 1 FETCH (UID)\r\n", "malformed FETCH"},
        {"FLAGS not a list", true, "* 1 FETCH (FLAGS \\Seen)\r\n", "malformed FLAGS"},
        {"number too big", true, "* 4294967296 EXISTS\r\n", "bad message number"},
        {"EXISTS too big", true, "* 99999999 EXISTS\r\n", "more than"},
        {"unknown tag", true, "B17 OK done\r\n", "matches no command"},
        {"tagged BYE", true, "A003 BYE nope\r\n", "not OK, NO or BAD"},
        {"stray continuation", true, "+ go ahead\r\n", "unexpected continuation"},
        {"unterminated quote", true, "* LIST () \"/\" \"INBOX\r\n", "unterminated quoted"},
        {"malformed LIST", true, "* LIST (\\Noselect) \"/\"\r\n", "malformed LIST"},
        {"NUL in a line", true, std::string("* OK a\0b\r\n", 10), "NUL"},
        {"bare CR", true, "* OK a\rb\r\n", "bare CR"},
        {"BYE mid-session", true, "* BYE Server shutting down.\r\n", "server closed the session: Server shutting down."},
    };
    for (const auto& c : cases) {
        for (std::size_t chunk : {0u, 1u}) {
            INFO(c.name << " chunk " << chunk);
            DeviceCache cache;
            ClientSession s(job({Sync{}, Read{"INBOX", 1}}), cache);
            std::string bytes = c.afterSelect ? kGreeting + kLoginOk + kSelect + c.bytes : c.bytes;
            if (chunk == 0)
                s.feed(bytes);
            else
                for (char ch : bytes) s.feed(std::string_view(&ch, 1));
            const std::string sent = s.takeOutput();
            CHECK(s.finished());
            CHECK(s.wantsClose());
            CHECK_FALSE(s.result().success);
            CHECK(s.result().failureReason.find(c.reasonPart) != std::string::npos);
            CHECK(sent.find("LOGOUT") == std::string::npos);  // the stream is not trusted any more
            if (c.afterSelect) {
                CHECK(s.result().operations[0].status == OperationOutcome::Status::Error);
                CHECK(s.result().operations[1].status == OperationOutcome::Status::NotRun);
            }
            s.feed("* OK more after the end\r\n");  // ignored
            CHECK(s.takeOutput().empty());
        }
    }
}

TEST_CASE("a connection that drops fails the session, except after LOGOUT", "[imap_client][robustness]") {
    const std::string full = syncTranscript();
    const std::size_t byeAt = full.find("* BYE");
    REQUIRE(byeAt != std::string::npos);
    for (std::size_t cut : {std::size_t{0}, kGreeting.size(), full.find("* 2 FETCH (UID 2 RFC822") + 40, byeAt,
                            byeAt + std::string("* BYE Logging out\r\n").size()}) {
        INFO("cut at " << cut);
        DeviceCache cache;
        ClientSession s(job({Sync{}}), cache);
        s.feed(std::string_view(full).substr(0, cut));
        CHECK_FALSE(s.finished());
        s.connectionClosed();
        CHECK(s.finished());
        if (cut >= byeAt) {
            CHECK(s.result().success);  // LOGOUT was sent: the server may just hang up
        } else {
            CHECK_FALSE(s.result().success);
            CHECK(s.result().failureReason == "connection closed by the server");
        }
    }
}

TEST_CASE("a large literal split across many reads arrives intact", "[imap_client][robustness]") {
    std::string body = "Subject: big\r\n\r\n";
    std::mt19937 rng(7);
    while (body.size() < 300000) {
        std::string line;
        for (int i = 0; i < 70; ++i) line += static_cast<char>('A' + rng() % 26);
        body += line + "\r\n";
    }
    body += ")\r\nA004 OK fake tag inside the literal\r\n* 1 EXPUNGE\r\n";  // literal bytes are never parsed
    const std::string bytes = kGreeting + kLoginOk + kSelect +
                              "* 1 FETCH (UID 1 FLAGS (\\Seen))\r\n* 2 FETCH (UID 2 FLAGS ())\r\nA003 OK Fetch completed.\r\n" +
                              "* 1 FETCH (UID 1 FLAGS (\\Seen) BODY[] " + literal(body) +
                              " RFC822.SIZE " + std::to_string(body.size()) + ")\r\n* 2 FETCH (UID 2 BODY[] NIL)\r\n"
                              "A004 OK Fetch completed.\r\nA005 OK Logout completed.\r\n";
    DeviceCache cache;
    ClientSession s(job({Sync{}}), cache);
    std::size_t pos = 0, reads = 0;
    while (pos < bytes.size()) {
        const std::size_t n = 1 + rng() % 3000;
        s.feed(std::string_view(bytes).substr(pos, n));
        pos += n;
        ++reads;
    }
    CHECK(reads > 100);
    REQUIRE(s.finished());
    CHECK(s.result().success);
    REQUIRE(cache.message("INBOX", 1));
    CHECK(cache.message("INBOX", 1)->content == body);
    CHECK(cache.message("INBOX", 1)->size == body.size());
    CHECK(cache.message("INBOX", 1)->flags == FlagSet{"\\Seen"});
    CHECK_FALSE(cache.message("INBOX", 2)->downloaded);  // NIL body: still to download
    CHECK(s.result().counts.downloaded == 1);
}

TEST_CASE("random mutations of a valid transcript never crash or hang", "[imap_client][robustness]") {
    const std::string base = syncTranscript();
    std::mt19937 rng(20240701);
    int successes = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        std::string bytes = base;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % bytes.size();
            switch (rng() % 5) {
            case 0: bytes[at] = static_cast<char>(rng() % 256); break;
            case 1: bytes.insert(at, 1, "{}()[]\"\\ *+0123456789\r\n"[rng() % 23]); break;
            case 2: bytes.erase(at, 1 + rng() % 8); break;
            case 3: bytes.insert(at, bytes.substr(rng() % bytes.size(), rng() % 64)); break;
            default: bytes.resize(at); break;
            }
            if (bytes.empty()) bytes = "*";
        }
        DeviceCache cache;
        ClientSession s(job({Sync{}, Read{"INBOX", 2}, SetFlags{"INBOX", 1, {"\\Flagged"}, true}}), cache);
        std::size_t pos = 0;
        while (pos < bytes.size() && !s.finished()) {
            const std::size_t n = 1 + rng() % 97;
            s.feed(std::string_view(bytes).substr(pos, n));
            pos += n;
            s.takeOutput();
        }
        s.connectionClosed();
        REQUIRE(s.finished());
        if (s.result().success) ++successes;
        else
            REQUIRE_FALSE(s.result().failureReason.empty());
        REQUIRE(s.result().operations.size() == 3);
    }
    CHECK(successes < 3000);
}
