// Node references: every field that names a node (link ends, an account's server or
// webmail, the resolver of a client, webmail, browser or mail server, a mail server's relay
// host and relay clients, a webmail's mail server, an action's node) refuses an empty or unknown id with a located error, so a
// scenario that passes validation never names a node the world cannot find; relay hosts
// may go round in a circle, which the hop limit ends.
#include "mail/mail_store.h"
#include "mail_fate_check.h"
#include "scenario/scenario_loader.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <string>


namespace trace = postino::trace;
namespace mail = postino::mail;
using namespace postino::scenario;
using postino::testing::checkNothingLost;

namespace {

// A small world with one of everything that names a node; `field` is replaced by `value`.
std::string world(const std::string& field, const std::string& value) {
    auto ref = [&](const char* name, const char* normal) {
        return field == name ? "\"" + value + "\"" : std::string("\"") + normal + "\"";
    };
    return R"({"title": "references", "nodes": [
  {"id": "pc", "type": "client", "ip": "192.0.2.10", "resolver": )" + ref("client_resolver", "dns") + R"(,
   "accounts": [{"address": "alice@a.example", "password": "pw", "server": )" + ref("server", "mail-a") + R"(}]},
  {"id": "mail-a", "type": "mail_server", "hostname": "mail.a.example", "ip": "192.0.2.25",
   "domains": ["a.example"], "users": [{"address": "alice@a.example", "password": "pw"}],
   "resolver": )" + ref("resolver", "dns") + R"(, "relay_host": )" + ref("relay_host", "mail-b") + R"(},
  {"id": "mail-b", "type": "mail_server", "hostname": "mail.b.example", "ip": "192.0.2.26",
   "domains": ["b.example"], "users": [{"address": "bob@b.example", "password": "pw"}],
   "relay_clients": [)" + ref("relay_clients", "mail-a") + R"(]},
  {"id": "dns", "type": "dns_server", "hostname": "ns.example.net", "ip": "198.51.100.53", "zones": [
   {"origin": "a.example", "records": [{"name": "mail", "type": "A", "address": "192.0.2.25"}]},
   {"origin": "b.example", "records": [{"name": "mail", "type": "A", "address": "192.0.2.26"},
                                       {"name": "webmail", "type": "A", "address": "192.0.2.80"}]}]},
  {"id": "webmail", "type": "webmail", "hostname": "webmail.b.example", "ip": "192.0.2.80",
   "mail_server": )" + ref("mail_server", "mail-b") + R"(, "resolver": )" + ref("webmail_resolver", "dns") + R"(},
  {"id": "phone", "type": "browser", "ip": "192.0.2.11", "resolver": )" + ref("browser_resolver", "dns") + R"(,
   "accounts": [{"address": "bob@b.example", "password": "pw", "webmail": )" + ref("webmail", "webmail") + R"(}]},
  {"id": "net", "type": "router", "ip": "198.51.100.1"}
], "links": [
  {"a": )" + ref("a", "pc") + R"(, "b": "net"}, {"a": "mail-a", "b": )" + ref("b", "net") + R"(},
  {"a": "mail-b", "b": "net"}, {"a": "dns", "b": "net"}, {"a": "webmail", "b": "net"}, {"a": "phone", "b": "net"}
], "actions": [
  {"type": "send", "at": 1, "node": )" + ref("node", "pc") + R"(, "from": "alice@a.example", "to": ["bob@b.example"]}
]})";
}

struct Reference {
    const char* field;
    const char* pointer;
};

const Reference kReferences[] = {
    {"a", "/links/0/a"},
    {"b", "/links/1/b"},
    {"server", "/nodes/0/accounts/0/server"},
    {"webmail", "/nodes/5/accounts/0/webmail"},
    {"resolver", "/nodes/1/resolver"},
    {"client_resolver", "/nodes/0/resolver"},
    {"webmail_resolver", "/nodes/4/resolver"},
    {"browser_resolver", "/nodes/5/resolver"},
    {"relay_host", "/nodes/1/relay_host"},
    {"relay_clients", "/nodes/2/relay_clients/0"},
    {"mail_server", "/nodes/4/mail_server"},
    {"node", "/actions/0/node"},
};

}  // namespace

TEST_CASE("scenario: the world used by the reference tests is valid and runs", "[scenario]") {
    LoadResult r = loadScenarioText(world("", ""), "refs.json");
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    postino::world::World w(*r.scenario);
    w.run();
    // The client found its server by name: the mail reached mail-a and went on to mail-b.
    CHECK(w.storeOf(*w.indexOf("mail-b"))->find("bob@b.example")->findFolder("INBOX")->messages.size() == 1);
}

TEST_CASE("scenario: a resolver must name a dns_server, and a router has none", "[scenario]") {
    LoadResult r = loadScenarioText(world("client_resolver", "mail-a"), "refs.json");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].jsonPath == "/nodes/0/resolver");
    CHECK(r.errors[0].message.find("is a mail_server, but this must name a dns_server node") != std::string::npos);
    std::string text = world("", "");
    const std::string router = R"({"id": "net", "type": "router", "ip": "198.51.100.1"})";
    text.replace(text.find(router), router.size(), R"({"id": "net", "type": "router", "ip": "198.51.100.1", "resolver": "dns"})");
    r = loadScenarioText(text, "refs.json");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].jsonPath == "/nodes/6/resolver");
    CHECK(r.errors[0].message.find("(\"resolver\" is for client, mail_server, webmail and browser nodes)") !=
          std::string::npos);
}

TEST_CASE("scenario: an empty node reference is a located error, wherever a node id is expected", "[scenario]") {
    for (const Reference& ref : kReferences) {
        INFO("field: " << ref.field);
        const std::string text = world(ref.field, "");
        LoadResult r = loadScenarioText(text, "refs.json");
        INFO(r.formatErrors());
        CHECK(r.errors.size() == 1);
        if (r.errors.empty()) continue;
        const LoadError& e = r.errors.front();
        CHECK(e.jsonPath == ref.pointer);
        CHECK(e.message == "expected the id of a node (like \"mail-sender\"), got an empty string");
        // The position is the value's: the empty string itself.
        CHECK(e.line >= 1);
        if (e.line < 1) continue;
        std::size_t at = 0;
        for (int line = 1; line < e.line; ++line) at = text.find('\n', at) + 1;
        CHECK(text.compare(at + static_cast<std::size_t>(e.column) - 1, 2, "\"\"") == 0);
    }
}

TEST_CASE("scenario: an unknown node reference is a located error, wherever a node id is expected", "[scenario]") {
    for (const Reference& ref : kReferences) {
        INFO("field: " << ref.field);
        LoadResult r = loadScenarioText(world(ref.field, "nowhere"), "refs.json");
        INFO(r.formatErrors());
        CHECK(r.errors.size() >= 1);
        if (r.errors.empty()) continue;
        const LoadError& e = r.errors.front();
        CHECK(e.jsonPath == ref.pointer);
        CHECK(e.message.find("unknown node \"nowhere\"") != std::string::npos);
        CHECK(e.line >= 1);
    }
}

TEST_CASE("scenario: relay hosts in a circle: the hop limit stops the mail, it bounces with 5.4.6", "[scenario][loop]") {
    // A circle once passed every mail for an outside domain round for ever (54 MB of packets in
    // 30 simulated seconds, and growing); now each hop adds a Received: line and the 50th
    // server refuses it, as Postfix does.
    auto servers = [](const char* lastRelay) {
        std::string text = R"({"title": "relays", "nodes": [
  {"id": "pc", "type": "client", "ip": "192.0.2.10",
   "accounts": [{"address": "a@a.example", "password": "pw", "server": "ma"}]},
  {"id": "ma", "type": "mail_server", "hostname": "ma.a.example", "ip": "192.0.2.25", "domains": ["a.example"],
   "users": [{"address": "a@a.example", "password": "pw"}], "relay_host": "mb", "relay_clients": ["mc"]},
  {"id": "mb", "type": "mail_server", "hostname": "mb.b.example", "ip": "192.0.2.26", "domains": ["b.example"],
   "relay_host": "mc", "relay_clients": ["ma"]},
  {"id": "mc", "type": "mail_server", "hostname": "mc.c.example", "ip": "192.0.2.27", "domains": ["c.example"],
   "relay_clients": ["mb"])";
        if (lastRelay) text += std::string(R"(, "relay_host": ")") + lastRelay + "\"";
        return text + R"(},
  {"id": "net", "type": "router", "ip": "198.51.100.1"}
], "links": [{"a": "pc", "b": "net"}, {"a": "ma", "b": "net"}, {"a": "mb", "b": "net"}, {"a": "mc", "b": "net"}],
"actions": [{"type": "send", "at": 1, "node": "pc", "from": "a@a.example", "to": ["x@elsewhere.example"]}]})";
    };
    LoadResult chain = loadScenarioText(servers(nullptr), "chain.json");
    INFO(chain.formatErrors());
    CHECK(chain.ok());
    LoadResult circle = loadScenarioText(servers("ma"), "circle.json");
    INFO(circle.formatErrors());
    REQUIRE(circle.ok());
    postino::world::World w(*circle.scenario);
    w.run();
    const trace::Trace& t = w.trace();
    std::size_t relays = 0;
    bool tooMany = false;
    for (const auto& l : t.lines) {
        relays += l.fromClient && l.text.rfind("MAIL FROM:<a@a.example>", 0) == 0;
        tooMany |= !l.fromClient && l.text == "554 5.4.6 Error: too many hops";
    }
    CHECK(tooMany);
    CHECK(relays == 51);  // submission, then 50 relays: the one carrying 50 Received: lines is refused
    const auto counts = trace::countMail(t);
    CHECK(counts.bounces == 1);
    CHECK(counts.queued == 0);
    const mail::Mailbox* box = w.storeOf(*w.indexOf("ma"))->find("a@a.example");
    REQUIRE(box);
    REQUIRE(box->findFolder("INBOX")->messages.size() == 1);
    CHECK(box->findFolder("INBOX")->messages[0].data.find("Status: 5.4.6") != std::string::npos);
    checkNothingLost(t);
}
