// check_mail's "folder": a mail program opening a folder other than INBOX (lesson 15's Junk, where
// the server filed a quarantined mail) synchronises that folder into the device's cache over IMAP;
// the field loads, survives the writer, and is refused with its reason for POP3 and for a browser.
#include "test_support.h"

#include "imap_client/device_cache.h"
#include "mail/header_fields.h"
#include "nodes/client_node.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_writer.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

namespace {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

std::string firstError(const std::string& text) {
    const scenario::LoadResult r = scenario::loadScenarioText(text, "x.json");
    if (r.ok()) return "loaded";
    return r.errors.front().jsonPath + ": " + r.errors.front().message;
}

const std::string kJunkCheck = R"({"type": "check_mail", "at": 33.0, "node": "bob-laptop", "folder": "Junk"})";

}  // namespace

TEST_CASE("check_mail folder Junk: Bob's laptop holds the quarantined forgery, its INBOX the bank's notice", "[world][imap]") {
    world::World w(loadLesson("15-forged-sender.json"));
    w.run();
    auto* laptop = dynamic_cast<world::ClientNode*>(&w.node(*w.indexOf("bob-laptop")));
    REQUIRE(laptop);
    const auto* cache = laptop->imapCache("bob@recipient.example");
    REQUIRE(cache);
    const auto* junk = cache->find("Junk");
    REQUIRE(junk);
    REQUIRE(junk->messages.size() == 1);
    const auto& forged = junk->messages.begin()->second;
    CHECK(forged.downloaded);
    CHECK(mail::headerValue(forged.content, "Subject") == "Your parcel is waiting");
    CHECK(mail::headerValue(forged.content, "Authentication-Results").find("dmarc=fail") != std::string::npos);
    const auto* inbox = cache->find("INBOX");
    REQUIRE(inbox);
    REQUIRE(inbox->messages.size() == 1);
    CHECK(mail::headerValue(inbox->messages.begin()->second.content, "Subject") == "Your new card is on its way");
    bool said = false;
    for (const auto& e : w.trace().events)
        said |= e.text == "checks the Junk folder of bob@recipient.example on mail.recipient.example over IMAP (port "
                          "143): the messages stay on the server";
    CHECK(said);
}

TEST_CASE("check_mail folder: loads, is written back, refused for POP3 and for a browser", "[scenario]") {
    const std::string lesson = readFile(sourcePath("scenarios/15-forged-sender.json"));
    REQUIRE(lesson.find(kJunkCheck) != std::string::npos);
    const scenario::LoadResult r = scenario::loadScenarioText(lesson, "x.json");
    REQUIRE(r.ok());
    const scenario::Action& check = r.scenario->actions.back();
    CHECK(check.type == scenario::ActionType::CheckMail);
    CHECK(check.folder == "Junk");
    const std::string written = scenario::writeScenarioText(*r.scenario);
    CHECK(written.find(R"("folder": "Junk")") != std::string::npos);
    const scenario::LoadResult back = scenario::loadScenarioText(written, "x.json");
    REQUIRE(back.ok());
    CHECK(*back.scenario == *r.scenario);

    const std::string pop3 = replaced(lesson, R"("server": "mail-recipient", "incoming": "imap")",
                                      R"("server": "mail-recipient", "incoming": "pop3")");
    CHECK(firstError(pop3) == "/actions/4/folder: account \"bob@recipient.example\" of client \"bob-laptop\" needs "
                              "\"incoming\": \"imap\" to check the folder \"Junk\": POP3 only reads INBOX");
    CHECK(firstError(replaced(lesson, R"("folder": "Junk"})", R"("folder": ""})")) ==
          "/actions/4/folder: expected a folder name like \"Junk\" or \"Work/2026\"");
    CHECK(firstError(replaced(lesson, R"("folder": "Junk"})", R"("folder": 7})")).rfind("/actions/4/folder: ", 0) == 0);
    // A browser's check_mail is the webmail's inbox page.
    const auto web = scenario::loadScenarioText(readFile(sourcePath("scenarios/07-webmail.json")), "x.json");
    REQUIRE(web.ok());
    auto s = *web.scenario;
    bool browser = false;
    for (auto& a : s.actions)
        for (const auto& n : s.nodes)
            if (a.type == scenario::ActionType::CheckMail && a.node == n.id && n.type == scenario::NodeType::Browser && !browser)
                a.folder = "Junk", browser = true;
    REQUIRE(browser);
    const std::string text = scenario::writeScenarioText(s);
    const scenario::LoadResult bad = scenario::loadScenarioText(text, "x.json");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.errors.front().message ==
          "a browser's check_mail opens the webmail's inbox page: \"folder\" is for a mail program (a client node)");
}

TEST_CASE("check_mail folder: a folder the server does not have is said so, not called in sync", "[world][imap]") {
    auto s = loadLesson("05-imap-two-devices.json");
    scenario::Action check;
    check.type = scenario::ActionType::CheckMail;
    check.at = Time::fromNanos(17'500'000'000);
    check.node = "bob-laptop";
    check.folder = "Junk";
    s.actions.push_back(check);
    world::World w(s);
    w.run();
    bool refused = false, inSync = false;
    for (const auto& e : w.trace().events) {
        refused |= e.kind == trace::EventKind::Rejected &&
                   e.text == "Junk of bob@recipient.example could not be opened: the server said \"Mailbox doesn't "
                             "exist: Junk.\"";
        inSync |= e.text.rfind("Junk in sync", 0) == 0;
    }
    CHECK(refused);
    CHECK_FALSE(inSync);
}
