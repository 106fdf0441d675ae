// IMAP answers compared side by side with Dovecot 2.3.19 (sdbox and maildir, loopback, the
// same commands): LSUB's \Noselect parents, DELETE of a folder with children, FETCH and
// STORE of a message another session expunged, quotas. Each expected line is Dovecot's
// without its timing note "(0.001 + 0.000 secs)".
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "imap/memory_policy.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

using namespace postino;
using namespace postino::imap;

namespace {

struct World {
    mail::MailStore store;
    MemoryPolicy policy;
    ServerConfig config{"imap.example.org"};
    std::vector<std::unique_ptr<ServerSession>> sessions;

    explicit World(int messages = 0) {
        policy.addUser("alice", "secret");
        mail::Mailbox& alice = store.create("alice");
        for (int i = 1; i <= messages; ++i) alice.append("INBOX", "m" + std::to_string(i) + "\r\n", Time::zero());
    }

    mail::Mailbox& alice() { return *store.find("alice"); }

    ServerSession& open(const std::string& select = {}) {
        sessions.push_back(std::make_unique<ServerSession>(config, policy, store));
        ServerSession& s = *sessions.back();
        s.feed("l LOGIN alice secret\r\n");
        if (!select.empty()) s.feed("s SELECT " + select + "\r\n");
        s.takeOutput();
        return s;
    }

    // Feeds `s` one command line and returns its output; the others are notified.
    std::string send(ServerSession& s, const std::string& line) {
        s.feed(line + "\r\n");
        for (auto& other : sessions)
            if (other.get() != &s) other->notify();
        return s.takeOutput();
    }
};

std::string L(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += l + "\r\n";
    return out;
}

}  // namespace

TEST_CASE("LSUB: a % that stops at the parent of a subscribed child returns the parent as Noselect",
          "[imap][dovecot]") {
    // RFC 3501 6.3.9: "Par/Child" subscribed, "Par" not: LSUB "" "%" MUST return "Par" \Noselect.
    World w;
    ServerSession& s = w.open();
    w.send(s, "a CREATE Par/Child");
    w.send(s, "b CREATE Top/Mid/Leaf");
    w.send(s, "c SUBSCRIBE Par/Child");
    w.send(s, "d SUBSCRIBE Top/Mid/Leaf");
    CHECK(w.send(s, "e LSUB \"\" \"Par/%\"") == L({"* LSUB () \"/\" Par/Child", "e OK Lsub completed."}));
    CHECK(w.send(s, "f LSUB \"\" \"Top/%\"") == L({"* LSUB (\\Noselect) \"/\" Top/Mid", "f OK Lsub completed."}));
    CHECK(w.send(s, "g LSUB \"\" \"To%\"") == L({"* LSUB (\\Noselect) \"/\" Top", "g OK Lsub completed."}));
    CHECK(w.send(s, "h LSUB \"Top/\" \"%\"") == L({"* LSUB (\\Noselect) \"/\" Top/Mid", "h OK Lsub completed."}));
    CHECK(w.send(s, "i LSUB \"\" \"%/%\"") ==
          L({"* LSUB () \"/\" Par/Child", "* LSUB (\\Noselect) \"/\" Top/Mid", "i OK Lsub completed."}));
    // Only a trailing % reaches a parent (Dovecot: nothing for "%/Mid" nor "*Mid").
    CHECK(w.send(s, "j LSUB \"\" \"%/Mid\"") == L({"j OK Lsub completed."}));
    CHECK(w.send(s, "k LSUB \"\" \"*Mid\"") == L({"k OK Lsub completed."}));
    CHECK(w.send(s, "l LSUB \"\" \"*\"") ==
          L({"* LSUB () \"/\" INBOX", "* LSUB (\\Drafts) \"/\" Drafts", "* LSUB () \"/\" Par/Child",
             "* LSUB (\\Sent) \"/\" Sent", "* LSUB () \"/\" Top/Mid/Leaf", "* LSUB (\\Trash) \"/\" Trash",
             "l OK Lsub completed."}));
    // A parent that is subscribed itself is listed as such, without \Noselect.
    w.send(s, "m SUBSCRIBE Top");
    CHECK(w.send(s, "n LSUB \"\" \"%\"") ==
          L({"* LSUB () \"/\" INBOX", "* LSUB (\\Drafts) \"/\" Drafts", "* LSUB (\\Noselect) \"/\" Par",
             "* LSUB (\\Sent) \"/\" Sent", "* LSUB () \"/\" Top", "* LSUB (\\Trash) \"/\" Trash",
             "n OK Lsub completed."}));
}

TEST_CASE("DELETE of a folder with children empties it and leaves it Noselect", "[imap][dovecot]") {
    // RFC 3501 6.3.4 permits it; Dovecot answers OK and lists the name as \Noselect.
    World w;
    ServerSession& s = w.open();
    w.send(s, "a CREATE Q/Kid");
    CHECK(w.send(s, "b APPEND Q {3+}\r\nabc") == L({"b OK [APPENDUID 2 1] Append completed."}));
    CHECK(w.send(s, "c DELETE Q") == L({"c OK Delete completed."}));
    CHECK(w.alice().findFolder("Q") == nullptr);  // its messages are gone
    CHECK(w.send(s, "d LIST \"\" \"Q*\"") ==
          L({"* LIST (\\Noselect \\HasChildren) \"/\" Q", "* LIST (\\HasNoChildren) \"/\" Q/Kid", "d OK List completed."}));
    CHECK(w.send(s, "e DELETE Q") == L({"e NO Mailbox has children, delete them first."}));
    CHECK(w.send(s, "f SELECT Q") == L({"f NO Mailbox doesn't exist: Q."}));
    CHECK(w.send(s, "g STATUS Q (MESSAGES)") == L({"g NO Mailbox doesn't exist: Q."}));
    CHECK(w.send(s, "h APPEND Q {3+}\r\nabc") == L({"h NO [TRYCREATE] Mailbox doesn't exist: Q."}));
    CHECK(w.send(s, "i SUBSCRIBE Q") == L({"i NO Mailbox doesn't exist: Q."}));
    // CREATE makes it a folder again (empty, a new UIDVALIDITY); DELETE again; RENAME moves the tree.
    CHECK(w.send(s, "j CREATE Q") == L({"j OK Create completed."}));
    CHECK(w.send(s, "k STATUS Q (MESSAGES)") == L({"* STATUS Q (MESSAGES 0)", "k OK Status completed."}));
    CHECK(w.send(s, "l DELETE Q") == L({"l OK Delete completed."}));
    CHECK(w.send(s, "m RENAME Q R") == L({"m OK Rename completed."}));
    CHECK(w.send(s, "n LIST \"\" \"%\"") ==
          L({"* LIST (\\HasNoChildren) \"/\" INBOX", "* LIST (\\HasNoChildren \\Drafts) \"/\" Drafts",
             "* LIST (\\Noselect \\HasChildren) \"/\" R", "* LIST (\\HasNoChildren \\Sent) \"/\" Sent",
             "* LIST (\\HasNoChildren \\Trash) \"/\" Trash", "n OK List completed."}));
    // The \Noselect name goes with its last sub-folder.
    CHECK(w.send(s, "o DELETE R/Kid") == L({"o OK Delete completed."}));
    CHECK(w.send(s, "p LIST \"\" \"R*\"") == L({"p OK List completed."}));
    CHECK(w.alice().noselectNames().empty());
}

TEST_CASE("FETCH of a message another session expunged answers from the session's view, OK", "[imap][dovecot]") {
    // RFC 3501 6.4.8: UIDs that do not exist are ignored. Dovecot answers what it still knows
    // (UID, FLAGS), NIL for the content, and OK - with [EXPUNGEISSUED] only when content was asked.
    World w(3);
    ServerSession& a = w.open("INBOX");
    ServerSession& b = w.open("INBOX");
    w.send(b, "b1 STORE 2 +FLAGS.SILENT (\\Deleted)");
    w.send(b, "b2 EXPUNGE");
    SECTION("UID FETCH 1:* (FLAGS), the command clients sync flags with") {
        CHECK(w.send(a, "x1 UID FETCH 1:* (FLAGS)") ==
              L({"* 1 FETCH (UID 1 FLAGS (\\Recent))", "* 2 FETCH (UID 2 FLAGS (\\Recent))",
                 "* 3 FETCH (UID 3 FLAGS (\\Recent))", "* 2 EXPUNGE", "* 2 RECENT", "x1 OK Fetch completed."}));
        CHECK(w.send(a, "x2 UID FETCH 1:* (FLAGS)") ==
              L({"* 1 FETCH (UID 1 FLAGS (\\Recent))", "* 2 FETCH (UID 3 FLAGS (\\Recent))", "x2 OK Fetch completed."}));
    }
    SECTION("FETCH keeps the numbers and reports the EXPUNGE later") {
        CHECK(w.send(a, "x1 FETCH 1:* (FLAGS)") ==
              L({"* 1 FETCH (FLAGS (\\Recent))", "* 2 FETCH (FLAGS (\\Recent))", "* 3 FETCH (FLAGS (\\Recent))",
                 "x1 OK Fetch completed."}));
        CHECK(w.send(a, "x2 FETCH 2 (UID RFC822.SIZE INTERNALDATE ENVELOPE BODY[])") ==
              L({"* 2 FETCH (UID 2 RFC822.SIZE 0 INTERNALDATE \"01-Jan-1970 00:00:00 +0000\" "
                 "ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) BODY[] NIL)",
                 "x2 OK [EXPUNGEISSUED] Some messages were already expunged."}));
        CHECK(w.send(a, "x3 UID FETCH 1:* (BODY.PEEK[])") ==
              L({"* 1 FETCH (UID 1 BODY[] {4}", "m1", ")", "* 2 FETCH (UID 2 BODY[] NIL)", "* 3 FETCH (UID 3 BODY[] {4}",
                 "m3", ")", "* 2 EXPUNGE", "* 2 RECENT", "x3 OK [EXPUNGEISSUED] Some messages were already expunged."}));
    }
    SECTION("STORE: OK; the plain form answers from the view, the UID form skips the message") {
        CHECK(w.send(a, "x1 STORE 2 +FLAGS (\\Seen)") == L({"* 2 FETCH (FLAGS (\\Seen \\Recent))", "x1 OK Store completed."}));
        CHECK(w.send(a, "x2 UID STORE 1:* +FLAGS (\\Flagged)") ==
              L({"* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))", "* 3 FETCH (UID 3 FLAGS (\\Flagged \\Recent))",
                 "* 2 EXPUNGE", "* 2 RECENT", "x2 OK Store completed."}));
    }
    SECTION("COPY and MOVE still refuse, as Dovecot does") {
        CHECK(w.send(a, "x1 COPY 1:3 Trash") ==
              L({"* 2 EXPUNGE", "* 2 RECENT", "x1 NO [EXPUNGEISSUED] Some of the requested messages no longer exist."}));
    }
}

TEST_CASE("quota: APPEND and COPY over the mailbox's quota get NO [OVERQUOTA], MOVE inside it is fine",
          "[imap][dovecot][quota]") {
    // Dovecot (quota count, storage=10K): "NO [OVERQUOTA] Quota exceeded (mailbox for user is full)",
    // for a synchronizing literal before "+ OK"; a MOVE within the same quota root passes.
    World w;
    w.alice().setQuotaBytes(10 * 1024);
    ServerSession& s = w.open();
    const std::string big(5998, 'x');  // with CRLF: 6000 octets
    CHECK(w.send(s, "a1 APPEND INBOX {6000+}\r\n" + big + "\r\n") == L({"a1 OK [APPENDUID 1 1] Append completed."}));
    CHECK(w.send(s, "a2 APPEND INBOX {6000+}\r\n" + big + "\r\n") ==
          L({"a2 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)."}));
    // A LITERAL+ over the quota in pieces, as it comes off a socket: read and dropped, then
    // refused; the next command on the line is read as usual.
    s.feed("a2b APPEND INBOX {6000+}\r\n");
    for (int i = 0; i < 6; ++i) s.feed(big.substr(i * 1000, 1000));
    s.feed("\r\n");  // the literal's last two octets
    CHECK(w.send(s, "\r\na2c NOOP") ==
          L({"a2b NO [OVERQUOTA] Quota exceeded (mailbox for user is full).", "a2c OK NOOP completed."}));
    CHECK(w.send(s, "a3 APPEND Sent {6000}") == L({"a3 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)."}));
    CHECK(w.send(s, "a4 APPEND INBOX {4000}") == L({"+ OK"}));  // still fits: the client may send it
    CHECK(w.send(s, std::string(3998, 'y') + "\r\n") == L({"a4 OK [APPENDUID 1 2] Append completed."}));
    CHECK(w.alice().usedBytes() == 10000);
    w.send(s, "s SELECT INBOX");
    CHECK(w.send(s, "c1 COPY 1 Trash") == L({"c1 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)."}));
    CHECK(w.send(s, "c2 MOVE 1 Trash") ==
          L({"* OK [COPYUID 1 1 1] Moved UIDs.", "* 1 EXPUNGE", "* 1 RECENT", "c2 OK Move completed."}));
    CHECK(w.alice().usedBytes() == 10000);
    // Room again after an expunge.
    w.alice().findFolder("Trash")->clear();
    CHECK(w.send(s, "c3 COPY 1 Trash") == L({"c3 OK [COPYUID 1 2 2] Copy completed."}));
}
