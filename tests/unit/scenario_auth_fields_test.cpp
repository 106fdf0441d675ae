// The scenario's mail-authentication fields: a mail server's "dkim" keys and "forward" aliases,
// a send action's "from_header": what they load to, the errors bad values get (where and what),
// and that the writer gives them back unchanged.
#include "test_support.h"

#include "scenario/auth_validate.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_writer.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::scenario;
using namespace postino::testing;

namespace {

std::string goodText() { return readFile(sourcePath("tests/corpus/good/dkim-forward.json")); }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// The first error of loading `text`: "pointer: message".
std::string firstError(const std::string& text) {
    const LoadResult r = loadScenarioText(text, "x.json");
    if (r.ok()) return "loaded";
    return r.errors.front().jsonPath + ": " + r.errors.front().message;
}

const Node& node(const Scenario& s, const std::string& id) {
    for (const Node& n : s.nodes)
        if (n.id == id) return n;
    FAIL("no node " << id);
    return s.nodes.front();
}

}  // namespace

TEST_CASE("dkim, forward and from_header load as written", "[scenario][auth-fields]") {
    const LoadResult r = loadScenarioText(goodText(), "dkim-forward.json");
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    const Scenario& s = *r.scenario;
    const Node& bank = node(s, "mail-bank");
    REQUIRE(bank.dkim.size() == 1);
    CHECK(bank.dkim[0].domain == "bank.example");
    CHECK(bank.dkim[0].selector == "s2026");
    CHECK(bank.dkim[0].algorithm == DkimAlgorithm::RsaSha256);  // the default
    CHECK(node(s, "mail-forger").dkim.at(0).algorithm == DkimAlgorithm::Ed25519Sha256);
    const Node& alumni = node(s, "mail-alumni");
    REQUIRE(alumni.forward.size() == 1);
    CHECK(alumni.forward.at("alice@alumni.example") == "alice@recipient.example");
    CHECK(forwardTarget(alumni, "alice@alumni.example") == "alice@recipient.example");
    CHECK(forwardTarget(alumni, "bob@alumni.example") == "bob@alumni.example");
    REQUIRE(s.actions.size() == 2);
    CHECK(s.actions[0].fromHeader.empty());
    CHECK(s.actions[1].fromHeader == "Your Bank <security@bank.example>");
    CHECK(s.actions[1].from == "mallory@forger.example");
}

TEST_CASE("dkim, forward and from_header survive the writer", "[scenario][auth-fields][writer]") {
    std::string text = replaced(goodText(), R"("selector": "s2026"})",
                                R"("selector": "s2026"}, {"domain": "Bank.Example", "selector": "ED.2026", "algorithm": "ed25519-sha256"})");
    text = replaced(text, R"({"alice@alumni.example": "alice@recipient.example"})",
                    R"({"Alice@Alumni.example": "bob@alumni.example", "bob@alumni.example": "alice@recipient.example"})");
    text = replaced(text, "Your Bank <", "Ελληνική Τράπεζα <");
    const LoadResult r = loadScenarioText(text, "x.json");
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    const Node& bank = node(*r.scenario, "mail-bank");
    REQUIRE(bank.dkim.size() == 2);
    CHECK(bank.dkim[1].domain == "bank.example");  // lower-cased
    CHECK(bank.dkim[1].selector == "ed.2026");
    CHECK(forwardTarget(node(*r.scenario, "mail-alumni"), "alice@alumni.example") == "alice@recipient.example");
    const std::string written = writeScenarioText(*r.scenario);
    CHECK(written.find(R"("algorithm": "ed25519-sha256")") != std::string::npos);
    CHECK(written.find(R"("algorithm": "rsa-sha256")") == std::string::npos);  // the default is left out
    const LoadResult back = loadScenarioText(written, "x.json");
    INFO(back.formatErrors());
    REQUIRE(back.ok());
    CHECK(*back.scenario == *r.scenario);
}

TEST_CASE("bad dkim entries are refused where they are", "[scenario][auth-fields]") {
    const std::string good = goodText();
    const std::string key = R"({"domain": "bank.example", "selector": "s2026"})";
    CHECK(firstError(replaced(good, key, R"({"domain": "bank.example", "selector": "s2026", "algorithm": "rsa-sha1"})")) ==
          "/nodes/1/dkim/0/algorithm: unknown DKIM algorithm \"rsa-sha1\"; allowed: rsa-sha256, ed25519-sha256");
    CHECK(firstError(replaced(good, key, R"({"domain": "bank.example", "selector": "-bad_"})")) ==
          "/nodes/1/dkim/0/selector: expected a DKIM selector like \"s2026\" (letters, digits and '-', labels joined "
          "by dots), got \"-bad_\"");
    CHECK(firstError(replaced(good, key, R"({"domain": "bank", "selector": "s1"})")) ==
          "/nodes/1/dkim/0/domain: expected a mail domain like bank.example, got \"bank\"");
    CHECK(firstError(replaced(good, key, key + ", " + R"({"domain": "BANK.example", "selector": "S2026"})")) ==
          "/nodes/1/dkim/1/selector: this server already has a DKIM key for bank.example with the selector s2026");
    CHECK(firstError(replaced(good, key, R"({"domain": "bank.example", "selector": "s2026", "bits": 512})"))
              .rfind("/nodes/1/dkim/0/bits: unknown field \"bits\" in a DKIM key", 0) == 0);
    CHECK(firstError(replaced(good, key, R"({"selector": "s1"})")).rfind("/nodes/1/dkim/0: ", 0) == 0);
    // One DNS name, two algorithms: two keys cannot both be published there.
    CHECK(firstError(replaced(good, R"({"domain": "forger.example", "selector": "key1", "algorithm": "ed25519-sha256"})",
                              R"({"domain": "bank.example", "selector": "s2026", "algorithm": "ed25519-sha256"})")) ==
          "/nodes/3/dkim/0/algorithm: s2026._domainkey.bank.example already holds \"mail-bank\"'s rsa-sha256 key: one "
          "DNS name publishes one key, so give this one another selector");
    // The same key on two servers (a second outbound server of the bank) is fine.
    CHECK(firstError(replaced(good, R"({"domain": "forger.example", "selector": "key1", "algorithm": "ed25519-sha256"})",
                              key)) == "loaded");
}

TEST_CASE("bad forward entries are refused where they are", "[scenario][auth-fields]") {
    const std::string good = goodText();
    const std::string alias = R"({"alice@alumni.example": "alice@recipient.example"})";
    CHECK(firstError(replaced(good, alias, R"({"alice@other.example": "alice@recipient.example"})")) ==
          "/nodes/6/forward/alice@other.example: \"alice@other.example\" is not in a domain of this server (its "
          "domains: alumni.example): a server forwards only mail it receives for its own addresses");
    CHECK(firstError(replaced(good, alias, R"({"alice@alumni.example": "alice"})")) ==
          "/nodes/6/forward/alice@alumni.example: expected a mail address like alice@sender.example, got \"alice\"");
    CHECK(firstError(replaced(good, alias, R"({"alice": "alice@recipient.example"})")) ==
          "/nodes/6/forward/alice: expected a mail address like alice@alumni.example, got \"alice\"");
    CHECK(firstError(replaced(good, alias, R"({"alice@alumni.example": "ALICE@alumni.example"})")) ==
          "/nodes/6/forward/alice@alumni.example: \"alice@alumni.example\" is forwarded to itself");
    CHECK(firstError(replaced(good, alias, R"({"a@alumni.example": "b@alumni.example", "b@alumni.example": "a@alumni.example"})")) ==
          "/nodes/6/forward/a@alumni.example: forwarding \"a@alumni.example\" goes round in a circle on this server "
          "(it comes back to itself through \"b@alumni.example\")");
    CHECK(firstError(replaced(good, alias, R"(["alice@alumni.example"])")) ==
          "/nodes/6/forward: expected an object like {\"alice@alumni.example\": \"alice@recipient.example\"}, got an "
          "array");
    // Positions: the error points into the file, at the key.
    const LoadResult r = loadScenarioText(replaced(good, alias, R"({"alice": "alice@recipient.example"})"), "x.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors.front().line > 1);
    CHECK(r.errors.front().column > 1);
}

TEST_CASE("a bad from_header is refused", "[scenario][auth-fields]") {
    const std::string good = goodText();
    const std::string header = R"("Your Bank <security@bank.example>")";
    const std::string expected = "/actions/1/from_header: expected a From: header like \"Your Bank "
                                 "<security@bank.example>\" or \"security@bank.example\" (a name without quotes, "
                                 "commas or '<', then the address in <>), got ";
    CHECK(firstError(replaced(good, header, R"("Your Bank <security>")")) == expected + "\"Your Bank <security>\"");
    CHECK(firstError(replaced(good, header, R"("Bank, Inc <security@bank.example>")")) ==
          expected + "\"Bank, Inc <security@bank.example>\"");
    CHECK(firstError(replaced(good, header, R"("Bank <security@bank.example")")) ==
          expected + "\"Bank <security@bank.example\"");
    CHECK(firstError(replaced(good, header, R"("a@b.example\r\nBcc: x@y.example")")).rfind(expected, 0) == 0);
    // Accepted: a bare address, a quoted name, a name in Greek (RFC 2047 on the wire).
    CHECK(firstError(replaced(good, header, R"("security@bank.example")")) == "loaded");
    CHECK(firstError(replaced(good, header, R"("\"Bank, Inc.\" <security@bank.example>")")) == "loaded");
    CHECK(firstError(replaced(good, header, R"("Τράπεζα <security@bank.example>")")) == "loaded");
}

TEST_CASE("mail_from and any_sender load, survive the writer, and bad values are refused", "[scenario][auth-fields]") {
    const std::string good = goodText();
    const std::string header = R"("from_header": "Your Bank <security@bank.example>",)";
    std::string text = replaced(good, header, std::string(header) + R"( "mail_from": "Security@Bank.example",)");
    text = replaced(text, R"("dkim": [{"domain": "forger.example")", R"("any_sender": true, "dkim": [{"domain": "forger.example")");
    const LoadResult r = loadScenarioText(text, "x.json");
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    CHECK(r.scenario->actions[1].mailFrom == "security@bank.example");
    CHECK(r.scenario->actions[0].mailFrom.empty());
    CHECK(node(*r.scenario, "mail-forger").anySender);
    CHECK_FALSE(node(*r.scenario, "mail-bank").anySender);
    const std::string written = writeScenarioText(*r.scenario);
    CHECK(written.find(R"("any_sender": true)") != std::string::npos);
    const LoadResult again = loadScenarioText(written, "x.json");
    REQUIRE(again.ok());
    CHECK(*again.scenario == *r.scenario);
    CHECK(writeScenarioText(*loadScenarioText(good, "x.json").scenario).find("mail_from") == std::string::npos);

    CHECK(firstError(replaced(good, header, std::string(header) + R"( "mail_from": "bank",)")) ==
          "/actions/1/mail_from: expected a mail address like alice@sender.example, got \"bank\"");
    CHECK(firstError(replaced(good, R"("dkim": [{"domain": "forger.example")",
                              R"("any_sender": "yes", "dkim": [{"domain": "forger.example")")) ==
          "/nodes/3/any_sender: expected true or false, got a string");
}
