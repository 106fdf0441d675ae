// Scenario loader limits and error reporting: all errors in document order,
// the error cap, nesting depth, file size, node, action and mailbox counts, CRLF positions,
// JSON Pointer escaping, columns counted in characters.
#include "scenario/scenario_loader.h"
#include "scenario/scenario_limits.h"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <string>

using namespace postino::scenario;

namespace {

std::string routers(std::size_t count) {
    std::string nodes;
    for (std::size_t i = 0; i < count; ++i) {
        if (i) nodes += ",\n";
        std::string addr = fmt::format("10.{}.{}.1", i / 250, i % 250);
        nodes += fmt::format(R"(  {{"id": "r{}", "type": "router", "ip": "{}"}})", i, addr);
    }
    return nodes;
}

}  // namespace

TEST_CASE("scenario: all errors are reported in document order", "[scenario]") {
    const char* text = R"({
  "title": 5,
  "nodes": [
    {"id": "a", "type": "router", "ip": "1.2.3"},
    {"id": "B", "type": "router", "ip": "10.0.0.2", "extra": true}
  ],
  "actions": [{"type": "send", "at": -1, "node": "a", "from": "x@y.example", "to": []}],
  "seed": "x"
})";
    LoadResult r = loadScenarioText(text, "multi.json");
    REQUIRE_FALSE(r.ok());
    std::vector<std::string> pointers;
    for (const auto& e : r.errors) pointers.push_back(e.jsonPath);
    // Cross-reference errors (node "B" is not linked, node "a" is a router) come in document order too.
    CHECK(pointers == std::vector<std::string>{"/title", "/nodes/0/ip", "/nodes/1", "/nodes/1/id", "/nodes/1/extra",
                                               "/actions/0/at", "/actions/0/node", "/actions/0/to", "/seed"});
    for (std::size_t i = 1; i < r.errors.size(); ++i) {
        const auto& p = r.errors[i - 1];
        const auto& q = r.errors[i];
        CHECK((p.line < q.line || (p.line == q.line && p.column <= q.column)));
    }
}

TEST_CASE("scenario: errors are capped, with a summary line", "[scenario]") {
    std::string text = R"({"title": "many", "nodes": [)" + routers(1) + "]";
    for (int i = 0; i < 60; ++i) text += fmt::format(",\n \"x{}\": {}", i, i);
    text += "}";
    LoadResult r = loadScenarioText(text, "many.json");
    REQUIRE(r.errors.size() == kMaxReportedErrors + 1);
    CHECK(r.errors[0].jsonPath == "/x0");
    CHECK(r.errors[0].line == 2);
    CHECK(r.errors[kMaxReportedErrors - 1].jsonPath == "/x49");
    CHECK(r.errors.back().line == 0);
    CHECK(r.errors.back().message.find("60 in total") != std::string::npos);
}

TEST_CASE("scenario: nesting depth is limited to 64 levels", "[scenario]") {
    // The root object is level 1 and "description" level 2, so 63 brackets reach level 64.
    auto nested = [](int n) {
        return R"({"title": "t", "nodes": [], "description": )" + std::string(n, '[') + std::string(n, ']') + "}";
    };
    LoadResult ok = loadScenarioText(nested(63), "d.json");
    REQUIRE_FALSE(ok.ok());
    for (const auto& e : ok.errors) CHECK(e.message.find("nested") == std::string::npos);
    LoadResult deep = loadScenarioText(nested(64), "d.json");
    REQUIRE(deep.errors.size() == 1);
    CHECK(deep.errors[0].message.find("nested more than 64 levels") != std::string::npos);
    // Far deeper input must not exhaust the stack.
    LoadResult huge = loadScenarioText(std::string(1'000'000, '['), "d.json");
    REQUIRE(huge.errors.size() == 1);
    CHECK(huge.errors[0].column == 65);
}

TEST_CASE("scenario: files over 4 MiB are refused", "[scenario]") {
    std::string text = R"({"title": "big", "nodes": [], "description": ")" + std::string(kMaxFileBytes, 'x') + "\"}";
    LoadResult r = loadScenarioText(text, "big.json");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("too large") != std::string::npos);
}

TEST_CASE("scenario: at most 10,000 nodes", "[scenario]") {
    std::string ok = R"({"title": "t", "nodes": [)" + routers(2) + R"(], "links": [{"a": "r0", "b": "r1"}]})";
    CHECK(loadScenarioText(ok, "ok.json").ok());
    std::string text = R"({"title": "t", "nodes": [)" + routers(kMaxNodes + 1) + "]}";
    LoadResult r = loadScenarioText(text, "n.json");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].jsonPath == "/nodes");
    CHECK(r.errors[0].message.find("too many nodes: 10001") != std::string::npos);
}

TEST_CASE("scenario: positions: CRLF line ends, columns in characters, pointer escaping", "[scenario]") {
    LoadResult crlf = loadScenarioText("{\r\n  \"title\": \"t\",\r\n  \"nodes\": 7\r\n}\r\n", "c.json");
    REQUIRE(crlf.errors.size() == 1);
    CHECK(crlf.errors[0].line == 3);
    CHECK(crlf.errors[0].column == 12);

    // "Αλίκη" is 5 characters but 10 bytes: the column counts characters.
    LoadResult greek = loadScenarioText(R"({"title": "Αλίκη", "nodes": 7})", "g.json");
    REQUIRE(greek.errors.size() == 1);
    CHECK(greek.errors[0].column == 29);

    LoadResult esc = loadScenarioText(R"({"title": "t", "nodes": [], "a/b~c": 1})", "e.json");
    REQUIRE(esc.errors.size() >= 1);
    bool found = false;
    for (const auto& e : esc.errors) found = found || e.jsonPath == "/a~1b~0c";
    CHECK(found);
}

TEST_CASE("scenario: unknown references do not cascade from a broken id", "[scenario]") {
    const char* text = R"({"title": "t", "nodes": [
      {"id": "pc", "type": "client", "ip": "192.0.2.1",
       "accounts": [{"address": "a@b.example", "password": "p", "server": "mail"}]},
      {"id": ["mail"], "type": "mail_server", "ip": "192.0.2.2", "domains": ["b.example"]}],
      "links": [{"a": "pc", "b": "mail"}]})";
    LoadResult r = loadScenarioText(text, "t.json");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].jsonPath == "/nodes/1/id");
}

TEST_CASE("scenario: a client with no accounts and a lone node are fine", "[scenario]") {
    LoadResult r = loadScenarioText(
        R"({"title": "t", "nodes": [{"id": "pc", "type": "client", "ip": "192.0.2.1"}]})", "t.json");
    INFO(r.formatErrors());
    CHECK(r.ok());
}

TEST_CASE("scenario: at most 2,000 actions", "[scenario]") {
    // 1,000 sends into one mailbox and 1,000 IMAP reads of it run in about 1.5 s; far more
    // actions made runs of minutes (docs/scenario-format.md, "Limits").
    auto withActions = [](std::size_t count) {
        std::string actions;
        for (std::size_t i = 0; i < count; ++i)
            actions += fmt::format(R"({}{{"type": "check_mail", "at": {}, "node": "pc"}})", i ? ",\n" : "", i);
        return R"({"title": "t", "nodes": [{"id": "pc", "type": "client", "ip": "192.0.2.10",
          "accounts": [{"address": "a@m.example", "password": "p", "server": "mx", "incoming": "imap"}]},
          {"id": "mx", "type": "mail_server", "hostname": "mx.m.example", "ip": "192.0.2.25",
           "domains": ["m.example"], "users": [{"address": "a@m.example", "password": "p"}]}],
          "links": [{"a": "pc", "b": "mx"}], "actions": [)" + actions + "]}";
    };
    LoadResult ok = loadScenarioText(withActions(kMaxActions), "ok.json");
    INFO(ok.formatErrors());
    CHECK(ok.ok());
    LoadResult r = loadScenarioText(withActions(kMaxActions + 1), "a.json");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].jsonPath == "/actions");
    CHECK(r.errors[0].message == "too many actions: 2001 (the limit is 2000)");
}

TEST_CASE("scenario: at most 10,000 mailboxes, counted over all mail servers", "[scenario]") {
    // The mailbox journal reads only the mailboxes that changed: 20,000 sends to 10,000 users
    // take about 3 s (when it looked at every mailbox per delivery, 10,000 took 14 s).
    auto withUsers = [](std::size_t first, std::size_t second, std::size_t shared) {
        auto users = [](const char* domain, std::size_t count) {
            std::string out;
            for (std::size_t i = 0; i < count; ++i)
                out += fmt::format(R"({}{{"address": "u{}@{}", "password": "p"}})", i ? ", " : "", i, domain);
            return out;
        };
        std::string boxes;
        for (std::size_t i = 0; i < shared; ++i)
            boxes += fmt::format(R"({}{{"address": "team{}@b.example", "members": ["u0@b.example"]}})", i ? ", " : "", i);
        return R"({"title": "t", "nodes": [
          {"id": "ma", "type": "mail_server", "hostname": "ma.a.example", "ip": "192.0.2.25", "domains": ["a.example"],
           "users": [)" + users("a.example", first) + R"(]},
          {"id": "mb", "type": "mail_server", "hostname": "mb.b.example", "ip": "192.0.2.26", "domains": ["b.example"],
           "users": [)" + users("b.example", second) + R"(], "shared_mailboxes": [)" + boxes + R"(]}],
          "links": [{"a": "ma", "b": "mb"}]})";
    };
    LoadResult ok = loadScenarioText(withUsers(6000, 3998, 2), "ok.json");
    INFO(ok.formatErrors());
    CHECK(ok.ok());
    LoadResult users = loadScenarioText(withUsers(6000, 4001, 0), "u.json");
    REQUIRE(users.errors.size() == 1);
    CHECK(users.errors[0].jsonPath == "/nodes/1/users/4000");
    CHECK(users.errors[0].message == "too many mailboxes: this is mailbox number 10001 of the scenario (users and "
                                     "shared mailboxes of all mail servers); the limit is 10000");
    LoadResult shared = loadScenarioText(withUsers(6000, 3998, 3), "s.json");
    REQUIRE(shared.errors.size() == 1);
    CHECK(shared.errors[0].jsonPath == "/nodes/1/shared_mailboxes/2");
}
