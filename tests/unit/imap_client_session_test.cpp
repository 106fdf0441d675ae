// The IMAP client engine against scripted Dovecot-style transcripts: login, Sync (first and
// incremental), UIDVALIDITY change, unsolicited EXPUNGE/FETCH, Read. Every script is also fed
// in small chunks and one byte at a time and must give the same commands, result and cache.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "imap_client/client_session.h"
#include "imap_client_script.h"

using namespace postino::imap_client;
using namespace postino::imap_client::testing;

namespace {


std::string literal(const std::string& s) { return "{" + std::to_string(s.size()) + "}\r\n" + s; }

const std::string kGreeting =
    "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot (Debian) ready.\r\n";
const std::string kLoginOk =
    "A001 OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES "
    "MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH "
    "SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SPECIAL-USE] Logged in\r\n";
const Step kLogin{"A001 LOGIN \"alice\" \"secret\"\r\n", kLoginOk};

std::string selectInbox(const std::string& tag, int exists, std::uint32_t uidValidity, std::uint32_t uidNext) {
    return "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
           "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r\n"
           "* " + std::to_string(exists) + " EXISTS\r\n"
           "* 0 RECENT\r\n"
           "* OK [UIDVALIDITY " + std::to_string(uidValidity) + "] UIDs valid\r\n"
           "* OK [UIDNEXT " + std::to_string(uidNext) + "] Predicted next UID\r\n"
           "* OK [HIGHESTMODSEQ 12] Highest\r\n" +
           tag + " OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n";
}

Step logout(const std::string& tag) {
    return {tag + " LOGOUT\r\n", "* BYE Logging out\r\n" + tag + " OK Logout completed (0.001 + 0.000 secs).\r\n"};
}

ClientJob job(std::vector<Operation> ops) {
    ClientJob j;
    j.user = "alice";
    j.password = "secret";
    j.ops = std::move(ops);
    return j;
}

const std::string kMsg1 = message("Welcome", "Hello Alice!");
const std::string kMsg2 = message("Lunch?", "Pizza at noon.\r\n.\r\nBye");
const std::string kMsg3 = message("Report", "See the attached numbers.");

// The device after a first sync of INBOX with UIDVALIDITY 1719999999.
DeviceCache syncedCache() {
    DeviceCache c;
    FolderCache& f = c.folder("INBOX");
    f.uidValidity = 1719999999;
    f.uidNext = 4;
    f.messages[1] = CachedMessage{1, {"\\Seen"}, kMsg1, kMsg1.size(), true};
    f.messages[2] = CachedMessage{2, {}, kMsg2, kMsg2.size(), true};
    f.messages[3] = CachedMessage{3, {"\\Flagged"}, kMsg3, kMsg3.size(), true};
    return c;
}

}  // namespace

TEST_CASE("first Sync downloads every message with BODY.PEEK", "[imap_client]") {
    const std::vector<Step> script = {
        kLogin,
        {"A002 SELECT \"INBOX\"\r\n", selectInbox("A002", 3, 1719999999, 4)},
        {"A003 UID FETCH 1:* (FLAGS)\r\n",
         "* 1 FETCH (UID 1 FLAGS (\\Seen))\r\n* 2 FETCH (UID 2 FLAGS ())\r\n* 3 FETCH (UID 3 FLAGS (\\Flagged "
         "\\Recent))\r\nA003 OK Fetch completed (0.001 + 0.000 secs).\r\n"},
        {"A004 UID FETCH 1:3 (UID FLAGS RFC822.SIZE BODY.PEEK[])\r\n",
         "* 1 FETCH (UID 1 RFC822.SIZE " + std::to_string(kMsg1.size()) + " FLAGS (\\Seen) BODY[] " + literal(kMsg1) +
             ")\r\n* 2 FETCH (UID 2 RFC822.SIZE " + std::to_string(kMsg2.size()) + " FLAGS () BODY[] " +
             literal(kMsg2) + ")\r\n* 3 FETCH (UID 3 RFC822.SIZE " + std::to_string(kMsg3.size()) +
             " FLAGS (\\Flagged) BODY[] " + literal(kMsg3) + ")\r\nA004 OK Fetch completed (0.002 + 0.000 secs).\r\n"},
        logout("A005"),
    };
    Run r = runAll(kGreeting, script, job({Sync{}}));
    CHECK(r.result.success);
    CHECK(r.result.failureReason.empty());
    REQUIRE(r.result.operations.size() == 1);
    CHECK(r.result.operations[0].ok());
    CHECK(r.result.counts.downloaded == 3);
    CHECK(r.result.counts.flagsUpdated == 0);
    CHECK(dumpCache(r.cache) == dumpCache(syncedCache()));
    REQUIRE(r.events.size() == 3);
    CHECK(r.events[0].kind == ClientEvent::Kind::Downloaded);
    CHECK(r.events[0].text == "Welcome");
    CHECK(r.events[1].text == "Lunch?");
    CHECK(r.events[2].uid == 3);
}

TEST_CASE("a greeting without capabilities makes the client ask, before and after login", "[imap_client]") {
    const std::vector<Step> script = {
        {"A001 CAPABILITY\r\n", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nA001 OK Capability completed.\r\n"},
        {"A002 LOGIN \"alice\" \"secret\"\r\n", "A002 OK Logged in\r\n"},
        {"A003 CAPABILITY\r\n", "* CAPABILITY IMAP4rev1 UIDPLUS MOVE\r\nA003 OK Capability completed.\r\n"},
        {"A004 SELECT \"INBOX\"\r\n", selectInbox("A004", 0, 7, 1)},
        logout("A005"),
    };
    Run r = runAll("* OK IMAP server ready\r\n", script, job({Sync{}}));
    CHECK(r.result.success);
    CHECK(r.result.operations[0].ok());
    CHECK(r.result.operations[0].text == "mailbox is empty");
    CHECK(r.cache.find("INBOX")->uidValidity == 7);
}

TEST_CASE("incremental Sync refreshes flags, drops vanished mail and fetches only new UIDs", "[imap_client]") {
    const std::string msg5 = message("New one", "Fresh.");
    const std::vector<Step> script = {
        kLogin,
        {"A002 SELECT \"INBOX\"\r\n", selectInbox("A002", 3, 1719999999, 6)},
        {"A003 UID FETCH 1:* (FLAGS)\r\n",
         "* 1 FETCH (UID 1 FLAGS (\\Seen))\r\n* 2 FETCH (UID 3 FLAGS (\\Flagged \\Seen))\r\n"
         "* 3 FETCH (UID 5 FLAGS ())\r\nA003 OK Fetch completed.\r\n"},
        {"A004 UID FETCH 5 (UID FLAGS RFC822.SIZE BODY.PEEK[])\r\n",
         "* 3 FETCH (UID 5 RFC822.SIZE " + std::to_string(msg5.size()) + " FLAGS () BODY[] " + literal(msg5) +
             ")\r\nA004 OK Fetch completed.\r\n"},
        logout("A005"),
    };
    Run r = runAll(kGreeting, script, job({Sync{"inbox"}}), syncedCache());
    CHECK(r.result.success);
    const FolderCache* f = r.cache.find("INBOX");
    REQUIRE(f);
    CHECK(f->uidNext == 6);
    CHECK(f->messages.size() == 3);
    CHECK(f->messages.count(2) == 0);
    CHECK(f->messages.at(3).flags == FlagSet{"\\Flagged", "\\Seen"});
    CHECK(f->messages.at(5).content == msg5);
    CHECK(r.result.counts.downloaded == 1);
    CHECK(r.result.counts.flagsUpdated == 1);
    CHECK(r.result.counts.expunged == 1);
    REQUIRE(r.events.size() == 3);
    CHECK(r.events[0].kind == ClientEvent::Kind::FlagsChanged);
    CHECK(r.events[0].text == "(\\Flagged \\Seen)");
    CHECK(r.events[1].kind == ClientEvent::Kind::Expunged);
    CHECK(r.events[1].uid == 2);
    CHECK(r.events[2].kind == ClientEvent::Kind::Downloaded);
    CHECK(r.events[2].text == "New one");
}

TEST_CASE("a new UIDVALIDITY discards the folder cache and downloads again", "[imap_client]") {
    const std::string msgA = message("After restore", "x");
    const std::vector<Step> script = {
        kLogin,
        {"A002 SELECT \"INBOX\"\r\n", selectInbox("A002", 1, 1720000500, 2)},
        {"A003 UID FETCH 1:* (FLAGS)\r\n", "* 1 FETCH (UID 1 FLAGS (\\Seen))\r\nA003 OK Fetch completed.\r\n"},
        {"A004 UID FETCH 1 (UID FLAGS RFC822.SIZE BODY.PEEK[])\r\n",
         "* 1 FETCH (UID 1 RFC822.SIZE " + std::to_string(msgA.size()) + " BODY[] " + literal(msgA) +
             " FLAGS (\\Seen))\r\nA004 OK Fetch completed.\r\n"},
        logout("A005"),
    };
    Run r = runAll(kGreeting, script, job({Sync{}}), syncedCache());
    CHECK(r.result.success);
    const FolderCache* f = r.cache.find("INBOX");
    REQUIRE(f);
    CHECK(f->uidValidity == 1720000500);
    REQUIRE(f->messages.size() == 1);
    CHECK(f->messages.at(1).content == msgA);  // not the old UID 1
    REQUIRE(!r.events.empty());
    CHECK(r.events[0].kind == ClientEvent::Kind::CacheDiscarded);
    CHECK(r.events[0].text == "UIDVALIDITY 1719999999 -> 1720000500");
    CHECK(r.result.counts.downloaded == 1);
}

TEST_CASE("unsolicited EXPUNGE shifts sequence numbers for later FETCH responses", "[imap_client]") {
    // After the sync, seq 1..3 = UID 1,2,3. Another client expunges UID 2 while we store a
    // flag; the server then reports a flag change on seq 2, which is now UID 3.
    const std::vector<Step> script = {
        kLogin,
        {"A002 SELECT \"INBOX\"\r\n", selectInbox("A002", 3, 1719999999, 4)},
        {"A003 UID FETCH 1:* (FLAGS)\r\n",
         "* 1 FETCH (UID 1 FLAGS (\\Seen))\r\n* 2 FETCH (UID 2 FLAGS ())\r\n* 3 FETCH (UID 3 FLAGS "
         "(\\Flagged))\r\nA003 OK Fetch completed.\r\n"},
        {"A004 UID STORE 1 +FLAGS.SILENT (\\Answered)\r\n",
         "* 2 EXPUNGE\r\n* 2 FETCH (FLAGS (\\Flagged \\Seen))\r\n* 3 EXISTS\r\nA004 OK Store completed.\r\n"},
        {"A005 UID FETCH 1:* (FLAGS)\r\n",
         "* 1 FETCH (UID 1 FLAGS (\\Answered \\Seen))\r\n* 2 FETCH (UID 3 FLAGS (\\Flagged \\Seen))\r\n"
         "* 3 FETCH (UID 4 FLAGS ())\r\nA005 OK Fetch completed.\r\n"},
        {"A006 UID FETCH 4 (UID FLAGS RFC822.SIZE BODY.PEEK[])\r\n",
         "* 3 FETCH (UID 4 RFC822.SIZE 0 FLAGS () BODY[] {0}\r\n)\r\nA006 OK Fetch completed.\r\n"},
        logout("A007"),
    };
    ClientJob j = job({Sync{}, SetFlags{"INBOX", 1, {"\\answered"}, true}, Sync{}});
    Run r = runAll(kGreeting, script, j, syncedCache());
    CHECK(r.result.success);
    const FolderCache* f = r.cache.find("INBOX");
    REQUIRE(f);
    CHECK(f->messages.count(2) == 0);
    CHECK(f->messages.at(1).flags == FlagSet{"\\Answered", "\\Seen"});
    CHECK(f->messages.at(3).flags == FlagSet{"\\Flagged", "\\Seen"});
    CHECK(f->messages.at(4).downloaded);
    CHECK(f->messages.at(4).content.empty());
    CHECK(r.result.counts.expunged == 1);
    CHECK(r.result.counts.flagsUpdated == 2);
    for (const auto& o : r.result.operations) CHECK(o.ok());
}

TEST_CASE("the sequence map follows EXISTS, EXPUNGE and FETCH", "[imap_client]") {
    DeviceCache cache = syncedCache();
    ClientSession s(job({Sync{}, SetFlags{"INBOX", 3, {"\\Seen"}, true}}), cache);
    s.feed(kGreeting);
    s.feed(kLoginOk);
    s.feed(selectInbox("A002", 3, 1719999999, 4));
    s.feed("* 1 FETCH (UID 1 FLAGS (\\Seen))\r\n* 2 FETCH (UID 2 FLAGS ())\r\n* 3 FETCH (UID 3 FLAGS ())\r\n");
    CHECK(s.sequenceMap() == std::vector<std::uint32_t>{1, 2, 3});
    s.feed("* 4 EXISTS\r\n");
    CHECK(s.sequenceMap() == std::vector<std::uint32_t>{1, 2, 3, 0});
    s.feed("* 1 EXPUNGE\r\n");
    CHECK(s.sequenceMap() == std::vector<std::uint32_t>{2, 3, 0});
    s.feed("* 3 FETCH (UID 9 FLAGS (\\Draft))\r\n");
    CHECK(s.sequenceMap() == std::vector<std::uint32_t>{2, 3, 9});
    s.feed("* 9 EXPUNGE\r\n* 0 EXPUNGE\r\n");  // out of range: ignored
    CHECK(s.sequenceMap().size() == 3);
    CHECK(cache.find("INBOX")->messages.count(1) == 0);
    CHECK(cache.find("INBOX")->messages.at(3).flags.empty());  // flags refreshed to ()
    CHECK(!s.finished());
}

TEST_CASE("Read downloads with BODY[] or marks a cached message seen", "[imap_client]") {
    const std::vector<Step> script = {
        kLogin,
        {"A002 SELECT \"INBOX\"\r\n", selectInbox("A002", 4, 1719999999, 5)},
        // UID 2 is cached but unseen: STORE. UID 1 is cached and seen: nothing sent.
        {"A003 UID STORE 2 +FLAGS.SILENT (\\Seen)\r\n", "A003 OK Store completed.\r\n"},
        // UID 4 is not cached: BODY[] (not PEEK), the server adds \Seen.
        {"A004 UID FETCH 4 (BODY[])\r\n",
         "* 4 FETCH (UID 4 BODY[] " + literal(kMsg3) + " FLAGS (\\Seen))\r\nA004 OK Fetch completed.\r\n"},
        // UID 8 does not exist: OK without data.
        {"A005 UID FETCH 8 (BODY[])\r\n", "A005 OK Fetch completed.\r\n"},
        logout("A006"),
    };
    ClientJob j = job({Read{"INBOX", 2}, Read{"INBOX", 1}, Read{"INBOX", 4}, Read{"INBOX", 8}});
    Run r = runAll(kGreeting, script, j, syncedCache());
    CHECK(r.result.success);
    REQUIRE(r.result.operations.size() == 4);
    CHECK(r.result.operations[0].ok());
    CHECK(r.result.operations[1].ok());
    CHECK(r.result.operations[1].text == "already read (cached)");
    CHECK(r.result.operations[2].ok());
    CHECK(r.result.operations[3].status == OperationOutcome::Status::No);
    const FolderCache* f = r.cache.find("INBOX");
    CHECK(f->messages.at(2).flags == FlagSet{"\\Seen"});
    CHECK(f->messages.at(4).content == kMsg3);
    CHECK(f->messages.at(4).flags == FlagSet{"\\Seen"});
    CHECK(r.result.counts.downloaded == 1);
}

TEST_CASE("a failed SELECT fails the operation and the next one selects again", "[imap_client]") {
    const std::vector<Step> script = {
        kLogin,
        {"A002 SELECT \"Nope\"\r\n", "A002 NO Mailbox doesn't exist: Nope\r\n"},
        {"A003 SELECT \"INBOX\"\r\n", selectInbox("A003", 3, 1719999999, 4)},
        {"A004 UID STORE 3 -FLAGS.SILENT (\\Flagged)\r\n", "A004 OK Store completed.\r\n"},
        {"A005 UID STORE 1 +FLAGS.SILENT ($Forwarded \\Answered)\r\n", "A005 BAD Error in IMAP command\r\n"},
        logout("A006"),
    };
    ClientJob j = job({Sync{"Nope"}, SetFlags{"INBOX", 3, {"\\FLAGGED"}, false},
                       SetFlags{"INBOX", 1, {"\\Answered", "$Forwarded"}, true}, SetFlags{"INBOX", 1, {"bad flag"}, true},
                       SetFlags{"INBOX", 0, {"\\Seen"}, true}});
    Run r = runAll(kGreeting, script, j, syncedCache());
    CHECK(r.result.success);
    CHECK(r.result.operations[0].status == OperationOutcome::Status::No);
    CHECK(r.result.operations[0].text == "Mailbox doesn't exist: Nope");
    CHECK(r.result.operations[1].ok());
    CHECK(r.result.operations[2].status == OperationOutcome::Status::Bad);
    CHECK(r.result.operations[3].status == OperationOutcome::Status::Error);
    CHECK(r.result.operations[4].status == OperationOutcome::Status::Error);
    CHECK(r.cache.find("INBOX")->messages.at(3).flags.empty());
    CHECK(r.cache.find("INBOX")->messages.at(1).flags == FlagSet{"\\Seen"});
}
