// The network editor's model: lesson 02 built from nothing with the editor's commands saves to a
// file that simulates to the shipped lesson's golden transcript; every kind of edit is undone and
// redone exactly; a half-built network says what is missing on which node, and is neither
// simulated nor saved.
#include "model/lesson_document.h"
#include "model/network_edit.h"
#include "model/network_problems.h"
#include "model/network_text.h"
#include "scenario/scenario_writer.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace postino;
using namespace postino::viz;
using postino::testing::loadLesson;
using scenario::NodeType;
using Place = NetworkProblem::Place;

namespace {

std::filesystem::path tempDir() {
    const auto dir = std::filesystem::temp_directory_path() / "postino-network-edit-test";
    std::filesystem::create_directories(dir);
    return dir;
}

bool mentions(const std::vector<const NetworkProblem*>& problems, const std::string& words) {
    for (const auto* p : problems)
        if (p->error.message.find(words) != std::string::npos) return true;
    return false;
}

// Does the edit, undoes it (the scenario and its file text as before), redoes it (as after).
void checkUndoRedo(LessonDocument& doc, std::unique_ptr<EditCommand> command) {
    const scenario::Scenario before = doc.scenario();
    const std::string beforeText = scenario::writeScenarioText(before);
    doc.execute(std::move(command));
    const scenario::Scenario after = doc.scenario();
    CHECK_FALSE(after == before);
    REQUIRE(doc.undo());
    CHECK(doc.scenario() == before);
    CHECK(scenario::writeScenarioText(doc.scenario()) == beforeText);
    REQUIRE(doc.redo());
    CHECK(doc.scenario() == after);
    REQUIRE(doc.undo());
}

}  // namespace

TEST_CASE("network editor: lesson 02 built from nothing simulates to the shipped transcript", "[viz][editor]") {
    const scenario::Scenario shipped = loadLesson("02-cross-domain.json");
    LessonDocument doc(emptyLesson("New lesson"));
    REQUIRE_FALSE(doc.loads());
    CHECK(doc.problems().front().place == Place::Lesson);
    CHECK(doc.problems().front().error.message.find("at least one node") != std::string::npos);

    doc.execute(std::make_unique<SetLessonInfoCommand>(LessonInfo{shipped.title, shipped.description, 1}, "title"));
    doc.execute(std::make_unique<SetLessonInfoCommand>(LessonInfo{shipped.title, shipped.description, shipped.seed}, "seed"));

    // Each node as the mouse makes it (a type at a place), then its fields from the side panel.
    double x = 0;
    for (const auto& want : shipped.nodes) {
        doc.execute(std::make_unique<AddNodeCommand>(newNode(doc.scenario(), want.type, MapPosition{x, 0.5})));
        x += 0.1;
        const std::size_t i = doc.scenario().nodes.size() - 1;
        scenario::Node n = doc.scenario().nodes[i];
        for (char c : want.id) {  // typed one key at a time into the id box
            if (n.id.size() >= want.id.size() || n.id.rfind(want.id.substr(0, n.id.size()), 0) != 0) n.id.clear();
            n.id += c;
            doc.execute(std::make_unique<SetNodeCommand>(i, n, "id"));
        }
        n.hostname = want.hostname;
        doc.execute(std::make_unique<SetNodeCommand>(i, n, "hostname"));
        n.ip = want.ip;
        doc.execute(std::make_unique<SetNodeCommand>(i, n, "ip"));
        const auto position = n.position;
        n = want;  // labels, accounts, resolver, domains, users, zones and records
        n.position = position;
        doc.execute(std::make_unique<SetNodeCommand>(i, n));
        if (want.id == "alice-laptop") {
            // Her resolver and her account's server are not there yet: both shown on her node.
            const auto here = problemsOf(doc.problems(), Place::Node, i);
            REQUIRE(here.size() >= 2);
            CHECK(here[0]->field == "resolver");
            CHECK(here[0]->error.message.find("dns") != std::string::npos);
            CHECK(here[1]->field == "accounts/0/server");
            CHECK(here[1]->error.message.find("mail-sender") != std::string::npos);
        }
    }
    // Every node stands alone: nothing joins them yet.
    CHECK(mentions(problemsOf(doc.problems(), Place::Node, 1), "cannot be reached"));
    for (const auto& want : shipped.links) {
        doc.execute(std::make_unique<AddLinkCommand>(newLink(want.a, want.b)));
        const std::size_t i = doc.scenario().links.size() - 1;
        doc.execute(std::make_unique<SetLinkCommand>(i, want, "latency"));
    }
    CHECK(doc.loads());
    for (const auto& action : shipped.actions) doc.execute(std::make_unique<AddActionCommand>(action));

    // The same lesson but for its map positions and its guided steps.
    scenario::Scenario built = doc.scenario();
    for (auto& n : built.nodes) {
        CHECK(n.position.has_value());
        n.position.reset();
    }
    scenario::Scenario expected = shipped;
    expected.steps.clear();
    expected.sourcePath.clear();
    CHECK(built == expected);

    const std::string path = (tempDir() / "built-02.json").string();
    REQUIRE(doc.saveAs(path).ok());
    const auto run = testing::runCommand(std::string(POSTINO_BINARY) + " run " + path + " --transcript");
    REQUIRE(run.status == 0);
    CHECK(run.output == testing::readFile(testing::sourcePath("tests/golden/02-cross-domain.txt")));
    // The teacher's layout is in the file.
    auto reread = scenario::loadScenarioFile(path);
    REQUIRE(reread.ok());
    CHECK(reread.scenario->nodes[6].position == doc.scenario().nodes[6].position);
    CHECK(doc.simulate().ok());
}

TEST_CASE("network editor: every kind of edit is undone and redone exactly", "[viz][editor]") {
    LessonDocument doc(loadLesson("02-cross-domain.json"));
    const scenario::Scenario original = doc.scenario();

    checkUndoRedo(doc, std::make_unique<AddNodeCommand>(newNode(doc.scenario(), NodeType::Webmail, MapPosition{0.2, 0.3})));
    checkUndoRedo(doc, std::make_unique<RemoveNodeCommand>(2));  // mail-sender
    checkUndoRedo(doc, std::make_unique<RemoveNodeCommand>(0));  // alice-laptop and her two sends
    checkUndoRedo(doc, std::make_unique<MoveNodeCommand>(3, MapPosition{0.4, 0.6}, false));
    checkUndoRedo(doc, std::make_unique<PlaceNodesCommand>(std::vector<MapPosition>(7, MapPosition{10, 20})));
    checkUndoRedo(doc, std::make_unique<AddLinkCommand>(newLink("alice-laptop", "internet")));
    checkUndoRedo(doc, std::make_unique<RemoveLinkCommand>(2));
    scenario::Node renamed = doc.scenario().nodes[2];
    renamed.id = "mail-a";
    checkUndoRedo(doc, std::make_unique<SetNodeCommand>(2, renamed, "id"));
    scenario::Link slower = doc.scenario().links[4];
    slower.latency = Duration::millis(200);
    slower.bandwidthBitsPerSecond = 2'000'000;
    checkUndoRedo(doc, std::make_unique<SetLinkCommand>(4, slower, "latency"));
    checkUndoRedo(doc, std::make_unique<SetLessonInfoCommand>(LessonInfo{original.title, original.description, 77}));
    CHECK(doc.scenario() == original);

    SECTION("a removed node takes its links and actions; what needs it is left empty, and shown") {
        doc.execute(std::make_unique<RemoveNodeCommand>(2));  // mail-sender
        const auto& s = doc.scenario();
        CHECK(s.links.size() == original.links.size() - 1);
        CHECK(s.actions == original.actions);  // the sends are alice-laptop's
        CHECK(s.nodes[0].accounts[0].server.empty());
        const auto here = problemsOf(doc.problems(), Place::Node, 0);
        REQUIRE_FALSE(here.empty());
        CHECK(here.front()->field.rfind("accounts/0", 0) == 0);
        REQUIRE(doc.undo());
        CHECK(doc.scenario() == original);
        CHECK(doc.loads());
    }
    SECTION("a renamed node is renamed wherever it is named") {
        doc.execute(std::make_unique<SetNodeCommand>(0, [&] {
            auto n = original.nodes[0];
            n.id = "laptop";
            return n;
        }()));
        CHECK(doc.scenario().links[0].a == "laptop");
        CHECK(doc.scenario().links[0].id == "laptop--sender-net");
        CHECK(doc.scenario().actions[0].node == "laptop");
        CHECK(doc.loads());
    }
    SECTION("the moves of one drag are one undo step, the next drag another") {
        for (int i = 1; i <= 10; ++i) doc.execute(std::make_unique<MoveNodeCommand>(1, MapPosition{0.01 * i, 0.5}));
        doc.execute(std::make_unique<MoveNodeCommand>(1, MapPosition{0.2, 0.5}, false));  // mouse released
        doc.execute(std::make_unique<MoveNodeCommand>(1, MapPosition{0.9, 0.9}, false));  // a second drag
        REQUIRE(doc.undo());
        CHECK(doc.scenario().nodes[1].position == MapPosition{0.2, 0.5});
        REQUIRE(doc.undo());
        CHECK(doc.scenario() == original);
        CHECK_FALSE(doc.canUndo());
    }
    SECTION("undo and redo say what they take back: kind, node and field") {
        CHECK(doc.undoName().kind == EditKind::Other);
        doc.execute(std::make_unique<MoveNodeCommand>(1, MapPosition{0.3, 0.3}, false));
        CHECK(doc.undoName().kind == EditKind::MoveNode);
        CHECK(doc.undoName().subject == original.nodes[1].id);
        doc.execute(std::make_unique<RemoveNodeCommand>(2));
        CHECK(doc.undoName().kind == EditKind::RemoveNode);
        CHECK(doc.undoName().subject == "mail-sender");
        REQUIRE(doc.undo());
        CHECK(doc.redoName().subject == "mail-sender");
        CHECK(doc.undoName().kind == EditKind::MoveNode);
        scenario::Node n = doc.scenario().nodes[2];
        n.users.push_back({"carol@sender.example", "pw"});
        doc.execute(std::make_unique<SetNodeCommand>(2, n, "users"));
        CHECK(doc.undoName().kind == EditKind::SetNode);
        CHECK(doc.undoName().field == "users");
        doc.execute(std::make_unique<RemoveLinkCommand>(0));
        CHECK(doc.undoName().kind == EditKind::RemoveLink);
        CHECK(doc.undoName().subject == original.links[0].id);
    }
    SECTION("a node_down on a removed node goes with it and comes back") {
        LessonDocument retry(loadLesson("10-server-down-retry.json"));
        const scenario::Scenario before = retry.scenario();
        const std::size_t down = [&] {
            for (const auto& a : before.actions)
                if (a.type == scenario::ActionType::NodeDown) return *findNode(before, a.node);
            return std::size_t{0};
        }();
        retry.execute(std::make_unique<RemoveNodeCommand>(down));
        for (const auto& a : retry.scenario().actions) CHECK(a.type != scenario::ActionType::NodeDown);
        REQUIRE(retry.undo());
        CHECK(retry.scenario() == before);
    }
}

TEST_CASE("network editor: a half-built network says what is missing where, and is not run or saved", "[viz][editor]") {
    LessonDocument doc(emptyLesson("Half built"));
    doc.execute(std::make_unique<AddNodeCommand>(newNode(doc.scenario(), NodeType::MailServer, MapPosition{0.5, 0.5})));
    doc.execute(std::make_unique<AddNodeCommand>(newNode(doc.scenario(), NodeType::Client, MapPosition{0.2, 0.5})));
    CHECK(doc.scenario().nodes[0].id == "mail-server-1");
    CHECK(doc.scenario().nodes[1].id == "client-1");
    CHECK(doc.scenario().nodes[0].ip != doc.scenario().nodes[1].ip);
    const auto server = problemsOf(doc.problems(), Place::Node, 0);
    REQUIRE_FALSE(server.empty());
    CHECK(server.front()->field == "domains");
    CHECK(server.front()->error.message.find("at least one domain") != std::string::npos);
    CHECK(server.front()->error.line > 0);
    CHECK(mentions(problemsOf(doc.problems(), Place::Node, 1), "cannot be reached"));

    // Not run: the loader's first word instead of a world.
    const Simulation run = doc.simulate();
    CHECK_FALSE(run.ok());
    CHECK(run.error.find("at least one domain") != std::string::npos);
    // Not saved: the loader's words, and no file.
    const std::string path = (tempDir() / "half-built.json").string();
    std::filesystem::remove(path);
    const auto saved = doc.saveAs(path);
    REQUIRE_FALSE(saved.ok());
    CHECK(saved.errors.front().format().find("/nodes/0/domains") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(path));

    // Linked and given a domain: the problems go away one by one.
    doc.execute(std::make_unique<AddLinkCommand>(newLink("client-1", "mail-server-1")));
    CHECK(problemsOf(doc.problems(), Place::Node, 1).empty());
    scenario::Node n = doc.scenario().nodes[0];
    n.domains = {"school.example"};
    doc.execute(std::make_unique<SetNodeCommand>(0, n, "domains"));
    CHECK(doc.loads());
    CHECK(doc.simulate().ok());
    REQUIRE(doc.saveAs(path).ok());
}

TEST_CASE("network editor: a template is a shipped lesson without its path", "[viz][editor]") {
    const auto r = lessonFromTemplate(testing::sourcePath("scenarios/03-multi-hop-relay.json"));
    REQUIRE(r.ok());
    CHECK(r.scenario->sourcePath.empty());
    LessonDocument doc(*r.scenario);
    CHECK(doc.loads());
    CHECK_FALSE(doc.dirty());
    CHECK_FALSE(lessonFromTemplate(testing::sourcePath("scenarios/no-such-lesson.json")).ok());
}

TEST_CASE("network editor: the side panel's text of accounts, users, domains, shared mailboxes and zones reads back the same", "[viz][editor]") {
    for (const std::string& file : testing::shippedLessons()) {
        INFO(file);
        for (const auto& n : loadLesson(file).nodes) {
            CHECK(parseAccounts(accountsText(n), n.type == NodeType::Browser) == n.accounts);
            CHECK(parseUsers(usersText(n.users)) == n.users);
            CHECK(parseDomains(domainsText(n.domains)) == n.domains);
            CHECK(parseDomains(domainsText(n.relayClients)) == n.relayClients);
            CHECK(parseShared(sharedText(n.sharedMailboxes)) == n.sharedMailboxes);
            CHECK(parseZones(zonesText(n.zones)) == n.zones);
        }
    }
    const scenario::Scenario lesson02 = loadLesson("02-cross-domain.json");
    const scenario::Node& dns = lesson02.nodes[4];
    CHECK(zonesText(dns.zones).rfind("zone sender.example\n@ MX 10 mail.sender.example\nmail A 192.0.2.25\n", 0) == 0);
    // Half typed: what does not read yet is left out, the rest is kept.
    const auto zones = parseZones("zone school.example\n@ MX 10 mail.school.example\nmail A 192.0.\nwww A\n");
    REQUIRE(zones.size() == 1);
    REQUIRE(zones[0].records.size() == 1);
    CHECK(zones[0].records[0].name == "school.example");
    const auto timed = parseZones("zone school.example\nmail A 192.0.2.9 ttl 60\n");
    REQUIRE(timed.size() == 1);
    REQUIRE(timed[0].records.size() == 1);
    CHECK(timed[0].records[0].ttl == 60);
    CHECK(zonesText(timed) == "zone school.example\nmail A 192.0.2.9 ttl 60\n");
    const auto shared = parseShared("info@school.example carol@school.example dana@school.example\n\nhelp@school.example\n");
    REQUIRE(shared.size() == 2);
    CHECK(shared[0].members == std::vector<std::string>{"carol@school.example", "dana@school.example"});
    CHECK(shared[1].address == "help@school.example");
    CHECK(shared[1].members.empty());
    CHECK(parseDomains("a.example,b.example  c.example") == std::vector<std::string>{"a.example", "b.example", "c.example"});
    const auto accounts = parseAccounts("carol@school.example secret mail imap\n\n", false);
    REQUIRE(accounts.size() == 1);
    CHECK(accounts[0].server == "mail");
    CHECK(accounts[0].incoming == scenario::IncomingProtocol::Imap);
}
