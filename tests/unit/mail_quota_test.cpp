// Mailbox quotas: the store's count, the scenario's "quota_bytes" (with located errors), and
// the mail server node's decisions (a local delivery that does not fit stays in the queue;
// the RCPT refusal the SMTP side can use). IMAP's APPEND/COPY: imap_dovecot_parity_test.cpp.
#include "mail_fate_check.h"
#include "test_support.h"

#include "mail/mail_store.h"
#include "nodes/mail_server_node.h"
#include "scenario/scenario_loader.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <string>

using namespace postino;
using namespace postino::testing;

TEST_CASE("quota: the store counts every folder, the default is 100 MiB", "[mail][store][quota]") {
    mail::MailStore store;
    mail::Mailbox& a = store.create("a");
    CHECK(a.quotaBytes() == mail::kDefaultQuotaBytes);
    CHECK(mail::kDefaultQuotaBytes == 104857600);
    store.setQuotaBytes(100);
    mail::Mailbox& b = store.create("b");
    CHECK(a.quotaBytes() == 100);
    CHECK(b.quotaBytes() == 100);
    a.append("INBOX", std::string(60, 'x'), Time::zero());
    a.append("Sent", std::string(30, 'x'), Time::zero());
    CHECK(a.usedBytes() == 90);
    CHECK(a.fits(10));
    CHECK_FALSE(a.fits(11));
    a.setQuotaBytes(50);  // lowered below what is stored: nothing fits, nothing is lost
    CHECK_FALSE(a.fits(0));
    CHECK(a.usedBytes() == 90);
}

namespace {

std::string serverWithQuota(const std::string& quotaJson) {
    return R"({"title": "t", "nodes": [
      {"id": "pc", "type": "client", "ip": "192.0.2.1"},
      {"id": "mail", "type": "mail_server", "ip": "192.0.2.2", "domains": ["b.example"],
       "quota_bytes": )" + quotaJson + R"(}],
      "links": [{"a": "pc", "b": "mail"}]})";
}

}  // namespace

TEST_CASE("quota: a mail server's quota_bytes is read, bad values get a located error", "[scenario][quota]") {
    scenario::LoadResult good = scenario::loadScenarioText(serverWithQuota("1048576"), "q.json");
    INFO(good.formatErrors());
    REQUIRE(good.ok());
    CHECK(good.scenario->nodes[1].quotaBytes == 1048576u);
    CHECK_FALSE(good.scenario->nodes[0].quotaBytes.has_value());

    for (const char* bad : {"0", "-5", "1.5", "\"10MB\"", "1099511627777"}) {
        INFO(bad);
        scenario::LoadResult r = scenario::loadScenarioText(serverWithQuota(bad), "q.json");
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].jsonPath == "/nodes/1/quota_bytes");
        CHECK(r.errors[0].line == 4);
        CHECK(r.errors[0].message.find("expected a whole number from 1 to 1099511627776") != std::string::npos);
    }
    // Only mail servers have one.
    scenario::LoadResult misplaced = scenario::loadScenarioText(
        R"({"title": "t", "nodes": [{"id": "pc", "type": "client", "ip": "192.0.2.1", "quota_bytes": 5}]})", "q.json");
    REQUIRE(misplaced.errors.size() == 1);
    CHECK(misplaced.errors[0].message.find("(\"quota_bytes\" is for mail_server nodes)") != std::string::npos);
}

namespace {

// A lesson as its file says, with "quota_bytes" given to one mail server.
scenario::Scenario lessonWithQuota(const std::string& file, const std::string& server, std::uint64_t quota) {
    std::string text = readFile(sourcePath("scenarios/" + file));
    const std::string node = "\"id\": \"" + server + "\",";
    const std::size_t at = text.find(node);
    REQUIRE(at != std::string::npos);
    text.insert(at + node.size(), " \"quota_bytes\": " + std::to_string(quota) + ",");
    scenario::LoadResult r = scenario::loadScenarioText(text, file);
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    return std::move(*r.scenario);
}

bool hasEvent(const world::World& w, trace::EventKind kind, const std::string& text) {
    for (const auto& e : w.trace().events)
        if (e.kind == kind && e.text.find(text) != std::string::npos) return true;
    return false;
}

int countEvents(const world::World& w, trace::EventKind kind) {
    int n = 0;
    for (const auto& e : w.trace().events) n += e.kind == kind;
    return n;
}

std::size_t inboxSize(const world::World& w, const std::string& server, const std::string& user) {
    return w.storeOf(*w.indexOf(server))->find(user)->findFolder("INBOX")->messages.size();
}

const std::string kCarolFull =
    "552 5.2.2 <carol@sender.example>: Recipient address rejected: Quota exceeded (mailbox for user is full)";

}  // namespace

TEST_CASE("quota: the node's refusal of a full mailbox, 552 5.2.2 in Postfix's words around Dovecot's",
          "[world][quota]") {
    world::World w(lessonWithQuota("01-same-domain.json", "mail-sender", 100));
    auto* server = dynamic_cast<world::MailServerNode*>(&w.node(*w.indexOf("mail-sender")));
    REQUIRE(server);
    CHECK(server->store().find("carol@sender.example")->quotaBytes() == 100);
    CHECK(server->quotaRefusal("carol@sender.example").empty());  // empty: a mail of 1 octet would fit
    CHECK(server->quotaRefusal("Carol@Sender.example", 101) ==
          "552 5.2.2 <Carol@Sender.example>: Recipient address rejected: Quota exceeded (mailbox for user is full)");
    CHECK(server->refuseRecipient("carol@sender.example", 101) == kCarolFull);  // what the SMTP engines ask
    CHECK(server->quotaRefusal("nobody@sender.example", 1000).empty());  // no mailbox: not this check's business
}

TEST_CASE("quota: submission to a full mailbox is refused at RCPT, the sender's trace says why, nothing is queued",
          "[world][quota][smtp]") {
    world::World w(lessonWithQuota("01-same-domain.json", "mail-sender", 100));  // smaller than any mail
    w.run();
    CHECK(inboxSize(w, "mail-sender", "carol@sender.example") == 0);
    CHECK(hasEvent(w, trace::EventKind::Rejected,
                   "\"Lunch?\" was not submitted: no recipient was accepted: " + kCarolFull));
    CHECK(countEvents(w, trace::EventKind::MailAccepted) == 0);
    CHECK(countEvents(w, trace::EventKind::Deferred) == 0);
}

TEST_CASE("quota: port 25 refuses RCPT to a full mailbox, the sending server bounces the mail to its sender",
          "[world][quota][smtp][bounce]") {
    world::World w(lessonWithQuota("02-cross-domain.json", "mail-recipient", 100));
    w.run();
    CHECK(inboxSize(w, "mail-recipient", "bob@recipient.example") == 0);
    for (const char* subject : {"Hello Bob", "P.S."}) {
        INFO(subject);
        CHECK(hasEvent(w, trace::EventKind::Note, std::string("\"") + subject + "\" handed to the server: 250"));
    }
    CHECK(hasEvent(w, trace::EventKind::Bounced,
                   "bob@recipient.example: delivery failed for good, status 5.2.2 (host mail.recipient.example"));
    CHECK(countEvents(w, trace::EventKind::Deferred) == 0);
    // Both mails come back to Alice as bounces, with Postfix's words around Dovecot's.
    CHECK(inboxSize(w, "mail-sender", "alice@sender.example") == 2);
    checkNothingLost(w.trace());
}

TEST_CASE("quota: a mail that fits when accepted but not once delivered bounces (Dovecot: quota_full_tempfail = no)",
          "[world][quota][bounce]") {
    // The size Carol's copy has in her mailbox with the default quota (Received:, Return-Path:
    // and Delivered-To: included), then a quota one octet smaller: the submitted text fits at
    // RCPT and at the end of DATA, the delivered one does not.
    world::World roomy(loadLesson("01-same-domain.json"));
    roomy.run();
    const std::size_t delivered =
        roomy.storeOf(*roomy.indexOf("mail-sender"))->find("carol@sender.example")->usedBytes();
    REQUIRE(delivered > 0);

    world::World w(lessonWithQuota("01-same-domain.json", "mail-sender", delivered - 1));
    w.run();
    CHECK(inboxSize(w, "mail-sender", "carol@sender.example") == 0);
    CHECK(hasEvent(w, trace::EventKind::Note, "\"Lunch?\" handed to the server: 250 2.0.0 Ok: queued as"));
    CHECK(hasEvent(w, trace::EventKind::Note,
                   "the mailbox of carol@sender.example is full (0 of its " + std::to_string(delivered - 1) +
                       " bytes are used)"));
    CHECK(hasEvent(w, trace::EventKind::Bounced, "carol@sender.example: delivery failed for good, status 5.2.2"));
    // Alice's mailbox has the same small quota: her bounce arrives if it fits; if not, it is
    // dropped, for a bounce is never bounced.
    CHECK((inboxSize(w, "mail-sender", "alice@sender.example") == 1 ||
           hasEvent(w, trace::EventKind::Note, "is itself a bounce: no bounce is sent for it, it is dropped")));
    checkNothingLost(w.trace());
}

TEST_CASE("quota: of two recipients the one with a full mailbox is refused, the other gets the mail",
          "[world][quota][smtp]") {
    world::World roomy(loadLesson("01-same-domain.json"));
    roomy.run();
    const std::size_t delivered =
        roomy.storeOf(*roomy.indexOf("mail-sender"))->find("carol@sender.example")->usedBytes();

    // Room for one mail in each mailbox: the first fills Carol's, the second goes to both.
    scenario::Scenario s = lessonWithQuota("01-same-domain.json", "mail-sender", delivered + 100);
    scenario::Action again = s.actions.at(0);
    again.at = Time::zero() + Duration::seconds(5);
    again.to = {"carol@sender.example", "alice@sender.example"};
    s.actions.push_back(again);
    world::World w(s);
    w.run();
    CHECK(inboxSize(w, "mail-sender", "carol@sender.example") == 1);
    CHECK(inboxSize(w, "mail-sender", "alice@sender.example") == 1);
    CHECK(hasEvent(w, trace::EventKind::Rejected,
                   "\"Lunch?\" was not submitted for carol@sender.example: " + kCarolFull));
    CHECK(countEvents(w, trace::EventKind::Deferred) == 0);
}

TEST_CASE("quota: the webmail's trace names a recipient the server refused for a full mailbox", "[world][quota][webmail]") {
    // Bob's mailbox as it is when he writes from the browser (11 s): Alice's two mails.
    world::World roomy(loadLesson("07-webmail.json"));
    roomy.run(Time::zero() + Duration::seconds(10));
    const std::uint64_t used =
        roomy.storeOf(*roomy.indexOf("mail-recipient"))->find("bob@recipient.example")->usedBytes();
    REQUIRE(used > 0);

    // Bob writes to Alice and to himself; his own mailbox has 10 octets left.
    scenario::Scenario s = lessonWithQuota("07-webmail.json", "mail-recipient", used + 10);
    for (auto& a : s.actions)
        if (a.node == "bob-browser" && a.type == scenario::ActionType::Send) a.to.push_back("bob@recipient.example");
    world::World w(s);
    w.run();
    CHECK(hasEvent(w, trace::EventKind::Rejected,
                   "\"Re: Hello Bob\" was not submitted for bob@recipient.example: 552 5.2.2 <bob@recipient.example>: "
                   "Recipient address rejected: Quota exceeded (mailbox for user is full)"));
    CHECK(hasEvent(w, trace::EventKind::Delivered, "delivered to the mailbox of alice@sender.example"));
}

TEST_CASE("quota: the lessons run with the default quota and deliver as before", "[world][quota]") {
    world::World w(loadLesson("01-same-domain.json"));
    w.run();
    const auto* store = w.storeOf(*w.indexOf("mail-sender"));
    CHECK(store->quotaBytes() == mail::kDefaultQuotaBytes);
    CHECK(store->find("carol@sender.example")->findFolder("INBOX")->messages.size() == 1);
}
