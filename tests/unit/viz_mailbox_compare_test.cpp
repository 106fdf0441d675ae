// The compare view's model on lesson 12: Bob's POP3 empties the server, Carol's POP3 with a copy
// left on the server keeps it full, Dana's IMAP keeps every copy in step, her read, move and
// delete included.
#include "test_support.h"

#include "mail/mail_store.h"
#include "model/mailbox_compare.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace postino;
using namespace postino::viz;
using Gone = CompareMessage::Gone;

namespace {

struct Lesson12 {
    Lesson12() : scenario(testing::loadLesson("12-pop3-vs-imap.json")), world(scenario) { world.run(); }
    std::vector<CompareColumn> at(double seconds) const {
        return compareAt(scenario, world.trace(), Time::fromNanos(static_cast<std::int64_t>(seconds * 1e9)));
    }
    const std::string& id(const CompareHolder& h) const { return world.trace().nodes[h.node].id; }
    scenario::Scenario scenario;
    world::World world;
};

const CompareColumn& column(const std::vector<CompareColumn>& cols, const char* account) {
    const auto it = std::find_if(cols.begin(), cols.end(), [&](const CompareColumn& c) { return c.account == account; });
    REQUIRE(it != cols.end());
    return *it;
}

const CompareHolder& holder(const Lesson12& l, const CompareColumn& c, const char* id) {
    const auto it = std::find_if(c.holders.begin(), c.holders.end(), [&](const CompareHolder& h) { return l.id(h) == id; });
    REQUIRE(it != c.holders.end());
    return *it;
}

const CompareMessage& message(const CompareHolder& h, const char* subject, const char* folder = "INBOX") {
    const auto it = std::find_if(h.messages.begin(), h.messages.end(), [&](const CompareMessage& m) {
        return m.subject == subject && m.folder == folder;
    });
    REQUIRE(it != h.messages.end());
    return *it;
}

std::size_t present(const CompareHolder& h) {
    return static_cast<std::size_t>(
        std::count_if(h.messages.begin(), h.messages.end(), [](const CompareMessage& m) { return m.gone == Gone::No; }));
}

}  // namespace

TEST_CASE("compare: one column per reading account, the server first, tagged by protocol", "[viz][compare]") {
    const Lesson12 l;
    const auto cols = l.at(0);
    REQUIRE(cols.size() == 3);  // Alice only sends: no column
    CHECK(cols[0].account == "bob@recipient.example");
    CHECK(cols[0].readers == std::vector<Reader>{Reader::Pop3});
    CHECK(cols[1].account == "carol@recipient.example");
    CHECK(cols[1].readers == std::vector<Reader>{Reader::Pop3Keep});
    CHECK(cols[2].account == "dana@recipient.example");
    CHECK(cols[2].readers == std::vector<Reader>{Reader::Imap});
    for (const auto& c : cols) {
        REQUIRE(c.holders.size() == 3);
        CHECK(c.holders[0].server);
        CHECK(l.id(c.holders[0]) == "mail-recipient");
        for (const auto& h : c.holders) CHECK(h.messages.empty());
    }
}

TEST_CASE("compare: POP3 takes the mail off the server, a copy left there stays", "[viz][compare]") {
    const Lesson12 l;
    const auto cols = l.at(12);
    const auto& bob = column(cols, "bob@recipient.example");
    const auto& bobServer = holder(l, bob, "mail-recipient");
    CHECK(present(bobServer) == 0);
    CHECK(message(bobServer, "Agenda").gone == Gone::Downloaded);
    CHECK(present(holder(l, bob, "bob-laptop")) == 3);
    CHECK(holder(l, bob, "bob-phone").seen);  // it looked and found nothing
    CHECK(holder(l, bob, "bob-phone").messages.empty());

    const auto& carol = column(cols, "carol@recipient.example");
    for (const char* id : {"mail-recipient", "carol-laptop", "carol-phone"}) CHECK(present(holder(l, carol, id)) == 3);
}

TEST_CASE("compare: IMAP shows Dana's read, move and delete on the server and both devices", "[viz][compare]") {
    const Lesson12 l;
    // 12 s: read on the phone (and so on the server); the laptop has not looked again yet.
    {
        const auto cols = l.at(12);
        const auto& dana = column(cols, "dana@recipient.example");
        CHECK(message(holder(l, dana, "dana-phone"), "Agenda").flags & mail::flag::Seen);
        CHECK(message(holder(l, dana, "mail-recipient"), "Agenda").flags & mail::flag::Seen);
        CHECK_FALSE(message(holder(l, dana, "dana-laptop"), "Agenda").flags & mail::flag::Seen);
    }
    // 14 s: the laptop shows it read too.
    CHECK(message(holder(l, column(l.at(14), "dana@recipient.example"), "dana-laptop"), "Agenda").flags & mail::flag::Seen);
    // The end: moved to Work and deleted to Trash, everywhere.
    const auto cols = l.at(30);
    const auto& dana = column(cols, "dana@recipient.example");
    for (const char* id : {"mail-recipient", "dana-phone", "dana-laptop"}) {
        INFO(id);
        const auto& h = holder(l, dana, id);
        const auto& moved = message(h, "Meeting on Friday");
        CHECK(moved.gone == Gone::Moved);
        CHECK(moved.movedTo == "Work");
        const auto& deleted = message(h, "Cake in the kitchen");
        CHECK(deleted.gone == Gone::Deleted);
        CHECK(deleted.movedTo == "Trash");
        CHECK(message(h, "Agenda").gone == Gone::No);
    }
    // The server and the phone hold the moved mail in Work (the laptop synchronises INBOX only).
    CHECK(message(holder(l, dana, "mail-recipient"), "Meeting on Friday", "Work").gone == Gone::No);
    CHECK(message(holder(l, dana, "mail-recipient"), "Meeting on Friday", "Work").cameFrom == "INBOX");
    CHECK(message(holder(l, dana, "dana-phone"), "Cake in the kitchen", "Trash").gone == Gone::No);
    CHECK(message(holder(l, dana, "dana-phone"), "Cake in the kitchen", "Trash").cameFrom == "INBOX");
    CHECK(message(holder(l, dana, "mail-recipient"), "Agenda").cameFrom.empty());
    // New only shortly after arriving.
    CHECK(message(holder(l, column(l.at(7), "dana@recipient.example"), "dana-laptop"), "Agenda").fresh);
    CHECK_FALSE(message(holder(l, dana, "dana-laptop"), "Agenda").fresh);
}

TEST_CASE("compare: lesson 06's shared info@ has its own column, both laptops in step with the server", "[viz][compare]") {
    const scenario::Scenario sc = testing::loadLesson("06-imap-shared-mailbox.json");
    world::World w(sc);
    w.run();
    const auto cols = compareAt(sc, w.trace(), Time::max());
    const auto& info = column(cols, "info@shop.example");
    CHECK(info.readers == std::vector<Reader>{Reader::Imap});
    REQUIRE(info.holders.size() == 3);
    CHECK(info.holders[0].server);
    // Marco moved the invoice request to Accounting: gone from INBOX with an arrow, on the server and on both laptops.
    for (const auto& h : info.holders) {
        INFO(w.trace().nodes[h.node].id);
        const auto& moved = message(h, "Invoice for order 1039");
        CHECK(moved.gone == Gone::Moved);
        CHECK(moved.movedTo == "Accounting");
    }
}

TEST_CASE("compare: a device's map tags name each protocol it reads with, once", "[viz][compare]") {
    const scenario::Scenario l12 = testing::loadLesson("12-pop3-vs-imap.json");
    const auto node = [](const scenario::Scenario& s, const char* id) {
        return *std::find_if(s.nodes.begin(), s.nodes.end(), [&](const scenario::Node& n) { return n.id == id; });
    };
    CHECK(deviceReaders(node(l12, "bob-laptop")) == std::vector<Reader>{Reader::Pop3});
    CHECK(deviceReaders(node(l12, "carol-phone")) == std::vector<Reader>{Reader::Pop3});  // keeping a copy is still POP3
    CHECK(deviceReaders(node(l12, "dana-phone")) == std::vector<Reader>{Reader::Imap});
    CHECK(deviceReaders(node(l12, "alice-laptop")).empty());  // only sends
    CHECK(deviceReaders(node(l12, "mail-recipient")).empty());
    const scenario::Scenario l07 = testing::loadLesson("07-webmail.json");
    CHECK(deviceReaders(node(l07, "bob-browser")) == std::vector<Reader>{Reader::Web});
    // Several accounts: each protocol once.
    scenario::Node many = node(l12, "bob-laptop");
    many.accounts.push_back(many.accounts[0]);
    many.accounts.back().incoming = scenario::IncomingProtocol::Imap;
    many.accounts.push_back(many.accounts[0]);
    many.accounts.back().keepOnServer = true;
    CHECK(deviceReaders(many) == std::vector<Reader>{Reader::Pop3, Reader::Imap});
    CHECK(std::string(readerTag(Reader::Pop3Keep)) == "POP3");
}
