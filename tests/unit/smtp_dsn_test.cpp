// The DSN extension (RFC 3461) in the SMTP engines: xtext, the server's checks of RET, ENVID,
// NOTIFY and ORCPT with the replies Postfix 3.7.11 gave to the same lines on loopback (noted
// beside each case), what the accepted message carries, and the client sending the parameters
// only to a server that offers DSN, in Postfix's smtp client's order.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "smtp/client_session.h"
#include "smtp/dsn.h"
#include "smtp/memory_policy.h"
#include "smtp/server_session.h"

using namespace postino::smtp;

namespace {

struct ParamCase {
    std::string params;    // after the address
    std::string expected;  // the reply line, as Postfix 3.7.11 answered it
};

// Feeds `lines` to a fresh port-25 session for example.org (alice is a user) and returns the
// reply lines after the greeting.
std::vector<std::string> converse(const std::vector<std::string>& lines, MemoryPolicy* keep = nullptr) {
    MemoryPolicy local;
    MemoryPolicy& policy = keep ? *keep : local;
    policy.addUser("alice@example.org", "secret");
    policy.addUser("bob@example.org", "hunter2");
    ServerSession s(ServerConfig{"mx.example.org", false, 10240000}, policy, "192.0.2.10");
    s.start();
    s.takeOutput();
    std::string in;
    for (const auto& l : lines) in += l + "\r\n";
    s.feed(in);
    const std::string out = s.takeOutput();
    std::vector<std::string> replies;
    for (std::size_t pos = 0, end; (end = out.find("\r\n", pos)) != std::string::npos; pos = end + 2)
        replies.push_back(out.substr(pos, end - pos));
    return replies;
}

std::string mailReply(const std::string& params) {
    const auto r = converse({"HELO c", "MAIL FROM:<a@b.test> " + params});
    return r.size() == 2 ? r[1] : "<" + std::to_string(r.size()) + " replies>";
}

std::string rcptReply(const std::string& rcpt, const std::string& params) {
    const auto r = converse({"HELO c", "MAIL FROM:<a@b.test>", "RCPT TO:<" + rcpt + "> " + params});
    return r.size() == 3 ? r[2] : "<" + std::to_string(r.size()) + " replies>";
}

}  // namespace

TEST_CASE("xtext: decode and encode as Postfix does", "[smtp][dsn]") {
    CHECK(xtextDecode("abc") == std::string("abc"));
    CHECK(xtextDecode("a+2Bb") == std::string("a+b"));
    CHECK(xtextDecode("a+2bb") == std::string("a+b"));  // lower-case hex too (Postfix xtext_unquote)
    CHECK(xtextDecode("+2B+3D+20") == std::string("+= "));
    CHECK(xtextDecode("a=b") == std::string("a=b"));    // not an xchar, but Postfix lets it pass
    CHECK(xtextDecode("") == std::string());
    CHECK_FALSE(xtextDecode("a+2"));
    CHECK_FALSE(xtextDecode("a+"));
    CHECK_FALSE(xtextDecode("a+ZZ"));
    CHECK_FALSE(xtextDecode("a+G0"));
    CHECK(xtextDecode("+00") == std::string(1, '\0'));

    // Postfix's smtp client sent "ENVID=env+20id+2B+3Dx" for the envelope id "env id+=x".
    CHECK(xtextEncode("env id+=x") == "env+20id+2B+3Dx");
    CHECK(xtextEncode("rfc822") == "rfc822");
    CHECK(xtextEncode(std::string("\x01\x7f\xc3\xa9", 4)) == "+01+7F+C3+A9");
    for (const std::string s : {"", "plain", "a+b=c d", "\t\r\n", "caf\xc3\xa9", "+++", "==="})
        CHECK(xtextDecode(xtextEncode(s)) == s);
}

TEST_CASE("NOTIFY lists parse and print in Postfix's order", "[smtp][dsn]") {
    CHECK(parseNotify("NEVER") == DsnNotify{true, false, false, false});
    CHECK(parseNotify("success") == DsnNotify{false, true, false, false});
    CHECK(parseNotify("DELAY,SUCCESS") == DsnNotify{false, true, false, true});
    CHECK(parseNotify("SUCCESS,,FAILURE,") == DsnNotify{false, true, true, false});
    CHECK(parseNotify("NEVER,NEVER") == DsnNotify{true, false, false, false});
    CHECK_FALSE(parseNotify(""));
    CHECK_FALSE(parseNotify(","));
    CHECK_FALSE(parseNotify("NEVER,SUCCESS"));
    CHECK_FALSE(parseNotify("FAILURE,NEVER"));
    CHECK_FALSE(parseNotify("SUCCESS;FAILURE"));
    CHECK_FALSE(parseNotify("FOO"));
    // Postfix's smtp client: "-N delay,failure,success" went out as NOTIFY=SUCCESS,FAILURE,DELAY.
    CHECK(formatNotify(*parseNotify("delay,failure,success")) == "SUCCESS,FAILURE,DELAY");
    CHECK(formatNotify(*parseNotify("NEVER")) == "NEVER");
    CHECK(formatNotify(DsnNotify{}).empty());
}

TEST_CASE("server: EHLO offers DSN where Postfix does, between 8BITMIME and SMTPUTF8", "[smtp][dsn][server]") {
    // Postfix 3.7.11: 250-PIPELINING SIZE VRFY ETRN ENHANCEDSTATUSCODES 8BITMIME DSN SMTPUTF8 CHUNKING
    const auto r = converse({"EHLO c"});
    CHECK(r == std::vector<std::string>{"250-mx.example.org", "250-PIPELINING", "250-SIZE 10240000",
                                        "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250-DSN", "250 SMTPUTF8"});
}

TEST_CASE("server: MAIL FROM's RET and ENVID get Postfix 3.7's replies", "[smtp][dsn][server]") {
    const std::vector<ParamCase> cases = {
        {"RET=FULL", "250 2.1.0 Ok"},
        {"RET=HDRS", "250 2.1.0 Ok"},
        {"ret=hdrs", "250 2.1.0 Ok"},
        {"Ret=Full", "250 2.1.0 Ok"},
        {"RET=", "501 5.5.4 Bad RET parameter syntax"},
        {"RET=BOTH", "501 5.5.4 Bad RET parameter syntax"},
        {"RET=FULL=", "501 5.5.4 Bad RET parameter syntax"},
        {"RET=FULL RET=HDRS", "501 5.5.4 Bad RET parameter syntax"},
        {"RET=FULL RET=FULL", "501 5.5.4 Bad RET parameter syntax"},  // a repeat, even equal
        {"ENVID=abc", "250 2.1.0 Ok"},
        {"EnvId=x", "250 2.1.0 Ok"},
        {"ENVID=a+2Bb", "250 2.1.0 Ok"},
        {"ENVID=a+2bb", "250 2.1.0 Ok"},
        {"ENVID=a+20b", "250 2.1.0 Ok"},
        {"ENVID=a=b", "250 2.1.0 Ok"},
        {"ENVID==", "250 2.1.0 Ok"},
        {"ENVID=a+00b", "250 2.1.0 Ok"},  // Postfix keeps "a": its C string ends at the NUL
        {"ENVID=" + std::string(400, 'x'), "250 2.1.0 Ok"},  // RFC 3461 says 100; Postfix takes more
        {"ENVID=", "501 5.5.4 Bad ENVID parameter syntax"},
        {"ENVID=+00", "501 5.5.4 Bad ENVID parameter syntax"},
        {"ENVID=a+2", "501 5.5.4 Bad ENVID parameter syntax"},
        {"ENVID=+", "501 5.5.4 Bad ENVID parameter syntax"},
        {"ENVID=a+ZZ", "501 5.5.4 Bad ENVID parameter syntax"},
        {"ENVID=a+0Ab", "501 5.5.4 Bad ENVID parameter syntax"},  // LF: not printable
        {"ENVID=a+09b", "501 5.5.4 Bad ENVID parameter syntax"},  // tab: not printable either
        {"ENVID=+7F", "501 5.5.4 Bad ENVID parameter syntax"},
        {"ENVID=caf+E9", "501 5.5.4 Bad ENVID parameter syntax"},
        {"ENVID=caf\xc3\xa9", "501 5.5.4 Bad ENVID parameter syntax"},
        {"ENVID=x ENVID=y", "501 5.5.4 Bad ENVID parameter syntax"},
        {"ENVID=a b", "555 5.5.4 Unsupported option: b"},
        {"RET", "555 5.5.4 Unsupported option: RET"},
        {"ENVID", "555 5.5.4 Unsupported option: ENVID"},
        {"NOTIFY=SUCCESS", "555 5.5.4 Unsupported option: NOTIFY=SUCCESS"},
        {"ORCPT=rfc822;a@a.example", "555 5.5.4 Unsupported option: ORCPT=rfc822;a@a.example"},
        {"FOO=BAR", "555 5.5.4 Unsupported option: FOO=BAR"},
        {"RET=FULL ENVID=q1 SIZE=100 BODY=8BITMIME", "250 2.1.0 Ok"},
        // The first bad parameter in the line is the one answered.
        {"RET=FULL FOO=1", "555 5.5.4 Unsupported option: FOO=1"},
        {"FOO=1 RET=BAD", "555 5.5.4 Unsupported option: FOO=1"},
        {"RET=BAD ENVID=x ENVID=y", "501 5.5.4 Bad RET parameter syntax"},
    };
    for (const ParamCase& c : cases) {
        INFO("MAIL FROM:<a@b.test> " << c.params);
        CHECK(mailReply(c.params) == c.expected);
    }
    // The address is checked before its parameters.
    CHECK(converse({"HELO c", "MAIL FROM:<bad address> RET=BAD"})[1] == "501 5.1.7 Bad sender address syntax");
    // The null sender takes them too, and so does a session that said HELO, not EHLO.
    CHECK(converse({"HELO c", "MAIL FROM:<> RET=HDRS ENVID=x"})[1] == "250 2.1.0 Ok");
}

TEST_CASE("server: RCPT TO's NOTIFY and ORCPT get Postfix 3.7's replies", "[smtp][dsn][server]") {
    const std::vector<ParamCase> cases = {
        {"NOTIFY=NEVER", "250 2.1.5 Ok"},
        {"NOTIFY=SUCCESS", "250 2.1.5 Ok"},
        {"NOTIFY=SUCCESS,FAILURE,DELAY", "250 2.1.5 Ok"},
        {"notify=success,failure", "250 2.1.5 Ok"},
        {"Notify=Success", "250 2.1.5 Ok"},
        {"NOTIFY=DELAY,SUCCESS", "250 2.1.5 Ok"},
        {"NOTIFY=SUCCESS,", "250 2.1.5 Ok"},
        {"NOTIFY=,SUCCESS", "250 2.1.5 Ok"},
        {"NOTIFY=SUCCESS,,FAILURE", "250 2.1.5 Ok"},
        {"NOTIFY=SUCCESS,SUCCESS", "250 2.1.5 Ok"},
        {"NOTIFY=NEVER,NEVER", "250 2.1.5 Ok"},
        {"NOTIFY=NEVER,", "250 2.1.5 Ok"},
        {"NOTIFY=NEVER,SUCCESS", "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
        {"NOTIFY=SUCCESS,NEVER", "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
        {"NOTIFY=", "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
        {"NOTIFY=,", "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
        {"NOTIFY=,,", "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
        {"NOTIFY=FOO", "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
        {"NOTIFY=SUCCESS;FAILURE", "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
        {"NOTIFY=SUCCESS NOTIFY=FAILURE", "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
        {"NOTIFY=SUCCESS NOTIFY=SUCCESS", "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
        {"NOTIFY=success, failure", "555 5.5.4 Unsupported option: failure"},
        {"ORCPT=rfc822;alice@example.org", "250 2.1.5 Ok"},
        {"ORCPT=RFC822;alice@example.org", "250 2.1.5 Ok"},
        {"ORCPT=rfc822;alice+40example.org", "250 2.1.5 Ok"},
        {"ORCPT=rfc822;a+2Bo@example.org", "250 2.1.5 Ok"},
        {"ORCPT=rfc822;", "250 2.1.5 Ok"},        // the address may be empty
        {"ORCPT=foo;bar", "250 2.1.5 Ok"},        // any address type
        {"ORCPT=x-local;bob", "250 2.1.5 Ok"},
        {"ORCPT=utf-8;bob@example.org", "250 2.1.5 Ok"},
        {"ORCPT==;x", "250 2.1.5 Ok"},
        {"ORCPT=rfc822;=", "250 2.1.5 Ok"},
        {"ORCPT=rfc822;a;b@example.org", "250 2.1.5 Ok"},
        {"ORCPT=rfc822;<alice@example.org>", "250 2.1.5 Ok"},
        {"ORCPT=rfc822;@@@", "250 2.1.5 Ok"},     // not checked as an address (Postfix neither)
        {"ORCPT=rfc822;a+0Ab", "250 2.1.5 Ok"},   // a LF: Postfix takes it (kept here as '?')
        {"ORCPT=rfc822;a+00b", "250 2.1.5 Ok"},
        {"ORCPT=rfc822;a+E9b", "250 2.1.5 Ok"},
        {"ORCPT=rfc822;caf\xc3\xa9@example.org", "250 2.1.5 Ok"},
        {"ORCPT=rfc822;" + std::string(500, 'x') + "@example.org", "250 2.1.5 Ok"},
        {"ORCPT=rfc822", "501 5.5.4 Error: Bad ORCPT parameter syntax"},
        {"ORCPT=;alice@example.org", "501 5.5.4 Error: Bad ORCPT parameter syntax"},
        {"ORCPT=;", "501 5.5.4 Error: Bad ORCPT parameter syntax"},
        {"ORCPT=rfc 822;alice@example.org", "501 5.5.4 Error: Bad ORCPT parameter syntax"},
        {"ORCPT=rfc822;a+ZZ", "501 5.5.4 Error: Bad ORCPT parameter syntax"},
        {"ORCPT=rfc822;+", "501 5.5.4 Error: Bad ORCPT parameter syntax"},
        {"ORCPT=rfc822;a@x ORCPT=rfc822;a@x", "501 5.5.4 Error: Bad ORCPT parameter syntax"},
        {"ORCPT=rfc822;not an address", "555 5.5.4 Unsupported option: an"},
        {"NOTIFY", "555 5.5.4 Unsupported option: NOTIFY"},
        {"ORCPT", "555 5.5.4 Unsupported option: ORCPT"},
        {"RET=FULL", "555 5.5.4 Unsupported option: RET=FULL"},
        {"ENVID=x", "555 5.5.4 Unsupported option: ENVID=x"},
        {"FOO=1", "555 5.5.4 Unsupported option: FOO=1"},
        {"NOTIFY=SUCCESS ORCPT=rfc822;alice@example.org", "250 2.1.5 Ok"},
        {"NOTIFY=FOO ORCPT=bad", "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
        {"FOO=1 NOTIFY=BAD", "555 5.5.4 Unsupported option: FOO=1"},
        {"NOTIFY=BAD FOO=1", "501 5.5.4 Error: Bad NOTIFY parameter syntax"},
    };
    for (const ParamCase& c : cases) {
        INFO("RCPT TO:<alice@example.org> " << c.params);
        CHECK(rcptReply("alice@example.org", c.params) == c.expected);
    }
    // Parameters are checked before the recipient (unknown user, relaying), after its syntax.
    CHECK(rcptReply("nobody@example.org", "NOTIFY=BAD") == "501 5.5.4 Error: Bad NOTIFY parameter syntax");
    CHECK(rcptReply("bob@elsewhere.test", "NOTIFY=BAD") == "501 5.5.4 Error: Bad NOTIFY parameter syntax");
    CHECK(rcptReply("bad address", "NOTIFY=BAD") == "501 5.1.3 Bad recipient address syntax");
    CHECK(rcptReply("nobody@example.org", "NOTIFY=NEVER") ==
          "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table");
}

TEST_CASE("server: the accepted message carries the DSN parameters, decoded", "[smtp][dsn][server]") {
    MemoryPolicy policy;
    const auto r = converse({"EHLO c", "MAIL FROM:<a@b.test> ret=hdrs ENVID=QQ+2B1+3Dx SIZE=20",
                             "RCPT TO:<alice@example.org> ORCPT=rfc822;Alice+40Example.org notify=delay,success",
                             "RCPT TO:<bob@example.org>",
                             "RCPT TO:<nobody@example.org> NOTIFY=NEVER",
                             "RCPT TO:<alice@example.org> NOTIFY=NEVER",  // a repeat: the first one stays
                             "RCPT TO:<postmaster> NOTIFY=NEVER ORCPT=x-weird;a+0D+0Ab+00c",
                             "DATA", "Subject: dsn", "", "hi", "."},
                            &policy);
    REQUIRE(policy.accepted().size() == 1);
    const AcceptedMessage& m = policy.accepted().front();
    CHECK(m.ret == "HDRS");
    CHECK(m.envid == "QQ+1=x");
    CHECK(m.rcptTo == std::vector<std::string>{"alice@example.org", "bob@example.org", "postmaster"});
    REQUIRE(m.rcptDsn.size() == m.rcptTo.size());
    CHECK(m.rcptDsn[0] == RecipientDsn{DsnNotify{false, true, false, true}, "rfc822;Alice@Example.org"});
    CHECK(m.rcptDsn[1] == RecipientDsn{});
    CHECK(m.rcptDsn[2] == RecipientDsn{DsnNotify{true, false, false, false}, "x-weird;a??b"});

    // The next transaction starts without them.
    MemoryPolicy again;
    converse({"EHLO c", "MAIL FROM:<a@b.test> RET=FULL ENVID=one", "RCPT TO:<alice@example.org> NOTIFY=NEVER",
              "RSET", "MAIL FROM:<a@b.test>", "RCPT TO:<alice@example.org>", "DATA", "x", "."},
             &again);
    REQUIRE(again.accepted().size() == 1);
    CHECK(again.accepted().front().ret.empty());
    CHECK(again.accepted().front().envid.empty());
    CHECK(again.accepted().front().rcptDsn == std::vector<RecipientDsn>{RecipientDsn{}});
}

TEST_CASE("server: a RCPT line with DSN parameters may be 1012 octets long (RFC 3461 4)", "[smtp][dsn][server]") {
    const std::string head = "RCPT TO:<alice@example.org> NOTIFY=SUCCESS ORCPT=rfc822;";
    const std::string fits = head + std::string(1010 - head.size(), 'x');  // 1010 + CRLF
    const std::string over = head + std::string(1011 - head.size(), 'x');
    const auto r = converse({"EHLO c", "MAIL FROM:<a@b.test>", fits, over, "NOOP"});
    REQUIRE(r.size() == 11);
    CHECK(r[8] == "250 2.1.5 Ok");
    CHECK(r[9] == "500 5.5.0 Error: command line too long");
    CHECK(r[10] == "250 2.0.0 Ok");
}

// ---- the client ----

namespace {

ClientJob dsnJob() {
    ClientJob job;
    job.heloName = "client.example.net";
    job.mailFrom = "carol@example.net";
    job.rcptTo = {"x@far.example", "y@far.example", "z@far.example"};
    job.message = "Subject: hi\r\n\r\nhello\r\n";
    job.ret = "hdrs";
    job.envid = "env id+=x";
    job.rcptDsn = {RecipientDsn{DsnNotify{false, true, false, true}, "rfc822;x@far.example"},
                   RecipientDsn{DsnNotify{true, false, false, false}, ""}};
    return job;
}

// Greets `client` with `ehlo` (the lines after "250-mx") and returns what it sent up to DATA,
// answering 250 to every command.
std::string commandsAfter(ClientSession& client, const std::string& ehlo) {
    client.feed("220 mx ESMTP\r\n");
    std::string sent = client.takeOutput();
    client.feed(ehlo);
    for (int i = 0; i < 10 && client.stage() != ClientSession::Stage::Data && !client.finished(); ++i) {
        const std::string out = client.takeOutput();
        sent += out;
        if (out.empty()) break;
        client.feed("250 2.0.0 Ok\r\n");
    }
    return sent + client.takeOutput();
}

}  // namespace

TEST_CASE("client: DSN parameters go to a server that offers DSN, as Postfix's smtp client writes them",
          "[smtp][dsn][client]") {
    // Postfix 3.7.11's smtp client, for "sendmail -N success,delay -R hdrs -V 'env id+=x'", sent
    //   MAIL FROM:<alice@a.example> SIZE=260 ENVID=env+20id+2B+3Dx RET=HDRS
    //   RCPT TO:<x@far.example> ORCPT=rfc822;x@far.example NOTIFY=SUCCESS,DELAY
    ClientSession c(dsnJob());
    const std::string sent = commandsAfter(c, "250-mx\r\n250-PIPELINING\r\n250-SIZE 1000000\r\n250 DSN\r\n");
    CHECK(sent == "EHLO client.example.net\r\n"
                  "MAIL FROM:<carol@example.net> SIZE=22 ENVID=env+20id+2B+3Dx RET=HDRS\r\n"
                  "RCPT TO:<x@far.example> ORCPT=rfc822;x@far.example NOTIFY=SUCCESS,DELAY\r\n"
                  "RCPT TO:<y@far.example> NOTIFY=NEVER\r\n"
                  "RCPT TO:<z@far.example>\r\n"
                  "DATA\r\n");
}

TEST_CASE("client: no DSN parameters to a server that does not offer DSN, or after HELO", "[smtp][dsn][client]") {
    // Postfix's smtp client to a server without DSN: "MAIL FROM:<alice@a.example> SIZE=260",
    // "RCPT TO:<w@nodsn.example>", though the mail was sent with -N never -R full -V abc.
    const std::string plain = "MAIL FROM:<carol@example.net> SIZE=22\r\n"
                              "RCPT TO:<x@far.example>\r\nRCPT TO:<y@far.example>\r\nRCPT TO:<z@far.example>\r\n"
                              "DATA\r\n";
    ClientSession c(dsnJob());
    CHECK(commandsAfter(c, "250-mx\r\n250-SIZE 1000000\r\n250 8BITMIME\r\n") ==
          "EHLO client.example.net\r\n" + plain);

    ClientSession old(dsnJob());
    old.feed("220 mx ESMTP\r\n");
    CHECK(old.takeOutput() == "EHLO client.example.net\r\n");
    old.feed("502 5.5.2 Error: command not recognized\r\n");
    CHECK(old.takeOutput() == "HELO client.example.net\r\n");
    old.feed("250 mx\r\n");
    std::string sent = old.takeOutput();
    for (int i = 0; i < 4; ++i) {
        old.feed("250 2.0.0 Ok\r\n");
        sent += old.takeOutput();
    }
    CHECK(sent == "MAIL FROM:<carol@example.net>\r\n"
                  "RCPT TO:<x@far.example>\r\nRCPT TO:<y@far.example>\r\nRCPT TO:<z@far.example>\r\nDATA\r\n");
}

TEST_CASE("client: a job with DSN values no server would take is refused with the reason", "[smtp][dsn][client]") {
    struct Bad {
        const char* name;
        void (*spoil)(ClientJob&);
        const char* reason;
    };
    const std::vector<Bad> bad = {
        {"RET", [](ClientJob& j) { j.ret = "BOTH"; }, "invalid DSN RET value (FULL or HDRS)"},
        {"ENVID with a LF", [](ClientJob& j) { j.envid = "a\nb"; },
         "invalid DSN envelope id (printable US-ASCII, at most 100 octets)"},
        {"ENVID of 101 octets", [](ClientJob& j) { j.envid = std::string(101, 'e'); },
         "invalid DSN envelope id (printable US-ASCII, at most 100 octets)"},
        {"too many", [](ClientJob& j) { j.rcptDsn.resize(4); }, "more DSN parameters than recipients"},
        {"NEVER with SUCCESS", [](ClientJob& j) { j.rcptDsn[0].notify.never = true; },
         "invalid DSN NOTIFY for <x@far.example>: NEVER with another"},
        {"ORCPT without a type", [](ClientJob& j) { j.rcptDsn[1].orcpt = "y@far.example"; },
         "invalid DSN ORCPT for <y@far.example>: not type;address"},
        {"ORCPT too long", [](ClientJob& j) { j.rcptDsn[1].orcpt = "rfc822;" + std::string(400, '+'); },
         "DSN ORCPT for <y@far.example> too long for one command line"},
    };
    for (const Bad& b : bad) {
        DYNAMIC_SECTION(b.name) {
            ClientJob job = dsnJob();
            b.spoil(job);
            ClientSession c(std::move(job));
            c.feed("220 mx ESMTP\r\n");
            CHECK(c.takeOutput() == "QUIT\r\n");
            CHECK(c.result().failureReason == b.reason);
        }
    }
    // At the limits: 100 octets of ENVID, a RCPT line of 1010 octets.
    ClientJob job = dsnJob();
    job.envid = std::string(100, 'e');
    const std::string head = "RCPT TO:<y@far.example> ORCPT=rfc822;";
    job.rcptDsn[1] = RecipientDsn{DsnNotify{}, "rfc822;" + std::string(1010 - head.size(), 'y')};
    ClientSession c(std::move(job));
    c.feed("220 mx ESMTP\r\n");
    CHECK(c.takeOutput() == "EHLO client.example.net\r\n");
}

TEST_CASE("client and server: DSN parameters arrive as they were given", "[smtp][dsn][client][server]") {
    MemoryPolicy policy;
    policy.addUser("alice@example.org", "secret");
    policy.addUser("bob@example.org", "hunter2");
    policy.addUser("carol@example.org", "x");
    ClientJob job;
    job.heloName = "client.example.net";
    job.mailFrom = "dave@example.net";
    job.rcptTo = {"alice@example.org", "bob@example.org", "carol@example.org"};
    job.message = "Subject: dsn\r\n\r\nhello\r\n";
    job.ret = "Full";
    job.envid = "Q+1 = x~";
    job.rcptDsn = {RecipientDsn{DsnNotify{false, true, true, true}, "rfc822;Alice+Tag=1@Example.org"},
                   RecipientDsn{DsnNotify{false, false, true, false}, "utf-8;b\xc3\xb6" "b@example.org"}};
    ServerSession server(ServerConfig{"mx.example.org", false, 10240000}, policy, "192.0.2.44");
    ClientSession client(job);
    server.start();
    for (int i = 0; i < 100 && !client.finished(); ++i) {
        const std::string toClient = server.takeOutput();
        const std::string toServer = client.takeOutput();
        if (toClient.empty() && toServer.empty()) break;
        client.feed(toClient);
        server.feed(toServer);
    }
    REQUIRE(client.finished());
    CHECK(client.result().success);
    REQUIRE(policy.accepted().size() == 1);
    const AcceptedMessage& m = policy.accepted().front();
    CHECK(m.ret == "FULL");
    CHECK(m.envid == job.envid);
    CHECK(m.rcptTo == job.rcptTo);
    REQUIRE(m.rcptDsn.size() == 3);
    CHECK(m.rcptDsn[0] == job.rcptDsn[0]);
    CHECK(m.rcptDsn[1] == job.rcptDsn[1]);
    CHECK(m.rcptDsn[2] == RecipientDsn{});
}
