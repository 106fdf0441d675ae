// Table-driven tests of the IMAP server engine: each case is a list of client lines (literal
// data written as its own lines) and the server lines expected after the greeting. Every case
// runs three ways - all input in one feed, one line per feed, one byte per feed - and must
// give identical bytes. Reply texts follow Dovecot 2.3 (see the comparison notes in the report).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/base64.h"
#include "imap/memory_policy.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

using namespace postino;
using namespace postino::imap;

namespace {

const std::string kMsg1 =
    "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: Lunch\r\n"
    "Date: Mon, 02 Mar 2026 08:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\nSee you at noon.\r\n";
const std::string kMsg2 = "From: carol@example.net\r\nSubject: Report\r\n\r\nNumbers attached.\r\nBye\r\n";
const std::string kMsg3 = "Subject: Draft\r\n\r\nx\r\n";

const std::string kCapsBefore = "IMAP4rev1 SASL-IR LITERAL+ ID IDLE AUTH=PLAIN AUTH=LOGIN";
const std::string kCapsAfter = "IMAP4rev1 SASL-IR LITERAL+ ID IDLE NAMESPACE UNSELECT CHILDREN UIDPLUS MOVE SPECIAL-USE";
const std::string kLoggedIn = "OK [CAPABILITY " + kCapsAfter + "] Logged in";

struct Fixture {
    mail::MailStore store;
    MemoryPolicy policy;
    ServerConfig config{"imap.example.org"};

    Fixture() {
        policy.addUser("alice@example.org", "secret");
        policy.addUser("bob@example.org", "hunter2");
        policy.setNow(Time::zero() + Duration::seconds(3 * 86400));
        mail::Mailbox& alice = store.create("alice@example.org");
        store.create("bob@example.org");
        alice.append("INBOX", kMsg1, Time::zero());
        alice.append("INBOX", kMsg2, Time::zero() + Duration::seconds(3600), mail::flag::Seen);
        alice.folder("INBOX").append(kMsg3, Time::zero() + Duration::seconds(86400), mail::flag::Seen | mail::flag::Flagged);
        alice.createFolder("Work/Projects");
    }
};

enum class Split { Whole, Lines, Bytes };

// Runs `lines` (CRLF appended to each) and returns the output after the greeting.
std::string run(const std::vector<std::string>& lines, Split split) {
    Fixture fx;
    ServerSession s(fx.config, fx.policy, fx.store);
    s.start();
    s.takeOutput();
    std::string all;
    for (const std::string& l : lines) all += l + "\r\n";
    std::string out;
    // As the node's glue does: after a failed login it waits, then lets the session go on.
    auto feed = [&s](std::string_view bytes) {
        s.feed(bytes);
        while (s.takeReplyDelay()) s.feed({});
    };
    if (split == Split::Whole) {
        feed(all);
        out += s.takeOutput();
    } else if (split == Split::Lines) {
        for (const std::string& l : lines) {
            feed(l + "\r\n");
            out += s.takeOutput();
        }
    } else {
        for (char c : all) {
            feed(std::string_view(&c, 1));
            out += s.takeOutput();
        }
    }
    return out;
}

std::string joinLines(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += l + "\r\n";
    return out;
}

std::vector<std::string> cat(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

const std::string kLogin = "L LOGIN alice@example.org secret";
const std::vector<std::string> kLoginOut = {"L " + kLoggedIn};

std::vector<std::string> selectOut(const std::string& tag, int recent = 3, bool readOnly = false) {
    return {"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
            readOnly ? "* OK [PERMANENTFLAGS ()] Read-only mailbox."
                     : "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.",
            "* 3 EXISTS",
            "* " + std::to_string(recent) + " RECENT",
            "* OK [UNSEEN 1] First unseen.",
            "* OK [UIDVALIDITY 1] UIDs valid",
            "* OK [UIDNEXT 4] Predicted next UID",
            tag + (readOnly ? " OK [READ-ONLY] Examine completed." : " OK [READ-WRITE] Select completed.")};
}

struct Case {
    const char* name;
    std::vector<std::string> input;
    std::vector<std::string> expected;
};

const std::vector<Case>& cases() {
    const std::string plain = base64Encode(std::string("\0alice@example.org\0secret", 25));
    static const std::vector<Case> table = {
        {"capability and logout before login",
         {"a CAPABILITY", "b NOOP", "c LOGOUT", "d NOOP"},
         {"* CAPABILITY " + kCapsBefore, "a OK Pre-login capabilities listed, post-login capabilities have more.",
          "b OK NOOP completed.", "* BYE Logging out", "c OK Logout completed."}},
        {"login: failure, success, then LOGIN is unknown",
         {"a LOGIN alice@example.org wrong", "b LOGIN \"Alice@Example.org\" secret", "c CAPABILITY",
          "d LOGIN alice@example.org secret", "e LOGIN nobody@example.org x"},
         {"a NO [AUTHENTICATIONFAILED] Authentication failed.", "b " + kLoggedIn, "* CAPABILITY " + kCapsAfter,
          "c OK Capability completed.", "d BAD Error in IMAP command LOGIN: Unknown command.",
          "e BAD Error in IMAP command LOGIN: Unknown command."}},
        {"login with a synchronizing and a non-synchronizing literal",
         {"a LOGIN {17}", "alice@example.org {6+}", "secret"},
         {"+ OK", "a " + kLoggedIn}},
        {"login arguments",
         {"a LOGIN alice@example.org", "b LOGIN (a) b", "c LOGIN alice@example.org secret"},
         {"a BAD Error in IMAP command LOGIN: Invalid arguments.", "b BAD Error in IMAP command LOGIN: Invalid arguments.",
          "c " + kLoggedIn}},
        {"before login only pre-login commands exist; the third BAD says BYE",
         {"a SELECT INBOX", "b FOO", "c LIST \"\" *", "d NOOP"},
         {"a BAD Error in IMAP command received by server.", "b BAD Error in IMAP command received by server.",
          "* BYE Too many invalid IMAP commands."}},
        {"AUTHENTICATE PLAIN: abort, bad base64, SASL-IR",
         {"a AUTHENTICATE PLAIN", "*", "b AUTHENTICATE PLAIN !!!", "c AUTHENTICATE PLAIN " + plain},
         {"+ ", "a BAD Authentication aborted by client.", "b BAD Invalid base64 data in initial response",
          "c " + kLoggedIn}},
        {"AUTHENTICATE PLAIN with a continuation; unknown mechanism; wrong password",
         {"a AUTHENTICATE CRAM-MD5", "b AUTHENTICATE PLAIN", base64Encode(std::string("\0alice@example.org\0no", 21)),
          "c AUTHENTICATE PLAIN", plain},
         {"a NO [ALERT] Unsupported authentication mechanism.", "+ ", "b NO [AUTHENTICATIONFAILED] Authentication failed.",
          "+ ", "c " + kLoggedIn}},
        {"AUTHENTICATE LOGIN, and with an initial response",
         {"a AUTHENTICATE LOGIN", base64Encode("bob@example.org"), base64Encode("hunter2")},
         {"+ VXNlcm5hbWU6", "+ UGFzc3dvcmQ6", "a " + kLoggedIn}},
        {"AUTHENTICATE PLAIN with a foreign authzid fails",
         {"a AUTHENTICATE PLAIN " + base64Encode(std::string("bob@example.org\0alice@example.org\0secret", 40))},
         {"a NO [AUTHENTICATIONFAILED] Authentication failed."}},
        {"after login: wrong state and unknown commands",
         {kLogin, "b FETCH 1 FLAGS", "c EXPUNGE", "d UID FETCH 1 FLAGS", "e FOO", "f AUTHENTICATE PLAIN", "g UID",
          "h UID FOO 1"},
         cat(kLoginOut,
             {"b BAD No mailbox selected.", "c BAD No mailbox selected.", "d BAD No mailbox selected.",
              "e BAD Error in IMAP command FOO: Unknown command.",
              "f BAD Error in IMAP command AUTHENTICATE: Unknown command.",
              "g BAD Error in IMAP command UID: Unknown command.",
              "h BAD Error in IMAP command UID FOO: Unknown command."})},
        {"tags and command names",
         {kLogin, "", "a", "a+ NOOP", "a  NOOP", "a NO0P", "A1 noop now", "A2 CHECK"},
         cat(kLoginOut,
             {"* BAD Error in IMAP tag: Invalid tag.", "a BAD Error in IMAP command: Invalid command name.",
              "* BAD Error in IMAP tag: Invalid tag.", "a BAD Error in IMAP command: Invalid command name.",
              "a BAD Error in IMAP command: Invalid command name.", "A1 OK NOOP completed.",
              "A2 BAD No mailbox selected."})},
        {"SELECT, EXAMINE and a failed SELECT",
         cat({kLogin, "a EXAMINE inbox"}, {"b SELECT \"INBOX\"", "c SELECT Nope", "d FETCH 1 FLAGS", "e SELECT"}),
         cat(cat(cat(kLoginOut, selectOut("a", 3, true)), cat({"* OK [CLOSED] Previous mailbox closed."}, selectOut("b"))),
             {"* OK [CLOSED] Previous mailbox closed.", "c NO Mailbox doesn't exist: Nope.", "d BAD No mailbox selected.",
              "e BAD Error in IMAP command SELECT: Invalid arguments."})},
        {"a second SELECT in the same session has no \\Recent left",
         {kLogin, "a SELECT INBOX", "b SELECT INBOX"},
         cat(cat(kLoginOut, selectOut("a")), cat({"* OK [CLOSED] Previous mailbox closed."}, selectOut("b", 0)))},
        {"SELECT a folder with a literal name and an empty folder",
         {kLogin, "a SELECT {13}", "Work/Projects"},
         cat(kLoginOut, {"+ OK", "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                         "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.",
                         "* 0 EXISTS", "* 0 RECENT", "* OK [UIDVALIDITY 3] UIDs valid",
                         "* OK [UIDNEXT 1] Predicted next UID", "a OK [READ-WRITE] Select completed."})},
        {"LIST: patterns, INBOX in any case, the empty pattern",
         {kLogin, "a LIST \"\" *", "b LIST \"\" %", "c LIST \"\" \"\"", "d LIST Work/ %", "e LIST \"\" in%",
          "f LIST \"\" *x", "g LIST \"\" Nope*", "h LIST", "i LIST \"\""},
         cat(kLoginOut,
             {"* LIST (\\HasNoChildren) \"/\" INBOX", "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts",
              "* LIST (\\HasNoChildren \\Sent) \"/\" Sent", "* LIST (\\HasNoChildren \\Trash) \"/\" Trash",
              "* LIST (\\HasChildren) \"/\" Work", "* LIST (\\HasNoChildren) \"/\" Work/Projects", "a OK List completed.",
              "* LIST (\\HasNoChildren) \"/\" INBOX", "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts",
              "* LIST (\\HasNoChildren \\Sent) \"/\" Sent", "* LIST (\\HasNoChildren \\Trash) \"/\" Trash",
              "* LIST (\\HasChildren) \"/\" Work", "b OK List completed.", "* LIST (\\Noselect) \"/\" \"\"",
              "c OK List completed.", "* LIST (\\HasNoChildren) \"/\" Work/Projects", "d OK List completed.",
              "* LIST (\\HasNoChildren) \"/\" INBOX", "e OK List completed.", "* LIST (\\HasNoChildren) \"/\" INBOX",
              "f OK List completed.", "g OK List completed.", "h BAD Error in IMAP command LIST: Invalid reference.",
              "i BAD Error in IMAP command LIST: Invalid pattern."})},
        {"LIST with the SPECIAL-USE selection and return options (RFC 6154)",
         {kLogin, "a LIST (SPECIAL-USE) \"\" *", "b LIST \"\" % RETURN (SPECIAL-USE)", "c LIST (SUBSCRIBED) \"\" *"},
         cat(kLoginOut,
             {"* LIST (\\Drafts) \"/\" Drafts", "* LIST (\\Sent) \"/\" Sent", "* LIST (\\Trash) \"/\" Trash",
              "a OK List completed.", "* LIST (\\HasNoChildren) \"/\" INBOX",
              "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts", "* LIST (\\HasNoChildren \\Sent) \"/\" Sent",
              "* LIST (\\HasNoChildren \\Trash) \"/\" Trash", "* LIST (\\HasChildren) \"/\" Work", "b OK List completed.",
              "c BAD Error in IMAP command LIST: Invalid selection option."})},
        {"CREATE, DELETE, RENAME and their errors",
         {kLogin, "a CREATE Archive/2026/", "b CREATE archive", "c CREATE INBOX", "d CREATE a//b", "e CREATE \"\"",
          "f DELETE Archive", "g DELETE Nope", "h DELETE INBOX", "i RENAME Archive Old", "j RENAME Old/2026 Sent",
          "k RENAME Nope X", "l RENAME Old Old/x", "m DELETE Old/2026", "n LIST \"\" Old*"},
         cat(kLoginOut,
             {"a OK Create completed.", "b OK Create completed.", "c NO [ALREADYEXISTS] Mailbox already exists.",
              "d NO [CANNOT] Invalid mailbox name: Has adjacent hierarchy separators.",
              "e NO [CANNOT] Invalid mailbox name: Name is empty.", "f OK Delete completed.",
              "g NO [NONEXISTENT] Mailbox doesn't exist: Nope.", "h NO INBOX can't be deleted.",
              "i OK Rename completed.", "j NO [ALREADYEXISTS] Target mailbox already exists.",
              "k NO [NONEXISTENT] Mailbox doesn't exist: Nope.", "l NO [CANNOT] Can't rename mailbox under itself.",
              "m OK Delete completed.", "n OK List completed."})},  // "Old" was \Noselect: gone with its child
        {"mailbox names travel as modified UTF-7",
         {kLogin, "a CREATE &AMU-ngstr&APY-m", "b LIST \"\" &AMU-*", "c CREATE \"x\\\"y\"", "d LIST \"\" x*",
          "e CREATE &Jjo", "f SELECT \"&AMU-ngstr&APY-m\""},
         cat(kLoginOut, {"a OK Create completed.", "* LIST (\\HasNoChildren) \"/\" &AMU-ngstr&APY-m", "b OK List completed.",
                         "c OK Create completed.", "* LIST (\\HasNoChildren) \"/\" {3}", "x\"y", "d OK List completed.",
                         "e NO Mailbox name is not valid mUTF-7.", "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                         "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.",
                         "* 0 EXISTS", "* 0 RECENT", "* OK [UIDVALIDITY 4] UIDs valid",
                         "* OK [UIDNEXT 1] Predicted next UID", "f OK [READ-WRITE] Select completed."})},
        {"SUBSCRIBE, UNSUBSCRIBE, LSUB",
         {kLogin, "a SUBSCRIBE Work", "b SUBSCRIBE Nope", "c UNSUBSCRIBE Drafts", "d LSUB \"\" *", "e LSUB \"\" W%"},
         cat(kLoginOut, {"a OK Subscribe completed.", "b NO Mailbox doesn't exist: Nope.", "c OK Unsubscribe completed.",
                         "* LSUB () \"/\" INBOX", "* LSUB (\\Sent) \"/\" Sent", "* LSUB (\\Trash) \"/\" Trash",
                         "* LSUB () \"/\" Work", "d OK Lsub completed.", "* LSUB () \"/\" Work", "e OK Lsub completed."})},
        {"STATUS: Dovecot's item order, errors, the selected mailbox",
         {kLogin, "a STATUS inbox (UNSEEN MESSAGES UIDVALIDITY UIDNEXT RECENT)", "b STATUS Nope (MESSAGES)",
          "c STATUS INBOX (FOO)", "d STATUS INBOX ()", "e STATUS INBOX MESSAGES", "f EXAMINE Sent",
          "g STATUS Sent (MESSAGES)"},
         cat(kLoginOut,
             {"* STATUS inbox (MESSAGES 3 RECENT 3 UIDNEXT 4 UIDVALIDITY 1 UNSEEN 1)", "a OK Status completed.",
              "b NO Mailbox doesn't exist: Nope.", "c BAD Error in IMAP command STATUS: Invalid status item FOO.",
              "d BAD Error in IMAP command STATUS: Empty status list.",
              "e BAD Error in IMAP command STATUS: Invalid arguments.",
              "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)", "* OK [PERMANENTFLAGS ()] Read-only mailbox.",
              "* 0 EXISTS", "* 0 RECENT", "* OK [UIDVALIDITY 1] UIDs valid", "* OK [UIDNEXT 1] Predicted next UID",
              "f OK [READ-ONLY] Examine completed.", "* STATUS Sent (MESSAGES 0)",
              "g OK [CLIENTBUG] Status on selected mailbox completed."})},
        {"APPEND: flags, date, APPENDUID; errors",
         {kLogin, "a APPEND Sent (\\Seen $Done) \"02-Mar-2026 10:00:00 +0100\" {9}", "Subject:x", "b APPEND Nope {1+}",
          "x", "c APPEND Sent {0}", "", "d APPEND Sent (\\Recent) {1+}", "x", "e APPEND Sent \"32-Jan-2026 00:00:00 +0000\" {1+}",
          "x", "f APPEND Sent", "g APPEND Sent \"x\"", "h FETCH 1 (FLAGS INTERNALDATE)", "i EXAMINE Sent",
          "j FETCH 1 (FLAGS INTERNALDATE RFC822)"},
         cat(kLoginOut,
             {"+ OK", "a OK [APPENDUID 1 1] Append completed.", "b NO [TRYCREATE] Mailbox doesn't exist: Nope.",
              "+ OK", "c NO Can't save a zero byte message.", "d BAD Error in IMAP command APPEND: Invalid system flag \\RECENT.",
              "e BAD Error in IMAP command APPEND: Invalid internal date.",
              "f BAD Error in IMAP command APPEND: Invalid arguments.",
              "g BAD Error in IMAP command APPEND: Invalid internal date.", "h BAD No mailbox selected.",
              "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Done)", "* OK [PERMANENTFLAGS ()] Read-only mailbox.",
              "* 1 EXISTS", "* 1 RECENT", "* OK [UIDVALIDITY 1] UIDs valid", "* OK [UIDNEXT 2] Predicted next UID",
              "i OK [READ-ONLY] Examine completed.",
              "* 1 FETCH (FLAGS (\\Seen \\Recent $Done) INTERNALDATE \"02-Mar-2026 09:00:00 +0000\" RFC822 {9}",
              "Subject:x)", "j OK Fetch completed."})},
        {"APPEND into the selected folder reports EXISTS and RECENT",
         cat({kLogin, "a SELECT INBOX"}, {"b APPEND INBOX {3+}", "abc", "c UID FETCH 4 (FLAGS INTERNALDATE)"}),
         cat(cat(kLoginOut, selectOut("a")),
             {"* 4 EXISTS", "* 4 RECENT", "b OK [APPENDUID 1 4] Append completed.",
              "* 4 FETCH (UID 4 FLAGS (\\Recent) INTERNALDATE \"05-Mar-2026 09:00:00 +0000\")", "c OK Fetch completed."})},
        {"NAMESPACE, ID, CHECK, UNSELECT, CLOSE",
         cat({kLogin, "a NAMESPACE", "b ID NIL", "c ID (\"name\" \"test\")", "d ID", "e SELECT INBOX"},
             {"f CHECK", "g UNSELECT", "h CHECK", "i EXAMINE INBOX", "j CLOSE", "k CLOSE"}),
         cat(cat(kLoginOut, cat({"* NAMESPACE ((\"\" \"/\")) NIL NIL", "a OK Namespace completed.",
                                 "* ID (\"name\" \"Postino\")", "b OK ID completed.", "* ID (\"name\" \"Postino\")",
                                 "c OK ID completed.", "d BAD Error in IMAP command ID: Invalid arguments."},
                                selectOut("e"))),
             cat({"f OK Check completed.", "g OK Unselect completed.", "h BAD No mailbox selected."},
                 cat(selectOut("i", 0, true), {"j OK Close completed.", "k BAD No mailbox selected."})))},
        {"IDLE: DONE in any case, and anything else",
         cat({kLogin, "a SELECT INBOX"}, {"b IDLE", "done", "c IDLE", "NOOP", "d NOOP", "e IDLE extra args", "DONE"}),
         cat(cat(kLoginOut, selectOut("a")),
             {"+ idling", "b OK Idle completed.", "+ idling", "c BAD Expected DONE.", "d OK NOOP completed.", "+ idling",
              "e OK Idle completed."})},
        {"IDLE before SELECT is allowed",
         {kLogin, "a IDLE", "DONE"},
         cat(kLoginOut, {"+ idling", "a OK Idle completed."})},
        {"LOGOUT while selected",
         cat({kLogin, "a SELECT INBOX"}, {"b LOGOUT", "c NOOP"}),
         cat(cat(kLoginOut, selectOut("a")), {"* BYE Logging out", "b OK Logout completed."})},
    };
    return table;
}

}  // namespace

TEST_CASE("IMAP server: the greeting", "[imap][server]") {
    Fixture fx;
    ServerSession s(fx.config, fx.policy, fx.store);
    s.feed("");
    CHECK(s.takeOutput() == "* OK [CAPABILITY " + kCapsBefore + "] imap.example.org Postino IMAP ready.\r\n");
    s.start();  // only once
    CHECK(s.takeOutput().empty());
    CHECK(s.state() == SessionState::NotAuthenticated);
}

TEST_CASE("IMAP server: replies match the table, whole, per line and byte by byte", "[imap][server]") {
    for (const Case& c : cases()) {
        INFO(c.name);
        const std::string expected = joinLines(c.expected);
        CHECK(run(c.input, Split::Whole) == expected);
        CHECK(run(c.input, Split::Lines) == expected);
        CHECK(run(c.input, Split::Bytes) == expected);
    }
}

TEST_CASE("IMAP server: events for the trace", "[imap][server]") {
    Fixture fx;
    ServerSession s(fx.config, fx.policy, fx.store);
    s.feed("a LOGIN alice@example.org nope\r\nb LOGIN alice@example.org secret\r\nc SELECT INBOX\r\n"
           "d FETCH 1 BODY.PEEK[HEADER]\r\ne STORE 1 +FLAGS (\\Deleted)\r\nf EXPUNGE\r\ng APPEND Sent {1+}\r\nx\r\n"
           "h MOVE 1 Trash\r\ni IDLE\r\nDONE\r\nj LOGOUT\r\n");
    while (s.takeReplyDelay()) s.feed({});
    std::vector<std::string> got;
    for (const ImapEvent& e : s.takeEvents()) {
        if (e.kind == ImapEvent::Kind::CommandReceived) continue;
        got.push_back(std::string(eventKindName(e.kind)) + " " + e.folder + " " + std::to_string(e.uid) + " " + e.text);
    }
    using K = ImapEvent::Kind;
    auto ev = [](K k, const std::string& folder, std::uint32_t uid, const std::string& text) {
        return std::string(eventKindName(k)) + " " + folder + " " + std::to_string(uid) + " " + text;
    };
    const std::vector<std::string> expected = {
        ev(K::AuthFailed, "", 0, "alice@example.org"),
        ev(K::Rejected, "", 0, "a NO [AUTHENTICATIONFAILED] Authentication failed."),
        ev(K::LoggedIn, "", 0, "alice@example.org"),
        ev(K::Selected, "INBOX", 0, "READ-WRITE"),
        ev(K::Fetched, "INBOX", 1, ""),
        ev(K::FlagsChanged, "INBOX", 1, "(\\Deleted)"),
        ev(K::Expunged, "INBOX", 1, ""),
        ev(K::Appended, "Sent", 1, ""),
        ev(K::Moved, "Trash", 1, "INBOX:2"),
        ev(K::IdleStarted, "INBOX", 0, ""),
        ev(K::IdleDone, "", 0, ""),
        ev(K::LoggedOut, "", 0, "alice@example.org"),
    };
    CHECK(got == expected);
    CHECK(s.wantsClose());
}

TEST_CASE("IMAP server: an unknown user or a user without a mailbox cannot log in", "[imap][server]") {
    Fixture fx;
    fx.policy.addUser("ghost@example.org", "boo");  // no mailbox in the store
    ServerSession s(fx.config, fx.policy, fx.store);
    s.start();
    s.takeOutput();
    s.feed("a LOGIN ghost@example.org boo\r\nb LOGIN nobody x\r\n");
    CHECK(s.takeOutput() ==
          "a NO [UNAVAILABLE] Mailbox is not available.\r\nb NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    CHECK(s.state() == SessionState::NotAuthenticated);
}

TEST_CASE("IMAP server: inactivity timeout says BYE and closes", "[imap][server]") {
    Fixture fx;
    ServerSession s(fx.config, fx.policy, fx.store);
    s.start();
    s.takeOutput();
    s.onTimeout();
    CHECK(s.takeOutput() == "* BYE Disconnected for inactivity.\r\n");
    CHECK(s.wantsClose());
    s.feed("a NOOP\r\n");
    CHECK(s.takeOutput().empty());
}
