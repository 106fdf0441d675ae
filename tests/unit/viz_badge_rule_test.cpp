// One counting rule for the mailbox badges, on real runs: a node counts what it holds in all the
// folders of a mailbox (lesson 05's server and phone both count Trips), a browser holds nothing
// (lesson 07), a shared mailbox counts under its own address, not its member's (lesson 06).
#include "test_support.h"

#include "model/mailbox_view.h"
#include "model/scene_state.h"
#include "model/trace_index.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <memory>

using namespace postino;
using namespace postino::viz;

namespace {

struct Run {
    explicit Run(const char* file) : world(testing::loadLesson(file)) {
        world.run();
        index = std::make_unique<TraceIndex>(world.trace());
    }
    trace::NodeIndex node(const char* id) const {
        const auto& nodes = world.trace().nodes;
        for (std::size_t i = 0; i < nodes.size(); ++i)
            if (nodes[i].id == id) return static_cast<trace::NodeIndex>(i);
        FAIL("no node " << id);
        return 0;
    }
    SceneState end() const { return stateAt(*index, index->endTime()); }
    world::World world;
    std::unique_ptr<TraceIndex> index;
};

const MailboxAt* boxOf(const std::vector<MailboxAt>& boxes, trace::NodeIndex node, const char* address) {
    for (const auto& b : boxes)
        if (b.node == node && b.mailbox == address) return &b;
    return nullptr;
}

}  // namespace

TEST_CASE("badges: lesson 05's server and phone both count every folder, Trips included", "[viz][badges]") {
    Run run("05-imap-two-devices.json");
    const SceneState end = run.end();
    const auto boxes = mailboxesAt(run.world.trace(), run.index->endTime());
    for (const char* id : {"mail-recipient", "bob-phone", "bob-laptop"}) {
        INFO(id);
        const MailboxAt* box = boxOf(boxes, run.node(id), "bob@recipient.example");
        REQUIRE(box);
        CHECK(end.mailboxCount(run.node(id), "bob@recipient.example") == static_cast<int>(box->messageCount()));
    }
    // The phone moved "Photos" to Trips: it holds it there, and the badge counts it.
    const MailboxAt* phone = boxOf(boxes, run.node("bob-phone"), "bob@recipient.example");
    REQUIRE(phone->folders.count("Trips"));
    CHECK(phone->folders.at("Trips").size() == 1);
    CHECK(end.mailboxCount(run.node("bob-phone"), "bob@recipient.example") >
          static_cast<int>(phone->folders.at("INBOX").size()));
    const MailboxAt* server = boxOf(boxes, run.node("mail-recipient"), "bob@recipient.example");
    CHECK(end.mailboxCount(run.node("mail-recipient"), "bob@recipient.example") >
          static_cast<int>(server->folders.at("INBOX").size()));
}

TEST_CASE("badges: lesson 06's shared info@ mail counts under info@, not under anna", "[viz][badges]") {
    Run run("06-imap-shared-mailbox.json");
    const auto anna = run.node("anna-laptop");
    const auto marco = run.node("marco-laptop");
    const SceneState end = run.end();
    // Anna's own mailbox holds only her reply in Sent: the shared mail is not hers ...
    CHECK(end.mailboxCount(anna, "anna@shop.example") == 1);
    // ... it counts under info@: her laptop last synchronised info@'s INBOX at 18 s (Carla's order
    // and Anna's cc); Marco's laptop also holds the invoice he moved to Accounting, as the server does.
    // Marco holds nothing of his own: his looks at info@ give him no "0 marco" badge.
    CHECK(end.mailboxCount(marco, "marco@shop.example") == -1);
    const int shared = end.mailboxCount(anna, "info@shop.example");
    CHECK(shared == 2);
    CHECK(end.mailboxCount(marco, "info@shop.example") == 3);
    CHECK(end.mailboxCount(run.node("mail-shop"), "info@shop.example") == 3);
    // The inspector shows the same: the device's shared folders under info@.
    const auto boxes = mailboxesAt(run.world.trace(), run.index->endTime());
    const MailboxAt* annaShared = boxOf(boxes, anna, "info@shop.example");
    REQUIRE(annaShared);
    CHECK(static_cast<int>(annaShared->messageCount()) == shared);
    CHECK(annaShared->folders.count("INBOX"));
}

TEST_CASE("badges: lesson 07's browser holds nothing, at any time", "[viz][badges]") {
    Run run("07-webmail.json");
    const auto browser = run.node("bob-browser");
    for (std::int64_t s = 0; s <= run.index->endTime().ns() / 1'000'000'000 + 1; ++s) {
        const SceneState at = stateAt(*run.index, Time::fromNanos(s * 1'000'000'000));
        CHECK(at.badgesOf(browser).empty());
    }
    // The mail is on the server: "Hello Bob" (read) and the deleted newsletter in Trash.
    CHECK(run.end().mailboxCount(run.node("mail-recipient"), "bob@recipient.example") >= 1);
}
