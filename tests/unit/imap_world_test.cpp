// IMAP in the world: every device keeps a cache in sync with the server,
// so both devices see every mail and the server keeps them all.
#include "test_support.h"

#include "imap_client/device_cache.h"
#include "mail/mail_store.h"
#include "nodes/client_node.h"
#include "scenario/scenario_loader.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

TEST_CASE("IMAP: the laptop and the phone both see every mail, and the server keeps them", "[world][imap]") {
    auto s = loadLesson("04-pop3-two-devices.json");
    for (auto& n : s.nodes)
        for (auto& a : n.accounts)
            if (a.incoming == scenario::IncomingProtocol::Pop3) a.incoming = scenario::IncomingProtocol::Imap;
    world::World w(s);
    w.run();
    for (const char* device : {"bob-laptop", "bob-phone"}) {
        INFO(device);
        auto* client = dynamic_cast<world::ClientNode*>(&w.node(*w.indexOf(device)));
        REQUIRE(client);
        const auto* cache = client->imapCache("bob@recipient.example");
        REQUIRE(cache);
        const auto* inbox = cache->find("INBOX");
        REQUIRE(inbox);
        CHECK(inbox->messages.size() == 3);
        for (const auto& [uid, m] : inbox->messages) {
            CHECK(m.downloaded);
            CHECK(m.content.find("From: alice@sender.example") != std::string::npos);
            CHECK(m.flags.count("\\Seen") == 0);  // syncing is not reading (BODY.PEEK)
        }
    }
    const auto* store = w.storeOf(*w.indexOf("mail-recipient"));
    CHECK(store->find("bob@recipient.example")->findFolder("INBOX")->messages.size() == 3);
    std::size_t imapConnections = 0;
    for (const auto& c : w.trace().connections) imapConnections += c.serverPort == 143;
    CHECK(imapConnections == 4);
    bool sawLogin = false;
    for (const auto& l : w.trace().lines) sawLogin |= l.fromClient && l.text.find(" LOGIN ") != std::string::npos;
    CHECK(sawLogin);
}

TEST_CASE("IMAP lesson 05: read on the phone shows read on the laptop, a move syncs", "[world][imap]") {
    world::World w(loadLesson("05-imap-two-devices.json"));
    w.run();
    auto cacheOf = [&](const char* device) {
        auto* client = dynamic_cast<world::ClientNode*>(&w.node(*w.indexOf(device)));
        REQUIRE(client);
        const auto* cache = client->imapCache("bob@recipient.example");
        REQUIRE(cache);
        return cache;
    };
    for (const char* device : {"bob-laptop", "bob-phone"}) {
        INFO(device);
        const auto* inbox = cacheOf(device)->find("INBOX");
        REQUIRE(inbox);
        REQUIRE(inbox->messages.size() == 1);  // "Photos" went to Trips
        const auto& m = inbox->messages.begin()->second;
        CHECK(m.content.find("Subject: Hello Bob") != std::string::npos);
        CHECK(m.flags.count("\\Seen") == 1);  // read on the phone, seen on the laptop too
    }
    const auto* box = w.storeOf(*w.indexOf("mail-recipient"))->find("bob@recipient.example");
    REQUIRE(box->findFolder("Trips"));
    CHECK(box->findFolder("Trips")->messages.size() == 1);
    CHECK(box->findFolder("INBOX")->messages.size() == 1);
    // Bob's reply from the phone left a copy in Sent; the laptop's draft waits in Drafts.
    REQUIRE(box->findFolder("Sent")->messages.size() == 1);
    CHECK(box->findFolder("Sent")->messages[0].data.find("Subject: Re: Hello Bob") != std::string::npos);
    CHECK((box->findFolder("Sent")->messages[0].flags & mail::flag::Seen) != 0);
    REQUIRE(box->findFolder("Drafts")->messages.size() == 1);
    CHECK((box->findFolder("Drafts")->messages[0].flags & mail::flag::Draft) != 0);
}

TEST_CASE("message actions need an IMAP account and say which message", "[scenario][imap]") {
    const std::string text = readFile(sourcePath("scenarios/05-imap-two-devices.json"));
    auto bad = text;
    const std::string move = "\"to_folder\": \"Trips\"";
    REQUIRE(bad.find(move) != std::string::npos);
    bad.replace(bad.find(move), move.size(), "\"folder\": \"INBOX\"");
    auto r = scenario::loadScenarioText(bad, "x.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].message.find("to_folder") != std::string::npos);
    bad = text;
    const std::string imap = "\"incoming\": \"imap\"";
    while (bad.find(imap) != std::string::npos) bad.replace(bad.find(imap), imap.size(), "\"incoming\": \"pop3\"");
    r = scenario::loadScenarioText(bad, "x.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].message.find("with POP3 the server never learns") != std::string::npos);
}

TEST_CASE("lesson 12: POP3 empties Bob's server mailbox, Carol's copy stays, IMAP keeps Dana's devices in step", "[world][imap][pop3]") {
    world::World w(loadLesson("12-pop3-vs-imap.json"));
    w.run();
    const auto* store = w.storeOf(*w.indexOf("mail-recipient"));
    CHECK(store->find("bob@recipient.example")->findFolder("INBOX")->messages.size() == 0);
    // POP3 with "leave a copy on the server": both devices hold all three, so does the server.
    CHECK(store->find("carol@recipient.example")->findFolder("INBOX")->messages.size() == 3);
    // Dana read "Agenda", moved "Meeting on Friday" to Work and deleted "Cake in the kitchen" (to Trash).
    const auto* dana = store->find("dana@recipient.example");
    CHECK(dana->findFolder("INBOX")->messages.size() == 1);
    REQUIRE(dana->findFolder("Work"));
    CHECK(dana->findFolder("Work")->messages.size() == 1);
    REQUIRE(dana->findFolder("Trash"));
    CHECK(dana->findFolder("Trash")->messages.size() == 1);
    auto client = [&](const char* id) { return dynamic_cast<world::ClientNode*>(&w.node(*w.indexOf(id))); };
    CHECK(client("bob-laptop")->localMailbox("bob@recipient.example")->messages.size() == 3);
    CHECK(client("bob-phone")->localMailbox("bob@recipient.example")->messages.empty());
    for (const char* carol : {"carol-laptop", "carol-phone"})
        CHECK(client(carol)->localMailbox("carol@recipient.example")->messages.size() == 3);
    for (const char* device : {"dana-laptop", "dana-phone"}) {
        INFO(device);
        const auto* inbox = client(device)->imapCache("dana@recipient.example")->find("INBOX");
        REQUIRE(inbox);
        REQUIRE(inbox->messages.size() == 1);
        CHECK(inbox->messages.begin()->second.flags.count("\\Seen") == 1);
    }
}

TEST_CASE("IMAP lesson 06: two users share info@, each with their own login", "[world][imap]") {
    world::World w(loadLesson("06-imap-shared-mailbox.json"));
    w.run();
    const char* shared = "Shared/info@shop.example/INBOX";
    auto cacheOf = [&](const char* device, const char* account) {
        auto* client = dynamic_cast<world::ClientNode*>(&w.node(*w.indexOf(device)));
        REQUIRE(client);
        const auto* cache = client->imapCache(account);
        REQUIRE(cache);
        return cache;
    };
    // Anna's last sync: the order question (read by her), her own reply (cc info@); the
    // invoice request Marco moved to Accounting is gone from her copy too.
    const auto* anna = cacheOf("anna-laptop", "anna@shop.example")->find(shared);
    REQUIRE(anna);
    REQUIRE(anna->messages.size() == 2);
    for (const auto& [uid, m] : anna->messages) CHECK(m.content.find("Subject: Invoice") == std::string::npos);
    const auto* marco = cacheOf("marco-laptop", "marco@shop.example")->find(shared);
    REQUIRE(marco);
    REQUIRE(marco->messages.size() == 2);
    const auto& order = marco->messages.begin()->second;
    CHECK(order.content.find("Subject: Order 1042") != std::string::npos);
    CHECK(order.has(imap_client::kSeen));  // Anna read it; Marco's laptop shows it read

    const auto* store = w.storeOf(*w.indexOf("mail-shop"));
    const auto* info = store->find("info@shop.example");
    REQUIRE(info);
    CHECK(info->isShared());
    CHECK(info->findFolder("INBOX")->messages.size() == 2);
    REQUIRE(info->findFolder("Accounting"));
    REQUIRE(info->findFolder("Accounting")->messages.size() == 1);
    const auto& invoice = info->findFolder("Accounting")->messages[0];
    CHECK(invoice.data.find("Subject: Invoice for order 1039") != std::string::npos);
    CHECK((invoice.flags & mail::flag::Flagged) != 0);
    // The members' own mailboxes are untouched, apart from Anna's copy in Sent.
    CHECK(store->find("marco@shop.example")->findFolder("INBOX")->messages.empty());
    CHECK(store->find("anna@shop.example")->findFolder("Sent")->messages.size() == 1);
    // Nobody logged in as info@: it has no password of its own.
    for (const auto& l : w.trace().lines) CHECK(l.text.find("LOGIN \"info@") == std::string::npos);
}
