// TXT records in a scenario's zones and a mail server's check_senders: read, refused with a
// located reason, written back to an equal scenario, served by the DNS engine as character-strings,
// and shown as zone-file lines in the network editor (and read back from them).
#include "dns/dns_zone.h"
#include "model/network_text.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_writer.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <string>

using namespace postino;

namespace {

// A world with one DNS server whose bank.example zone holds `records` (JSON), and a mail server
// with `serverExtra` fields.
std::string world(const std::string& records, const std::string& serverExtra = "") {
    return R"({"title": {"en": "t"}, "nodes": [
  {"id": "dns", "type": "dns_server", "ip": "198.51.100.53",
   "zones": [{"origin": "bank.example", "records": [)" +
           records + R"(]}]},
  {"id": "mx", "type": "mail_server", "ip": "192.0.2.10", "domains": ["bank.example"], "resolver": "dns")" +
           serverExtra + R"(}],
 "links": [{"a": "dns", "b": "mx"}]})";
}

scenario::LoadResult load(const std::string& text) { return scenario::loadScenarioText(text, "t.json"); }

const scenario::DnsRecord& record(const scenario::Scenario& s, std::size_t i) { return s.nodes[0].zones[0].records.at(i); }

}  // namespace

TEST_CASE("TXT records: a string, an array, underscore names, and the round trip", "[scenario][txt]") {
    const std::string longText = "v=spf1 " + std::string(300, 'x') + " -all";
    const auto r = load(world(R"({"name": "@", "type": "TXT", "text": "v=spf1 ip4:192.0.2.10 -all"},
        {"name": "_dmarc", "type": "txt", "text": "v=DMARC1; p=reject", "ttl": 300},
        {"name": "s1._domainkey", "type": "TXT", "text": ["v=DKIM1; k=ed25519; ", "p=abc"]},
        {"name": "long", "type": "TXT", "text": ")" + longText + R"("})"));
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    const auto& s = *r.scenario;
    CHECK(record(s, 0).type == scenario::RecordType::TXT);
    CHECK(record(s, 0).name == "bank.example");
    CHECK(record(s, 0).texts == std::vector<std::string>{"v=spf1 ip4:192.0.2.10 -all"});
    CHECK(record(s, 1).name == "_dmarc.bank.example");
    CHECK(record(s, 1).ttl == 300);
    CHECK(record(s, 2).name == "s1._domainkey.bank.example");
    CHECK(record(s, 2).texts.size() == 2);
    // The writer gives a text the loader reads back to the same scenario.
    const std::string written = scenario::writeScenarioText(s);
    const auto again = load(written);
    INFO(written);
    REQUIRE(again.ok());
    CHECK(again.scenario->nodes == s.nodes);
    // The DNS engine serves a long text cut into 255-octet character-strings, an array as given.
    dns::AuthoritativeServer server(s.nodes[0].zones, "ns.bank.example");
    dns::Message q;
    q.id = 7;
    q.questions.push_back({"long.bank.example", dns::RrType::TXT});
    const dns::Message a = server.answer(q);
    REQUIRE(a.answers.size() == 1);
    CHECK(a.answers[0].texts.size() == 2);
    CHECK(a.answers[0].texts[0].size() == 255);
    CHECK(dns::txtText(a.answers[0]) == longText);
    q.questions[0].name = "s1._domainkey.bank.example";
    const dns::Message k = server.answer(q);
    REQUIRE(k.answers.size() == 1);
    CHECK(k.answers[0].texts == std::vector<std::string>{"v=DKIM1; k=ed25519; ", "p=abc"});
}

TEST_CASE("TXT records: bad text gets an error at its place", "[scenario][txt]") {
    struct Bad {
        std::string records;
        std::string pointer;
        std::string words;
    };
    const std::vector<Bad> cases = {
        {R"({"name": "@", "type": "TXT", "text": "caf\u00e9"})", "/nodes/0/zones/0/records/0/text",
         "printable ASCII; character 4 is byte 0xC3"},
        {R"({"name": "@", "type": "TXT", "text": "a\tb"})", "/nodes/0/zones/0/records/0/text", "byte 0x09"},
        {R"({"name": "@", "type": "TXT", "text": [")" + std::string(256, 'a') + R"("]})",
         "/nodes/0/zones/0/records/0/text/0", "at most 255 octets; this one has 256"},
        {R"({"name": "@", "type": "TXT", "text": ")" + std::string(4001, 'a') + R"("})",
         "/nodes/0/zones/0/records/0/text", "at most 4000 octets; this one has 4001"},
        {R"({"name": "@", "type": "TXT", "text": []})", "/nodes/0/zones/0/records/0/text", "expected 1 to 16 strings"},
        {R"({"name": "@", "type": "TXT", "text": 5})", "/nodes/0/zones/0/records/0/text", "or an array of strings"},
        {R"({"name": "@", "type": "TXT"})", "/nodes/0/zones/0/records/0", "\"text\""},
        {R"({"name": "@", "type": "TXT", "text": "x", "address": "192.0.2.1"})", "/nodes/0/zones/0/records/0/address",
         "(\"address\" is for A records)"},
        {R"({"name": "@", "type": "A", "address": "192.0.2.1", "text": "x"})", "/nodes/0/zones/0/records/0/text",
         "(\"text\" is for TXT records)"},
        {R"({"name": "_mail", "type": "A", "address": "192.0.2.1"})", "/nodes/0/zones/0/records/0/name",
         "letters, digits and '-'"},
        {R"({"name": "bad name", "type": "TXT", "text": "x"})", "/nodes/0/zones/0/records/0/name", "\"_dmarc\""},
        {R"({"name": "@", "type": "TXT", "text": "v=spf1 -all"}, {"name": "@", "type": "TXT", "text": ["v=spf1", " -all"]})",
         "/nodes/0/zones/0/records/1", "repeats an earlier one"},
        {R"({"name": "@", "type": "SPF", "text": "x"})", "/nodes/0/zones/0/records/0/type", "allowed: A, MX, TXT"},
    };
    for (const Bad& b : cases) {
        const auto r = load(world(b.records));
        INFO(b.records.substr(0, 120) << "\n" << r.formatErrors());
        REQUIRE(!r.ok());
        bool found = false;
        for (const auto& e : r.errors) found = found || (e.jsonPath == b.pointer && e.message.find(b.words) != std::string::npos);
        CHECK(found);
        CHECK(r.errors.front().line > 0);
    }
}

TEST_CASE("check_senders: true, an object, errors, and the round trip", "[scenario][txt]") {
    const auto all = load(world("", R"(, "check_senders": true)"));
    REQUIRE(all.ok());
    CHECK(all.scenario->nodes[1].checkSenders == scenario::SenderChecks{true, true, true});
    CHECK(scenario::writeScenarioText(*all.scenario).find(R"("check_senders": true)") != std::string::npos);
    const auto some = load(world("", R"(, "check_senders": {"spf": true, "dmarc": true})"));
    REQUIRE(some.ok());
    CHECK(some.scenario->nodes[1].checkSenders == scenario::SenderChecks{true, false, true});
    const auto back = load(scenario::writeScenarioText(*some.scenario));
    REQUIRE(back.ok());
    CHECK(back.scenario->nodes == some.scenario->nodes);
    const auto off = load(world("", R"(, "check_senders": false)"));
    REQUIRE(off.ok());
    CHECK(scenario::writeScenarioText(*off.scenario).find("check_senders") == std::string::npos);

    const std::vector<std::pair<std::string, std::string>> bad = {
        {R"(, "check_senders": {"dmarc": true})", "turn on \"spf\" or \"dkim\""},
        {R"(, "check_senders": {"spf": 1})", "expected true or false"},
        {R"(, "check_senders": {"sfp": true})", "unknown field"},
        {R"(, "check_senders": "yes")", "expected true, false or an object"},
    };
    for (const auto& [extra, words] : bad) {
        const auto r = load(world("", extra));
        INFO(extra << "\n" << r.formatErrors());
        REQUIRE(!r.ok());
        CHECK(r.formatErrors().find(words) != std::string::npos);
    }
    // The checks ask DNS: a server without a resolver cannot have them.
    std::string noResolver = world("", R"(, "check_senders": true)");
    noResolver.replace(noResolver.find(R"(, "resolver": "dns")"), 19, "");
    const auto r = load(noResolver);
    REQUIRE(!r.ok());
    CHECK(r.errors.front().jsonPath == "/nodes/1/check_senders");
    CHECK(r.errors.front().message.find("give this server a \"resolver\"") != std::string::npos);
}

TEST_CASE("the network editor's zone lines show TXT records and read them back", "[scenario][txt][viz]") {
    const auto r = load(world(R"({"name": "@", "type": "TXT", "text": "v=spf1 ip4:192.0.2.10 -all"},
        {"name": "s1._domainkey", "type": "TXT", "text": ["v=DKIM1; k=ed25519; ", "p=a\"b\\c"], "ttl": 60})"));
    REQUIRE(r.ok());
    const auto& zones = r.scenario->nodes[0].zones;
    const std::string text = viz::zonesText(zones);
    CHECK(text ==
          "zone bank.example\n@ TXT \"v=spf1 ip4:192.0.2.10 -all\"\n"
          "s1._domainkey TXT \"v=DKIM1; k=ed25519; \" \"p=a\\\"b\\\\c\" ttl 60\n");
    CHECK(viz::parseZones(text) == zones);
    // Typed without quotes: the words make one text.
    const auto typed = viz::parseZones("zone bank.example\n_dmarc TXT v=DMARC1; p=reject\n");
    REQUIRE(typed.size() == 1);
    REQUIRE(typed[0].records.size() == 1);
    CHECK(typed[0].records[0].name == "_dmarc.bank.example");
    CHECK(typed[0].records[0].texts == std::vector<std::string>{"v=DMARC1; p=reject"});
}
