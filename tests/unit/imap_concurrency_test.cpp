// Several sessions on one store: untagged EXISTS / EXPUNGE / FETCH FLAGS for changes made
// elsewhere, reported at the right moments (NOOP, IDLE, after commands; never EXPUNGE during
// FETCH, STORE or SEARCH - RFC 3501 7.4.1) with correct sequence numbers; \Recent claims;
// a folder deleted or renamed under a session; shared mailboxes; deliveries by the node.
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

// A little node: sessions over one store; after any input every other session is notified,
// as the simulator's mail server node does.
struct World {
    mail::MailStore store;
    MemoryPolicy policy;
    ServerConfig config{"imap.example.org"};
    std::vector<std::unique_ptr<ServerSession>> sessions;

    explicit World(int messages = 3) {
        policy.addUser("alice@example.org", "secret");
        policy.addUser("bob@example.org", "hunter2");
        mail::Mailbox& alice = store.create("alice@example.org");
        store.create("bob@example.org");
        for (int i = 1; i <= messages; ++i)
            alice.append("INBOX", "Subject: m" + std::to_string(i) + "\r\n\r\nbody\r\n", Time::zero());
        mail::Mailbox& team = store.createShared("team@example.org", {"alice@example.org", "bob@example.org"});
        team.append("INBOX", "Subject: team\r\n\r\nhi\r\n", Time::zero());
    }

    ServerSession& open(const std::string& user, const std::string& password, const std::string& folder) {
        sessions.push_back(std::make_unique<ServerSession>(config, policy, store));
        ServerSession& s = *sessions.back();
        s.feed("l LOGIN " + user + " " + password + "\r\ns SELECT \"" + folder + "\"\r\n");
        s.takeOutput();
        return s;
    }

    // Feeds `s` and returns its output; the others are notified (their output is kept).
    std::string send(ServerSession& s, const std::string& lines) {
        s.feed(lines);
        const std::string out = s.takeOutput();
        for (auto& other : sessions)
            if (other.get() != &s) other->notify();
        return out;
    }

    void notifyAll() {
        for (auto& s : sessions) s->notify();
    }
};

std::string L(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += l + "\r\n";
    return out;
}

}  // namespace

TEST_CASE("concurrency: B sees A's flag change and expunge at NOOP, numbers shifted", "[imap][concurrency]") {
    World w(5);
    ServerSession& a = w.open("alice@example.org", "secret", "INBOX");
    ServerSession& b = w.open("alice@example.org", "secret", "INBOX");
    CHECK(w.send(a, "a1 STORE 4 +FLAGS (\\Seen)\r\n") == L({"* 4 FETCH (FLAGS (\\Seen \\Recent))", "a1 OK Store completed."}));
    CHECK(w.send(a, "a2 STORE 1,3 +FLAGS.SILENT (\\Deleted)\r\na3 EXPUNGE\r\n") ==
          L({"a2 OK Store completed.", "* 3 EXPUNGE", "* 1 EXPUNGE", "* 3 RECENT", "a3 OK Expunge completed."}));
    CHECK(b.takeOutput().empty());  // not IDLE: nothing until B sends a command
    // Highest first, so each number is valid when read; then the flags under the new numbers.
    CHECK(w.send(b, "b1 NOOP\r\n") == L({"* 3 EXPUNGE", "* 1 EXPUNGE", "* 2 FETCH (FLAGS (\\Seen))", "b1 OK NOOP completed."}));
    CHECK(w.send(b, "b2 FETCH 1:* UID\r\n") ==
          L({"* 1 FETCH (UID 2)", "* 2 FETCH (UID 4)", "* 3 FETCH (UID 5)", "b2 OK Fetch completed."}));
    CHECK(w.send(a, "a4 NOOP\r\n") == L({"a4 OK NOOP completed."}));
}

TEST_CASE("concurrency: no EXPUNGE during FETCH, STORE or SEARCH, the UID forms may", "[imap][concurrency]") {
    World w(3);
    ServerSession& a = w.open("alice@example.org", "secret", "INBOX");
    ServerSession& b = w.open("alice@example.org", "secret", "INBOX");
    w.send(a, "a1 STORE 2 +FLAGS (\\Deleted \\Seen)\r\na2 EXPUNGE\r\na3 STORE 1 +FLAGS (\\Answered)\r\n");
    // B still numbers 3 messages; the expunged one answers from B's view (as Dovecot).
    CHECK(w.send(b, "b1 FETCH 1:3 FLAGS\r\n") ==
          L({"* 1 FETCH (FLAGS (\\Answered))", "* 2 FETCH (FLAGS ())", "* 3 FETCH (FLAGS ())", "b1 OK Fetch completed."}));
    CHECK(w.send(b, "b2 SEARCH ALL\r\n") == L({"* SEARCH 1 3", "b2 OK Search completed."}));
    CHECK(w.send(b, "b3 STORE 3 +FLAGS (\\Flagged)\r\n") ==
          L({"* 3 FETCH (FLAGS (\\Flagged))", "b3 OK Store completed."}));
    CHECK(w.send(b, "b4 COPY 2 Trash\r\n") ==
          L({"* 2 EXPUNGE", "b4 NO [EXPUNGEISSUED] Some of the requested messages no longer exist."}));
    CHECK(w.send(b, "b5 UID SEARCH ALL\r\n") == L({"* SEARCH 1 3", "b5 OK Search completed."}));
    // A learns about B's \Flagged on its next command.
    CHECK(w.send(a, "a4 CHECK\r\n") == L({"* 2 FETCH (FLAGS (\\Flagged \\Recent))", "a4 OK Check completed."}));
}

TEST_CASE("concurrency: a UID command reports pending expunges after its own answer", "[imap][concurrency]") {
    World w(3);
    ServerSession& a = w.open("alice@example.org", "secret", "INBOX");
    ServerSession& b = w.open("alice@example.org", "secret", "INBOX");
    w.send(a, "a1 STORE 1 +FLAGS (\\Deleted)\r\na2 EXPUNGE\r\n");
    CHECK(w.send(b, "b1 UID FETCH 1:* UID\r\n") ==
          L({"* 1 FETCH (UID 1)", "* 2 FETCH (UID 2)", "* 3 FETCH (UID 3)", "* 1 EXPUNGE", "b1 OK Fetch completed."}));
    CHECK(w.send(b, "b2 FETCH 1 UID\r\n") == L({"* 1 FETCH (UID 2)", "b2 OK Fetch completed."}));
}

TEST_CASE("concurrency: IDLE gets EXISTS, FETCH and EXPUNGE at once", "[imap][concurrency]") {
    World w(3);
    ServerSession& a = w.open("alice@example.org", "secret", "INBOX");
    ServerSession& b = w.open("alice@example.org", "secret", "INBOX");
    CHECK(w.send(b, "b1 IDLE\r\n") == L({"+ idling"}));
    CHECK(b.idling());
    CHECK(w.send(a, "a1 APPEND INBOX {9+}\r\nSubject:x\r\n") ==
          L({"* 4 EXISTS", "* 4 RECENT", "a1 OK [APPENDUID 1 4] Append completed."}));
    CHECK(b.takeOutput() == L({"* 4 EXISTS"}));  // A claimed \Recent first
    w.send(a, "a2 STORE 1 +FLAGS (\\Flagged)\r\n");
    CHECK(b.takeOutput() == L({"* 1 FETCH (FLAGS (\\Flagged))"}));
    w.send(a, "a3 STORE 2 +FLAGS.SILENT (\\Deleted)\r\na4 EXPUNGE\r\n");
    CHECK(b.takeOutput() == L({"* 2 EXPUNGE"}));  // flagged and expunged before B heard: just gone
    w.notifyAll();  // nothing new: nothing said
    CHECK(b.takeOutput().empty());
    CHECK(w.send(b, "DONE\r\nb2 FETCH 1:* UID\r\n") ==
          L({"b1 OK Idle completed.", "* 1 FETCH (UID 1)", "* 2 FETCH (UID 3)", "* 3 FETCH (UID 4)", "b2 OK Fetch completed."}));
}

TEST_CASE("concurrency: a delivery into the store reaches an IDLE session", "[imap][concurrency]") {
    World w(0);
    ServerSession& b = w.open("alice@example.org", "secret", "INBOX");
    CHECK(w.send(b, "b1 IDLE\r\n") == L({"+ idling"}));
    // What MailServerNode::deliverLocal does, then it notifies the IMAP sessions.
    w.store.find("alice@example.org")->append("INBOX", "Subject: new mail\r\n\r\nhello\r\n", Time::zero());
    w.notifyAll();
    CHECK(b.takeOutput() == L({"* 1 EXISTS", "* 1 RECENT"}));  // the first to see it claims \Recent
    CHECK(w.send(b, "DONE\r\nb2 FETCH 1 (FLAGS BODY.PEEK[HEADER.FIELDS (Subject)])\r\n") ==
          L({"b1 OK Idle completed.", "* 1 FETCH (FLAGS (\\Recent) BODY[HEADER.FIELDS (SUBJECT)] {21}",
             "Subject: new mail", "", ")", "b2 OK Fetch completed."}));
}

TEST_CASE("concurrency: new keywords come with a new FLAGS list", "[imap][concurrency]") {
    World w(2);
    ServerSession& a = w.open("alice@example.org", "secret", "INBOX");
    ServerSession& b = w.open("alice@example.org", "secret", "INBOX");
    w.send(a, "a1 STORE 2 +FLAGS ($Important)\r\n");
    CHECK(w.send(b, "b1 NOOP\r\n") ==
          L({"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Important)",
             "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Important \\*)] Flags permitted.",
             "* 2 FETCH (FLAGS ($Important))", "b1 OK NOOP completed."}));
}

TEST_CASE("concurrency: the selected folder deleted elsewhere ends the session, a rename does not",
          "[imap][concurrency]") {
    World w(1);
    ServerSession& a = w.open("alice@example.org", "secret", "INBOX");
    w.send(a, "a1 CREATE Work\r\na2 CREATE Tmp\r\n");
    ServerSession& b = w.open("alice@example.org", "secret", "Work");
    ServerSession& c = w.open("alice@example.org", "secret", "Tmp");
    CHECK(w.send(c, "c1 IDLE\r\n") == L({"+ idling"}));
    CHECK(w.send(a, "a3 RENAME Work Projects\r\na4 DELETE Tmp\r\n") ==
          L({"a3 OK Rename completed.", "a4 OK Delete completed."}));
    CHECK(c.takeOutput() == L({"* BYE IMAP session state is inconsistent, please relogin."}));
    CHECK(c.wantsClose());
    CHECK(w.send(b, "b1 NOOP\r\n") == L({"b1 OK NOOP completed."}));
    CHECK(b.selectedFolder() == "Projects");
    // Deleting one's own selected folder: Dovecot's answer, then BYE.
    CHECK(w.send(b, "b2 DELETE Projects\r\n") ==
          L({"b2 OK Delete completed.", "* BYE Selected mailbox was deleted, have to disconnect."}));
    CHECK(b.wantsClose());
}

TEST_CASE("concurrency: Recent goes to the first session that sees a message", "[imap][concurrency]") {
    World w(2);
    ServerSession& a = w.open("alice@example.org", "secret", "INBOX");
    CHECK(w.send(a, "a1 SEARCH RECENT\r\n") == L({"* SEARCH 1 2", "a1 OK Search completed."}));
    ServerSession& b = w.open("alice@example.org", "secret", "INBOX");
    CHECK(w.send(b, "b1 SEARCH RECENT\r\n") == L({"* SEARCH", "b1 OK Search completed."}));
    w.store.find("alice@example.org")->append("INBOX", "Subject: 3\r\n\r\n.\r\n", Time::zero());
    CHECK(w.send(b, "b2 NOOP\r\n") == L({"* 3 EXISTS", "* 1 RECENT", "b2 OK NOOP completed."}));
    CHECK(w.send(a, "a2 NOOP\r\n") == L({"* 3 EXISTS", "a2 OK NOOP completed."}));
    // EXAMINE never claims.
    w.store.find("alice@example.org")->append("INBOX", "Subject: 4\r\n\r\n.\r\n", Time::zero());
    ServerSession& c = w.open("alice@example.org", "secret", "INBOX");  // claims message 4
    CHECK(w.send(c, "c1 SEARCH RECENT\r\n") == L({"* SEARCH 4", "c1 OK Search completed."}));
}

TEST_CASE("concurrency: a shared mailbox seen by two users", "[imap][concurrency]") {
    World w(0);
    ServerSession& alice = w.open("alice@example.org", "secret", "Shared/team@example.org/INBOX");
    ServerSession& bob = w.open("bob@example.org", "hunter2", "Shared/team@example.org/INBOX");
    CHECK(w.send(alice, "a1 IDLE\r\n") == L({"+ idling"}));
    CHECK(w.send(bob, "b1 APPEND Shared/team@example.org/INBOX {8+}\r\nSubject:\r\nb2 STORE 1 +FLAGS (\\Seen)\r\n") ==
          L({"* 2 EXISTS", "* 1 RECENT", "b1 OK [APPENDUID 3 2] Append completed.", "* 1 FETCH (FLAGS (\\Seen))",
             "b2 OK Store completed."}));
    // Alice selected first and holds \Recent for message 1; Bob saw message 2 first.
    CHECK(alice.takeOutput() == L({"* 2 EXISTS", "* 1 FETCH (FLAGS (\\Seen \\Recent))"}));
    CHECK(w.send(alice, "DONE\r\na2 NAMESPACE\r\n") ==
          L({"a1 OK Idle completed.", "* NAMESPACE ((\"\" \"/\")) NIL ((\"Shared/\" \"/\"))", "a2 OK Namespace completed."}));
    // Someone not on the list sees nothing of it.
    w.policy.addUser("eve@example.org", "x");
    w.store.create("eve@example.org");
    ServerSession& eve = w.open("eve@example.org", "x", "INBOX");
    CHECK(w.send(eve, "e1 SELECT Shared/team@example.org/INBOX\r\ne2 LIST \"\" Shared*\r\n") ==
          L({"* OK [CLOSED] Previous mailbox closed.", "e1 NO Mailbox doesn't exist: Shared/team@example.org/INBOX.",
             "e2 OK List completed."}));
}

TEST_CASE("concurrency: MOVE by one session, seen by another", "[imap][concurrency]") {
    World w(3);
    ServerSession& a = w.open("alice@example.org", "secret", "INBOX");
    ServerSession& b = w.open("alice@example.org", "secret", "Trash");
    CHECK(w.send(a, "a1 MOVE 2:3 Trash\r\n") ==
          L({"* OK [COPYUID 1 2:3 1:2] Moved UIDs.", "* 3 EXPUNGE", "* 2 EXPUNGE", "* 1 RECENT", "a1 OK Move completed."}));
    CHECK(w.send(b, "b1 NOOP\r\n") == L({"* 2 EXISTS", "* 2 RECENT", "b1 OK NOOP completed."}));
}

TEST_CASE("concurrency: the shared namespace in LIST, CREATE and RENAME", "[imap][concurrency]") {
    World w(0);
    ServerSession& bob = w.open("bob@example.org", "hunter2", "INBOX");
    CHECK(w.send(bob, "a LIST \"\" Shared/%\r\nb LIST \"\" Shared/team@example.org/%\r\nc SELECT Shared\r\n"
                      "d CREATE Shared/team@example.org/Projects\r\ne RENAME Shared/team@example.org/Projects Mine\r\n"
                      "f CREATE Shared/nobody@example.org/X\r\ng SELECT Shared/team@example.org\r\n") ==
          L({"* LIST (\\Noselect \\HasChildren) \"/\" Shared/team@example.org", "a OK List completed.",
             "* LIST (\\HasNoChildren) \"/\" Shared/team@example.org/INBOX",
             "* LIST (\\HasNoChildren \\Drafts) \"/\" Shared/team@example.org/Drafts",
             "* LIST (\\HasNoChildren \\Sent) \"/\" Shared/team@example.org/Sent",
             "* LIST (\\HasNoChildren \\Trash) \"/\" Shared/team@example.org/Trash", "b OK List completed.",
             "* OK [CLOSED] Previous mailbox closed.", "c NO Mailbox isn't selectable.", "d OK Create completed.",
             "e NO [CANNOT] Can't rename mailboxes across namespaces.", "f NO [CANNOT] Mailbox can't be created here.",
             "g NO Mailbox isn't selectable."}));
    CHECK(w.store.find("team@example.org")->findFolder("Projects") != nullptr);
}
