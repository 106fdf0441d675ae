// POP3 in the world: download-and-delete leaves the second device nothing,
// keep-on-server lets both devices have the mail, and check_mail is validated.
#include "test_support.h"

#include "mail/mail_store.h"
#include "nodes/client_node.h"
#include "scenario/scenario_loader.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

namespace {
const world::LocalMailbox* local(world::World& w, const std::string& node) {
    auto* client = dynamic_cast<world::ClientNode*>(&w.node(*w.indexOf(node)));
    REQUIRE(client);
    return client->localMailbox("bob@recipient.example");
}
std::size_t serverCount(world::World& w) {
    return w.storeOf(*w.indexOf("mail-recipient"))->find("bob@recipient.example")->findFolder("INBOX")->messages.size();
}
}  // namespace

TEST_CASE("POP3 download-and-delete: the laptop takes the mail, the phone finds nothing", "[world][pop3]") {
    world::World w(loadLesson("04-pop3-two-devices.json"));
    w.run();
    const auto* laptop = local(w, "bob-laptop");
    const auto* phone = local(w, "bob-phone");
    REQUIRE(laptop);
    REQUIRE(phone);
    REQUIRE(laptop->messages.size() == 2);
    REQUIRE(phone->messages.size() == 1);
    CHECK(laptop->messages[0].data.find("Subject: Hello Bob") != std::string::npos);
    CHECK(laptop->messages[1].data.find("Subject: Photos") != std::string::npos);
    CHECK(phone->messages[0].data.find("Subject: One more thing") != std::string::npos);
    CHECK(serverCount(w) == 0);
    // The phone's first check found nothing.
    bool phoneFoundNothing = false;
    for (const auto& e : w.trace().events)
        if (e.kind == trace::EventKind::Downloaded && w.trace().nodes[e.node].id == "bob-phone" && e.mailboxCount == 0)
            phoneFoundNothing = e.text.find("no new mail") != std::string::npos;
    CHECK(phoneFoundNothing);
}

TEST_CASE("POP3 keep-on-server: both devices get every mail, nothing is downloaded twice", "[world][pop3]") {
    auto s = loadLesson("04-pop3-two-devices.json");
    for (auto& n : s.nodes)
        for (auto& a : n.accounts)
            if (a.incoming == scenario::IncomingProtocol::Pop3) a.keepOnServer = true;
    world::World w(s);
    w.run();
    CHECK(local(w, "bob-laptop")->messages.size() == 3);
    CHECK(local(w, "bob-phone")->messages.size() == 3);
    CHECK(serverCount(w) == 3);
}

TEST_CASE("check_mail and incoming are validated", "[scenario][pop3]") {
    const std::string text = readFile(sourcePath("scenarios/04-pop3-two-devices.json"));
    auto bad = text;
    const std::string incoming = "\"incoming\": \"pop3\"";
    bad.replace(bad.find(incoming), incoming.size(), "\"incoming\": \"smoke-signals\"");
    auto r = scenario::loadScenarioText(bad, "x.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].message.find("unknown protocol \"smoke-signals\"; allowed: pop3, imap") != std::string::npos);

    bad = text;
    bad.replace(bad.find(incoming), incoming.size(), "\"keep_on_server\": true");
    r = scenario::loadScenarioText(bad, "x.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].message.find("keep_on_server only applies") != std::string::npos);

    bad = text;
    const std::string check = "\"type\": \"check_mail\",\n      \"at\": 5.0,\n      \"node\": \"bob-laptop\"";
    REQUIRE(bad.find(check) != std::string::npos);
    bad.replace(bad.find(check), check.size(), "\"type\": \"check_mail\", \"at\": 5.0, \"node\": \"alice-laptop\"");
    r = scenario::loadScenarioText(bad, "x.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].message.find("has no \"incoming\" protocol") != std::string::npos);

    bad = text;
    bad.replace(bad.find(check), check.size(),
                "\"type\": \"check_mail\", \"at\": 5.0, \"node\": \"bob-laptop\", \"account\": \"carol@recipient.example\"");
    r = scenario::loadScenarioText(bad, "x.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].jsonPath.find("/account") != std::string::npos);
}
