// A mail address is one mailbox whatever the case of its letters (the servers fold it, as
// Postfix's local delivery does): a bounce to a sender who wrote MAIL FROM in capitals reaches
// that sender, and one mailbox named twice in two spellings gets the mail once.
// Both found by the nothing-lost property test (random_world.h).
#include "mail_fate_check.h"
#include "test_support.h"

#include "mail/mail_store.h"
#include "trace/mail_fate.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

namespace {

const mail::Folder& inboxOf(world::World& w, const std::string& node, const std::string& address) {
    const auto* store = w.storeOf(*w.indexOf(node));
    REQUIRE(store);
    const auto* box = store->find(address);
    REQUIRE(box);
    return *box->findFolder("INBOX");
}

}  // namespace

TEST_CASE("a bounce to a sender written in capitals reaches the sender's mailbox", "[world][bounce]") {
    // Alice's mail program writes her address in capitals: MAIL FROM:<ALICE@SENDER.EXAMPLE>. The
    // domain does not exist, so the bounce goes back to that address, which is Alice's mailbox.
    auto s = loadLesson("02-cross-domain.json");
    s.actions.resize(1);
    for (auto& n : s.nodes)
        for (auto& a : n.accounts) a.address = "ALICE@SENDER.EXAMPLE";
    s.actions[0].from = "ALICE@SENDER.EXAMPLE";
    s.actions[0].to = {"someone@nowhere.recipient.example"};
    world::World w(s);
    w.run();
    const auto& inbox = inboxOf(w, "mail-sender", "alice@sender.example");
    REQUIRE(inbox.messages.size() == 1);
    CHECK(inbox.messages[0].data.find("Status: 5.4.4") != std::string::npos);
    CHECK(inbox.messages[0].data.rfind("Return-Path: <>\r\nDelivered-To: alice@sender.example\r\n", 0) == 0);
    const auto counts = trace::countMail(w.trace());
    CHECK(counts.bounces == 1);
    CHECK(counts.delivered == 1);  // the bounce, into Alice's mailbox
    CHECK(counts.bounced == 1);    // the original recipient, not the bounce
    for (const auto& e : w.trace().events) CHECK(e.text.find("unknown user") == std::string::npos);
    checkNothingLost(w.trace());
}

TEST_CASE("one mailbox named twice in two spellings gets the mail once", "[world]") {
    auto s = loadLesson("02-cross-domain.json");
    s.actions.resize(1);
    s.actions[0].to = {"bob@recipient.example"};
    s.actions[0].cc = {"Bob@Recipient.Example"};
    world::World w(s);
    w.run();
    CHECK(inboxOf(w, "mail-recipient", "bob@recipient.example").messages.size() == 1);
    const auto counts = trace::countMail(w.trace());
    CHECK(counts.recipients == 2);  // one on each server
    CHECK(counts.relayed == 1);
    CHECK(counts.delivered == 1);
    checkNothingLost(w.trace());
}
