// --drive scripts: reading them (located errors) and their expect checks on a lesson document.
#include "model/network_edit.h"
#include "model/ui_expectation.h"
#include "model/ui_script.h"
#include "scenario/scenario_loader.h"
#include "test_support.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::viz;

TEST_CASE("drive scripts: every command reads into its step", "[viz][drive]") {
    const UiScript s = parseUiScript(R"(# a comment
click tool:add-client
move 120,340
drag node:client-1 canvas@0.25,0.75

key Z ctrl shift
type alice@school.example secret\nbob@school.example pw
wait 5
expect nodes 2
)", "d.txt");
    REQUIRE(s.ok());
    REQUIRE(s.steps.size() == 7);
    CHECK(s.steps[0].kind == UiStep::Kind::Click);
    CHECK(s.steps[0].target.name == "tool:add-client");
    CHECK(s.steps[0].line == 2);
    CHECK(s.steps[1].target.name.empty());
    CHECK(s.steps[1].target.fx == 120);
    CHECK(s.steps[1].target.fy == 340);
    CHECK(s.steps[2].to.name == "canvas");
    CHECK(s.steps[2].to.fx == 0.25f);
    CHECK(s.steps[2].to.text() == "canvas@0.25,0.75");
    CHECK(s.steps[3].key == "Z");
    CHECK(s.steps[3].ctrl);
    CHECK(s.steps[3].shift);
    CHECK(s.steps[3].line == 6);
    CHECK(s.steps[4].text == "alice@school.example secret\nbob@school.example pw");
    CHECK(s.steps[5].frames == 5);
    CHECK(s.steps[6].words == std::vector<std::string>{"nodes", "2"});
}

TEST_CASE("drive scripts: a line that does not read says where and what", "[viz][drive]") {
    const auto error = [](const std::string& text) { return parseUiScript(text, "d.txt").error; };
    CHECK(error("click tool:link\nclik canvas\n") ==
          "d.txt:2: unknown command 'clik' (one of move, click, drag, key, type, wait, expect)");
    CHECK(error("drag node:a\n").rfind("d.txt:1: drag takes two places", 0) == 0);
    CHECK(error("click canvas@1.5,0.2\n").rfind("d.txt:1: click takes one place", 0) == 0);
    CHECK(error("key F13\n").find("got 'F13'") != std::string::npos);
    CHECK(error("key Z alt\n") == "d.txt:1: key: 'alt' is not a modifier (ctrl, shift)");
    CHECK(error("wait 0\n") == "d.txt:1: wait takes a number of frames, 1 to 10000");
    CHECK(error("type\n") == "d.txt:1: type takes the text to type");
    CHECK(error("expect\n").rfind("d.txt:1: expect takes", 0) == 0);
    CHECK(parseUiScript("clik x\n", "d.txt").steps.empty());
}

TEST_CASE("drive scripts: expect checks the lesson document and says what it found", "[viz][drive]") {
    auto loaded = scenario::loadScenarioFile(testing::sourcePath("scenarios/02-cross-domain.json"));
    REQUIRE(loaded.ok());
    LessonDocument doc(*loaded.scenario);
    CHECK(checkUiExpectation(&doc, {"nodes", "7"}).empty());
    CHECK(checkUiExpectation(&doc, {"nodes", "3"}) == "expected 3 nodes, the lesson has 7");
    CHECK(checkUiExpectation(&doc, {"links", "6"}).empty());
    CHECK(checkUiExpectation(&doc, {"problems", "0"}).empty());
    CHECK(checkUiExpectation(&doc, {"node", "mail-sender", "mail_server"}).empty());
    CHECK(checkUiExpectation(&doc, {"node", "mail-sender", "client"}) == "expected mail-sender to be a client, it is a mail_server");
    CHECK(checkUiExpectation(&doc, {"link", "sender-net", "mail-sender"}).empty());
    CHECK(checkUiExpectation(&doc, {"domains", "mail-sender", "sender.example"}).empty());
    CHECK(checkUiExpectation(&doc, {"dirty", "no"}).empty());
    doc.execute(std::make_unique<RemoveNodeCommand>(*findNode(doc.scenario(), "mail-sender")));
    CHECK(checkUiExpectation(&doc, {"dirty", "no"}) == "expected everything saved, there are unsaved edits");
    CHECK(checkUiExpectation(&doc, {"no-node", "mail-sender"}).empty());
    const std::string problems = checkUiExpectation(&doc, {"problems", "0"});
    CHECK(problems.rfind("expected 0 problems, the lesson has 1 (the first: ", 0) == 0);
    CHECK(checkUiExpectation(&doc, {"colour", "red"}).rfind("unknown check 'colour'", 0) == 0);
    CHECK(checkUiExpectation(nullptr, {"nodes", "1"}) == "no lesson is open for editing");
}
