// Every way a delivery can fail, in a whole world, ends the way Postfix ends it: a 5xx bounces
// at once, a 4xx / refused / timed-out connection / silent DNS defers and retries, an MX that
// is the server itself bounces 5.4.6, a cut connection never delivers half a mail, delay
// warnings and lifetimes. Built on lesson 02 (Alice at sender.example, Bob at recipient.example).
#include "mail_fate_check.h"
#include "test_support.h"

#include "mail/mail_store.h"
#include "nodes/mail_server_node.h"
#include "net/ipv4.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <string>

using namespace postino;
using namespace postino::testing;
using trace::EventKind;

namespace {

scenario::Scenario oneMail() {
    auto s = loadLesson("02-cross-domain.json");
    s.actions.resize(1);
    return s;
}

scenario::Node& node(scenario::Scenario& s, const std::string& id) {
    for (auto& n : s.nodes)
        if (n.id == id) return n;
    FAIL("no node " << id);
    return s.nodes.front();
}

void shortQueue(scenario::Scenario& s, const std::string& id) {
    auto& q = node(s, id).queue;
    q.minimalBackoff = Duration::seconds(60);
    q.maximalBackoff = Duration::seconds(240);
    q.maximalLifetime = Duration::seconds(3600);
}

scenario::Action outage(scenario::ActionType type, double at, const std::string& node, double seconds) {
    scenario::Action a;
    a.type = type;
    a.at = Time::fromNanos(static_cast<std::int64_t>(at * 1e9));
    a.node = node;
    if (seconds > 0) a.duration = Duration::millis(static_cast<std::int64_t>(seconds * 1000));
    return a;
}

void addAction(scenario::Scenario& s, scenario::Action a) {
    s.actions.push_back(std::move(a));
    std::stable_sort(s.actions.begin(), s.actions.end(), [](const auto& x, const auto& y) { return x.at < y.at; });
}

std::size_t inbox(world::World& w, const std::string& server, const std::string& address) {
    return w.storeOf(*w.indexOf(server))->find(address)->findFolder("INBOX")->messages.size();
}

const std::string& firstMessage(world::World& w, const std::string& server, const std::string& address) {
    return w.storeOf(*w.indexOf(server))->find(address)->findFolder("INBOX")->messages.at(0).data;
}

bool sawEvent(const world::World& w, EventKind kind, const std::string& text) {
    for (const auto& e : w.trace().events)
        if (e.kind == kind && e.text.find(text) != std::string::npos) return true;
    return false;
}

bool sawLine(const world::World& w, bool fromClient, const std::string& start) {
    for (const auto& l : w.trace().lines)
        if (l.fromClient == fromClient && l.text.rfind(start, 0) == 0) return true;
    return false;
}

}  // namespace

TEST_CASE("an MX that names the sending server itself bounces 5.4.6: loops back to myself", "[world][failure]") {
    auto s = oneMail();
    for (auto& z : node(s, "dns").zones)
        for (auto& r : z.records)
            if (r.type == scenario::RecordType::MX && z.origin == "recipient.example") r.exchange = "mail.sender.example";
    world::World w(s);
    w.run();
    CHECK(sawEvent(w, EventKind::Bounced, "status 5.4.6 (mail for recipient.example loops back to myself)"));
    CHECK(inbox(w, "mail-sender", "alice@sender.example") == 1);
    CHECK(trace::countMail(w.trace()).queued == 0);
    checkNothingLost(w.trace());
}

TEST_CASE("an MX whose address is the sending server's own bounces 5.4.6 too", "[world][failure]") {
    auto s = oneMail();
    for (auto& z : node(s, "dns").zones)
        for (auto& r : z.records)
            if (r.name == "mail.recipient.example") r.address = node(s, "mail-sender").ip;
    world::World w(s);
    w.run();
    CHECK(sawEvent(w, EventKind::Bounced, "loops back to myself"));
    checkNothingLost(w.trace());
}

TEST_CASE("the DNS server down: the MX look-up times out, the mail is deferred and goes once DNS is back",
          "[world][failure]") {
    auto s = oneMail();
    shortQueue(s, "mail-sender");
    node(s, "alice-laptop").resolver.clear();  // the laptop finds its server in its hosts file
    addAction(s, outage(scenario::ActionType::NodeDown, 0.5, "dns", 100));
    world::World w(s);
    w.run();
    CHECK(sawEvent(w, EventKind::Deferred, "Name service error for name=recipient.example type=MX: Host not found, "
                                           "try again"));
    CHECK(inbox(w, "mail-recipient", "bob@recipient.example") == 1);
    const auto counts = trace::countMail(w.trace());
    CHECK(counts.deferrals >= 1);
    CHECK(counts.bounced == 0);
    checkNothingLost(w.trace());
}

TEST_CASE("a port nobody listens on answers RST: connection refused, deferred", "[world][failure]") {
    auto s = oneMail();
    shortQueue(s, "mail-sender");
    node(s, "mail-sender").queue.maximalLifetime = Duration::seconds(0);  // one attempt only
    for (auto& z : node(s, "dns").zones)
        for (auto& r : z.records)
            if (r.name == "mail.recipient.example") r.address = node(s, "dns").ip;  // the DNS server: no port 25
    world::World w(s);
    w.run();
    CHECK(sawEvent(w, EventKind::Note, "Connection refused"));
    // maximal_queue_lifetime 0: no second attempt, the mail bounces at once with 5.4.7.
    CHECK(sawEvent(w, EventKind::Bounced, "status 5.4.7"));
    CHECK(inbox(w, "mail-sender", "alice@sender.example") == 1);
    checkNothingLost(w.trace());
}

TEST_CASE("smtp_error 421 at the greeting: deferred, delivered when the error is over", "[world][failure]") {
    auto s = oneMail();
    shortQueue(s, "mail-sender");
    auto err = outage(scenario::ActionType::SmtpError, 0.5, "mail-recipient", 100);
    err.replyCode = 421;
    addAction(s, err);
    world::World w(s);
    w.run();
    CHECK(sawLine(w, false, "421 4.3.2 Service shutting down"));
    CHECK(sawEvent(w, EventKind::Deferred, "refused to talk to me: 421 4.3.2"));
    CHECK(inbox(w, "mail-recipient", "bob@recipient.example") == 1);
    checkNothingLost(w.trace());
}

TEST_CASE("smtp_error 452 at MAIL and 451 at the end of DATA defer, 554 at RCPT bounces", "[world][failure]") {
    for (const int code : {451, 452, 554}) {
        INFO("code " << code);
        auto s = oneMail();
        shortQueue(s, "mail-sender");
        auto err = outage(scenario::ActionType::SmtpError, 0.5, "mail-recipient", 100);
        err.replyCode = code;
        addAction(s, err);
        world::World w(s);
        w.run();
        const auto counts = trace::countMail(w.trace());
        if (code == 554) {
            CHECK(sawLine(w, false, "554 5.7.1 Service unavailable"));
            CHECK(sawEvent(w, EventKind::Bounced, "(in reply to RCPT TO command)"));
            CHECK(inbox(w, "mail-recipient", "bob@recipient.example") == 0);
            CHECK(inbox(w, "mail-sender", "alice@sender.example") == 1);
            CHECK(counts.bounced == 1);
        } else {
            CHECK(sawLine(w, false, code == 451 ? "451 4.3.0 Error: queue file write error"
                                                : "452 4.3.1 Insufficient system storage"));
            CHECK(sawEvent(w, EventKind::Deferred,
                           code == 451 ? "(in reply to end of DATA command)" : "(in reply to MAIL FROM command)"));
            CHECK(inbox(w, "mail-recipient", "bob@recipient.example") == 1);
            CHECK(counts.bounced == 0);
            CHECK(counts.deferrals >= 1);
        }
        checkNothingLost(w.trace());
    }
}

TEST_CASE("mailbox_full: 552 5.2.2 at RCPT, the sending server bounces", "[world][failure][quota]") {
    auto s = oneMail();
    auto full = outage(scenario::ActionType::MailboxFull, 0.5, "mail-recipient", 100);
    full.mailbox = "bob@recipient.example";
    addAction(s, full);
    world::World w(s);
    w.run();
    CHECK(sawLine(w, false, "552 5.2.2 <bob@recipient.example>: Recipient address rejected: Quota exceeded"));
    CHECK(inbox(w, "mail-recipient", "bob@recipient.example") == 0);
    CHECK(firstMessage(w, "mail-sender", "alice@sender.example").find("Status: 5.2.2") != std::string::npos);
    checkNothingLost(w.trace());
}

TEST_CASE("a link cut in the middle of DATA: no half mail is ever delivered, the next attempt delivers it once",
          "[world][failure][tcp]") {
    auto s = oneMail();
    shortQueue(s, "mail-sender");
    s.actions[0].attachments.push_back({"report.pdf", "application/pdf", 400000});  // a long DATA
    scenario::Action cut;
    cut.type = scenario::ActionType::LinkDown;
    cut.at = Time::fromNanos(2'000'000'000);  // the relay sends DATA at 1.58 s; its 250 comes at 2.41 s
    cut.link = "internet--recipient-net";
    cut.duration = Duration::seconds(2000);
    addAction(s, cut);
    world::World w(s);
    w.run();
    REQUIRE(!w.trace().drops.empty());
    CHECK(sawEvent(w, EventKind::Deferred, "bob@recipient.example: delivery deferred"));
    REQUIRE(inbox(w, "mail-recipient", "bob@recipient.example") == 1);
    CHECK(firstMessage(w, "mail-recipient", "bob@recipient.example").find("report.pdf") != std::string::npos);
    checkNothingLost(w.trace());
}

TEST_CASE("a delay warning goes to the sender once, while the mail is still retried", "[world][failure]") {
    auto s = oneMail();
    shortQueue(s, "mail-sender");
    node(s, "mail-sender").queue.delayWarning = Duration::seconds(200);
    addAction(s, outage(scenario::ActionType::NodeDown, 0.5, "mail-recipient", 900));
    world::World w(s);
    w.run();
    REQUIRE(inbox(w, "mail-sender", "alice@sender.example") == 1);
    const std::string& notice = firstMessage(w, "mail-sender", "alice@sender.example");
    CHECK(notice.find("Subject: Delayed Mail (still being retried)") != std::string::npos);
    CHECK(notice.find("Action: delayed") != std::string::npos);
    CHECK(notice.find("Will-Retry-Until:") != std::string::npos);
    CHECK(inbox(w, "mail-recipient", "bob@recipient.example") == 1);  // and then it arrives
    checkNothingLost(w.trace());
}

TEST_CASE("NOTIFY=SUCCESS: a delivered recipient who asked gets a success report, NOTIFY=NEVER no bounce",
          "[world][dsn]") {
    auto s = loadLesson("01-same-domain.json");
    s.actions.clear();
    world::World w(s);
    auto* server = dynamic_cast<world::MailServerNode*>(&w.node(*w.indexOf("mail-sender")));
    REQUIRE(server);
    smtp::AcceptedMessage in;
    in.mailFrom = "alice@sender.example";
    in.rcptTo = {"carol@sender.example", "nobody@elsewhere.invalid"};
    in.rcptDsn.resize(2);
    in.rcptDsn[0].notify.success = true;
    in.rcptDsn[1].notify.never = true;  // fails (no resolver path), silently
    in.data = "From: alice@sender.example\r\nSubject: Hi\r\n\r\nHello\r\n";
    in.heloName = "alice-laptop";
    in.peerIp = "192.0.2.10";
    in.esmtp = true;
    REQUIRE(!server->acceptMessage(std::move(in)).empty());
    w.run();
    REQUIRE(inbox(w, "mail-sender", "carol@sender.example") == 1);
    REQUIRE(inbox(w, "mail-sender", "alice@sender.example") == 1);  // the success report only
    const std::string& report = firstMessage(w, "mail-sender", "alice@sender.example");
    CHECK(report.find("Subject: Successful Mail Delivery Report") != std::string::npos);
    CHECK(report.find("Action: delivered") != std::string::npos);
    CHECK(report.find("Status: 2.0.0") != std::string::npos);
    CHECK(report.find("nobody@elsewhere.invalid") == std::string::npos);
}

TEST_CASE("a big mail on a slow link takes longer than the 300 s reply timeout and still arrives once",
          "[world][failure][tcp]") {
    auto s = oneMail();
    s.actions[0].attachments.push_back({"video.mp4", "video/mp4", 3'000'000});  // ~4 MB of base64
    for (auto& l : s.links)
        if (l.id == "internet--recipient-net") l.bandwidthBitsPerSecond = 80'000;  // DATA takes ~7 minutes
    world::World w(s);
    w.run();
    CHECK(inbox(w, "mail-recipient", "bob@recipient.example") == 1);
    const auto counts = trace::countMail(w.trace());
    CHECK(counts.deferrals == 0);
    CHECK(counts.relayed == 1);
    double delivered = 0;
    for (const auto& e : w.trace().events)
        if (e.kind == EventKind::Delivered) delivered = e.time.toSeconds();
    CHECK(delivered > 300);
    checkNothingLost(w.trace());
}
