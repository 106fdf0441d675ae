// The store's change tracking (changed mailboxes, per-folder change log) and the journal that
// reads only what changed: same records as a full comparison, nothing for untouched mailboxes.
#include "mail/mail_store.h"
#include "nodes/mailbox_journal.h"
#include "trace/trace.h"

#include <catch2/catch.hpp>

using namespace postino;
using Op = trace::MailboxRecord::Op;

TEST_CASE("mail store: lists each changed mailbox once, in name order, then forgets it", "[mailbox][journal]") {
    mail::MailStore store;
    for (const char* a : {"c@x", "a@x", "b@x"}) store.create(a);
    CHECK(store.takeChangedMailboxes() == std::vector<std::string>{"a@x", "b@x", "c@x"});
    CHECK(store.takeChangedMailboxes().empty());
    store.find("c@x")->append("INBOX", "Subject: 1\r\n\r\n", Time{});
    store.find("c@x")->append("INBOX", "Subject: 2\r\n\r\n", Time{});
    store.find("a@x")->createFolder("Work");
    CHECK(store.takeChangedMailboxes() == std::vector<std::string>{"a@x", "c@x"});
    mail::Folder& inbox = store.find("c@x")->folder("INBOX");
    const std::uint64_t seen = inbox.highestModSeq;
    inbox.setFlags(0, mail::flag::Seen, {});
    inbox.expunge({2});
    CHECK(store.takeChangedMailboxes() == std::vector<std::string>{"c@x"});
    auto [first, last] = inbox.changesSince(seen);
    REQUIRE(last - first == 2);
    CHECK((first[0].uid == 1 && !first[0].expunged));
    CHECK((first[1].uid == 2 && first[1].expunged));
}

TEST_CASE("mailbox journal: records only what changed since the last sync", "[mailbox][journal]") {
    mail::MailStore store;
    trace::Trace trace;
    world::MailboxJournal journal(trace, 0);
    for (int i = 0; i < 50; ++i) store.create("u" + std::to_string(i) + "@x");
    mail::Mailbox& box = *store.find("u7@x");
    box.append("INBOX", "Subject: one\r\n\r\n", Time{});
    journal.syncStore(Time{}, store);
    REQUIRE(trace.mailboxRecords.size() == 1);
    CHECK(trace.mailboxRecords[0].mailbox == "u7@x");
    CHECK(trace.mailboxRecords[0].op == Op::Added);
    CHECK(trace.mailboxRecords[0].subject == "one");

    mail::Folder& inbox = box.folder("INBOX");
    box.append("INBOX", "Subject: two\r\n\r\n", Time{});
    box.append("INBOX", "Subject: gone\r\n\r\n", Time{});
    inbox.expunge({3});  // appended and expunged between two syncs: never shown
    inbox.setFlags(0, mail::flag::Seen, {"$Label"});
    journal.syncStore(Time{}, store);
    REQUIRE(trace.mailboxRecords.size() == 3);
    CHECK((trace.mailboxRecords[1].uid == 1 && trace.mailboxRecords[1].op == Op::FlagsChanged));
    CHECK((trace.mailboxRecords[2].uid == 2 && trace.mailboxRecords[2].op == Op::Added));

    inbox.setFlags(0, mail::flag::Seen, {});  // only a keyword: no record, as before
    inbox.expunge({1});
    REQUIRE(box.renameFolder("INBOX", "Old") == mail::FolderResult::Ok);
    journal.syncStore(Time{}, store);
    // INBOX: uid 1 expunged, then uid 2 moved out by the rename; Old: uid 1 (the copy of 2).
    REQUIRE(trace.mailboxRecords.size() == 6);
    CHECK((trace.mailboxRecords[3].folder == "INBOX" && trace.mailboxRecords[3].op == Op::Removed));
    CHECK((trace.mailboxRecords[4].folder == "INBOX" && trace.mailboxRecords[4].uid == 2));
    CHECK((trace.mailboxRecords[5].folder == "Old" && trace.mailboxRecords[5].op == Op::Added));
    CHECK(trace.mailboxRecords[5].subject == "two");
    journal.syncStore(Time{}, store);
    CHECK(trace.mailboxRecords.size() == 6);
}
