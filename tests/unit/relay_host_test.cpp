// The relay host (smarthost) lesson: an office server hands all outbound mail
// to its provider's relay, which relays only for the clients it knows.
#include "test_support.h"

#include "mail/mail_store.h"
#include "scenario/scenario_loader.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

namespace {
std::size_t countOf(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}
}  // namespace

TEST_CASE("mail goes office server -> provider relay -> recipient, leaving three Received lines", "[world][relay]") {
    world::World w(loadLesson("03-multi-hop-relay.json"));
    w.run();
    const auto* store = w.storeOf(*w.indexOf("mail-recipient"));
    REQUIRE(store);
    const auto& inbox = *store->find("bob@recipient.example")->findFolder("INBOX");
    REQUIRE(inbox.messages.size() == 1);
    const std::string& data = inbox.messages[0].data;
    CHECK(countOf(data, "Received: from ") == 3);
    const auto byRecipient = data.find("by mail.recipient.example");
    const auto byRelay = data.find("by smtp.isp.example");
    const auto byOffice = data.find("by mail.office.example");
    CHECK(byRecipient < byRelay);
    CHECK(byRelay < byOffice);
    // The office server looked up no MX: only its relay host's address (A), by name. The
    // relay asked for the MX; the PC, for its server's address.
    std::vector<std::string> asked;
    for (const auto& e : w.trace().events)
        if (e.kind == trace::EventKind::DnsQuery)
            asked.push_back(w.trace().nodes[e.node].id + " " + e.text.substr(e.text.find(": ") + 2));
    REQUIRE(asked.size() == 4);
    CHECK(asked[0].rfind("alice-pc A mail.office.example?", 0) == 0);
    CHECK(asked[1].rfind("mail-office A smtp.isp.example?", 0) == 0);
    CHECK(asked[2].rfind("isp-relay MX recipient.example?", 0) == 0);
    CHECK(asked[3].rfind("isp-relay A mail.recipient.example?", 0) == 0);
}

TEST_CASE("a relay that does not know the office server refuses with 554 5.7.1", "[world][relay]") {
    auto s = loadLesson("03-multi-hop-relay.json");
    for (auto& n : s.nodes)
        if (n.id == "isp-relay") n.relayClients.clear();
    world::World w(s);
    w.run();
    bool denied = false, held = false;
    for (const auto& l : w.trace().lines)
        denied |= l.text == "554 5.7.1 <bob@recipient.example>: Relay access denied";
    for (const auto& e : w.trace().events)
        held |= e.kind == trace::EventKind::Bounced && e.text.find("554 5.7.1") != std::string::npos;
    CHECK(denied);
    CHECK(held);  // a 5xx is final: the office server bounces it to the sender
}

TEST_CASE("relay_host and relay_clients are checked by the loader", "[scenario][relay]") {
    std::string text = readFile(sourcePath("scenarios/03-multi-hop-relay.json"));
    const std::string from = "\"relay_host\": \"isp-relay\"";
    REQUIRE(text.find(from) != std::string::npos);
    auto bad = text;
    bad.replace(bad.find(from), from.size(), "\"relay_host\": \"alice-pc\"");
    auto r = scenario::loadScenarioText(bad, "x.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].jsonPath == "/nodes/2/relay_host");
    CHECK(r.errors[0].message.find("is a client, but this must name a mail_server node") != std::string::npos);
    bad = text;
    bad.replace(bad.find(from), from.size(), "\"relay_host\": \"mail-office\"");
    r = scenario::loadScenarioText(bad, "x.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].message.find("its own relay host") != std::string::npos);
    bad = text;
    const std::string clients = "\"relay_clients\": [\"mail-office\"]";
    bad.replace(bad.find(clients), clients.size(), "\"relay_clients\": [\"nobody\"]");
    r = scenario::loadScenarioText(bad, "x.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].jsonPath == "/nodes/4/relay_clients/0");
}
