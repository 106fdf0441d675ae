// Mailbox quotas: the store's count, the scenario's "quota_bytes" (with located errors), and
// the mail server node's decisions (a local delivery that does not fit stays in the queue;
// the RCPT refusal the SMTP side can use). IMAP's APPEND/COPY: imap_dovecot_parity_test.cpp.
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

TEST_CASE("quota: a delivery into a full mailbox stays in the queue, RCPT can be refused with 552 5.2.2",
          "[world][quota]") {
    scenario::Scenario s = loadLesson("01-same-domain.json");
    for (auto& n : s.nodes)
        if (n.id == "mail-sender") n.quotaBytes = 100;  // smaller than any mail
    world::World w(s);
    auto* server = dynamic_cast<world::MailServerNode*>(&w.node(*w.indexOf("mail-sender")));
    REQUIRE(server);
    CHECK(server->store().find("carol@sender.example")->quotaBytes() == 100);
    CHECK(server->quotaRefusal("carol@sender.example").empty());  // empty: a mail of 1 octet would fit
    CHECK(server->quotaRefusal("Carol@Sender.example", 101) ==
          "552 5.2.2 <Carol@Sender.example>: Recipient address rejected: Mailbox full");
    CHECK(server->quotaRefusal("nobody@sender.example", 1000).empty());  // no mailbox: not this check's business
    w.run();
    CHECK(server->store().find("carol@sender.example")->findFolder("INBOX")->messages.empty());
    bool held = false;
    for (const auto& e : w.trace().events)
        held = held || (e.kind == trace::EventKind::Deferred &&
                        e.text.find("cannot deliver to carol@sender.example (the mailbox is full: 0 of its 100 bytes "
                                    "are used): the mail stays in the queue") != std::string::npos);
    CHECK(held);
}

TEST_CASE("quota: the lessons run with the default quota and deliver as before", "[world][quota]") {
    world::World w(loadLesson("01-same-domain.json"));
    w.run();
    const auto* store = w.storeOf(*w.indexOf("mail-sender"));
    CHECK(store->quotaBytes() == mail::kDefaultQuotaBytes);
    CHECK(store->find("carol@sender.example")->findFolder("INBOX")->messages.size() == 1);
}
