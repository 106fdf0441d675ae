// The scenario writer: every shipped lesson, loaded, written and loaded again, is the same
// scenario, simulates to the same trace byte for byte, and its transcript is the golden one;
// defaults stay out of the text; saving refuses what the loader would refuse.
#include "scenario/json_layout.h"
#include "scenario/scenario_writer.h"
#include "random_world.h"
#include "test_support.h"
#include "trace/trace_json.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace postino;
using namespace postino::testing;

namespace {

scenario::Scenario reload(const std::string& text, const std::string& name) {
    auto r = scenario::loadScenarioText(text, name);
    INFO(r.formatErrors() << text);
    REQUIRE(r.ok());
    return *r.scenario;
}

}  // namespace

TEST_CASE("scenario writer: every shipped lesson reads back equal and simulates to the same trace", "[scenario][writer]") {
    const auto lessons = shippedLessons();
    REQUIRE(lessons.size() >= 13);
    for (const std::string& file : lessons) {
        const std::filesystem::path path = sourcePath("scenarios/" + file);
        SECTION(path.filename().string()) {
            auto loaded = scenario::loadScenarioFile(path.string());
            REQUIRE(loaded.ok());
            const scenario::Scenario& original = *loaded.scenario;
            const std::string text = scenario::writeScenarioText(original);
            scenario::Scenario again = reload(text, path.string());
            CHECK(again == original);
            CHECK(scenario::writeScenarioText(again) == text);  // a second round changes nothing
            CHECK(traceJson(again) == traceJson(original));
        }
    }
}

TEST_CASE("scenario writer: the written lessons give the golden transcripts", "[scenario][writer][golden]") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "postino-writer-test";
    std::filesystem::create_directories(dir);
    for (const std::string& file : shippedLessons()) {
        const std::filesystem::path path = sourcePath("scenarios/" + file);
        const std::string name = path.stem().string();
        const std::string golden = sourcePath("tests/golden/" + name + ".txt");
        if (!std::filesystem::exists(golden)) continue;
        SECTION(name) {
            const std::string written = (dir / path.filename()).string();
            auto saved = scenario::saveScenarioFile(loadLesson(path.filename().string()), written);
            REQUIRE(saved.ok());
            const std::string expected = readFile(golden);
            // 08 and 13 keep only the timeline (their transcripts are huge).
            const bool transcript = name != "08-attachment-packets" && name != "13-mail-loop";
            const CommandResult run =
                runCommand(std::string(POSTINO_BINARY) + " run " + written + (transcript ? " --transcript" : ""));
            REQUIRE(run.status == 0);
            CHECK(run.output == expected);
        }
    }
}

TEST_CASE("scenario writer: defaults stay out, order and layout are readable", "[scenario][writer]") {
    const std::string source = R"({"title": "t", "nodes": [
        {"id": "pc", "type": "client", "ip": "192.0.2.10",
         "accounts": [{"address": "a@x.example", "password": "p", "server": "mx"}]},
        {"id": "mx", "type": "mail_server", "ip": "192.0.2.25", "domains": ["x.example"], "language": "en",
         "queue": {"minimal_backoff_time": 300, "maximal_queue_lifetime": 60}},
        {"id": "dns", "type": "dns_server", "ip": "192.0.2.53", "zones": [{"origin": "x.example", "ttl": 60,
          "records": [{"name": "x.example.", "type": "MX", "preference": 10, "exchange": "mx.x.example"},
                      {"name": "mx.x.example", "type": "A", "address": "192.0.2.25"}]}]}],
      "links": [{"a": "pc", "b": "mx", "latency_ms": 1, "mtu": 1500}, {"id": "l2", "a": "mx", "b": "dns", "latency_ms": 2.5}],
      "actions": [{"type": "read", "at": 0.000000001, "node": "pc", "subject": "Hi", "folder": "INBOX"}]})";
    auto r = scenario::loadScenarioText(source, "defaults.json");
    // read needs an IMAP account; the writer is checked on the parse alone here.
    REQUIRE_FALSE(r.ok());
    auto ok = scenario::loadScenarioText(
        R"({"title": "t", "seed": 1, "nodes": [{"id": "pc", "type": "router", "hostname": "pc", "ip": "192.0.2.1"}]})",
        "min.json");
    REQUIRE(ok.ok());
    CHECK(scenario::writeScenarioText(*ok.scenario) ==
          "{\"title\": \"t\", \"nodes\": [{\"id\": \"pc\", \"type\": \"router\", \"ip\": \"192.0.2.1\"}]}\n");

    scenario::Scenario s = loadLesson("02-cross-domain.json");
    s.nodes[0].position = std::make_pair(80.0, 200.5);
    s.links[0].latency = Duration::nanos(2'500'001);
    s.actions[0].at = Time::fromNanos(1'000'000'001);
    s.nodes[2].queue.maximalLifetime = Duration::seconds(60);
    s.nodes[2].queue.bounceLifetime = Duration::seconds(60);  // the loader's default for that lifetime
    const std::string text = scenario::writeScenarioText(s);
    CHECK(text.find("\"position\": [80, 200.5]") != std::string::npos);
    CHECK(text.find("\"queue\": {\"maximal_queue_lifetime\": 60}") != std::string::npos);
    CHECK(text.find("\"name\": \"@\", \"type\": \"MX\"") != std::string::npos);
    CHECK(text.find("\"name\": \"mail\", \"type\": \"A\"") != std::string::npos);
    CHECK(text.find("\"hostname\": \"alice-laptop\"") == std::string::npos);  // the id already says it
    CHECK(text.find("\"mtu\"") == std::string::npos);
    CHECK(text.find("\n  \"nodes\": [\n    {\n      \"id\": \"alice-laptop\",") != std::string::npos);
    scenario::Scenario again = reload(text, "edited.json");
    again.sourcePath = s.sourcePath;
    CHECK(again == s);
}

TEST_CASE("scenario writer: a record name that would read as absolute is written absolute", "[scenario][writer]") {
    scenario::Scenario s = loadLesson("02-cross-domain.json");
    scenario::Node& dns = s.nodes[4];
    REQUIRE(dns.type == scenario::NodeType::DnsServer);
    dns.zones[0].records[1].name = "sender.example.sender.example";  // relative "sender.example" is the origin
    const std::string text = scenario::writeScenarioText(s);
    scenario::Scenario again = reload(text, "edited.json");
    CHECK(again.nodes[4].zones[0].records[1].name == "sender.example.sender.example");
}

TEST_CASE("scenario writer: saving refuses what the loader refuses and writes nothing", "[scenario][writer]") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "postino-writer-test";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "refused.json").string();
    std::filesystem::remove(path);
    scenario::Scenario s = loadLesson("02-cross-domain.json");
    s.actions[0].from = "nobody@sender.example";
    auto saved = scenario::saveScenarioFile(s, path);
    REQUIRE_FALSE(saved.ok());
    CHECK(saved.errors.front().jsonPath == "/actions/0/from");
    CHECK(saved.errors.front().line > 0);
    CHECK(saved.errors.front().format().find("is not an account of client \"alice-laptop\"") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(path));

    auto toDirectory = scenario::saveScenarioFile(loadLesson("02-cross-domain.json"), dir.string());
    REQUIRE_FALSE(toDirectory.ok());
    CHECK(toDirectory.errors.front().message.find("directory") != std::string::npos);
}

TEST_CASE("json layout: short containers inline, long ones one member per line", "[scenario][writer]") {
    scenario::OrderedJson v = {{"a", 1.0}, {"b", {1.5, 2.0}}, {"long", std::string(120, 'x')}};
    CHECK(scenario::layoutJson(v) == "{\n  \"a\": 1,\n  \"b\": [1.5, 2],\n  \"long\": \"" + std::string(120, 'x') + "\"\n}\n");
    CHECK(scenario::layoutJson(scenario::OrderedJson::object()) == "{}\n");
    CHECK(scenario::layoutJson(scenario::OrderedJson("é\n\"")) == "\"é\\n\\\"\"\n");
}

TEST_CASE("scenario writer: the good corpus files and random worlds read back equal", "[scenario][writer]") {
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(sourcePath("tests/corpus/good"))) {
        if (entry.path().extension() != ".json") continue;
        auto loaded = scenario::loadScenarioFile(entry.path().string());
        if (!loaded.ok()) continue;  // some good files are fragments for other tests
        INFO(entry.path().filename().string());
        scenario::Scenario again = reload(scenario::writeScenarioText(*loaded.scenario), entry.path().string());
        CHECK(again == *loaded.scenario);
        ++files;
    }
    CHECK(files == 3);  // alice-to-bob, failures, dkim-forward
    // Random worlds use queue settings, quotas, relay hosts and every failure action (and
    // addresses in capitals, which the loader lower-cases: the round trip starts from the loaded
    // form). Those the loader accepts must come back whole; the generator makes some it refuses.
    int worlds = 0;
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        auto first = scenario::loadScenarioText(scenario::writeScenarioText(randomWorld(seed)), "random.json");
        if (!first.ok()) continue;
        INFO("seed " << seed);
        const std::string text = scenario::writeScenarioText(*first.scenario);
        scenario::Scenario again = reload(text, "random.json");
        CHECK(again == *first.scenario);
        CHECK(scenario::writeScenarioText(again) == text);
        ++worlds;
    }
    CHECK(worlds >= 50);
}
