// IMAP in the world: every device keeps a cache in sync with the server,
// so both devices see every mail and the server keeps them all.
#include "test_support.h"

#include "imap_client/device_cache.h"
#include "mail/mail_store.h"
#include "nodes/client_node.h"
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
