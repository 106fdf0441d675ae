// The IMAP client engine's folder operations against scripted Dovecot-style transcripts:
// MOVE and the COPY/STORE/EXPUNGE fallback, TRYCREATE, Delete to Trash or in place, APPEND with
// synchronizing and LITERAL+ literals, LIST, and the ways to log in. Each script also runs
// chunked and byte by byte with identical results.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "imap_client/client_session.h"
#include "imap_client_script.h"

using namespace postino::imap_client;
using namespace postino::imap_client::testing;

namespace {


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
const std::string kMsg2 = message("Lunch?", "Pizza at noon.");

DeviceCache inboxCache() {
    DeviceCache c;
    FolderCache& f = c.folder("INBOX");
    f.uidValidity = 1719999999;
    f.uidNext = 3;
    f.messages[1] = CachedMessage{1, {"\\Seen"}, kMsg1, kMsg1.size(), true};
    f.messages[2] = CachedMessage{2, {"\\Flagged"}, kMsg2, kMsg2.size(), true};
    return c;
}

std::string loginOk(const std::string& caps) { return "A001 OK [CAPABILITY IMAP4rev1 " + caps + "] Logged in\r\n"; }

const std::string kListWithTrash =
    "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
    "* LIST (\\HasNoChildren \\Trash) \"/\" Deleted\r\n"
    "* LIST (\\HasNoChildren \\Sent) \"/\" Sent\r\n"
    "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts\r\n";

}  // namespace

TEST_CASE("Move uses UID MOVE and keeps the local copy under the COPYUID", "[imap_client]") {
    const std::vector<Step> script = {
        {"A001 LOGIN \"alice\" \"secret\"\r\n", loginOk("UIDPLUS MOVE")},
        {"A002 SELECT \"INBOX\"\r\n", selectInbox("A002", 2, 1719999999, 3)},
        {"A003 UID MOVE 2 \"Archive\"\r\n",
         "* OK [COPYUID 1720000001 2 7] Moved UIDs.\r\n* 2 EXPUNGE\r\nA003 OK Move completed (0.001 + 0.000 secs).\r\n"},
        logout("A004"),
    };
    Run r = runAll(kGreeting, script, job({Move{"INBOX", 2, "Archive"}}), inboxCache());
    CHECK(r.result.success);
    CHECK(r.result.operations[0].ok());
    CHECK(r.result.counts.moved == 1);
    CHECK(r.cache.find("INBOX")->messages.count(2) == 0);
    const FolderCache* a = r.cache.find("Archive");
    REQUIRE(a);
    CHECK(a->uidValidity == 1720000001);
    REQUIRE(a->messages.count(7) == 1);
    CHECK(a->messages.at(7).content == kMsg2);
    CHECK(a->messages.at(7).flags == FlagSet{"\\Flagged"});
    REQUIRE(r.events.size() == 2);
    CHECK(r.events[0].kind == ClientEvent::Kind::Expunged);
    CHECK(r.events[1].kind == ClientEvent::Kind::Moved);
    CHECK(r.events[1].toFolder == "Archive");
    CHECK(r.events[1].newUid == 7);
}

TEST_CASE("Move answered NO [TRYCREATE] creates the folder and retries once", "[imap_client]") {
    const std::vector<Step> script = {
        {"A001 LOGIN \"alice\" \"secret\"\r\n", loginOk("MOVE")},
        {"A002 SELECT \"INBOX\"\r\n", selectInbox("A002", 2, 1719999999, 3)},
        {"A003 UID MOVE 1 \"Archive/2024\"\r\n", "A003 NO [TRYCREATE] Mailbox doesn't exist: Archive/2024\r\n"},
        {"A004 CREATE \"Archive/2024\"\r\n", "A004 OK Create completed.\r\n"},
        {"A005 UID MOVE 1 \"Archive/2024\"\r\n", "* 1 EXPUNGE\r\nA005 OK Move completed.\r\n"},
        {"A006 UID MOVE 2 \"Missing\"\r\n", "A006 NO [TRYCREATE] Mailbox doesn't exist: Missing\r\n"},
        {"A007 CREATE \"Missing\"\r\n", "A007 OK Create completed.\r\n"},
        {"A008 UID MOVE 2 \"Missing\"\r\n", "A008 NO [TRYCREATE] Mailbox doesn't exist: Missing\r\n"},
        logout("A009"),
    };
    Run r = runAll(kGreeting, script, job({Move{"INBOX", 1, "Archive/2024"}, Move{"INBOX", 2, "Missing"}}),
                   inboxCache());
    CHECK(r.result.success);
    CHECK(r.result.operations[0].ok());
    CHECK(r.result.operations[1].status == OperationOutcome::Status::No);
    CHECK(r.result.operations[1].text == "[TRYCREATE] Mailbox doesn't exist: Missing");
    CHECK(r.cache.find("INBOX")->messages.count(1) == 0);
    CHECK(r.cache.find("INBOX")->messages.count(2) == 1);
    CHECK(r.cache.find("Archive/2024") == nullptr);  // no COPYUID: the next sync downloads it there
    CHECK(r.result.counts.moved == 1);
}

TEST_CASE("Move of a UID the server no longer has: OK without COPYUID", "[imap_client]") {
    for (const std::string verb : {"MOVE", "COPY"}) {
        INFO(verb);
        const std::vector<Step> script = {
            {"A001 LOGIN \"alice\" \"secret\"\r\n", loginOk(verb == "MOVE" ? "UIDPLUS MOVE" : "UIDPLUS")},
            {"A002 SELECT \"INBOX\"\r\n", selectInbox("A002", 1, 1719999999, 3)},
            {"A003 UID " + verb + " 2 \"Archive\"\r\n", "A003 OK No messages found.\r\n"},
            logout("A004"),
        };
        Run r = runAll(kGreeting, script, job({Move{"INBOX", 2, "Archive"}}), inboxCache());
        CHECK(r.result.success);
        CHECK(r.result.operations[0].status == OperationOutcome::Status::No);
        CHECK(r.result.operations[0].text == "no such message on the server: No messages found.");
        CHECK(r.result.counts.moved == 0);
        CHECK(r.cache.find("INBOX")->messages.count(2) == 0);  // stale: dropped
        CHECK(r.cache.find("Archive") == nullptr);
    }
}

TEST_CASE("Move without MOVE falls back to COPY, STORE Deleted and EXPUNGE", "[imap_client]") {
    struct Case {
        std::string caps;
        std::string copyOk;
        std::string expunge;
        std::uint32_t newUid;
    };
    const std::vector<Case> cases = {
        {"UIDPLUS", "A003 OK [COPYUID 1720000001 2 7] Copy completed.\r\n", "A005 UID EXPUNGE 2\r\n", 7},
        {"CHILDREN", "A003 OK Copy completed.\r\n", "A005 EXPUNGE\r\n", 0},
    };
    for (const auto& c : cases) {
        INFO(c.caps);
        const std::vector<Step> script = {
            {"A001 LOGIN \"alice\" \"secret\"\r\n", loginOk(c.caps)},
            {"A002 SELECT \"INBOX\"\r\n", selectInbox("A002", 2, 1719999999, 3)},
            {"A003 UID COPY 2 \"Archive\"\r\n", c.copyOk},
            {"A004 UID STORE 2 +FLAGS.SILENT (\\Deleted)\r\n", "A004 OK Store completed.\r\n"},
            {c.expunge, "* 2 EXPUNGE\r\nA005 OK Expunge completed.\r\n"},
            logout("A006"),
        };
        Run r = runAll(kGreeting, script, job({Move{"INBOX", 2, "Archive"}}), inboxCache());
        CHECK(r.result.success);
        CHECK(r.result.operations[0].ok());
        CHECK(r.cache.find("INBOX")->messages.count(2) == 0);
        REQUIRE(!r.events.empty());
        CHECK(r.events.back().kind == ClientEvent::Kind::Moved);
        CHECK(r.events.back().newUid == c.newUid);
        if (c.newUid) {
            REQUIRE(r.cache.message("Archive", 7));
            CHECK(r.cache.message("Archive", 7)->flags == FlagSet{"\\Flagged"});  // \Deleted not copied
        }
    }
}

TEST_CASE("Delete moves to the Trash folder, or expunges in place", "[imap_client]") {
    const std::vector<Step> script = {
        {"A001 LOGIN \"alice\" \"secret\"\r\n", loginOk("UIDPLUS MOVE SPECIAL-USE")},
        {"A002 LIST \"\" \"*\"\r\n", kListWithTrash + "A002 OK List completed (0.001 + 0.000 secs).\r\n"},
        {"A003 SELECT \"INBOX\"\r\n", selectInbox("A003", 2, 1719999999, 3)},
        {"A004 UID MOVE 1 \"Deleted\"\r\n",
         "* OK [COPYUID 1720000009 1 3] Moved UIDs.\r\n* 1 EXPUNGE\r\nA004 OK Move completed.\r\n"},
        {"A005 SELECT \"Deleted\"\r\n", selectInbox("A005", 3, 1720000009, 4)},
        {"A006 UID STORE 3 +FLAGS.SILENT (\\Deleted)\r\n", "A006 OK Store completed.\r\n"},
        {"A007 UID EXPUNGE 3\r\n", "* 3 EXPUNGE\r\nA007 OK Expunge completed.\r\n"},
        logout("A008"),
    };
    Run r = runAll(kGreeting, script, job({Delete{"INBOX", 1}, Delete{"Deleted", 3}}), inboxCache());
    CHECK(r.result.success);
    CHECK(r.result.operations[0].ok());
    CHECK(r.result.operations[1].ok());
    CHECK(r.result.counts.deleted == 2);
    CHECK(r.result.counts.moved == 1);
    CHECK(r.cache.mailboxesKnown);
    CHECK(r.cache.mailboxes.size() == 4);
    CHECK(r.cache.find("INBOX")->messages.count(1) == 0);
    CHECK(r.cache.find("Deleted")->messages.empty());
}

TEST_CASE("Delete without a Trash folder stores Deleted and EXPUNGEs", "[imap_client]") {
    const std::vector<Step> script = {
        {"A001 LOGIN \"alice\" \"secret\"\r\n", loginOk("CHILDREN")},
        {"A002 LIST \"\" \"*\"\r\n", "* LIST (\\HasNoChildren) \".\" INBOX\r\nA002 OK List completed.\r\n"},
        {"A003 SELECT \"INBOX\"\r\n", selectInbox("A003", 2, 1719999999, 3)},
        {"A004 UID FETCH 1:* (FLAGS)\r\n",
         "* 1 FETCH (UID 1 FLAGS (\\Seen \\Deleted))\r\n* 2 FETCH (UID 2 FLAGS (\\Flagged))\r\nA004 OK Fetch "
         "completed.\r\n"},
        {"A005 UID STORE 2 +FLAGS.SILENT (\\Deleted)\r\n", "A005 OK Store completed.\r\n"},
        // Plain EXPUNGE also removes UID 1, which another client had marked \Deleted.
        {"A006 EXPUNGE\r\n", "* 1 EXPUNGE\r\n* 1 EXPUNGE\r\nA006 OK Expunge completed.\r\n"},
        logout("A007"),
    };
    Run r = runAll(kGreeting, script, job({ListFolders{}, Sync{}, Delete{"INBOX", 2}}), inboxCache());
    CHECK(r.result.success);
    for (const auto& o : r.result.operations) CHECK(o.ok());
    CHECK(r.cache.find("INBOX")->messages.empty());
    CHECK(r.result.counts.deleted == 1);
    CHECK(r.result.counts.expunged == 2);
}

TEST_CASE("Append waits for the continuation before a synchronizing literal", "[imap_client]") {
    const std::string unixText = "From: alice@example.org\nTo: bob@example.org\nSubject: Re: Lunch?\n\nYes!\n";
    const std::string wire = "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: Re: Lunch?\r\n\r\nYes!\r\n";
    const std::vector<Step> script = {
        {"A001 CAPABILITY\r\n", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nA001 OK Pre-login capabilities listed.\r\n"},
        {"A002 LOGIN \"alice\" \"secret\"\r\n", "* CAPABILITY IMAP4rev1 UIDPLUS\r\nA002 OK Logged in\r\n"},
        {"A003 APPEND \"Sent\" (\\Seen) \"01-Jul-2024 10:05:00 +0200\" {" + std::to_string(wire.size()) + "}\r\n",
         "+ OK\r\n"},
        {wire + "\r\n", "A003 OK [APPENDUID 1720000002 12] Append completed.\r\n"},
        // Refused before the literal: the message must not follow.
        {"A004 APPEND \"Sent\" {" + std::to_string(wire.size()) + "}\r\n", "A004 NO [OVERQUOTA] Quota exceeded\r\n"},
        {"A005 APPEND \"Drafts\" (\\Draft) {3}\r\n", "A005 NO [TRYCREATE] Mailbox doesn't exist: Drafts\r\n"},
        {"A006 CREATE \"Drafts\"\r\n", "A006 OK Create completed.\r\n"},
        {"A007 APPEND \"Drafts\" (\\Draft) {3}\r\n", "+ OK\r\n"},
        {"x\r\n\r\n", "A007 OK [APPENDUID 1720000003 1] Append completed.\r\n"},
        logout("A008"),
    };
    ClientJob j = job({Append{"Sent", {"\\seen"}, unixText, "01-Jul-2024 10:05:00 +0200"}, Append{"Sent", {}, wire, ""},
                       Append{"Drafts", {"\\Draft"}, "x\n", ""}, Append{"Sent", {}, std::string("a\0b", 3), ""}});
    Run r = runAll("* OK ready\r\n", script, j);
    CHECK(r.result.success);
    CHECK(r.result.operations[0].ok());
    CHECK(r.result.operations[1].status == OperationOutcome::Status::No);
    CHECK(r.result.operations[2].ok());
    CHECK(r.result.operations[3].status == OperationOutcome::Status::Error);
    CHECK(r.result.counts.appended == 2);
    REQUIRE(r.cache.message("Sent", 12));
    CHECK(r.cache.message("Sent", 12)->content == wire);
    CHECK(r.cache.message("Sent", 12)->flags == FlagSet{"\\Seen"});
    CHECK(r.cache.find("Sent")->uidValidity == 1720000002);
    REQUIRE(r.cache.message("Drafts", 1));
    CHECK(r.events.front().kind == ClientEvent::Kind::Appended);
    CHECK(r.events.front().uid == 12);
}

TEST_CASE("Append with LITERAL+ sends the message at once", "[imap_client]") {
    const std::string text = "Subject: draft\r\n\r\nbody\r\n";
    const std::vector<Step> script = {
        {"A001 LOGIN \"alice\" \"secret\"\r\n", loginOk("LITERAL+")},
        {"A002 APPEND \"Drafts\" (\\Draft \\Seen) {" + std::to_string(text.size()) + "+}\r\n" + text + "\r\n",
         "A002 OK Append completed.\r\n"},
        logout("A003"),
    };
    Run r = runAll(kGreeting, script, job({Append{"Drafts", {"\\Draft", "\\Seen"}, text, ""}}));
    CHECK(r.result.success);
    CHECK(r.result.counts.appended == 1);
    CHECK(r.cache.find("Drafts") == nullptr);  // no APPENDUID: nothing to file locally
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].uid == 0);
}

TEST_CASE("ListFolders reads atoms, quoted and literal names and drops vanished folders", "[imap_client]") {
    const std::vector<Step> script = {
        {"A001 LOGIN \"alice\" \"secret\"\r\n", loginOk("CHILDREN")},
        {"A002 LIST \"\" \"*\"\r\n",
         "* LIST (\\HasNoChildren) \".\" INBOX\r\n* LIST (\\Noselect \\HasChildren) \".\" \"Archive\"\r\n"
         "* LIST (\\HasNoChildren) \".\" {12}\r\nWeird \"name\"\r\n* LIST (\\HasNoChildren) NIL \"Flat\"\r\n"
         "A002 OK List completed.\r\n"},
        logout("A003"),
    };
    DeviceCache cache = inboxCache();
    cache.folder("Old").uidValidity = 5;
    Run r = runAll(kGreeting, script, job({ListFolders{}}), cache);
    CHECK(r.result.success);
    REQUIRE(r.cache.mailboxes.size() == 4);
    CHECK(r.cache.mailboxes[0].name == "INBOX");
    CHECK(r.cache.mailboxes[1].hasAttribute("\\noselect"));
    CHECK(r.cache.mailboxes[2].name == "Weird \"name\"");
    CHECK(r.cache.mailboxes[3].delimiter.empty());
    CHECK(r.cache.find("Old") == nullptr);
    CHECK(r.cache.find("INBOX") != nullptr);
}

TEST_CASE("login commands: quoting, literals, AUTHENTICATE PLAIN", "[imap_client]") {
    struct Case {
        std::string name;
        std::string greeting;
        std::string password;
        bool authenticate;
        std::vector<Step> steps;  // up to and including the login OK
    };
    const std::string ok = "A001 OK [CAPABILITY IMAP4rev1] Logged in\r\n";
    const std::vector<Case> cases = {
        {"quoted specials", "* OK [CAPABILITY IMAP4rev1] hi\r\n", "p\"a\\ss", false,
         {{"A001 LOGIN \"alice\" \"p\\\"a\\\\ss\"\r\n", ok}}},
        {"8-bit password, synchronizing literal", "* OK [CAPABILITY IMAP4rev1] hi\r\n", "p\xc3\xa4ssword", false,
         {{"A001 LOGIN \"alice\" {9}\r\n", "+ OK\r\n"}, {"p\xc3\xa4ssword\r\n", ok}}},
        {"8-bit password, LITERAL+", "* OK [CAPABILITY IMAP4rev1 LITERAL+] hi\r\n", "p\xc3\xa4ssword", false,
         {{"A001 LOGIN \"alice\" {9+}\r\np\xc3\xa4ssword\r\n", ok}}},
        {"SASL-IR", "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] hi\r\n", "secret", true,
         {{"A001 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\n", ok}}},
        {"PLAIN with a continuation", "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n", "secret", true,
         {{"A001 AUTHENTICATE PLAIN\r\n", "+ \r\n"}, {"AGFsaWNlAHNlY3JldA==\r\n", ok}}},
        {"LOGINDISABLED switches to PLAIN", "* OK [CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=PLAIN] hi\r\n", "secret",
         false, {{"A001 AUTHENTICATE PLAIN\r\n", "+\r\n"}, {"AGFsaWNlAHNlY3JldA==\r\n", ok}}},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        ClientJob j = job({});
        j.password = c.password;
        j.useAuthenticatePlain = c.authenticate;
        std::vector<Step> steps = c.steps;
        steps.push_back(logout("A002"));
        Run r = runAll(c.greeting, steps, j);
        CHECK(r.result.success);
    }
}

TEST_CASE("login failures end with LOGOUT and a reason", "[imap_client]") {
    struct Case {
        std::string greeting;
        std::vector<Step> steps;
        std::string reason;
        bool authenticate;
    };
    const std::vector<Case> cases = {
        {kGreeting,
         {{"A001 LOGIN \"alice\" \"secret\"\r\n", "A001 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"},
          logout("A002")},
         "login failed: A001 NO [AUTHENTICATIONFAILED] Authentication failed.", false},
        {"* OK [CAPABILITY IMAP4rev1 LOGINDISABLED] hi\r\n", {logout("A001")},
         "server disables LOGIN (LOGINDISABLED) and offers no AUTH=PLAIN", false},
        {"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n",
         {{"A001 AUTHENTICATE PLAIN\r\n", "+ \r\n"}, {"AGFsaWNlAHNlY3JldA==\r\n", "+ more?\r\n"},
          {"*\r\n", "A001 BAD Authentication aborted by client.\r\n"}, logout("A002")},
         "login failed: A001 BAD Authentication aborted by client.", true},
    };
    for (const auto& c : cases) {
        INFO(c.reason);
        ClientJob j = job({Sync{}});
        j.useAuthenticatePlain = c.authenticate;
        Run r = runAll(c.greeting, c.steps, j);
        CHECK_FALSE(r.result.success);
        CHECK(r.result.failureReason == c.reason);
        CHECK(r.result.operations[0].status == OperationOutcome::Status::NotRun);
    }
}

TEST_CASE("PREAUTH skips login", "[imap_client]") {
    const std::vector<Step> script = {
        {"A001 SELECT \"INBOX\"\r\n", selectInbox("A001", 0, 3, 1)},
        logout("A002"),
    };
    Run r = runAll("* PREAUTH [CAPABILITY IMAP4rev1 MOVE] Logged in as alice\r\n", script, job({Sync{}}));
    CHECK(r.result.success);
    CHECK(r.result.operations[0].ok());
}
