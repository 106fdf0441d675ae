// The IMAP client's device cache (folder names, UIDVALIDITY discards, flag spelling) and the
// names of operations and events.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "imap_client/client_types.h"
#include "imap_client/device_cache.h"

using namespace postino::imap_client;

TEST_CASE("INBOX is case-insensitive, other folders are not", "[imap_client][cache]") {
    DeviceCache c;
    c.folder("inbox").uidNext = 5;
    CHECK(c.find("INBOX"));
    CHECK(c.find("Inbox")->uidNext == 5);
    CHECK(c.find("INBOX")->name == "INBOX");
    c.folder("Sent");
    CHECK(c.find("sent") == nullptr);
    CHECK(c.folders().size() == 2);
    c.removeFolder("Sent");
    CHECK(c.find("Sent") == nullptr);
}

TEST_CASE("a different UIDVALIDITY discards the folder's messages", "[imap_client][cache]") {
    struct Case {
        std::uint32_t before, after;
        bool discarded;
    };
    const Case cases[] = {{0, 10, false}, {10, 10, false}, {10, 11, true}, {11, 10, true}};
    for (const auto& k : cases) {
        INFO(k.before << " -> " << k.after);
        DeviceCache c;
        FolderCache& f = c.folder("INBOX");
        f.uidValidity = k.before;
        f.uidNext = 3;
        f.messages[1] = CachedMessage{1, {"\\Seen"}, "x", 1, true};
        f.messages[2] = CachedMessage{2, {}, "", 0, false};
        c.folder("Other").messages[1] = CachedMessage{1, {}, "y", 1, true};
        CHECK(c.applyUidValidity("inbox", k.after) == k.discarded);
        CHECK(c.find("INBOX")->uidValidity == k.after);
        CHECK(c.find("INBOX")->messages.size() == (k.discarded ? 0u : 2u));
        CHECK(c.find("INBOX")->uidNext == (k.discarded ? 0u : 3u));
        CHECK(c.message("Other", 1));  // other folders untouched
        CHECK(c.messageCount() == (k.discarded ? 1u : 3u));
    }
}

TEST_CASE("flags are stored in canonical spelling, Recent is not stored", "[imap_client][cache]") {
    CHECK(canonicalFlag("\\SEEN") == "\\Seen");
    CHECK(canonicalFlag("\\answered") == "\\Answered");
    CHECK(canonicalFlag("\\Flagged") == "\\Flagged");
    CHECK(canonicalFlag("\\deleted") == "\\Deleted");
    CHECK(canonicalFlag("\\DRAFT") == "\\Draft");
    CHECK(canonicalFlag("\\Recent").empty());
    CHECK(canonicalFlag("$Forwarded") == "$Forwarded");
    CHECK(canonicalFlag("\\Important") == "\\Important");
    CHECK(formatFlagList({}) == "()");
    CHECK(formatFlagList({"\\Seen", "$Junk", "\\Answered"}) == "($Junk \\Answered \\Seen)");
    CachedMessage m{1, {"\\Seen"}, "", 0, false};
    CHECK(m.has(kSeen));
    CHECK_FALSE(m.has(kFlagged));
    MailboxInfo info{"Trash", "/", {"\\HasNoChildren", "\\Trash"}};
    CHECK(info.hasAttribute("\\trash"));
    CHECK_FALSE(info.hasAttribute("\\Sent"));
    CHECK(DeviceCache::normalizeName("iNbOx") == "INBOX");
    CHECK(DeviceCache::normalizeName("INBOX.Sent") == "INBOX.Sent");
}

TEST_CASE("operations and events have readable names", "[imap_client][cache]") {
    struct Case {
        Operation op;
        std::string text;
    };
    const std::vector<Case> cases = {
        {Sync{}, "Sync INBOX"},
        {Read{"INBOX", 4}, "Read INBOX:4"},
        {SetFlags{"INBOX", 2, {"\\Seen"}, false}, "SetFlags INBOX:2 -(\\Seen)"},
        {Move{"INBOX", 3, "Archive"}, "Move INBOX:3 -> Archive"},
        {Delete{"Sent", 1}, "Delete Sent:1"},
        {Append{"Drafts", {}, "abc", ""}, "Append Drafts (3 octets)"},
        {ListFolders{}, "ListFolders"},
    };
    for (const auto& c : cases) CHECK(describeOperation(c.op) == c.text);
    CHECK(std::string(eventKindName(ClientEvent::Kind::CacheDiscarded)) == "CacheDiscarded");
    CHECK(std::string(eventKindName(ClientEvent::Kind::Downloaded)) == "Downloaded");
}
