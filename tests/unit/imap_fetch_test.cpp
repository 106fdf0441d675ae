// Table-driven tests of the selected-state commands: FETCH (items, sections, partial, \Seen,
// UID FETCH), STORE, SEARCH, COPY, MOVE, EXPUNGE, CLOSE. Every case runs whole, per line and
// one byte at a time and must give identical bytes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

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
const std::string kCafe =
    "Subject: =?UTF-8?Q?Caf=C3=A9?= time\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
    "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    "Un caff=C3=A8 al bar, pi=\r\nzza dopo\r\n--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\nR3L8J2dpIGF1cyBN/G5jaGVu\r\n--b--\r\n";

struct Fixture {
    mail::MailStore store;
    MemoryPolicy policy;
    ServerConfig config{"imap.example.org"};

    Fixture() {
        policy.addUser("alice@example.org", "secret");
        mail::Mailbox& alice = store.create("alice@example.org");
        alice.append("INBOX", kMsg1, Time::zero());
        alice.append("INBOX", kMsg2, Time::zero() + Duration::seconds(3600), mail::flag::Seen);
        alice.folder("INBOX").append(kMsg3, Time::zero() + Duration::seconds(86400), mail::flag::Seen | mail::flag::Flagged);
        alice.createFolder("Work");
    }
};

std::string run(const std::vector<std::string>& lines, int split) {
    Fixture fx;
    ServerSession s(fx.config, fx.policy, fx.store);
    s.start();
    std::string all = "L LOGIN alice@example.org secret\r\n";
    for (const std::string& l : lines) all += l + "\r\n";
    std::string out;
    if (split == 0) {
        s.feed(all);
        out = s.takeOutput();
    } else {
        const std::size_t step = split == 1 ? 7 : 1;  // odd chunks, then single bytes
        for (std::size_t i = 0; i < all.size(); i += step) {
            s.feed(std::string_view(all).substr(i, step));
            out += s.takeOutput();
        }
    }
    // Drop the greeting, the login and the SELECT/EXAMINE replies: each case starts after them.
    const std::size_t at = out.find("\r\nS OK [");
    REQUIRE(at != std::string::npos);
    return out.substr(out.find("\r\n", at + 2) + 2);
}

std::string L(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += l + "\r\n";
    return out;
}

struct Case {
    const char* name;
    std::vector<std::string> input;  // after "S SELECT INBOX" (or EXAMINE when the first line says so)
    std::string expected;
};

const std::string kSize1 = std::to_string(kMsg1.size());
const std::string kSize2 = std::to_string(kMsg2.size());
const std::string kSize3 = std::to_string(kMsg3.size());

const std::vector<Case>& cases() {
    static const std::vector<Case> table = {
        {"FLAGS UID RFC822.SIZE INTERNALDATE and the FAST macro",
         {"S SELECT INBOX", "a FETCH 1:* (FLAGS UID RFC822.SIZE INTERNALDATE)", "b FETCH 1 FAST"},
         L({"* 1 FETCH (FLAGS (\\Recent) UID 1 RFC822.SIZE " + kSize1 + " INTERNALDATE \"02-Mar-2026 09:00:00 +0000\")",
            "* 2 FETCH (FLAGS (\\Seen \\Recent) UID 2 RFC822.SIZE " + kSize2 +
                " INTERNALDATE \"02-Mar-2026 10:00:00 +0000\")",
            "* 3 FETCH (FLAGS (\\Flagged \\Seen \\Recent) UID 3 RFC822.SIZE " + kSize3 +
                " INTERNALDATE \"03-Mar-2026 09:00:00 +0000\")",
            "a OK Fetch completed.",
            "* 1 FETCH (FLAGS (\\Recent) INTERNALDATE \"02-Mar-2026 09:00:00 +0000\" RFC822.SIZE " + kSize1 + ")",
            "b OK Fetch completed."})},
        {"ENVELOPE and BODYSTRUCTURE",
         {"S SELECT INBOX", "a FETCH 1 ENVELOPE", "b FETCH 2 (BODYSTRUCTURE BODY)"},
         L({"* 1 FETCH (ENVELOPE (\"Mon, 02 Mar 2026 08:00:00 +0000\" \"Lunch\" ((\"Bob\" NIL \"bob\" \"example.org\")) "
            "((\"Bob\" NIL \"bob\" \"example.org\")) ((\"Bob\" NIL \"bob\" \"example.org\")) ((NIL NIL \"alice\" "
            "\"example.org\")) NIL NIL NIL \"<1@example.org>\"))",
            "a OK Fetch completed.",
            "* 2 FETCH (BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 24 2 NIL NIL NIL NIL) "
            "BODY (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 24 2))",
            "b OK Fetch completed."})},
        {"BODY[] sets \\Seen and reports FLAGS first; PEEK does not",
         {"S SELECT INBOX", "a FETCH 1 BODY.PEEK[]", "b FETCH 1 BODY[]", "c FETCH 1 BODY[]"},
         "* 1 FETCH (BODY[] {" + kSize1 + "}\r\n" + kMsg1 + ")\r\na OK Fetch completed.\r\n" +
             "* 1 FETCH (FLAGS (\\Seen \\Recent) BODY[] {" + kSize1 + "}\r\n" + kMsg1 + ")\r\nb OK Fetch completed.\r\n" +
             "* 1 FETCH (BODY[] {" + kSize1 + "}\r\n" + kMsg1 + ")\r\nc OK Fetch completed.\r\n"},
        {"sections, partial, RFC822.*",
         {"S SELECT INBOX", "a FETCH 2 (BODY[HEADER.FIELDS (SUBJECT)] BODY.PEEK[TEXT]<8.8> RFC822.SIZE)",
          "b FETCH 3 (RFC822.HEADER RFC822.TEXT)", "c FETCH 1 (BODY.PEEK[1] BODY.PEEK[2] BODY.PEEK[]<200.10>)",
          "d FETCH 1 RFC822.HEADER", "e FETCH 1 FLAGS"},
         L({"* 2 FETCH (RFC822.SIZE " + kSize2 + " BODY[HEADER.FIELDS (SUBJECT)] {19}", "Subject: Report", "",
            " BODY[TEXT]<8> {8}", "attached)", "a OK Fetch completed.",
            "* 3 FETCH (RFC822.HEADER {18}", "Subject: Draft", "", " RFC822.TEXT {3}", "x", ")", "b OK Fetch completed.",
            "* 1 FETCH (BODY[1] {18}", "See you at noon.", " BODY[2] {0}", " BODY[]<200> {0}", ")",
            "c OK Fetch completed.", "* 1 FETCH (RFC822.HEADER {" + std::to_string(kMsg1.size() - 18) + "}"}) +
             kMsg1.substr(0, kMsg1.size() - 18) + ")\r\nd OK Fetch completed.\r\n" +
             L({"* 1 FETCH (FLAGS (\\Recent))", "e OK Fetch completed."})},
        {"UID FETCH puts UID first; ranges past the last UID",
         {"S SELECT INBOX", "a UID FETCH 2:3 (FLAGS UID)", "b UID FETCH 9:* RFC822.SIZE", "c UID FETCH 4:5 UID",
          "d UID FETCH 2 BODY.PEEK[HEADER.FIELDS (subject)]"},
         L({"* 2 FETCH (UID 2 FLAGS (\\Seen \\Recent))", "* 3 FETCH (UID 3 FLAGS (\\Flagged \\Seen \\Recent))",
            "a OK Fetch completed.", "* 3 FETCH (UID 3 RFC822.SIZE " + kSize3 + ")", "b OK Fetch completed.",
            "c OK Fetch completed.", "* 2 FETCH (UID 2 BODY[HEADER.FIELDS (SUBJECT)] {19}", "Subject: Report", "", ")",
            "d OK Fetch completed."})},
        {"FETCH errors",
         {"S SELECT INBOX", "a FETCH 0 FLAGS", "b FETCH 4 FLAGS", "c FETCH 1:x FLAGS", "d FETCH 1 (FLAGS",
          "e FETCH 1 FOO", "f FETCH 1 BODY[0]", "g FETCH 1 FLAGS extra", "h UID FETCH 4294967296 FLAGS", "i FETCH 1",
          "j FETCH * UID"},
         L({"a BAD Error in IMAP command FETCH: Invalid messageset.", "b BAD Error in IMAP command FETCH: Invalid messageset.",
            "c BAD Error in IMAP command FETCH: Invalid messageset.", "d BAD Error in IMAP command FETCH: Missing ')'.",
            "e BAD Error in IMAP command FETCH: Unknown parameter FOO.",
            "f BAD Error in IMAP command FETCH: Invalid BODY[..] section.",
            "g BAD Error in IMAP command FETCH: Invalid arguments.",
            "h BAD Error in IMAP command UID FETCH: Invalid uidset.",
            "i BAD Error in IMAP command FETCH: Invalid arguments.", "* 3 FETCH (UID 3)", "j OK Fetch completed."})},
        {"a read-only mailbox: BODY[] leaves \\Seen alone, STORE and EXPUNGE are ignored",
         {"S EXAMINE INBOX", "a FETCH 1 BODY[TEXT]", "b STORE 1 +FLAGS (\\Deleted)", "c EXPUNGE", "d FETCH 1 FLAGS",
          "e MOVE 1 Work"},
         L({"* 1 FETCH (BODY[TEXT] {18}", "See you at noon.", ")", "a OK Fetch completed.",
            "b OK Store ignored with read-only mailbox.", "c OK Expunge completed.", "* 1 FETCH (FLAGS (\\Recent))",
            "d OK Fetch completed.", "e NO [READ-ONLY] Mailbox is read-only."})},
        {"STORE: replace, add silently, remove, keywords, bare flags, errors",
         {"S SELECT INBOX", "a STORE 1 FLAGS (\\Seen)", "b STORE 1 +FLAGS.SILENT (\\Flagged)", "c STORE 1:2 -FLAGS (\\Seen)",
          "d UID STORE 3 +FLAGS ($Work)", "e STORE 1 +flags \\Answered \\Draft", "f STORE 1 +FLAGS (\\Recent)",
          "g STORE 1 BLAH (\\Seen)", "h STORE 1 FLAGS ()", "i STORE 5 FLAGS ()", "j STORE 3 -FLAGS.SILENT ($work)",
          "k FETCH 3 FLAGS", "l STORE 1 +FLAGS (\\Foo)", "m STORE 1 +FLAGS"},
         L({"* 1 FETCH (FLAGS (\\Seen \\Recent))", "a OK Store completed.", "b OK Store completed.",
            "* 1 FETCH (FLAGS (\\Flagged \\Recent))", "* 2 FETCH (FLAGS (\\Recent))", "c OK Store completed.",
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)",
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work \\*)] Flags permitted.",
            "* 3 FETCH (UID 3 FLAGS (\\Flagged \\Seen \\Recent $Work))", "d OK Store completed.",
            "* 1 FETCH (FLAGS (\\Answered \\Flagged \\Draft \\Recent))", "e OK Store completed.",
            "f BAD Error in IMAP command STORE: Invalid system flag \\RECENT.",
            "g BAD Error in IMAP command STORE: Invalid arguments.", "* 1 FETCH (FLAGS (\\Recent))", "h OK Store completed.",
            "i BAD Error in IMAP command STORE: Invalid messageset.", "j OK Store completed.",
            "* 3 FETCH (FLAGS (\\Flagged \\Seen \\Recent))", "k OK Fetch completed.",
            "l BAD Error in IMAP command STORE: Invalid system flag \\FOO.",
            "m BAD Error in IMAP command STORE: Invalid arguments."})},
        {"SEARCH keys",
         {"S SELECT INBOX", "a SEARCH ALL", "b SEARCH UNSEEN", "c SEARCH UNFLAGGED SEEN", "d SEARCH FROM CAROL",
          "e SEARCH OR SUBJECT lunch SUBJECT \"draft\"", "f SEARCH NOT 1:2", "g SEARCH 2:* UID 1,3", "h SEARCH SINCE 3-Mar-2026",
          "i SEARCH BEFORE \"3-Mar-2026\"", "j SEARCH ON 2-Mar-2026 SENTON 2-Mar-2026", "k SEARCH LARGER 100",
          "l SEARCH SMALLER 30", "m SEARCH HEADER Message-ID 1@EXAMPLE", "n SEARCH HEADER X-Missing \"\"",
          "o SEARCH BODY noon", "p SEARCH TEXT report", "q SEARCH NEW", "r SEARCH OLD", "s SEARCH (SEEN FLAGGED)",
          "t SEARCH CHARSET UTF-8 KEYWORD $Work", "u UID SEARCH SEEN", "v SEARCH SENTBEFORE 1-Jan-2027 NOT RECENT",
          "w SEARCH 4"},
         L({"* SEARCH 1 2 3", "a OK Search completed.", "* SEARCH 1", "b OK Search completed.", "* SEARCH 2",
            "c OK Search completed.", "* SEARCH 2", "d OK Search completed.", "* SEARCH 1 3", "e OK Search completed.",
            "* SEARCH 3", "f OK Search completed.", "* SEARCH 3", "g OK Search completed.", "* SEARCH 3",
            "h OK Search completed.", "* SEARCH 1 2", "i OK Search completed.", "* SEARCH 1", "j OK Search completed.",
            "* SEARCH 1", "k OK Search completed.", "* SEARCH 3", "l OK Search completed.", "* SEARCH 1",
            "m OK Search completed.", "* SEARCH", "n OK Search completed.", "* SEARCH 1", "o OK Search completed.",
            "* SEARCH 2", "p OK Search completed.", "* SEARCH 1", "q OK Search completed.", "* SEARCH",
            "r OK Search completed.", "* SEARCH 3", "s OK Search completed.", "* SEARCH", "t OK Search completed.",
            "* SEARCH 2 3", "u OK Search completed.", "* SEARCH", "v OK Search completed.", "* SEARCH",
            "w OK Search completed."})},
        {"SEARCH: encoded words, charsets and errors",
         {"S SELECT INBOX", "a APPEND INBOX {" + std::to_string(kCafe.size()) + "+}", kCafe,
          "b SEARCH CHARSET UTF-8 SUBJECT \"caf\xc3\xa9\"", "b2 SEARCH BODY \"caff\xc3\xa8\" BODY pizza",
          "b3 SEARCH CHARSET UTF-8 TEXT \"M\xc3\xbcnchen\"", "b4 SEARCH BODY caff=C3", "b5 SEARCH TEXT \"caf\xc3\xa9 time\"",
          "c SEARCH CHARSET KOI8-R ALL", "d SEARCH FOO", "e SEARCH",
          "f SEARCH SINCE 32-Jan-2026", "g SEARCH OR SEEN", "h SEARCH LARGER x", "i SEARCH ()", "j SEARCH UID x"},
         L({"* 4 EXISTS", "* 4 RECENT", "a OK [APPENDUID 1 4] Append completed.", "* SEARCH 4", "b OK Search completed.",
            "* SEARCH 4", "b2 OK Search completed.", "* SEARCH 4", "b3 OK Search completed.", "* SEARCH 4",
            "b4 OK Search completed.", "* SEARCH 4", "b5 OK Search completed.",
            "c NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset.",
            "d BAD Error in IMAP command SEARCH: Unknown argument FOO.",
            "e BAD Error in IMAP command SEARCH: Missing search parameters.",
            "f BAD Error in IMAP command SEARCH: Invalid search date.",
            "g BAD Error in IMAP command SEARCH: Missing search parameters.",
            "h BAD Error in IMAP command SEARCH: Invalid size.", "i BAD Error in IMAP command SEARCH: Empty search list.",
            "j BAD Error in IMAP command SEARCH: Invalid uidset."})},
        {"COPY and MOVE with COPYUID; TRYCREATE; copying into the selected folder",
         {"S SELECT INBOX", "a COPY 1:2 Trash", "b COPY 1 Nope", "c MOVE 2 Work", "d UID MOVE 9 Trash", "e FETCH 1:* UID",
          "f UID COPY 3 INBOX", "g STATUS Trash (MESSAGES UIDNEXT)", "h COPY 1", "i UID MOVE 1,3 Trash"},
         L({"a OK [COPYUID 1 1:2 1:2] Copy completed.", "b NO [TRYCREATE] Mailbox doesn't exist: Nope.",
                "* OK [COPYUID 2 2 1] Moved UIDs.", "* 2 EXPUNGE", "* 2 RECENT", "c OK Move completed.",
                "d OK No messages found.", "* 1 FETCH (UID 1)", "* 2 FETCH (UID 3)", "e OK Fetch completed.",
                "* 3 EXISTS", "* 3 RECENT", "f OK [COPYUID 1 3 4] Copy completed.",
                "* STATUS Trash (MESSAGES 2 UIDNEXT 3)", "g OK Status completed.",
                "h BAD Error in IMAP command COPY: Missing arguments.", "* OK [COPYUID 1 1,3 3:4] Moved UIDs.",
                "* 2 EXPUNGE", "* 1 EXPUNGE", "* 1 RECENT", "i OK Move completed."})},
        {"EXPUNGE, UID EXPUNGE and CLOSE",
         {"S SELECT INBOX", "a STORE 1,3 +FLAGS.SILENT (\\Deleted)", "b UID EXPUNGE 2", "c UID EXPUNGE 3:*", "d EXPUNGE",
          "e STORE 1 +FLAGS.SILENT (\\Deleted)", "f CLOSE", "g STATUS INBOX (MESSAGES)", "h UID EXPUNGE"},
         L({"a OK Store completed.", "b OK Expunge completed.", "* 3 EXPUNGE", "* 2 RECENT", "c OK Expunge completed.",
            "* 1 EXPUNGE", "* 1 RECENT", "d OK Expunge completed.", "e OK Store completed.", "f OK Close completed.",
            "* STATUS INBOX (MESSAGES 0)", "g OK Status completed.", "h BAD No mailbox selected."})},
    };
    return table;
}

}  // namespace

TEST_CASE("IMAP selected state: replies match the table, whole, in chunks and byte by byte", "[imap][fetch]") {
    for (const Case& c : cases()) {
        INFO(c.name);
        CHECK(run(c.input, 0) == c.expected);
        CHECK(run(c.input, 1) == c.expected);
        CHECK(run(c.input, 2) == c.expected);
    }
}

TEST_CASE("IMAP selected state: STORE and FETCH change the store", "[imap][fetch]") {
    Fixture fx;
    ServerSession s(fx.config, fx.policy, fx.store);
    s.feed("a LOGIN alice@example.org secret\r\nb SELECT INBOX\r\nc FETCH 1 BODY[]\r\nd STORE 2 +FLAGS (\\Answered $Done)\r\n"
           "e COPY 2 Work\r\n");
    const mail::Folder& inbox = *fx.store.find("alice@example.org")->findFolder("INBOX");
    CHECK(inbox.messages[0].flags == mail::flag::Seen);
    CHECK(inbox.messages[1].flags == (mail::flag::Seen | mail::flag::Answered));
    CHECK(inbox.messages[1].keywords == std::vector<std::string>{"$Done"});
    const mail::Folder& work = *fx.store.find("alice@example.org")->findFolder("Work");
    REQUIRE(work.messages.size() == 1);
    CHECK(work.messages[0].data == kMsg2);
    CHECK(work.messages[0].keywords == std::vector<std::string>{"$Done"});
    CHECK(work.messages[0].internalDate == inbox.messages[1].internalDate);
    CHECK(work.recentCount() == 1);  // nobody has Work selected: still \Recent for the next SELECT
}
