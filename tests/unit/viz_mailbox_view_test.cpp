// Mailboxes at time t, replayed from the trace's mailbox records: POP3 empties the server and
// fills one device; IMAP keeps the server full and every device in step, flags included.
#include "test_support.h"

#include "mail/mail_store.h"
#include "model/mailbox_view.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::testing;

namespace {

const viz::MailboxAt* find(const std::vector<viz::MailboxAt>& boxes, const world::World& w, const char* node,
                           const char* mailbox) {
    for (const auto& b : boxes)
        if (w.trace().nodes[b.node].id == node && b.mailbox == mailbox) return &b;
    return nullptr;
}

}  // namespace

TEST_CASE("mailboxes at t: POP3 moves the mail from the server to the laptop", "[viz]") {
    world::World w(loadLesson("04-pop3-two-devices.json"));
    w.run();
    const auto before = viz::mailboxesAt(w.trace(), Time::fromNanos(4'000'000'000));
    const auto* server = find(before, w, "mail-recipient", "bob@recipient.example");
    REQUIRE(server);
    CHECK(server->folders.at("INBOX").size() == 2);
    CHECK(find(before, w, "bob-laptop", "bob@recipient.example") == nullptr);  // not checked yet

    const auto after = viz::mailboxesAt(w.trace(), Time::fromNanos(9'000'000'000));
    CHECK(find(after, w, "mail-recipient", "bob@recipient.example")->folders.at("INBOX").empty());
    const auto* laptop = find(after, w, "bob-laptop", "bob@recipient.example");
    REQUIRE(laptop);
    REQUIRE(laptop->folders.at("INBOX").size() == 2);
    CHECK(laptop->folders.at("INBOX")[0].subject == "Hello Bob");
    CHECK(laptop->folders.at("INBOX")[0].from == "alice@sender.example");
}

TEST_CASE("mailboxes at t: IMAP flags and moves show on the server and every device", "[viz]") {
    world::World w(loadLesson("05-imap-two-devices.json"));
    w.run();
    const auto end = viz::mailboxesAt(w.trace(), Time::max());
    // The store as the journal replays it equals the real store at the end.
    const auto* store = w.storeOf(*w.indexOf("mail-recipient"))->find("bob@recipient.example");
    const auto* server = find(end, w, "mail-recipient", "bob@recipient.example");
    REQUIRE(server);
    for (const auto& [name, folder] : store->folders()) {
        INFO(name);
        REQUIRE(server->folders.count(name) == (folder.messages.empty() ? server->folders.count(name) : 1));
        if (folder.messages.empty()) continue;
        const auto& replayed = server->folders.at(name);
        REQUIRE(replayed.size() == folder.messages.size());
        for (std::size_t i = 0; i < replayed.size(); ++i) {
            CHECK(replayed[i].uid == folder.messages[i].uid);
            CHECK(replayed[i].flags == folder.messages[i].flags);
        }
    }
    CHECK(server->folders.at("Trips").size() == 1);
    CHECK(server->folders.at("Trips")[0].subject == "Photos");
    for (const char* device : {"bob-laptop", "bob-phone"}) {
        INFO(device);
        const auto* copy = find(end, w, device, "bob@recipient.example");
        REQUIRE(copy);
        REQUIRE(copy->folders.at("INBOX").size() == 1);
        CHECK((copy->folders.at("INBOX")[0].flags & mail::flag::Seen) != 0);  // read on the phone
    }
    // Before the phone opened it, the laptop showed "Hello Bob" unread.
    const auto early = viz::mailboxesAt(w.trace(), Time::fromNanos(7'000'000'000));
    const auto& laptop = find(early, w, "bob-laptop", "bob@recipient.example")->folders.at("INBOX");
    REQUIRE(laptop.size() == 2);
    CHECK((laptop[0].flags & mail::flag::Seen) == 0);
}

TEST_CASE("message marks: one status mark for unread, none for read, the flags after it", "[viz]") {
    const viz::MessageMarks unread = viz::messageMarks(0);
    CHECK(unread.status == "●");
    CHECK(unread.flags.empty());
    const viz::MessageMarks seen = viz::messageMarks(mail::flag::Seen);
    CHECK(seen.status.empty());
    CHECK(seen.flags.empty());
    const viz::MessageMarks flagged = viz::messageMarks(mail::flag::Flagged | mail::flag::Answered);
    CHECK(flagged.status == "●");
    CHECK(flagged.flags == "⚑ ↩ ");
    // The status mark is the only dot: it is never repeated among the flags.
    for (int f = 0; f <= mail::flag::All; ++f)
        CHECK(viz::messageMarks(static_cast<std::uint8_t>(f)).flags.find("●") == std::string::npos);
}
