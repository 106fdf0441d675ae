// Whole-world runs of the lessons: same-domain mail needs only the client's look-up of its
// server, cross-domain mail asks MX then A and the second mail hits the cache, nothing is lost,
// headers vs envelope, determinism for a seed.
#include "mail_fate_check.h"
#include "test_support.h"

#include "core/base64.h"
#include "mail/header_fields.h"
#include "mail/mime_parts.h"
#include "mail/mail_store.h"
#include "net/ipv4.h"
#include "trace/trace_json.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

using namespace postino;
using namespace postino::testing;
using trace::EventKind;

namespace {

std::size_t count(const trace::Trace& t, EventKind k) {
    std::size_t n = 0;
    for (const auto& e : t.events) n += e.kind == k;
    return n;
}

const mail::Folder& inboxOf(world::World& w, const std::string& node, const std::string& address) {
    const auto* store = w.storeOf(*w.indexOf(node));
    REQUIRE(store);
    const auto* box = store->find(address);
    REQUIRE(box);
    return *box->findFolder("INBOX");
}

}  // namespace

TEST_CASE("same-domain mail: the laptop looks up its server, the server asks DNS nothing", "[world]") {
    world::World w(loadLesson("01-same-domain.json"));
    w.run();
    const auto& t = w.trace();
    CHECK(count(t, EventKind::Delivered) == 1);
    CHECK(count(t, EventKind::DnsCacheHit) == 0);
    std::vector<std::string> queries;
    for (const auto& e : t.events)
        if (e.kind == EventKind::DnsQuery) {
            CHECK(t.nodes[e.node].id == "alice-laptop");
            queries.push_back(e.text);
        }
    REQUIRE(queries.size() == 1);
    CHECK(queries[0].find("A mail.sender.example?") != std::string::npos);
    std::size_t dnsPackets = 0;
    for (const auto& p : t.packets) dnsPackets += p.packet.app == net::AppProtocol::Dns;
    CHECK(dnsPackets == 2);  // the question and its answer
    // The same lesson without the laptop's resolver: the address comes as if from /etc/hosts.
    auto s = loadLesson("01-same-domain.json");
    for (auto& n : s.nodes)
        if (n.id == "alice-laptop") n.resolver.clear();
    world::World quiet(s);
    quiet.run();
    CHECK(count(quiet.trace(), EventKind::Delivered) == 1);
    CHECK(count(quiet.trace(), EventKind::DnsQuery) == 0);
    for (const auto& p : quiet.trace().packets) CHECK(p.packet.app != net::AppProtocol::Dns);
    const auto& inbox = inboxOf(w, "mail-sender", "carol@sender.example");
    REQUIRE(inbox.messages.size() == 1);
    const std::string& data = inbox.messages[0].data;
    CHECK(data.rfind("Return-Path: <alice@sender.example>\r\nDelivered-To: carol@sender.example\r\nReceived: from alice-laptop", 0) == 0);
    CHECK(mail::headerValue(data, "Subject") == "Lunch?");
    CHECK(mail::hasHeader(data, "Message-Id"));
    checkNothingLost(t);
}

TEST_CASE("cross-domain mail: MX then A look-up, relay, and the cache serves the second mail", "[world]") {
    world::World w(loadLesson("02-cross-domain.json"));
    w.run();
    const auto& t = w.trace();
    CHECK(count(t, EventKind::Delivered) == 2);
    CHECK(count(t, EventKind::Relayed) == 2);
    CHECK(count(t, EventKind::DnsQuery) == 3);     // the laptop: A of its server; the server: MX, then A
    CHECK(count(t, EventKind::DnsCacheHit) == 3);  // second mail: all three from the caches
    std::vector<std::string> queries;
    for (const auto& e : t.events)
        if (e.kind == EventKind::DnsQuery) queries.push_back(e.text);
    REQUIRE(queries.size() == 3);
    CHECK(queries[0].find("A mail.sender.example") != std::string::npos);
    CHECK(queries[1].find("MX recipient.example") != std::string::npos);
    CHECK(queries[2].find("A mail.recipient.example") != std::string::npos);

    const auto& inbox = inboxOf(w, "mail-recipient", "bob@recipient.example");
    REQUIRE(inbox.messages.size() == 2);
    const std::string& data = inbox.messages[0].data;
    // Two Received: lines, newest first: the recipient's server, then the sender's.
    const std::size_t first = data.find("Received: from mail.sender.example");
    const std::size_t second = data.find("Received: from alice-laptop");
    CHECK(first != std::string::npos);
    CHECK(second != std::string::npos);
    CHECK(first < second);
    CHECK(data.find("with ESMTPA") != std::string::npos);  // AUTH without TLS (RFC 3848)
    CHECK(data.find("by mail.recipient.example (Postino) with ESMTP id") != std::string::npos);
    CHECK(inbox.messages[0].uid == 1);
    CHECK(inbox.messages[1].uid == 2);
    checkNothingLost(t);

    // Four SMTP connections: two submissions (587) and two relays (25).
    REQUIRE(t.connections.size() == 4);
    CHECK(t.connections[0].serverPort == 587);
    CHECK(t.connections[1].serverPort == 25);
}

TEST_CASE("the envelope is not the header: Cc recipients get the mail, headers stay as written", "[world]") {
    auto s = loadLesson("01-same-domain.json");
    s.actions[0].to = {"carol@sender.example"};
    s.actions[0].cc = {"alice@sender.example"};
    world::World w(s);
    w.run();
    CHECK(inboxOf(w, "mail-sender", "alice@sender.example").messages.size() == 1);
    CHECK(inboxOf(w, "mail-sender", "carol@sender.example").messages.size() == 1);
    const std::string& data = inboxOf(w, "mail-sender", "alice@sender.example").messages[0].data;
    CHECK(mail::headerValue(data, "To") == "carol@sender.example");
    CHECK(mail::headerValue(data, "Cc") == "alice@sender.example");
    CHECK(mail::headerValue(data, "Delivered-To") == "alice@sender.example");
}

// Postfix 3.7.11 on loopback wrote, for one recipient and for two (after AUTH, without TLS):
//   Received: from laptop.a.example (localhost [127.0.0.1])
//   \tby mx.b.example (Postfix) with ESMTPA id 07C7BA729CE
//   \tfor <bob@b.example>; Thu,  3 Dec 2026 13:34:49 +0000 (UTC)
//   Received: from c.a.example (localhost [127.0.0.1])
//   \tby mx.b.example (Postfix) with ESMTP id 0FB6FA72895;
//   \tThu,  3 Dec 2026 13:34:35 +0000 (UTC)
// RFC 5322 3.6.7 wants the ';' before the date always; RFC 3848 says ESMTPA for AUTH, ESMTPSA
// only with TLS as well.
TEST_CASE("Received: is written as Postfix writes it, for one recipient and for several", "[world]") {
    const std::string date = R"([A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4})";
    const std::string id = R"([0-9A-F]{10})";
    auto receivedOf = [](const std::string& data) {
        const std::size_t from = data.find("Received: ");
        REQUIRE(from != std::string::npos);
        std::size_t end = data.find("\r\n", from);
        while (end != std::string::npos && end + 2 < data.size() && data[end + 2] == '\t')
            end = data.find("\r\n", end + 2);
        return data.substr(from, end + 2 - from);
    };
    {
        world::World w(loadLesson("01-same-domain.json"));
        w.run();
        const std::string received = receivedOf(inboxOf(w, "mail-sender", "carol@sender.example").messages.at(0).data);
        INFO(received);
        CHECK(std::regex_match(received, std::regex(R"(Received: from alice-laptop \(unknown \[192\.0\.2\.\d+\]\)\r\n)"
                                                    R"(\tby mail\.sender\.example \(Postino\) with ESMTPA id )" + id +
                                                    R"(\r\n\tfor <carol@sender\.example>; )" + date + "\r\n")));
    }
    {
        auto s = loadLesson("01-same-domain.json");
        s.actions[0].cc = {"alice@sender.example"};
        world::World w(s);
        w.run();
        const std::string received = receivedOf(inboxOf(w, "mail-sender", "alice@sender.example").messages.at(0).data);
        INFO(received);
        CHECK(std::regex_match(received, std::regex(R"(Received: from alice-laptop \(unknown \[192\.0\.2\.\d+\]\)\r\n)"
                                                    R"(\tby mail\.sender\.example \(Postino\) with ESMTPA id )" + id +
                                                    ";\r\n\t" + date + "\r\n")));
    }
}

TEST_CASE("an unknown recipient at the far end: 550 5.1.1, then a bounce from MAILER-DAEMON in Alice's INBOX",
          "[world][bounce]") {
    auto s = loadLesson("02-cross-domain.json");
    s.actions.resize(1);
    s.actions[0].to = {"nobody@recipient.example"};
    world::World w(s);
    w.run();
    const auto& t = w.trace();
    bool sawRcptReply = false;
    for (const auto& l : t.lines)
        if (!l.fromClient && l.text.rfind("550 5.1.1 <nobody@recipient.example>", 0) == 0) sawRcptReply = true;
    CHECK(sawRcptReply);
    // The sender's server bounces at once (a 5xx is final) and delivers the DSN to Alice itself.
    CHECK(count(t, EventKind::Deferred) == 0);
    CHECK(count(t, EventKind::Bounced) >= 1);
    const auto& inbox = inboxOf(w, "mail-sender", "alice@sender.example");
    REQUIRE(inbox.messages.size() == 1);
    const std::string& dsn = inbox.messages[0].data;
    CHECK(dsn.rfind("Return-Path: <>\r\n", 0) == 0);
    CHECK(mail::headerValue(dsn, "Content-Type").find("multipart/report; report-type=delivery-status") == 0);
    CHECK(dsn.find("Final-Recipient: rfc822; nobody@recipient.example") != std::string::npos);
    CHECK(dsn.find("Status: 5.1.1") != std::string::npos);
    CHECK(dsn.find("Diagnostic-Code: smtp; 550 5.1.1 <nobody@recipient.example>") != std::string::npos);
    CHECK(dsn.find("Remote-MTA: dns; mail.recipient.example") != std::string::npos);
    const auto counts = trace::countMail(t);
    CHECK(counts.bounced == 1);
    CHECK(counts.bounces == 1);
    CHECK(counts.delivered == 1);  // the bounce, into Alice's mailbox
    checkNothingLost(t);
}

TEST_CASE("a wrong password is refused at submission and nothing is queued", "[world]") {
    auto s = loadLesson("01-same-domain.json");
    s.nodes[0].accounts[0].password = "not-the-password";
    world::World w(s);
    w.run();
    const auto& t = w.trace();
    CHECK(count(t, EventKind::MailAccepted) == 0);
    CHECK(count(t, EventKind::Rejected) == 1);
    bool saw535 = false;
    for (const auto& l : t.lines) saw535 |= l.text.rfind("535 5.7.8", 0) == 0;
    CHECK(saw535);
}

TEST_CASE("a domain that does not exist bounces at once with 5.4.4", "[world][bounce]") {
    // The DNS server is authoritative for recipient.example, so it can say a
    // name below it does not exist.
    auto s = loadLesson("02-cross-domain.json");
    s.actions.resize(1);
    s.actions[0].to = {"someone@nowhere.recipient.example"};
    world::World w(s);
    w.run();
    bool bounced = false;
    for (const auto& e : w.trace().events)
        bounced |= e.kind == EventKind::Bounced && e.text.find("5.4.4") != std::string::npos &&
                   e.text.find("Host not found") != std::string::npos;
    CHECK(bounced);
    CHECK(count(w.trace(), EventKind::Deferred) == 0);
    const auto& inbox = inboxOf(w, "mail-sender", "alice@sender.example");
    REQUIRE(inbox.messages.size() == 1);
    CHECK(inbox.messages[0].data.find("Status: 5.4.4") != std::string::npos);
    checkNothingLost(w.trace());
}

TEST_CASE("same scenario and seed give a byte-identical trace, another seed does not", "[world][determinism]") {
    const auto s = loadLesson("02-cross-domain.json");
    const std::string a = traceJson(s);
    const std::string b = traceJson(s);
    CHECK(a.size() > 10'000);
    CHECK(a == b);
    auto other = s;
    other.seed = s.seed + 1;
    CHECK(traceJson(other) != a);
}

TEST_CASE("a long mail is cut into many numbered TCP segments", "[world][tcp]") {
    auto s = loadLesson("01-same-domain.json");
    std::string body;
    for (int i = 0; i < 400; ++i) body += "Line " + std::to_string(i) + " of a long mail that fills several TCP segments.\n";
    s.actions[0].body = body;
    world::World w(s);
    w.run();
    std::uint32_t maxCount = 0;
    for (const auto& p : w.trace().packets) maxCount = std::max(maxCount, p.packet.segCount);
    CHECK(maxCount >= 15);
    const auto& inbox = inboxOf(w, "mail-sender", "carol@sender.example");
    REQUIRE(inbox.messages.size() == 1);
    CHECK(inbox.messages[0].data.find("Line 399 of a long mail") != std::string::npos);
}

TEST_CASE("a 200 kB attachment arrives intact after crossing as ~190 segments", "[world][tcp][mime]") {
    world::World w(loadLesson("08-attachment-packets.json"));
    w.run();
    std::uint32_t maxCount = 0;
    for (const auto& p : w.trace().packets) maxCount = std::max(maxCount, p.packet.segCount);
    CHECK(maxCount >= 180);
    const auto& inbox = inboxOf(w, "mail-recipient", "bob@recipient.example");
    REQUIRE(inbox.messages.size() == 1);
    const std::string& data = inbox.messages[0].data;
    CHECK(data.find("Content-Type: image/jpeg; name=\"trip.jpg\"") != std::string::npos);
    // Pull the base64 lines back out and compare with the generated photo.
    const std::size_t start = data.find("\r\n\r\n", data.find("filename=\"trip.jpg\"")) + 4;
    const std::size_t end = data.find("\r\n--", start);
    REQUIRE(end != std::string::npos);
    std::string b64;
    for (char c : data.substr(start, end - start))
        if (c != '\r' && c != '\n') b64 += c;
    const auto bytes = base64Decode(b64);
    REQUIRE(bytes);
    CHECK(*bytes == mail::attachmentContent({"trip.jpg", "image/jpeg", 200000}));
}

TEST_CASE("a send with html becomes multipart/alternative in the recipient's mailbox", "[world][mime]") {
    auto s = loadLesson("01-same-domain.json");
    s.actions[0].html = "<p>Hi Carol, <b>lunch</b> at one?</p>";
    world::World w(s);
    w.run();
    const auto& inbox = inboxOf(w, "mail-sender", "carol@sender.example");
    REQUIRE(inbox.messages.size() == 1);
    const std::string& data = inbox.messages[0].data;
    CHECK(data.find("Content-Type: multipart/alternative; boundary=") != std::string::npos);
    CHECK(data.find("Content-Type: text/html; charset=UTF-8") != std::string::npos);
    CHECK(data.find("<b>lunch</b>") != std::string::npos);
}

TEST_CASE("an MX host that does not answer: deferred, retried at Postfix's backoff, bounced with 5.4.7 after 5 days",
          "[world][retry]") {
    auto s = loadLesson("02-cross-domain.json");
    s.actions.resize(1);
    for (auto& n : s.nodes)
        for (auto& z : n.zones)
            for (auto& r : z.records)
                if (r.name == "mail.recipient.example") r.address = *net::parseIpv4("203.0.113.99");
    world::World w(s);
    w.run();
    const auto& t = w.trace();
    bool timedOut = false;
    for (const auto& e : t.events)
        timedOut |= e.kind == EventKind::Deferred && e.text.find("Connection timed out") != std::string::npos;
    CHECK(timedOut);
    // Postfix's backoff: after a failed attempt the mail waits its age, kept within 300 … 4000 s
    // (so the waits double, then stay at 4000 s). Each attempt here fails after the 30 s
    // connect timeout.
    double arrival = -1;
    std::vector<double> attempts;
    for (const auto& e : t.events) {
        if (t.nodes[e.node].id != "mail-sender") continue;
        if (e.kind == EventKind::MailAccepted && arrival < 0) arrival = e.time.toSeconds();
        if (e.kind == EventKind::Retrying) attempts.push_back(e.time.toSeconds());
    }
    REQUIRE(arrival > 0);
    REQUIRE(attempts.size() >= 8);
    double failedAt = arrival + 0.001 + 30;  // the first attempt
    for (std::size_t i = 0; i < 8; ++i) {
        INFO("attempt " << i + 2);
        const double wait = std::clamp(failedAt - arrival, 300.0, 4000.0);
        CHECK(attempts[i] == Approx(failedAt + wait).margin(0.5));
        failedAt = attempts[i] + 30;
    }
    // After maximal_queue_lifetime (5 days) the mail bounces with 5.4.7.
    const auto& inbox = inboxOf(w, "mail-sender", "alice@sender.example");
    REQUIRE(inbox.messages.size() == 1);
    CHECK(inbox.messages[0].data.find("Status: 5.4.7") != std::string::npos);
    CHECK(t.queue.back().time.toSeconds() > 5 * 86400);
    const auto counts = trace::countMail(t);
    CHECK(counts.bounced == 1);
    CHECK(counts.deferrals > 100);
    checkNothingLost(t);
}

TEST_CASE("a server's language: its bounce explains in Italian first, then in Postfix's English", "[world][bounce]") {
    auto s = loadLesson("02-cross-domain.json");
    s.actions.resize(1);
    s.actions[0].to = {"nobody@recipient.example"};
    for (auto& n : s.nodes)
        if (n.id == "mail-sender") n.language = "it";
    world::World w(s);
    w.run();
    const std::string& dsn = inboxOf(w, "mail-sender", "alice@sender.example").messages.at(0).data;
    const std::size_t italian = dsn.find("Questo è il sistema di posta dell'host mail.sender.example.");
    const std::size_t english = dsn.find("This is the mail system at host mail.sender.example.");
    CHECK(italian != std::string::npos);
    CHECK(english != std::string::npos);
    CHECK(italian < english);
}
