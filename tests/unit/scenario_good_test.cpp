// Loading valid scenarios: parsed values (localized text, addresses, DNS names
// made absolute, times and latencies in nanoseconds, bandwidth, defaults,
// actions sorted by time) from tests/corpus/good and from inline text.
#include "scenario/scenario_loader.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#ifndef POSTINO_SOURCE_DIR
#error "POSTINO_SOURCE_DIR must be defined (path of the repository)"
#endif

using namespace postino;
using namespace postino::scenario;

namespace {

constexpr std::uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d) { return (a << 24) | (b << 16) | (c << 8) | d; }

const Node& nodeById(const Scenario& s, const std::string& id) {
    for (const auto& n : s.nodes) {
        if (n.id == id) return n;
    }
    FAIL("no node " << id);
    return s.nodes.front();
}

Scenario loadGood(const std::string& name) {
    std::string path = std::string(POSTINO_SOURCE_DIR) + "/tests/corpus/good/" + name;
    LoadResult r = loadScenarioFile(path);
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    REQUIRE(r.errors.empty());
    CHECK(r.scenario->sourcePath == path);
    return *r.scenario;
}

// A minimal valid scenario: one router, nothing else.
const char* kMinimal = R"({"title": "One router", "nodes": [{"id": "r1", "type": "router", "ip": "192.0.2.1"}]})";

}  // namespace

TEST_CASE("scenario: good scenario: title, description, seed, localized labels", "[scenario]") {
    Scenario s = loadGood("alice-to-bob.json");
    CHECK(s.title.get("en") == "Alice writes to Bob");
    CHECK(s.title.get("it") == "Alice scrive a Bob");
    CHECK(s.title.get("el") == "Η Αλίκη γράφει στον Βασίλη");
    CHECK(s.title.get("fr") == "Alice writes to Bob");  // falls back to English
    CHECK(s.title.byLanguage.size() == 4);
    CHECK(s.description.get("en").rfind("Alice's mail travels", 0) == 0);
    CHECK(s.seed == 42);
    REQUIRE(s.nodes.size() == 6);

    const Node& alice = nodeById(s, "alice-laptop");
    CHECK(alice.type == NodeType::Client);
    CHECK(alice.ip == ip(192, 0, 2, 10));
    CHECK(alice.hostname == "alice-laptop");
    CHECK(alice.label.get("en") == "Alice's laptop");
    CHECK(alice.label.get("it") == "Il portatile di Alice");
    REQUIRE(alice.position.has_value());
    CHECK(alice.position->first == 100.0);
    CHECK(alice.position->second == 200.0);
    REQUIRE(alice.accounts.size() == 1);
    CHECK(alice.accounts[0].address == "alice@sender.example");
    CHECK(alice.accounts[0].password == "wonderland");
    CHECK(alice.accounts[0].server == "mail-sender");

    const Node& router = nodeById(s, "internet");
    CHECK(router.type == NodeType::Router);
    CHECK(router.hostname == "internet");  // defaults to the id
    CHECK_FALSE(router.position.has_value());
    CHECK(router.label.byLanguage.empty());
}

TEST_CASE("scenario: good scenario: names and addresses are lower-cased", "[scenario]") {
    Scenario s = loadGood("alice-to-bob.json");
    const Node& bob = nodeById(s, "bob-pc");
    REQUIRE(bob.accounts.size() == 1);
    CHECK(bob.accounts[0].address == "bob@recipient.example");
    const Node& mx = nodeById(s, "mail-recipient");
    CHECK(mx.type == NodeType::MailServer);
    CHECK(mx.hostname == "mail.recipient.example");  // lower-cased, trailing dot removed
    CHECK(mx.domains == std::vector<std::string>{"recipient.example"});
    REQUIRE(mx.users.size() == 1);
    CHECK(mx.users[0].address == "bob@recipient.example");
    CHECK(mx.resolver == "dns");
}

TEST_CASE("scenario: good scenario: DNS records get absolute names, TTLs and data", "[scenario]") {
    Scenario s = loadGood("alice-to-bob.json");
    const Node& dns = nodeById(s, "dns");
    CHECK(dns.type == NodeType::DnsServer);
    REQUIRE(dns.zones.size() == 2);

    const DnsZone& recipient = dns.zones[0];
    CHECK(recipient.origin == "recipient.example");
    REQUIRE(recipient.records.size() == 2);
    const DnsRecord& mx = recipient.records[0];
    CHECK(mx.type == RecordType::MX);
    CHECK(mx.name == "recipient.example");  // "@"
    CHECK(mx.preference == 10);
    CHECK(mx.exchange == "mail.recipient.example");
    CHECK(mx.ttl == 3600);
    const DnsRecord& a = recipient.records[1];
    CHECK(a.type == RecordType::A);
    CHECK(a.name == "mail.recipient.example");  // relative "mail"
    CHECK(a.address == ip(203, 0, 113, 25));
    CHECK(a.ttl == 300);

    const DnsZone& sender = dns.zones[1];
    CHECK(sender.origin == "sender.example");
    REQUIRE(sender.records.size() == 2);
    CHECK(sender.records[0].name == "sender.example");  // equal to the origin: absolute
    CHECK(sender.records[0].exchange == "mail.sender.example");  // trailing dot removed
    CHECK(sender.records[0].preference == 20);
    CHECK(sender.records[1].name == "mail.sender.example");  // "mail.sender.example." absolute
    CHECK(sender.records[1].type == RecordType::A);          // "a" accepted
    CHECK(sender.records[1].ttl == 3600);
}

TEST_CASE("scenario: good scenario: links with defaults, latency in ns, bandwidth in bit/s", "[scenario]") {
    Scenario s = loadGood("alice-to-bob.json");
    REQUIRE(s.links.size() == 5);
    CHECK(s.links[0].id == "alice-laptop--internet");
    CHECK(s.links[0].a == "alice-laptop");
    CHECK(s.links[0].b == "internet");
    CHECK(s.links[0].latency.ns() == 5'000'000);
    CHECK(s.links[0].bandwidthBitsPerSecond == 100'000'000);
    CHECK(s.links[0].mtu == 1500);
    CHECK(s.links[1].id == "bob-uplink");
    CHECK(s.links[1].latency.ns() == 2'500'000);
    CHECK(s.links[1].bandwidthBitsPerSecond == 500'000);
    CHECK(s.links[2].latency.ns() == 2);  // 0.000002 ms
    CHECK(s.links[3].latency == Duration::millis(1));  // default
    CHECK(s.links[3].mtu == 9000);
    CHECK(s.links[4].bandwidthBitsPerSecond == 100'000'000);  // default
}

TEST_CASE("scenario: good scenario: actions are sorted by time, stable for equal times", "[scenario]") {
    Scenario s = loadGood("alice-to-bob.json");
    REQUIRE(s.actions.size() == 4);
    CHECK(s.actions[0].at.ns() == 100'000'000);
    CHECK(s.actions[0].subject.empty());
    CHECK(s.actions[0].body.empty());
    CHECK(s.actions[1].at.ns() == 1'000'000'000);
    CHECK(s.actions[1].subject == "Hello");
    CHECK(s.actions[1].body == "Hi Bob,\nhow are you?\n");
    CHECK(s.actions[1].cc == std::vector<std::string>{"carol@recipient.example"});
    CHECK(s.actions[2].at.ns() == 1'000'000'000);
    CHECK(s.actions[2].subject == "Same time, later in the file");
    CHECK(s.actions[2].from == "alice@sender.example");  // "ALICE@..." lower-cased
    CHECK(s.actions[3].at.ns() == 2'500'000'000);
    CHECK(s.actions[3].node == "bob-pc");
    CHECK(s.actions[3].to == std::vector<std::string>{"alice@sender.example"});
    for (const auto& a : s.actions) CHECK(a.type == ActionType::Send);
}

TEST_CASE("scenario: a minimal scenario loads with defaults", "[scenario]") {
    LoadResult r = loadScenarioText(kMinimal, "minimal.json");
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    CHECK(r.scenario->seed == 1);
    CHECK(r.scenario->description.byLanguage.empty());
    CHECK(r.scenario->links.empty());
    CHECK(r.scenario->actions.empty());
    CHECK(r.scenario->sourcePath == "minimal.json");
}

TEST_CASE("scenario: times and numbers convert exactly", "[scenario]") {
    struct Case {
        const char* at;
        std::int64_t ns;
    };
    const Case cases[] = {
        {"0", 0},
        {"0.1", 100'000'000},
        {"1.0000000004", 1'000'000'000},
        {"1.0000000006", 1'000'000'001},
        {"2e-9", 2},
        {"1000000", 1'000'000'000'000'000},
        {"3", 3'000'000'000},
    };
    for (const auto& c : cases) {
        std::string text = std::string(R"({"title": "t", "nodes": [{"id": "pc", "type": "client", "ip": "192.0.2.1",
          "accounts": [{"address": "a@b.example", "password": "p", "server": "m"}]},
          {"id": "m", "type": "mail_server", "ip": "192.0.2.2", "domains": ["b.example"]}],
          "links": [{"a": "pc", "b": "m", "mtu": 1500.0, "bandwidth_mbps": 1e-6}],
          "actions": [{"type": "send", "at": )") + c.at + R"(, "node": "pc", "from": "a@b.example", "to": ["x@y.example"]}]})";
        LoadResult r = loadScenarioText(text, "t.json");
        INFO(c.at << "\n" << r.formatErrors());
        REQUIRE(r.ok());
        CHECK(r.scenario->actions[0].at.ns() == c.ns);
        CHECK(r.scenario->links[0].mtu == 1500);
        CHECK(r.scenario->links[0].bandwidthBitsPerSecond == 1);
    }
}

TEST_CASE("scenario: a UTF-8 byte order mark is accepted", "[scenario]") {
    LoadResult r = loadScenarioText(std::string("\xEF\xBB\xBF") + kMinimal, "bom.json");
    INFO(r.formatErrors());
    CHECK(r.ok());
}

TEST_CASE("scenario: a big seed and a localized description load", "[scenario]") {
    LoadResult r = loadScenarioText(
        R"({"title": {"en": "T", "pt-BR": "Título"}, "description": {"en": "", "el": "Περιγραφή"},
            "seed": 18446744073709551615, "nodes": [{"id": "r", "type": "router", "ip": "10.0.0.1"}]})",
        "t.json");
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    CHECK(r.scenario->seed == 18446744073709551615ull);
    CHECK(r.scenario->title.get("pt-BR") == "Título");
    CHECK(r.scenario->title.get("pt-BR-x") == "T");
    CHECK(r.scenario->description.get("el") == "Περιγραφή");
    CHECK(r.scenario->description.get("it").empty());
}

TEST_CASE("scenario: the example in docs/scenario-format.md is valid", "[scenario]") {
    std::ifstream in(std::string(POSTINO_SOURCE_DIR) + "/docs/scenario-format.md", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string doc = ss.str();
    std::size_t start = doc.find("```json\n");
    REQUIRE(start != std::string::npos);
    start += 8;
    std::size_t end = doc.find("```", start);
    REQUIRE(end != std::string::npos);
    LoadResult r = loadScenarioText(doc.substr(start, end - start), "docs/scenario-format.md");
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    const Scenario& s = *r.scenario;
    CHECK(s.title.get("es") == "Alice escribe a Bob");
    CHECK(s.nodes.size() == 5);
    CHECK(s.links.size() == 4);
    CHECK(s.links[3].id == "dns-uplink");
    CHECK(s.links[3].latency.ns() == 500'000);
    REQUIRE(s.actions.size() == 1);
    CHECK(s.actions[0].at.ns() == 1'000'000'000);
    CHECK(s.actions[0].body == "Hi Bob,\nsee you soon!\n");
}
