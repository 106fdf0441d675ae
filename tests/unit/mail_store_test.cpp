// The mail store: default folders, UIDs and UIDVALIDITY, flags and the modification
// sequence, expunge, folder create/delete/rename with children, INBOX rename, subscriptions,
// \Recent claims, keywords and shared mailboxes.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "mail/mail_store.h"

using namespace postino;
using namespace postino::mail;

namespace {

std::vector<std::string> folderNames(const Mailbox& box) {
    std::vector<std::string> out;
    for (const auto& [name, f] : box.folders()) out.push_back(name);
    return out;
}

std::vector<std::uint32_t> uidsOf(const Folder& f) {
    std::vector<std::uint32_t> out;
    for (const StoredMessage& m : f.messages) out.push_back(m.uid);
    return out;
}

}  // namespace

TEST_CASE("store: a new mailbox has INBOX, Sent, Drafts and Trash, subscribed, with special use", "[mail][store]") {
    MailStore store;
    Mailbox& box = store.create("alice@example.org");
    CHECK(folderNames(box) == std::vector<std::string>{"Drafts", "INBOX", "Sent", "Trash"});
    CHECK(box.findFolder("Sent")->specialUse == SpecialUse::Sent);
    CHECK(box.findFolder("Drafts")->specialUse == SpecialUse::Drafts);
    CHECK(box.findFolder("Trash")->specialUse == SpecialUse::Trash);
    CHECK(box.findFolder("INBOX")->specialUse == SpecialUse::None);
    for (const char* n : {"INBOX", "Sent", "Drafts", "Trash"}) CHECK(box.isSubscribed(n));
    CHECK(&store.create("alice@example.org") == &box);  // create is idempotent
    CHECK(store.find("bob@example.org") == nullptr);
    // Different mailboxes get different UIDVALIDITY values.
    Mailbox& bob = store.create("bob@example.org");
    CHECK(bob.findFolder("INBOX")->uidValidity != box.findFolder("INBOX")->uidValidity);
}

TEST_CASE("store: append assigns growing UIDs, expunge never reuses them", "[mail][store]") {
    MailStore store;
    Mailbox& box = store.create("alice@example.org");
    CHECK(box.append("INBOX", "a", Time::zero()) == 1);
    CHECK(box.append("INBOX", "b", Time::zero(), flag::Seen) == 2);
    Folder& inbox = box.folder("INBOX");
    CHECK(inbox.uidNext == 3);
    CHECK(inbox.messages[1].flags == flag::Seen);
    const std::uint64_t before = inbox.highestModSeq;
    CHECK(inbox.expunge({1, 99}) == std::vector<std::uint32_t>{1});
    CHECK(inbox.highestModSeq == before + 1);
    CHECK(inbox.expunge({42}).empty());
    CHECK(inbox.highestModSeq == before + 1);  // nothing removed, nothing changed
    CHECK(inbox.append("c", Time::zero()) == 3);
    CHECK(uidsOf(inbox) == std::vector<std::uint32_t>{2, 3});
    CHECK(inbox.findUid(2)->data == "b");
    CHECK(inbox.findUid(1) == nullptr);
    CHECK(inbox.indexOfUid(3) == 1);
    CHECK(inbox.indexOfUid(7) == inbox.messages.size());
}

TEST_CASE("store: flag changes raise the modification sequence only when something changes", "[mail][store]") {
    MailStore store;
    Folder& f = store.create("a@x").folder("INBOX");
    f.append("m1", Time::zero());
    f.append("m2", Time::zero());
    const std::uint64_t s0 = f.highestModSeq;
    CHECK(f.messages[1].modSeq == s0);
    CHECK(f.setFlags(0, flag::Seen | flag::Flagged, {"$Work"}));
    CHECK(f.highestModSeq == s0 + 1);
    CHECK(f.messages[0].modSeq == s0 + 1);
    CHECK_FALSE(f.setFlags(0, flag::Seen | flag::Flagged, {"$work"}));  // keywords compare case-insensitively
    CHECK(f.highestModSeq == s0 + 1);
    CHECK(f.keywords == std::vector<std::string>{"$Work"});
    CHECK(f.messages[0].hasKeyword("$WORK"));
    CHECK_FALSE(f.setFlags(9, flag::Seen, {}));  // out of range: ignored
    f.messages[1].flags = flag::Deleted;
    CHECK(f.countWith(flag::Seen) == 1);
    CHECK(f.countWithout(flag::Seen) == 1);
    CHECK(f.expungeDeleted() == std::vector<std::uint32_t>{2});
    CHECK(f.messages.size() == 1);
}

TEST_CASE("store: the first claim of Recent wins", "[mail][store]") {
    MailStore store;
    Folder& f = store.create("a@x").folder("INBOX");
    f.append("m1", Time::zero());
    f.append("m2", Time::zero());
    CHECK(f.recentCount() == 2);
    CHECK(f.claimRecent() == 1);  // messages with UID >= 1 are recent for the claimer
    CHECK(f.recentCount() == 0);
    CHECK(f.claimRecent() == 3);  // nothing left for a second session
    f.append("m3", Time::zero());
    CHECK(f.recentCount() == 1);
}

TEST_CASE("store: appendCopy keeps data, flags, keywords and date under a new UID", "[mail][store]") {
    MailStore store;
    Mailbox& box = store.create("a@x");
    Folder& inbox = box.folder("INBOX");
    inbox.append("text", Time::fromNanos(5), flag::Answered, {"$Label1"});
    Folder& trash = box.folder("Trash");
    trash.append("old", Time::zero());
    const std::uint32_t uid = trash.appendCopy(inbox.messages[0]);
    CHECK(uid == 2);
    const StoredMessage& c = *trash.findUid(2);
    CHECK(c.data == "text");
    CHECK(c.flags == flag::Answered);
    CHECK(c.keywords == std::vector<std::string>{"$Label1"});
    CHECK(c.internalDate == Time::fromNanos(5));
    CHECK(trash.keywords == std::vector<std::string>{"$Label1"});
}

TEST_CASE("store: folder names are checked", "[mail][store]") {
    struct Case {
        const char* name;
        const char* error;
    };
    const std::vector<Case> cases = {
        {"Work", ""},
        {"Work/2026", ""},
        {"", "Name is empty"},
        {"/a", "Begins with hierarchy separator"},
        {"a/", "Ends with hierarchy separator"},
        {"a//b", "Has adjacent hierarchy separators"},
        {"a\tb", "Contains control characters"},
        {"a*", "Contains wildcard characters"},
        {"50%", "Contains wildcard characters"},
        {"Écoles", ""},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        CHECK(Mailbox::nameError(c.name) == c.error);
    }
    CHECK(Mailbox::nameError(std::string(256, 'x')) == "Name is too long");
}

TEST_CASE("store: create makes parents, delete refuses INBOX, leaves Noselect names for children", "[mail][store]") {
    MailStore store;
    Mailbox& box = store.create("a@x");
    CHECK(box.createFolder("Work/2026/Q1") == FolderResult::Ok);
    CHECK(box.findFolder("Work") != nullptr);
    CHECK(box.findFolder("Work/2026") != nullptr);
    CHECK(box.createFolder("Work") == FolderResult::AlreadyExists);
    CHECK(box.createFolder("bad//name") == FolderResult::InvalidName);
    CHECK(box.hasChildren("Work"));
    CHECK_FALSE(box.hasChildren("Work/2026/Q1"));
    box.createFolder("Work 2");  // sorts between "Work" and "Work/..."; not a child
    CHECK_FALSE(box.hasChildren("Work 2"));
    CHECK(box.deleteFolder("INBOX") == FolderResult::Forbidden);
    CHECK(box.deleteFolder("Nope") == FolderResult::NotFound);
    // A folder with children goes, its name stays as \Noselect until its last child goes.
    box.append("Work", "x\r\n", Time::zero());
    CHECK(box.deleteFolder("Work") == FolderResult::Ok);
    CHECK(box.findFolder("Work") == nullptr);
    CHECK(box.isNoselect("Work"));
    CHECK(box.deleteFolder("Work") == FolderResult::HasChildren);
    CHECK(box.deleteFolder("Work/2026") == FolderResult::Ok);
    CHECK(box.noselectNames() == std::set<std::string>{"Work", "Work/2026"});
    CHECK(box.deleteFolder("Work/2026/Q1") == FolderResult::Ok);
    CHECK(box.noselectNames().empty());
    CHECK(box.deleteFolder("Work") == FolderResult::NotFound);
    // CREATE below a \Noselect name keeps it so; CREATE of the name makes it a folder again.
    box.createFolder("P/Q");
    box.deleteFolder("P");
    box.createFolder("P/R");
    CHECK(box.isNoselect("P"));
    CHECK(box.createFolder("P") == FolderResult::Ok);
    CHECK_FALSE(box.isNoselect("P"));
    // RENAME carries \Noselect names along and drops the ones left without children.
    box.createFolder("A/B/C");
    box.deleteFolder("A/B");
    CHECK(box.renameFolder("A/B", "Z") == FolderResult::Ok);
    CHECK(box.noselectNames() == std::set<std::string>{"Z"});
    CHECK(box.findFolder("Z/C") != nullptr);
    CHECK(box.findFolder("A") != nullptr);
    // A folder created again gets a new UIDVALIDITY.
    box.createFolder("Tmp");
    const std::uint32_t v1 = box.findFolder("Tmp")->uidValidity;
    box.deleteFolder("Tmp");
    box.createFolder("Tmp");
    CHECK(box.findFolder("Tmp")->uidValidity != v1);
}

TEST_CASE("store: rename moves children, keeps the folder (id, UIDs) and its subscription", "[mail][store]") {
    MailStore store;
    Mailbox& box = store.create("a@x");
    box.createFolder("Work/Old");
    box.append("Work", "m", Time::zero());
    box.subscribe("Work/Old");
    const std::uint64_t id = box.findFolder("Work")->id;
    const std::uint32_t validity = box.findFolder("Work")->uidValidity;
    CHECK(box.renameFolder("Work", "Archive/2025") == FolderResult::Ok);
    CHECK(box.findFolder("Work") == nullptr);
    CHECK(box.findFolder("Work/Old") == nullptr);
    REQUIRE(box.findFolder("Archive/2025") != nullptr);
    CHECK(box.findFolder("Archive/2025/Old") != nullptr);
    CHECK(box.findFolder("Archive") != nullptr);  // the new parent
    CHECK(box.findFolder("Archive/2025")->id == id);
    CHECK(box.findFolder("Archive/2025")->uidValidity == validity);
    CHECK(box.findFolder("Archive/2025")->name == "Archive/2025");
    CHECK(box.findFolderById(id) == box.findFolder("Archive/2025"));
    CHECK(box.isSubscribed("Archive/2025/Old"));
    CHECK_FALSE(box.isSubscribed("Work/Old"));
    CHECK(box.renameFolder("Nope", "X") == FolderResult::NotFound);
    CHECK(box.renameFolder("Sent", "Trash") == FolderResult::AlreadyExists);
    CHECK(box.renameFolder("Archive", "Archive/Sub") == FolderResult::Forbidden);
    CHECK(box.renameFolder("Sent", "INBOX") == FolderResult::AlreadyExists);
    CHECK(box.renameFolder("Sent", "a//b") == FolderResult::InvalidName);
}

TEST_CASE("store: renaming INBOX moves its messages and leaves it empty (RFC 3501 6.3.5)", "[mail][store]") {
    MailStore store;
    Mailbox& box = store.create("a@x");
    box.append("INBOX", "one", Time::zero(), flag::Seen);
    box.append("INBOX", "two", Time::zero());
    box.createFolder("INBOX/kept");
    CHECK(box.renameFolder("INBOX", "Old mail") == FolderResult::Ok);
    CHECK(box.findFolder("INBOX")->messages.empty());
    CHECK(box.findFolder("INBOX")->uidNext == 3);  // UIDs are never reused
    CHECK(box.findFolder("INBOX/kept") != nullptr);
    REQUIRE(box.findFolder("Old mail") != nullptr);
    CHECK(box.findFolder("Old mail")->messages.size() == 2);
    CHECK(box.findFolder("Old mail")->messages[0].flags == flag::Seen);
}

TEST_CASE("store: shared mailboxes list the users who may open them", "[mail][store]") {
    MailStore store;
    store.create("alice@example.org");
    Mailbox& team = store.createShared("team@example.org", {"alice@example.org", "bob@example.org"});
    CHECK(team.isShared());
    CHECK(team.mayAccess("Alice@Example.org"));
    CHECK(team.mayAccess("team@example.org"));
    CHECK_FALSE(team.mayAccess("eve@example.org"));
    CHECK_FALSE(store.find("alice@example.org")->isShared());
    const auto shared = store.sharedWith("bob@example.org");
    REQUIRE(shared.size() == 1);
    CHECK(shared[0] == &team);
    CHECK(store.sharedWith("eve@example.org").empty());
    CHECK(store.sharedWith("team@example.org").empty());  // not shared with its own owner
    team.allowUser("bob@example.org");  // no duplicates
    CHECK(team.allowedUsers().size() == 2);
}

TEST_CASE("store: folder() made again after a delete gets a new UIDVALIDITY", "[mail][store]") {
    MailStore store;
    Mailbox& box = store.create("a@x");
    const std::uint32_t v = box.findFolder("Trash")->uidValidity;
    box.append("Trash", "m", Time::zero());
    CHECK(box.deleteFolder("Trash") == FolderResult::Ok);
    Folder& again = box.folder("Trash");
    CHECK(again.uidValidity != v);
    CHECK(again.uidNext == 1);
    CHECK(box.folder("INBOX").uidValidity == v);  // the defaults share the mailbox's value
}
