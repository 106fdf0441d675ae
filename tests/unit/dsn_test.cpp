// Delivery status notifications (sim/mta/dsn.h) against the bounces Postfix 3.7 wrote on loopback
// (tests/corpus/dsn/postfix-*.eml, how they were made: the comment at the top of dsn.cpp): same
// header fields, same parts, same notification text, same per-recipient fields; the returned
// message whole or its headers as Postfix decides; the delay warning; the four languages; and
// Python's email package reading every report without a defect.
#include "mail/message_builder.h"
#include "mta/dsn.h"
#include "test_support.h"

#include <cstdio>
#include <fstream>

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::mta;
using postino::testing::readFile;
using postino::testing::sourcePath;

namespace {

Time at(std::int64_t seconds) { return Time::fromNanos(seconds * 1'000'000'000); }

std::string crlf(const std::string& lf) {
    std::string out;
    for (char c : lf) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

std::string capture(const std::string& name) { return crlf(readFile(sourcePath("tests/corpus/dsn/postfix-" + name + ".eml"))); }

// A report cut at its delimiter lines: [0] the top header section, [1..3] the parts, each
// "headers CRLF CRLF body" without the CRLF that belongs to the next delimiter.
std::vector<std::string> pieces(const std::string& msg) {
    const std::size_t b = msg.find("boundary=\"");
    REQUIRE(b != std::string::npos);
    const std::string boundary = msg.substr(b + 10, msg.find('"', b + 10) - b - 10);
    std::vector<std::string> out{msg.substr(0, msg.find("\r\n\r\n"))};
    const std::string delimiter = "\r\n--" + boundary;
    std::size_t pos = msg.find(delimiter);
    while (pos != std::string::npos && msg.compare(pos + delimiter.size(), 2, "--") != 0) {
        const std::size_t start = pos + delimiter.size() + 2;
        pos = msg.find(delimiter, start);
        REQUIRE(pos != std::string::npos);
        out.push_back(msg.substr(start, pos - start));
    }
    REQUIRE(out.size() == 4);
    return out;
}

std::string body(const std::string& part) { return part.substr(part.find("\r\n\r\n") + 4); }
std::string head(const std::string& part) { return part.substr(0, part.find("\r\n\r\n") + 2); }

// The field names of a header section, in order (continuation lines skipped).
std::vector<std::string> names(const std::string& header) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < header.size()) {
        const std::size_t end = header.find("\r\n", pos);
        const std::string line = header.substr(pos, end - pos);
        if (!line.empty() && line[0] != ' ' && line[0] != '\t') {
            const std::string name = line.substr(0, line.find(':'));
            if (name != "Received") out.push_back(name.rfind("X-Postfix-", 0) == 0 ? "X-Postino-" + name.substr(10) : name);
        }
        if (end == std::string::npos) break;
        pos = end + 2;
    }
    return out;
}

// A delivery-status body with what cannot match a capture blanked: dates (ours are the project's
// RFC 5322 dates, Postfix's have "(UTC)"), the queue id; Postfix's X- names read as ours.
std::string comparable(std::string status) {
    std::string out;
    std::size_t pos = 0;
    while (pos < status.size()) {
        const std::size_t end = status.find("\r\n", pos);
        std::string line = status.substr(pos, end - pos);
        for (const char* field : {"Arrival-Date:", "Will-Retry-Until:", "X-Postfix-Queue-ID:", "X-Postino-Queue-ID:"})
            if (line.rfind(field, 0) == 0) line = std::string(field) + " *";
        if (line.rfind("X-Postfix-", 0) == 0) line = "X-Postino-" + line.substr(10);
        if (line.rfind("Diagnostic-Code: X-Postfix;", 0) == 0) line = "Diagnostic-Code: X-Postino;" + line.substr(27);
        out += line + "\r\n";
        if (end == std::string::npos) break;
        pos = end + 2;
    }
    return out;
}

// The message a capture returned, without the Return-Path line the bounce daemon put first.
std::string returnedOriginal(const std::string& report) {
    const std::string b = body(pieces(report)[3]);
    return b.substr(b.find("\r\n") + 2);
}

const std::string kUnknownCarol =
    "550 5.1.1 <carol@recipient.example>: Recipient address rejected: User unknown in local recipient table";

DsnRecipient failedAt127(const std::string& user) {
    DsnRecipient r;
    r.finalRecipient = user + "@recipient.example";
    r.originalRecipient = "rfc822;" + user + "@recipient.example";
    r.action = DsnAction::Failed;
    r.status = "5.1.1";
    r.remoteMta = "127.0.0.1";
    r.diagnostic = "550 5.1.1 <" + user + "@recipient.example>: Recipient address rejected: User unknown in local recipient table";
    r.reason = "host 127.0.0.1[127.0.0.1] said: " + r.diagnostic + " (in reply to RCPT TO command)";
    return r;
}

DsnRequest request() {
    DsnRequest q;
    q.reportingMta = "mx.sender.example";
    q.mailerDaemonDomain = "sender.example";
    q.queueId = "A1F37A725CA";
    q.arrival = at(60);
    q.now = at(61);
    q.originalSender = "alice@sender.example";
    q.serial = 7;
    q.originalMessage = "From: Alice <alice@sender.example>\r\nTo: carol@recipient.example\r\nSubject: Hi\r\n\r\nHello.\r\n";
    q.recipients = {failedAt127("carol")};
    return q;
}

// Every part of ours and of the capture: same field names; same notification text; same
// delivery-status fields and values (dates and queue id aside); same returned text.
void checkLikePostfix(const std::string& ours, const std::string& theirs, bool sameText = true) {
    const auto a = pieces(ours), b = pieces(theirs);
    CHECK(names(a[0]) == names(b[0]));
    for (int i = 1; i <= 3; ++i) {
        INFO("part " << i);
        CHECK(head(a[i]) == head(b[i]));
    }
    if (sameText) CHECK(body(a[1]) == body(b[1]));
    CHECK(comparable(body(a[2])) == comparable(body(b[2])));
    CHECK(body(a[3]) == body(b[3]));
}

}  // namespace

TEST_CASE("a non-delivery report for two unknown users is the one Postfix writes", "[mta][dsn]") {
    const std::string theirs = capture("multi");
    DsnRequest q = request();
    q.recipients = {failedAt127("carol"), failedAt127("dave")};
    q.originalMessage = returnedOriginal(theirs);
    const std::string ours = buildDsn(q);
    CHECK(validateDsnRequest(q).empty());
    checkLikePostfix(ours, theirs);
    // The fields one by one.
    CHECK(ours.rfind("Date: Mon, 2 Mar 2026 09:01:01 +0000\r\n", 0) == 0);
    CHECK(ours.find("\r\nFrom: Mail Delivery System <MAILER-DAEMON@sender.example>\r\n") != std::string::npos);
    CHECK(ours.find("\r\nSubject: Undelivered Mail Returned to Sender\r\n") != std::string::npos);
    CHECK(ours.find("\r\nTo: alice@sender.example\r\n") != std::string::npos);
    CHECK(ours.find("\r\nAuto-Submitted: auto-replied\r\n") != std::string::npos);
    CHECK(ours.find("\r\nContent-Type: multipart/report; report-type=delivery-status;\r\n"
                    "\tboundary=\"A1F37A725CA.7/mx.sender.example\"\r\n") != std::string::npos);
    CHECK(ours.find("\r\nMessage-Id: <20260302090101.7@mx.sender.example>\r\n") != std::string::npos);
    const std::string status = body(pieces(ours)[2]);
    CHECK(status.rfind("Reporting-MTA: dns; mx.sender.example\r\nX-Postino-Queue-ID: A1F37A725CA\r\n"
                       "X-Postino-Sender: rfc822; alice@sender.example\r\nArrival-Date: Mon, 2 Mar 2026 09:01:00 +0000\r\n\r\n",
                       0) == 0);
    CHECK(status.find("Final-Recipient: rfc822; dave@recipient.example\r\nOriginal-Recipient: rfc822;dave@recipient.example\r\n"
                      "Action: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; 127.0.0.1\r\n"
                      "Diagnostic-Code: smtp; 550 5.1.1 <dave@recipient.example>: Recipient address\r\n"
                      "    rejected: User unknown in local recipient table\r\n") != std::string::npos);
    for (std::size_t i = 0; i < ours.size(); ++i)
        if (ours[i] == '\n') REQUIRE((i > 0 && ours[i - 1] == '\r'));
}

TEST_CASE("ENVID, ORCPT and RET=HDRS show as Postfix shows them", "[mta][dsn]") {
    const std::string theirs = capture("dsn");
    DsnRequest q = request();
    q.envid = "env-123";
    q.returnFullMessage = false;
    q.recipients[0].originalRecipient = "rfc822;Carol@recipient.example";  // the ORCPT as sent
    // The queued text Postfix returned the headers of, with a body it left out.
    q.originalMessage = body(pieces(theirs)[3]).substr(body(pieces(theirs)[3]).find("\r\n") + 2) + "\r\nBody with DSN params.\r\n";
    const std::string ours = buildDsn(q);
    checkLikePostfix(ours, theirs);
    CHECK(ours.find("\r\nOriginal-Envelope-Id: env-123\r\n") != std::string::npos);
    CHECK(ours.find("\r\nOriginal-Recipient: rfc822;Carol@recipient.example\r\n") != std::string::npos);
    CHECK(ours.find("Content-Description: Undelivered Message Headers\r\nContent-Type: text/rfc822-headers\r\n") != std::string::npos);
    CHECK(ours.find("Body with DSN params.") == std::string::npos);
    // A bare address given as the original recipient gets the rfc822 type.
    q.recipients[0].originalRecipient = "Carol@recipient.example";
    CHECK(buildDsn(q).find("\r\nOriginal-Recipient: rfc822;Carol@recipient.example\r\n") != std::string::npos);
}

TEST_CASE("an 8-bit UTF-8 message comes back whole and byte for byte", "[mta][dsn]") {
    const std::string theirs = capture("utf8");
    DsnRequest q = request();
    q.originalMessage = returnedOriginal(theirs);
    REQUIRE(q.originalMessage.find("Καλημέρα, ciao, señor.") != std::string::npos);
    const std::string ours = buildDsn(q);
    checkLikePostfix(ours, theirs);
    CHECK(ours.find("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n\r\nReturn-Path: "
                    "<alice@sender.example>\r\n" + q.originalMessage + "\r\n--") != std::string::npos);
}

TEST_CASE("a message over bounce_size_limit comes back as its headers only", "[mta][dsn]") {
    const std::string theirs = capture("big");
    DsnRequest q = request();
    const std::string headers = returnedOriginal(theirs);  // Postfix returned only these
    std::string bodyText;
    while (bodyText.size() < 60000) bodyText += std::string(70, 'x') + "\r\n";
    q.originalMessage = headers + "\r\n" + bodyText;
    const std::string ours = buildDsn(q);
    checkLikePostfix(ours, theirs);
    CHECK(ours.size() < 3000);
    // Postfix's limit, measured: 50000 octets as queued come back whole, 50001 do not.
    const auto sized = [&](std::size_t size) {
        std::string m = "Subject: size\r\n\r\n";
        while (m.size() + 72 <= size) m += std::string(70, 'z') + "\r\n";
        m += std::string(size - m.size() - 2, 'w') + "\r\n";
        REQUIRE(m.size() == size);
        q.originalMessage = m;
        return buildDsn(q);
    };
    CHECK(sized(50000).find("Content-Type: message/rfc822\r\n") != std::string::npos);
    CHECK(sized(50001).find("Content-Type: text/rfc822-headers\r\n") != std::string::npos);
    q.bounceSizeLimit = 0;  // Postfix: 0 means no limit
    CHECK(sized(60000).find("Content-Type: message/rfc822\r\n") != std::string::npos);
}

TEST_CASE("a mail that expired in the queue is reported failed with its last temporary status", "[mta][dsn]") {
    const std::string theirs = capture("expire");
    DsnRequest q = request();
    DsnRecipient zed;
    zed.finalRecipient = "zed@unreachable.example";
    zed.originalRecipient = "rfc822;zed@unreachable.example";
    zed.action = DsnAction::Failed;
    zed.status = "4.4.1";
    zed.reason = "connect to 127.0.0.1[127.0.0.1]:2827: Connection refused";
    q.recipients = {zed};
    q.originalMessage = returnedOriginal(theirs);
    CHECK(validateDsnRequest(q).empty());
    const std::string ours = buildDsn(q);
    checkLikePostfix(ours, theirs);
    CHECK(ours.find("\r\nDiagnostic-Code: X-Postino; connect to 127.0.0.1[127.0.0.1]:2827: Connection\r\n    refused\r\n") !=
          std::string::npos);
    CHECK(ours.find("Remote-MTA") == std::string::npos);
}

TEST_CASE("the delay warning: its subject, banner, fields and the headers only", "[mta][dsn]") {
    const std::string theirs = capture("delay");
    DsnRequest q = request();
    DsnRecipient zed;
    zed.finalRecipient = "zed@unreachable.example";
    zed.originalRecipient = "rfc822;zed@unreachable.example";
    zed.action = DsnAction::Delayed;
    zed.status = "4.4.1";
    zed.reason = "connect to 127.0.0.1[127.0.0.1]:2827: Connection refused";
    q.recipients = {zed};
    q.arrival = at(0);
    q.now = at(37);
    q.delayWarningTime = Duration::seconds(20);
    q.maximalQueueLifetime = Duration::seconds(90);
    q.originalMessage = returnedOriginal(theirs) + "\r\nNobody home.\r\n";  // RET=FULL: still headers
    const std::string ours = buildDsn(q);
    // Postfix said "0 hour(s)" and "0 day(s)" for 20 s and 90 s; the only lines that differ.
    checkLikePostfix(ours, theirs, false);
    std::string expected = body(pieces(theirs)[1]);
    const auto swap = [&](const std::string& from, const std::string& to) {
        REQUIRE(expected.find(from) != std::string::npos);
        expected.replace(expected.find(from), from.size(), to);
    };
    swap("for more than 0 hour(s).", "for more than 20 second(s).");
    swap("until it is 0 day(s) old.", "until it is 1 minute(s) old.");
    CHECK(body(pieces(ours)[1]) == expected);
    CHECK(ours.find("\r\nSubject: Delayed Mail (still being retried)\r\n") != std::string::npos);
    CHECK(ours.find("\r\nAction: delayed\r\nStatus: 4.4.1\r\n") != std::string::npos);
    CHECK(ours.find("\r\nWill-Retry-Until: Mon, 2 Mar 2026 09:01:30 +0000\r\n") != std::string::npos);
    CHECK(ours.find("Last-Attempt-Date") == std::string::npos);  // as Postfix: only when given
    CHECK(ours.find("Nobody home.") == std::string::npos);

    // With the defaults a lesson would leave: 4 hours, 5 days; the caller's own retry limit and
    // the last attempt's time.
    q.now = at(4 * 3600 + 5);
    q.delayWarningTime = Duration::seconds(4 * 3600);
    q.maximalQueueLifetime = Duration::seconds(5 * 86400);
    q.recipients[0].lastAttempt = at(4 * 3600);
    q.recipients[0].willRetryUntil = at(86400);
    const std::string later = buildDsn(q);
    CHECK(later.find("Your message could not be delivered for more than 4 hour(s).\r\n"
                     "It will be retried until it is 5 day(s) old.\r\n") != std::string::npos);
    CHECK(later.find("\r\nLast-Attempt-Date: Mon, 2 Mar 2026 13:00:00 +0000\r\nWill-Retry-Until: Tue, 3 Mar 2026 "
                     "09:00:00 +0000\r\n") != std::string::npos);
    // No warning time given: the time the mail has waited.
    q.delayWarningTime = Duration();
    CHECK(buildDsn(q).find("for more than 4 hour(s).") != std::string::npos);
}

TEST_CASE("a success report, as NOTIFY=SUCCESS asks", "[mta][dsn]") {
    const std::string theirs = capture("success");
    DsnRequest q = request();
    q.reportingMta = "mx.recipient.example";
    q.mailerDaemonDomain = "recipient.example";
    q.envid = "ok-1";
    DsnRecipient bob;
    bob.finalRecipient = "bob@recipient.example";
    bob.originalRecipient = "rfc822;bob@recipient.example";
    bob.action = DsnAction::Relayed;
    bob.status = "2.0.0";
    bob.reason = "delivery via dump: delivered via dump service";
    q.recipients = {bob};
    q.originalMessage = returnedOriginal(theirs) + "\r\nHi Bob.\r\n";  // success: headers only
    const std::string ours = buildDsn(q);
    checkLikePostfix(ours, theirs);
    CHECK(ours.find("\r\nSubject: Successful Mail Delivery Report\r\n") != std::string::npos);
    CHECK(ours.find("Content-Description: Message Headers\r\n") != std::string::npos);
    CHECK(dsnKind(q) == DsnKind::Success);
}

TEST_CASE("the notification in Italian, Spanish and Greek, then in English", "[mta][dsn][i18n]") {
    DsnRequest q = request();
    const std::string english = body(pieces(buildDsn(q))[1]);
    CHECK(english.rfind("This is the mail system at host mx.sender.example.\r\n", 0) == 0);
    struct Case {
        const char* language;
        const char* first;
        const char* signature;
    };
    for (const Case& c : {Case{"it", "Questo è il sistema di posta dell'host mx.sender.example.", "Il sistema di posta"},
                          Case{"es", "Este es el sistema de correo del host mx.sender.example.", "El sistema de correo"},
                          Case{"el", "Αυτό είναι το σύστημα αλληλογραφίας του διακομιστή mx.sender.example.",
                               "Το σύστημα αλληλογραφίας"}}) {
        INFO(c.language);
        q.language = c.language;
        CHECK(validateDsnRequest(q).empty());
        const std::string text = body(pieces(buildDsn(q))[1]);
        CHECK(text.rfind(std::string(c.first) + "\r\n", 0) == 0);
        const std::size_t own = text.find(std::string("                   ") + c.signature + "\r\n");
        const std::size_t en = text.find("This is the mail system at host mx.sender.example.");
        REQUIRE(own != std::string::npos);
        REQUIRE(en != std::string::npos);
        CHECK(own < en);
        // After the translation, the English report exactly as alone, recipient lines included.
        CHECK(text.substr(en) == english);
    }
    // Units in each language's own words, singular and plural.
    q.recipients[0].action = DsnAction::Delayed;
    q.recipients[0].status = "4.4.1";
    q.delayWarningTime = Duration::seconds(3600);
    q.maximalQueueLifetime = Duration::seconds(2 * 86400);
    const std::pair<const char*, const char*> units[] = {
        {"it", "Da più di 1 ora non riusciamo a consegnare il tuo messaggio.\r\nContinueremo a provare finché non avrà 2 giorni."},
        {"es", "Hace más de 1 hora que no se puede entregar tu mensaje.\r\n"
               "Lo seguiremos intentando hasta que tenga 2 días de antigüedad."},
        {"el", "Εδώ και πάνω από 1 ώρα δεν ήταν δυνατό να παραδοθεί το μήνυμά σου.\r\n"
               "Θα συνεχίσουμε να προσπαθούμε μέχρι να συμπληρώσει 2 ημέρες."},
        {"en", "could not be delivered for more than 1 hour(s).\r\nIt will be retried until it is 2 day(s) old."}};
    for (const auto& [language, words] : units) {
        INFO(language);
        q.language = language;
        CHECK(buildDsn(q).find(words) != std::string::npos);
    }
    // The Greek banner is boxed as wide as its longest line, counted in characters.
    q.language = "el";
    const std::string greek = buildDsn(q);
    CHECK(greek.find("# ΑΥΤΟ ΕΙΝΑΙ ΜΟΝΟ ΜΙΑ ΠΡΟΕΙΔΟΠΟΙΗΣΗ.            #\r\n"
                     "# ΔΕΝ ΧΡΕΙΑΖΕΤΑΙ ΝΑ ΞΑΝΑΣΤΕΙΛΕΙΣ ΤΟ ΜΗΝΥΜΑ ΣΟΥ. #\r\n") != std::string::npos);
    // An unknown language: English alone, and the check says so.
    q.language = "fr";
    CHECK(body(pieces(buildDsn(q))[1]).rfind("This is the mail system", 0) == 0);
    CHECK(validateDsnRequest(q).find("language: \"fr\"") == 0);
}

TEST_CASE("lines wrap as Postfix's line_wrap wraps them", "[mta][dsn]") {
    // Postfix's own output, from the capture.
    CHECK(wrapLikePostfix("<dave@recipient.example>: host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <dave@recipient.example>: "
                          "Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)") ==
          std::vector<std::string>{"<dave@recipient.example>: host 127.0.0.1[127.0.0.1] said: 550 5.1.1",
                                   "    <dave@recipient.example>: Recipient address rejected: User unknown in local",
                                   "    recipient table (in reply to RCPT TO command)"});
    CHECK(wrapLikePostfix("short") == std::vector<std::string>{"short"});
    CHECK(wrapLikePostfix("") == std::vector<std::string>{""});
    // A word longer than a line stays whole on its own line; blanks at the cut are dropped.
    const std::string longWord(100, 'a');
    CHECK(wrapLikePostfix("x " + longWord + "   y") == std::vector<std::string>{"x", "    " + longWord, "    y"});
    CHECK(wrapLikePostfix(std::string(79, 'b') + " c") == std::vector<std::string>{std::string(79, 'b'), "    c"});
}

TEST_CASE("odd input still gives one well-formed report", "[mta][dsn]") {
    DsnRequest q = request();
    // A reply with line breaks (a multi-line SMTP reply) and control characters cannot add fields.
    q.recipients[0].diagnostic = "550-5.1.1 first\r\n550 5.1.1 second\x01line\r\nX-Injected: yes";
    q.recipients[0].reason = "host said\nX-Evil: 1";
    const std::string a = buildDsn(q);
    CHECK(a.find("\r\nX-Injected") == std::string::npos);
    CHECK(a.find("\r\nX-Evil") == std::string::npos);
    CHECK(a.find("Diagnostic-Code: smtp; 550-5.1.1 first 550 5.1.1 second?line X-Injected: yes\r\n") != std::string::npos);
    // A returned message holding the boundary's delimiter line: the boundary is lengthened.
    q.originalMessage = "Subject: trap\r\n\r\n--A1F37A725CA.7/mx.sender.example--\r\n";
    const std::string b = buildDsn(q);
    CHECK(b.find("boundary=\"A1F37A725CA.7/mx.sender.example.1\"") != std::string::npos);
    CHECK(pieces(b).size() == 4);
    // LF-only text is returned with CRLF line ends, ended by one.
    q.originalMessage = "Subject: lf\n\nno final line end";
    const std::string c = buildDsn(q);
    CHECK(c.find("Subject: lf\r\n\r\nno final line end\r\n\r\n--") != std::string::npos);
    // Same request, same bytes; another serial, another Message-Id and boundary.
    CHECK(buildDsn(q) == c);
    q.serial = 8;
    CHECK(buildDsn(q).find("<20260302090101.8@mx.sender.example>") != std::string::npos);
}

TEST_CASE("a request that makes no sense is named field by field", "[mta][dsn]") {
    DsnRequest q = request();
    CHECK(validateDsnRequest(q).empty());
    q.originalSender.clear();
    CHECK(validateDsnRequest(q).rfind("originalSender: empty", 0) == 0);
    q = request();
    q.recipients.clear();
    CHECK(validateDsnRequest(q).rfind("recipients: none", 0) == 0);
    q = request();
    q.recipients.push_back(failedAt127("dave"));
    q.recipients[1].status = "5.1";
    CHECK(validateDsnRequest(q) == "recipients[1].status: \"5.1\" is not an RFC 3463 status code such as 5.1.1");
    q.recipients[1].status = "2.0.0";
    CHECK(validateDsnRequest(q).rfind("recipients[1].status: 2.0.0 does not go with Action: failed", 0) == 0);
    q.recipients[1].action = DsnAction::Delivered;
    CHECK(validateDsnRequest(q).empty());
    CHECK(dsnKind(q) == DsnKind::Failure);  // one failed recipient makes it a non-delivery report
    q.reportingMta.clear();
    CHECK(validateDsnRequest(q).rfind("reportingMta: empty", 0) == 0);
}

TEST_CASE("Python's email package reads every report without a defect", "[mta][dsn][python]") {
    if (!postino::testing::haveProgram("python3")) {
        WARN("python3 is not installed: skipping");
        return;
    }
    const std::string checker = "python3 " + sourcePath("tests/tools/dsn_check.py");
    // The checker accepts what Postfix itself wrote.
    const auto real = postino::testing::runCommand(checker + " " + sourcePath("tests/corpus/dsn/") + "postfix-*.eml", true);
    INFO(real.output);
    REQUIRE(real.status == 0);

    std::vector<std::pair<std::string, DsnRequest>> reports;
    DsnRequest q = request();
    q.recipients = {failedAt127("carol"), failedAt127("dave")};
    reports.emplace_back("multi", q);
    q = request();
    q.originalMessage = returnedOriginal(capture("utf8"));
    q.language = "el";
    reports.emplace_back("utf8-el", q);
    q = request();
    q.originalMessage = "Subject: big\r\n\r\n";
    while (q.originalMessage.size() < 60000) q.originalMessage += std::string(70, 'x') + "\r\n";
    q.language = "it";
    reports.emplace_back("big-it", q);
    q = request();
    q.recipients[0].action = DsnAction::Delayed;
    q.recipients[0].status = "4.4.1";
    q.recipients[0].lastAttempt = at(61);
    q.language = "es";
    q.envid = "QQ314159";
    reports.emplace_back("delay-es", q);

    std::string files;
    for (const auto& [name, req] : reports) {
        const std::string path = "/tmp/postino-dsn-" + name + ".eml";
        std::ofstream(path, std::ios::binary) << buildDsn(req);
        files += " " + path;
    }
    const auto r = postino::testing::runCommand(checker + files, true);
    INFO(r.output);
    CHECK(r.status == 0);
    CHECK(r.output.find("PROBLEM") == std::string::npos);
    CHECK(r.output.find("recipient 2 Final-Recipient: rfc822; dave@recipient.example\n") != std::string::npos);
    CHECK(r.output.find("recipient 1 Diagnostic-Code: smtp; " + kUnknownCarol + "\n") != std::string::npos);
    CHECK(r.output.find("returned body Καλημέρα, ciao, señor.\n") != std::string::npos);
    CHECK(r.output.find("text first line Αυτό είναι το σύστημα αλληλογραφίας") != std::string::npos);
    CHECK(r.output.find("signed Το σύστημα αλληλογραφίας\nsigned The mail system\n") != std::string::npos);
    CHECK(r.output.find("signed Il sistema di posta\nsigned The mail system\n") != std::string::npos);
    CHECK(r.output.find("part 3 text/rfc822-headers [Undelivered Message Headers]") != std::string::npos);
    CHECK(r.output.find("recipient 1 Action: delayed\n") != std::string::npos);
    CHECK(r.output.find("message Original-Envelope-Id: QQ314159\n") != std::string::npos);
    CHECK(r.output.find("subject Delayed Mail (still being retried)\n") != std::string::npos);

    // Field by field, part by part, ours and Postfix's read the same to Python.
    const auto skeleton = [&](const std::string& file) {
        return postino::testing::runCommand(checker + " --skeleton " + file, true).output;
    };
    std::ofstream("/tmp/postino-dsn-postfix-multi.eml", std::ios::binary) << [] {
        DsnRequest m = request();
        m.recipients = {failedAt127("carol"), failedAt127("dave")};
        m.originalMessage = returnedOriginal(capture("multi"));
        return buildDsn(m);
    }();
    CHECK(skeleton("/tmp/postino-dsn-postfix-multi.eml") == skeleton(sourcePath("tests/corpus/dsn/postfix-multi.eml")));
    for (const auto& [name, req] : reports) std::remove(("/tmp/postino-dsn-" + name + ".eml").c_str());
    std::remove("/tmp/postino-dsn-postfix-multi.eml");
}
