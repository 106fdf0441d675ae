// The mailbox inspector's grouping on lesson 04 (POP3 on two devices): at 9 s bob's address
// lists the server's mailbox first, then the laptop that downloaded both mails, then the phone
// that checked afterwards and found nothing (an empty INBOX, from its badge).
#include "test_support.h"

#include "model/mailbox_groups.h"
#include "model/scene_state.h"
#include "model/trace_index.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace postino;
using namespace postino::viz;

TEST_CASE("mailbox groups: lesson 04's server first, then the devices, the empty phone included", "[viz][mailboxes]") {
    world::World world(testing::loadLesson("04-pop3-two-devices.json"));
    world.run();
    const trace::Trace& t = world.trace();
    const TraceIndex index(t);
    SceneBuilder scene(index);
    const Time checked = Time::fromNanos(9'000'000'000);  // the phone has checked; the third mail is not sent yet
    const auto groups = mailboxesByAddress(t, checked, scene.build(checked).badges);
    REQUIRE(!groups.empty());
    CHECK(std::is_sorted(groups.begin(), groups.end(),
                         [](const MailboxHolders& a, const MailboxHolders& b) { return a.address < b.address; }));
    const auto bob = std::find_if(groups.begin(), groups.end(),
                                  [](const MailboxHolders& g) { return g.address.rfind("bob@", 0) == 0; });
    REQUIRE(bob != groups.end());
    REQUIRE(bob->holders.size() == 3);
    const auto& h = bob->holders;
    CHECK(t.nodes[h[0].node].type == "mail_server");
    CHECK(h[0].messageCount() == 0);  // POP3 emptied it
    CHECK(t.nodes[h[1].node].id == "bob-laptop");
    CHECK(h[1].messageCount() == 2);
    CHECK(t.nodes[h[2].node].id == "bob-phone");
    CHECK(h[2].messageCount() == 0);
    CHECK(h[2].folders.count("INBOX") == 1);
    for (const MailboxHolders& g : groups)
        for (const MailboxAt& b : g.holders) CHECK(b.mailbox == g.address);
    // Before anything was delivered nothing is listed.
    CHECK(mailboxesByAddress(t, Time::zero(), scene.build(Time::zero()).badges).empty());
}
