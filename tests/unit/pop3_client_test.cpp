// The POP3 client engine: against the server engine through a byte pump (both modes, any
// chunking, dot-stuffed lines, a second "leave on server" run that finds nothing new), and
// against canned server bytes for old servers, failures and broken streams.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "pop3/client_session.h"
#include "pop3/memory_maildrop.h"
#include "pop3/response_parser.h"
#include "pop3/server_session.h"

using namespace postino::pop3;

namespace {

std::vector<std::string> splitLines(const std::string& bytes) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const std::size_t end = bytes.find("\r\n", pos);
        if (end == std::string::npos) break;
        out.push_back(bytes.substr(pos, end - pos));
        pos = end + 2;
    }
    return out;
}

// Client and server engines connected back to back; `chunk` 0 hands over everything at once.
struct Pump {
    MemoryMailStore store;
    ServerConfig config{"pop.example.org", true};
    std::vector<std::string> commands;  // lines the client sent
    std::string transcript;

    static void deliver(std::string_view bytes, std::size_t chunk, auto&& feed) {
        if (chunk == 0) {
            feed(bytes);
            return;
        }
        for (std::size_t pos = 0; pos < bytes.size(); pos += chunk) feed(bytes.substr(pos, chunk));
    }

    std::vector<std::string> verbs() const {
        std::vector<std::string> out;
        for (const auto& c : commands) out.push_back(c.substr(0, c.find(' ')));
        return out;
    }

    ClientResult run(const ClientJob& job, std::size_t chunk = 0) {
        commands.clear();
        transcript.clear();
        ServerSession server(config, store);
        ClientSession client(job);
        server.start();
        for (int guard = 0; guard < 100000; ++guard) {
            const std::string down = server.takeOutput();
            transcript += "S: " + down;
            deliver(down, chunk, [&](std::string_view b) { client.feed(b); });
            if (server.wantsClose()) {
                client.connectionClosed();
                break;
            }
            const std::string up = client.takeOutput();
            transcript += "C: " + up;
            for (const auto& l : splitLines(up)) commands.push_back(l);
            deliver(up, chunk, [&](std::string_view b) { server.feed(b); });
            if (client.finished() || (down.empty() && up.empty())) break;
        }
        REQUIRE(client.finished());
        return client.result();
    }
};

const std::vector<std::string> kContents = {
    "From: a@b.test\r\nSubject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\n..\r\nend\r\n",
    "Subject: plain\r\n\r\nhello\r\n",
    "Subject: no final line end\r\n\r\nlast line",  // stored with a CRLF added
};

void fill(Pump& p) {
    p.store.addUser("alice", "secret");
    p.store.addUser("bob", "pw");
    for (const auto& c : kContents) p.store.deliver("alice", c);
    std::string big = "Subject: big\r\n\r\n";
    for (int i = 0; i < 300; ++i) big += (i % 3 == 0 ? "." : "") + std::string(70, static_cast<char>('a' + i % 26)) + "\r\n";
    p.store.deliver("alice", big);
}

ClientJob job(ClientJob::Mode mode = ClientJob::Mode::DownloadAndDelete) {
    ClientJob j;
    j.user = "alice";
    j.password = "secret";
    j.mode = mode;
    return j;
}

}  // namespace

TEST_CASE("pop3 client downloads and deletes, byte-exact, whatever the chunking", "[pop3][client]") {
    for (std::size_t chunk : {0, 1, 2, 7, 64}) {
        DYNAMIC_SECTION("chunk " << chunk) {
            Pump p;
            fill(p);
            const std::vector<StoredMessage> before = p.store.inbox("alice");
            const ClientResult r = p.run(job(), chunk);
            INFO(p.transcript);
            CHECK(r.success);
            CHECK(r.failureReason.empty());
            REQUIRE(r.downloaded.size() == 4);
            for (std::size_t i = 0; i < 4; ++i) {
                CHECK(r.downloaded[i].number == i + 1);
                CHECK(r.downloaded[i].uid == before[i].uid);
                CHECK(r.downloaded[i].content == before[i].content);
            }
            CHECK(r.downloaded[0].content == kContents[0]);
            CHECK(r.downloaded[2].content == kContents[2] + "\r\n");
            CHECK(r.deleted == 4);
            CHECK(r.skipped == 0);
            CHECK(r.serverUids.size() == 4);
            CHECK(r.finalReply.ok());
            CHECK(r.finalReply.text == "Logging out, messages deleted.");
            CHECK(p.store.inbox("alice").empty());
            CHECK_FALSE(p.store.isLocked("alice"));
            CHECK(p.verbs() == std::vector<std::string>{"CAPA", "USER", "PASS", "STAT", "UIDL", "RETR", "DELE", "RETR",
                                                        "DELE", "RETR", "DELE", "RETR", "DELE", "QUIT"});
        }
    }
}

TEST_CASE("pop3 client keeps mail on the server and fetches only what is new", "[pop3][client]") {
    Pump p;
    fill(p);
    const ClientResult first = p.run(job(ClientJob::Mode::KeepOnServer), 5);
    INFO(p.transcript);
    REQUIRE(first.success);
    CHECK(first.downloaded.size() == 4);
    CHECK(first.deleted == 0);
    CHECK(p.store.inbox("alice").size() == 4);
    const std::vector<std::string> verbs = p.verbs();
    CHECK(std::find(verbs.begin(), verbs.end(), "DELE") == verbs.end());

    ClientJob again = job(ClientJob::Mode::KeepOnServer);
    again.knownUids.insert(first.serverUids.begin(), first.serverUids.end());
    const ClientResult second = p.run(again, 3);
    CHECK(second.success);
    CHECK(second.downloaded.empty());
    CHECK(second.serverUids == first.serverUids);
    CHECK(p.verbs() == std::vector<std::string>{"CAPA", "USER", "PASS", "STAT", "UIDL", "QUIT"});
    CHECK(second.finalReply.text == "Logging out.");

    const std::string newUid = p.store.deliver("alice", "Subject: new\r\n\r\nfresh\r\n");
    const ClientResult third = p.run(again);
    REQUIRE(third.downloaded.size() == 1);
    CHECK(third.downloaded[0].uid == newUid);
    CHECK(third.downloaded[0].number == 5);
    CHECK(third.downloaded[0].content == "Subject: new\r\n\r\nfresh\r\n");
    CHECK(p.store.inbox("alice").size() == 5);
}

TEST_CASE("pop3 client deletes known messages without downloading them again", "[pop3][client]") {
    Pump p;
    fill(p);
    ClientJob j = job();
    j.knownUids.insert(p.store.inbox("alice")[1].uid);
    const ClientResult r = p.run(j);
    CHECK(r.success);
    CHECK(r.downloaded.size() == 3);
    CHECK(r.deleted == 4);
    CHECK(p.commands[5] == "RETR 1");
    CHECK(p.commands[6] == "DELE 1");
    CHECK(p.commands[7] == "DELE 2");
    CHECK(p.commands[8] == "RETR 3");
}

TEST_CASE("pop3 client with an empty maildrop says QUIT after STAT", "[pop3][client]") {
    Pump p;
    fill(p);
    ClientJob j = job();
    j.user = "bob";
    j.password = "pw";
    const ClientResult r = p.run(j);
    CHECK(r.success);
    CHECK(r.downloaded.empty());
    CHECK(p.verbs() == std::vector<std::string>{"CAPA", "USER", "PASS", "STAT", "QUIT"});
}

TEST_CASE("pop3 client login failures", "[pop3][client]") {
    Pump p;
    fill(p);
    SECTION("wrong password: not retryable, QUIT sent") {
        ClientJob j = job();
        j.password = "wrong";
        const ClientResult r = p.run(j);
        CHECK_FALSE(r.success);
        CHECK(r.failureReason == "login failed: -ERR [AUTH] Authentication failed.");
        CHECK(r.finalReply.code == "AUTH");
        CHECK_FALSE(r.retryable);
        CHECK(p.verbs() == std::vector<std::string>{"CAPA", "USER", "PASS", "QUIT"});
    }
    SECTION("mailbox in use: retryable") {
        auto held = p.store.openMaildrop("alice");
        REQUIRE(held);
        const ClientResult r = p.run(job());
        CHECK_FALSE(r.success);
        CHECK(r.finalReply.code == "IN-USE");
        CHECK(r.retryable);
        CHECK(r.deleted == 0);
    }
    SECTION("plaintext refused by the server") {
        p.config.allowPlaintextAuth = false;
        const ClientResult r = p.run(job());
        CHECK_FALSE(r.success);
        CHECK(r.failureReason ==
              "USER rejected: -ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.");
    }
    SECTION("an invalid job never sends its credentials") {
        ClientJob j = job();
        j.user = "alice\r\nDELE 1";
        const ClientResult r = p.run(j);
        CHECK(r.failureReason == "invalid user name");
        CHECK(p.verbs() == std::vector<std::string>{"QUIT"});
    }
}

// ---- canned server bytes ----

namespace {

struct Script {
    ClientSession client;
    explicit Script(ClientJob j) : client(std::move(j)) {}
    // Feeds server bytes and returns what the client sent in answer.
    std::string say(std::string_view bytes) {
        client.feed(bytes);
        return client.takeOutput();
    }
};

}  // namespace

TEST_CASE("pop3 client with an RFC 1939-only server (no CAPA, no UIDL)", "[pop3][client]") {
    Script s(job());
    CHECK(s.say("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n") == "CAPA\r\n");
    CHECK(s.say("-ERR Unknown command.\r\n") == "USER alice\r\n");
    CHECK(s.client.capabilities().empty());
    CHECK(s.say("+OK alice is a real hoopy frood\r\n") == "PASS secret\r\n");
    CHECK(s.say("+OK maildrop has 2 messages (320 octets)\r\n") == "STAT\r\n");
    CHECK(s.say("+OK 2 320\r\n") == "UIDL\r\n");
    CHECK(s.say("-ERR unknown command\r\n") == "RETR 1\r\n");
    CHECK(s.say("+OK 120 octets\r\n..hi\r\n.\r\n") == "DELE 1\r\n");
    CHECK(s.say("+OK message 1 deleted\r\n") == "RETR 2\r\n");
    CHECK(s.say("-ERR no such message\r\n") == "QUIT\r\n");  // refused: skipped, not deleted
    CHECK(s.say("+OK dewey POP3 server signing off (1 messages left)\r\n").empty());
    const ClientResult& r = s.client.result();
    CHECK(r.success);
    REQUIRE(r.downloaded.size() == 1);
    CHECK(r.downloaded[0].uid.empty());
    CHECK(r.downloaded[0].content == ".hi\r\n");
    CHECK(r.deleted == 1);
    CHECK(r.skipped == 1);
}

TEST_CASE("pop3 client keep-on-server needs UIDL", "[pop3][client]") {
    Script s(job(ClientJob::Mode::KeepOnServer));
    s.say("+OK hi\r\n");
    s.say("+OK\r\nUSER\r\n.\r\n");
    s.say("+OK\r\n");
    s.say("+OK Logged in.\r\n");
    CHECK(s.say("+OK 1 10\r\n") == "UIDL\r\n");
    CHECK(s.say("-ERR no\r\n") == "QUIT\r\n");
    CHECK(s.client.result().failureReason == "the server has no UIDL, so mail cannot be kept on the server");
    s.client.connectionClosed();
    CHECK(s.client.finished());
}

TEST_CASE("pop3 client uses AUTH PLAIN when the server offers no USER", "[pop3][client]") {
    Script s(job());
    s.say("+OK ready\r\n");
    CHECK(s.say("+OK\r\nSASL PLAIN LOGIN\r\nIMPLEMENTATION x\r\n.\r\n") == "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
    CHECK(s.client.capabilities().at("SASL") == "PLAIN LOGIN");
    CHECK(s.say("+ \r\n") == "*\r\n");
    CHECK(s.say("-ERR Authentication aborted by client.\r\n") == "QUIT\r\n");
    CHECK(s.client.result().failureReason == "login failed: -ERR Authentication aborted by client.");
}

TEST_CASE("pop3 client on broken or hostile streams", "[pop3][client]") {
    SECTION("a greeting that is not POP3") {
        Script s(job());
        CHECK(s.say("220 smtp.example.org ESMTP\r\n").empty());
        CHECK(s.client.finished());
        CHECK(s.client.result().retryable);
        CHECK(s.client.result().failureReason.rfind("protocol error: malformed status line", 0) == 0);
    }
    SECTION("a -ERR greeting") {
        Script s(job());
        CHECK(s.say("-ERR [SYS/TEMP] go away\r\n").empty());
        CHECK(s.client.finished());
        CHECK(s.client.result().finalReply.code == "SYS/TEMP");
    }
    SECTION("the connection drops in the middle of RETR") {
        Script s(job());
        s.say("+OK\r\n");
        s.say("+OK\r\nUSER\r\n.\r\n");
        s.say("+OK\r\n");
        s.say("+OK\r\n");
        s.say("+OK 1 10\r\n");
        CHECK(s.say("+OK\r\n1 abc\r\n.\r\n") == "RETR 1\r\n");
        CHECK(s.say("+OK 10 octets\r\nSubject: x\r\n").empty());
        s.client.connectionClosed();
        CHECK(s.client.finished());
        CHECK_FALSE(s.client.result().success);
        CHECK(s.client.result().downloaded.empty());
        CHECK(s.client.result().failureReason == "connection closed by the server");
    }
    SECTION("QUIT answered with -ERR: nothing counts as deleted") {
        Script s(job());
        s.say("+OK\r\n");
        s.say("-ERR\r\n");
        s.say("+OK\r\n");
        s.say("+OK\r\n");
        s.say("+OK 1 10\r\n");
        s.say("+OK\r\n1 abc\r\n.\r\n");
        CHECK(s.say("+OK\r\nbody\r\n.\r\n") == "DELE 1\r\n");
        CHECK(s.say("+OK\r\n") == "QUIT\r\n");
        s.say("-ERR [SYS/TEMP] Couldn't expunge\r\n");
        CHECK_FALSE(s.client.result().success);
        CHECK(s.client.result().deleted == 0);
        CHECK(s.client.result().retryable);
        CHECK(s.client.result().downloaded.size() == 1);
    }
    SECTION("a message over the size limit") {
        ClientJob j = job();
        j.maxMessageSize = 100;
        Script s(j);
        s.say("+OK\r\n");
        s.say("-ERR\r\n");
        s.say("+OK\r\n");
        s.say("+OK\r\n");
        s.say("+OK 1 10\r\n");
        s.say("+OK\r\n1 abc\r\n.\r\n");
        CHECK(s.say("+OK\r\n" + std::string(200, 'x') + "\r\n.\r\n").empty());
        CHECK(s.client.result().failureReason == "protocol error: multi-line response too large");
    }
    SECTION("bare LF line ends from the server") {
        Script s(job());
        CHECK(s.say("+OK hi\n") == "CAPA\r\n");
        CHECK(s.say("+OK\nUSER\n.\n") == "USER alice\r\n");
    }
    SECTION("a malformed STAT reply and a malformed UIDL line") {
        Script a(job());
        a.say("+OK\r\n");
        a.say("-ERR\r\n");
        a.say("+OK\r\n");
        a.say("+OK\r\n");
        CHECK(a.say("+OK lots\r\n") == "QUIT\r\n");
        CHECK(a.client.result().failureReason == "malformed STAT reply: +OK lots");
        Script b(job());
        b.say("+OK\r\n");
        b.say("-ERR\r\n");
        b.say("+OK\r\n");
        b.say("+OK\r\n");
        b.say("+OK 2 10\r\n");
        CHECK(b.say("+OK\r\n1 a\r\n3 c\r\n.\r\n") == "QUIT\r\n");
        CHECK(b.client.result().failureReason == "malformed UIDL line: 3 c");
    }
}

TEST_CASE("pop3 response parser", "[pop3][client][parser]") {
    ResponseParser p;
    SECTION("status lines, response codes, one byte at a time") {
        const std::string bytes = "+OK 2 320\r\n-ERR [SYS/TEMP] try later\r\n-ERR\r\n+ok lower\r\n";
        std::vector<Response> got;
        for (char c : bytes) {
            std::string_view in(&c, 1);
            while (!in.empty())
                if (p.next(in) == ResponseParser::Status::Done) got.push_back(p.response());
        }
        REQUIRE(got.size() == 4);
        CHECK(got[0].ok());
        CHECK(got[0].text == "2 320");
        CHECK(got[1].kind == Response::Kind::Err);
        CHECK(got[1].code == "SYS/TEMP");
        CHECK(got[1].describe() == "-ERR [SYS/TEMP] try later");
        CHECK(got[2].text.empty());
        CHECK(got[3].ok());
    }
    SECTION("a multi-line body is unstuffed; -ERR has no body") {
        p.expect(ResponseParser::Expect::Multiline);
        std::string_view in = "-ERR no\r\n+OK\r\n..a\r\n..\r\n\r\n...\r\n.\r\n";
        REQUIRE(p.next(in) == ResponseParser::Status::Done);
        CHECK_FALSE(p.response().multiline);
        REQUIRE(p.next(in) == ResponseParser::Status::Done);
        CHECK(p.response().multiline);
        CHECK(p.response().data == ".a\r\n.\r\n\r\n..\r\n");
        CHECK(p.response().lines() == std::vector<std::string>{".a", ".", "", ".."});
        CHECK(in.empty());
    }
    SECTION("a continuation only where one is expected") {
        std::string_view in = "+ \r\n";
        CHECK(p.next(in) == ResponseParser::Status::Error);
        ResponseParser q;
        q.expect(ResponseParser::Expect::Continuation);
        in = "+ \r\n";
        REQUIRE(q.next(in) == ResponseParser::Status::Done);
        CHECK(q.response().kind == Response::Kind::Continuation);
    }
    SECTION("a status line over 512 octets breaks the stream for good") {
        const std::string line = "+OK " + std::string(600, 'x') + "\r\n+OK\r\n";
        std::string_view in = line;
        CHECK(p.next(in) == ResponseParser::Status::Error);
        CHECK(p.error() == "status line too long");
        CHECK(p.next(in) == ResponseParser::Status::Error);
    }
    SECTION("+OKAY is not +OK") {
        std::string_view in = "+OKAY\r\n";
        CHECK(p.next(in) == ResponseParser::Status::Error);
    }
}
