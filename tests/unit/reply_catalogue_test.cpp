// trace/reply_catalogue: the plain-words explanation and the reference of server replies, one
// protocol at a time, and garbage that must give nothing.
#include "trace/reply_catalogue.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>

using namespace postino;
using namespace postino::trace;
using net::AppProtocol;

namespace {

ReplyExplanation explained(AppProtocol p, std::string_view line) {
    auto r = explainReply(p, line);
    INFO(line);
    REQUIRE(r.has_value());
    CHECK_FALSE(r->sentences.empty());
    CHECK_FALSE(r->reference.empty());
    return *r;
}

}  // namespace

TEST_CASE("an SMTP reply with an enhanced code explains both, with both references", "[reply_catalogue]") {
    const auto r = explained(AppProtocol::Smtp,
                             "550 5.1.1 <bobb@recipient.example>: Recipient address rejected: User unknown in local recipient table");
    CHECK(r.code == "550 5.1.1");
    CHECK(r.reference == "RFC 5321 §4.2.2, RFC 3463 X.1.1");
    CHECK(r.english().find("The receiving server does not know this mailbox: the address is wrong.") != std::string::npos);
    CHECK(r.english().find("Refused for good") == 0);  // the basic code first

    // A success code: the success wording of its detail; 2.0.0 adds nothing.
    CHECK(explained(AppProtocol::Smtp, "250 2.1.5 Ok").english() ==
          "Done: the server accepted the command. The recipient's address is valid.");
    CHECK(explained(AppProtocol::Smtp, "250 2.0.0 Ok: queued as 654A981E91").english() ==
          "Done: the server accepted the command.");
    CHECK(explained(AppProtocol::Smtp, "235 2.7.0 Authentication successful").code == "235 2.7.0");

    // Temporary failures say that the sender tries again; details from the IANA registry.
    CHECK(explained(AppProtocol::Smtp, "421 4.4.2 mail.example Error: timeout exceeded").english().find("tries again later") !=
          std::string::npos);
    CHECK(explained(AppProtocol::Smtp, "535 5.7.8 Error: authentication failed").reference == "RFC 4954 §6, RFC 4954 X.7.8");
    CHECK(explained(AppProtocol::Smtp, "554 5.4.6 Error: too many hops").english().find("loop") != std::string::npos);
    CHECK(explained(AppProtocol::Smtp, "552 5.2.2 <bob@b.example>: Recipient address rejected: Quota exceeded").english().find(
              "mailbox is full") != std::string::npos);
    // Same sentence in the basic and the enhanced table: said once.
    CHECK(explained(AppProtocol::Smtp, "534 5.7.9 Authentication mechanism is too weak").sentences.size() == 1);

    // A detail not in the table falls back to its subject (RFC 3463 §3.x).
    const auto subject = explained(AppProtocol::Smtp, "550 5.1.99 odd");
    CHECK(subject.code == "550 5.1.99");
    CHECK(subject.reference == "RFC 5321 §4.2.2, RFC 3463 §3.2");
    // A basic code not in the table falls back to its class (RFC 5321 §4.2.1).
    CHECK(explained(AppProtocol::Smtp, "299 whatever").reference == "RFC 5321 §4.2.1");
    // No enhanced code: only the basic one.
    CHECK(explained(AppProtocol::Smtp, "354 End data with <CR><LF>.<CR><LF>").code == "354");
    CHECK(explained(AppProtocol::Smtp, "220 mail.sender.example ESMTP Postino").code == "220");
    CHECK(explained(AppProtocol::Smtp, "334 ").code == "334");
}

TEST_CASE("every SMTP basic code and every common enhanced detail has its own sentence", "[reply_catalogue]") {
    for (int code : {220, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451, 452, 454, 500, 501, 502, 503, 504, 530, 534,
                     535, 550, 551, 552, 553, 554, 555}) {
        const auto r = explained(AppProtocol::Smtp, std::to_string(code) + " text");
        INFO(code);
        CHECK(r.reference.find("§4.2.1") == std::string::npos);  // not the class fallback
    }
    for (const char* detail : {"1.1", "1.2", "1.3", "1.6", "1.8", "2.1", "2.2", "2.3", "3.0", "3.4", "4.0", "4.1", "4.2",
                               "4.3", "4.4", "4.6", "4.7", "5.0", "5.1", "5.2", "5.3", "5.4", "6.0", "7.0", "7.1", "7.8",
                               "7.9", "3.5", "1.7", "4.5"}) {
        const auto r = explained(AppProtocol::Smtp, std::string("550 5.") + detail + " text");
        INFO(detail);
        CHECK(r.reference.find(std::string("X.") + detail) != std::string::npos);
        CHECK(r.sentences.size() == 2);
    }
}

TEST_CASE("a multi-line SMTP reply: the EHLO greeting, its keywords, and more lines to come", "[reply_catalogue]") {
    const auto greeting = explained(AppProtocol::Smtp, "250-mail.sender.example");
    CHECK(greeting.reference == "RFC 5321 §4.1.1.1");
    CHECK(greeting.english().find("greets the client") != std::string::npos);
    const auto pipelining = explained(AppProtocol::Smtp, "250-PIPELINING");
    CHECK(pipelining.code == "250 PIPELINING");
    CHECK(pipelining.reference == "RFC 5321 §4.1.1.1, RFC 2920");
    CHECK(explained(AppProtocol::Smtp, "250-SIZE 10240000").reference.find("RFC 1870") != std::string::npos);
    CHECK(explained(AppProtocol::Smtp, "250-AUTH PLAIN LOGIN").reference.find("RFC 4954") != std::string::npos);
    CHECK(explained(AppProtocol::Smtp, "250 SMTPUTF8").reference.find("RFC 6531") != std::string::npos);
    // Any other line with '-' says more lines follow.
    const auto first = explained(AppProtocol::Smtp, "550-5.1.1 The email account that you tried to reach does not exist.");
    CHECK(first.code == "550 5.1.1");
    CHECK(first.english().find("More lines of this reply follow.") != std::string::npos);
}

TEST_CASE("POP3 +OK and -ERR with the response codes of RFC 2449 and RFC 3206", "[reply_catalogue]") {
    CHECK(explained(AppProtocol::Pop3, "+OK").code == "+OK");
    CHECK(explained(AppProtocol::Pop3, "+OK 2 837").reference == "RFC 1939 §3");
    CHECK(explained(AppProtocol::Pop3, "-ERR Unknown command.").code == "-ERR");
    const auto inUse = explained(AppProtocol::Pop3, "-ERR [IN-USE] Mailbox is locked by another POP3 session.");
    CHECK(inUse.code == "-ERR [IN-USE]");
    CHECK(inUse.reference == "RFC 1939 §3, RFC 2449 §8.1.1");
    CHECK(explained(AppProtocol::Pop3, "-ERR [LOGIN-DELAY] wait").reference.find("§8.1.2") != std::string::npos);
    CHECK(explained(AppProtocol::Pop3, "-ERR [SYS/TEMP] Too many connections").reference.find("RFC 3206") != std::string::npos);
    CHECK(explained(AppProtocol::Pop3, "-ERR [SYS/PERM] gone").english().find("administrator") != std::string::npos);
    CHECK(explained(AppProtocol::Pop3, "-ERR [AUTH] Authentication failed.").code == "-ERR [AUTH]");
    CHECK(explained(AppProtocol::Pop3, "-ERR [AUTH] Authentication failed.").english().find("password is wrong") !=
          std::string::npos);
    // Dovecot's [AUTH] for a password refused before TLS is not a wrong password.
    const auto plaintext = explained(AppProtocol::Pop3,
                                     "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.");
    CHECK(plaintext.code == "-ERR [AUTH]");
    CHECK(plaintext.english().find("must start TLS (STLS) first") != std::string::npos);
    CHECK(plaintext.english().find("password is wrong") == std::string::npos);
    CHECK(plaintext.reference == "RFC 1939 §3, RFC 3206 §5, RFC 2595 §4");
    // A sub-level of a known code (RFC 2449 §8: hierarchical) counts as its parent.
    CHECK(explained(AppProtocol::Pop3, "-ERR [SYS/TEMP/DISK] full").code == "-ERR [SYS/TEMP/DISK]");
    CHECK(explained(AppProtocol::Pop3, "-ERR [XYZ] odd").code == "-ERR");
    CHECK(explained(AppProtocol::Pop3, "+ ").code == "+");
    // Lines of a multi-line answer are not replies.
    CHECK_FALSE(explainReply(AppProtocol::Pop3, "1 837"));
    CHECK_FALSE(explainReply(AppProtocol::Pop3, "."));
    CHECK_FALSE(explainReply(AppProtocol::Pop3, "+OKAY"));
    CHECK_FALSE(explainReply(AppProtocol::Pop3, "Subject: Hello Bob"));
}

TEST_CASE("IMAP tagged and untagged responses, continuations and response codes", "[reply_catalogue]") {
    CHECK(explained(AppProtocol::Imap, "A003 OK Fetch completed.").code == "A003 OK");
    const auto tryCreate = explained(AppProtocol::Imap, "A004 NO [TRYCREATE] Mailbox doesn't exist: Trips.");
    CHECK(tryCreate.code == "A004 NO [TRYCREATE]");
    CHECK(tryCreate.reference == "RFC 3501 §7.1.2, RFC 3501 §7.1");
    CHECK(explained(AppProtocol::Imap, "A1 BAD Error in IMAP command").reference == "RFC 3501 §7.1.3");
    CHECK(explained(AppProtocol::Imap, "a NO [AUTHENTICATIONFAILED] Authentication failed.").reference.find("RFC 5530") !=
          std::string::npos);
    CHECK(explained(AppProtocol::Imap, "A5 NO [OVERQUOTA] Quota exceeded").code == "A5 NO [OVERQUOTA]");
    CHECK(explained(AppProtocol::Imap, "A6 NO [NONEXISTENT] Unknown").code == "A6 NO [NONEXISTENT]");
    CHECK(explained(AppProtocol::Imap, "A7 NO [ALREADYEXISTS] Mailbox already exists").code == "A7 NO [ALREADYEXISTS]");
    CHECK(explained(AppProtocol::Imap, "A002 OK [APPENDUID 1 1] Append completed.").reference.find("RFC 4315") != std::string::npos);
    CHECK(explained(AppProtocol::Imap, "A002 OK [READ-WRITE] Select completed.").code == "A002 OK [READ-WRITE]");

    CHECK(explained(AppProtocol::Imap, "* OK [CAPABILITY IMAP4rev1 SASL-IR] Dovecot ready.").code == "* OK [CAPABILITY]");
    CHECK(explained(AppProtocol::Imap, "* OK [UIDVALIDITY 1] UIDs valid").code == "* OK [UIDVALIDITY]");
    CHECK(explained(AppProtocol::Imap, "* OK [UIDNEXT 3] Predicted next UID").sentences.size() == 2);
    CHECK(explained(AppProtocol::Imap, "* OK [UNSEEN 1] First unseen.").code == "* OK [UNSEEN]");
    CHECK(explained(AppProtocol::Imap, "* OK [PERMANENTFLAGS (\\Seen \\*)] Flags permitted.").code == "* OK [PERMANENTFLAGS]");
    CHECK(explained(AppProtocol::Imap, "* OK [ALERT] System shutdown in 10 minutes").code == "* OK [ALERT]");
    CHECK(explained(AppProtocol::Imap, "* OK [COPYUID 1 1 1] Moved UIDs.").code == "* OK [COPYUID]");
    CHECK(explained(AppProtocol::Imap, "* NO Disk almost full").code == "* NO");
    CHECK(explained(AppProtocol::Imap, "* BAD garbage").code == "* BAD");
    CHECK(explained(AppProtocol::Imap, "* BYE Logging out").reference == "RFC 3501 §7.1.5");
    CHECK(explained(AppProtocol::Imap, "* PREAUTH IMAP4rev1 server logged in as Smith").code == "* PREAUTH");
    // Data responses, with and without a number.
    CHECK(explained(AppProtocol::Imap, "* 3 EXISTS").code == "* 3 EXISTS");
    CHECK(explained(AppProtocol::Imap, "* 0 RECENT").reference == "RFC 3501 §7.3.2");
    CHECK(explained(AppProtocol::Imap, "* 2 EXPUNGE").reference == "RFC 3501 §7.4.1");
    CHECK(explained(AppProtocol::Imap, "* 1 FETCH (UID 1 FLAGS (\\Seen))").code == "* 1 FETCH");
    CHECK(explained(AppProtocol::Imap, "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)").code == "* FLAGS");
    CHECK(explained(AppProtocol::Imap, "* CAPABILITY IMAP4rev1 IDLE").code == "* CAPABILITY");
    CHECK(explained(AppProtocol::Imap, "* LIST (\\HasNoChildren) \"/\" INBOX").code == "* LIST");
    CHECK(explained(AppProtocol::Imap, "* SEARCH 2 3 6").code == "* SEARCH");
    CHECK(explained(AppProtocol::Imap, "* STATUS INBOX (MESSAGES 2)").code == "* STATUS");
    CHECK(explained(AppProtocol::Imap, "+ Ready for literal data").code == "+");
    CHECK(explained(AppProtocol::Imap, "+").code == "+");
    // Not replies: a number where none belongs, a message's text, the end of a literal.
    CHECK_FALSE(explainReply(AppProtocol::Imap, "* EXISTS"));
    CHECK_FALSE(explainReply(AppProtocol::Imap, "* 3 LIST"));
    CHECK_FALSE(explainReply(AppProtocol::Imap, ")"));
    CHECK_FALSE(explainReply(AppProtocol::Imap, "Subject: Hello Bob"));
    CHECK_FALSE(explainReply(AppProtocol::Imap, "A001 LOGIN bob secret"));
}

TEST_CASE("DNS rcodes, NODATA, and the forms DNS answers take in the trace", "[reply_catalogue]") {
    CHECK(explained(AppProtocol::Dns, "NXDOMAIN").reference == "RFC 1035 §4.1.1, RFC 2308 §2.1");
    for (const char* rcode : {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "NODATA"})
        CHECK(explained(AppProtocol::Dns, rcode).code == rcode);
    CHECK(explained(AppProtocol::Dns, "No such name").code == "NXDOMAIN");
    CHECK(explained(AppProtocol::Dns, "Server failure").code == "SERVFAIL");
    // The resolver's events.
    CHECK(explained(AppProtocol::Dns, "answer for MX recipient.example: MX 10 mail.recipient.example (cached for 3600 s)").code ==
          "NOERROR");
    CHECK(explained(AppProtocol::Dns, "answer for A mail.sender.example: A 192.0.2.25").code == "NOERROR");
    CHECK(explained(AppProtocol::Dns, "answer for MX ghost.example: No such name (cached for 900 s)").code == "NXDOMAIN");
    CHECK(explained(AppProtocol::Dns, "answer for AAAA mail.example: no records (cached for 900 s)").code == "NODATA");
    CHECK(explained(AppProtocol::Dns, "answer for MX broken.example: Server failure").code == "SERVFAIL");
    CHECK(explained(AppProtocol::Dns, "A mail.office.example answered from the resolver cache, no query sent: A 192.0.2.25").code ==
          "NOERROR");
    CHECK(explained(AppProtocol::Dns, "MX ghost.example answered from the resolver cache: No such name").code == "NXDOMAIN");
    CHECK(explained(AppProtocol::Dns, "AAAA x.example answered from the resolver cache: No error").code == "NODATA");
    CHECK(explained(AppProtocol::Dns, "MX x.example answered from the resolver cache, no query sent: no records").code == "NODATA");
    // A response packet's summary (dns::summary).
    CHECK(explained(AppProtocol::Dns, "Standard query response 0x1a2b No such name MX ghost.example").code == "NXDOMAIN");
    CHECK(explained(AppProtocol::Dns, "Standard query response 0x1a2b MX recipient.example MX 10 mail.recipient.example").code ==
          "NOERROR");
    CHECK(explained(AppProtocol::Dns, "Standard query response 0x1a2b AAAA recipient.example").code == "NODATA");
    // Questions, timeouts and failures to ask are not answers.
    CHECK_FALSE(explainReply(AppProtocol::Dns, "Standard query 0x1a2b MX recipient.example"));
    CHECK_FALSE(explainReply(AppProtocol::Dns, "asks DNS server 198.51.100.53: MX recipient.example? (query id 0xac05)"));
    CHECK_FALSE(explainReply(AppProtocol::Dns, "MX x.example: no answer from the DNS server within 5 seconds"));
    CHECK_FALSE(explainReply(AppProtocol::Dns, "answer for MX x.example: "));
}

TEST_CASE("HTTP status lines of RFC 9110 §15", "[reply_catalogue]") {
    const auto ok = explained(AppProtocol::Http, "HTTP/1.1 200 OK");
    CHECK(ok.code == "200");
    CHECK(ok.reference == "RFC 9110 §15.3.1");
    for (int code : {200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 413, 415, 429, 500, 502, 503}) {
        INFO(code);
        const auto r = explained(AppProtocol::Http, "HTTP/1.1 " + std::to_string(code) + " Reason");
        // A section of its own (§15.x.y, or RFC 6585's), not the class's §15.x.
        CHECK((r.reference.rfind("RFC 6585", 0) == 0 || std::count(r.reference.begin(), r.reference.end(), '.') == 2));
    }
    CHECK(explained(AppProtocol::Http, "HTTP/1.1 418 I'm a teapot").reference == "RFC 9110 §15.5");
    CHECK(explained(AppProtocol::Http, "404 Not Found").code == "404");
    CHECK_FALSE(explainReply(AppProtocol::Http, "Content-Type: text/html; charset=utf-8"));
    CHECK_FALSE(explainReply(AppProtocol::Http, "<html lang=\"en\">"));
    CHECK_FALSE(explainReply(AppProtocol::Http, "HTTP/1.1 99 Low"));
    CHECK_FALSE(explainReply(AppProtocol::Http, "GET /inbox HTTP/1.1"));
}

TEST_CASE("a reply quoted inside an event's sentence is found", "[reply_catalogue]") {
    auto quoted = findQuotedReply(AppProtocol::Smtp,
                                  "bobb@recipient.example: delivery failed for good, status 5.1.1 (host mail.recipient.example[203.0.113.25] "
                                  "said: 550 5.1.1 <bobb@recipient.example>: Recipient address rejected: User unknown in local "
                                  "recipient table (in reply to RCPT TO command))");
    REQUIRE(quoted);
    CHECK(quoted->code == "550 5.1.1");
    quoted = findQuotedReply(AppProtocol::Smtp, "mail.recipient.example accepted the mail for bob@recipient.example: 250 2.0.0 Ok: queued as 654A981E91");
    REQUIRE(quoted);
    CHECK(quoted->code == "250 2.0.0");
    quoted = findQuotedReply(AppProtocol::Http, "the page could not be shown: 404 Not Found on /inbox");
    REQUIRE(quoted);
    CHECK(quoted->code == "404");
    quoted = findQuotedReply(AppProtocol::Pop3, "bob@recipient.example could not log in: -ERR [AUTH] Authentication failed.");
    REQUIRE(quoted);
    CHECK(quoted->code == "-ERR [AUTH]");
    CHECK_FALSE(findQuotedReply(AppProtocol::Smtp,
                                "bob@recipient.example: delivery deferred (connect to mail.recipient.example[203.0.113.25]:25: Connection timed out)"));
    CHECK_FALSE(findQuotedReply(AppProtocol::Other, "x: 550 5.1.1 no"));
}

TEST_CASE("garbage gives nothing and never fails", "[reply_catalogue]") {
    for (AppProtocol p : {AppProtocol::Smtp, AppProtocol::Pop3, AppProtocol::Imap, AppProtocol::Dns, AppProtocol::Http,
                          AppProtocol::Other, AppProtocol::TcpControl}) {
        for (std::string_view s : {"", " ", "\r\n", "5", "55", "5505", "abc", "*", "* ", "[", "-ERR [", "A OK [", ": : :",
                                   "250 5.", "250 5.1.", "250 2.999999.1", "HTTP/", "HTTP/1.1", "answer for ", "said: "}) {
            INFO(s);
            (void)explainReply(p, s);
            (void)findQuotedReply(p, s);
        }
        CHECK_FALSE(explainReply(p, "hello world"));
    }
    std::mt19937 rng(7);
    for (int i = 0; i < 20000; ++i) {
        std::string s(rng() % 40, '\0');
        for (char& c : s) c = static_cast<char>("0123459.- *+[]/:OKNERRABDHTP\r\n\xff"[rng() % 32]);
        for (AppProtocol p : {AppProtocol::Smtp, AppProtocol::Pop3, AppProtocol::Imap, AppProtocol::Dns, AppProtocol::Http}) {
            const auto r = findQuotedReply(p, s);
            if (r) {
                CHECK_FALSE(r->sentences.empty());
                CHECK_FALSE(r->code.empty());
            }
        }
    }
}
