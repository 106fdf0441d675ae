// Regression tests for what the fuzz targets (tests/fuzz) found, one test per finding; the
// input that found it is in tests/fuzz/corpus/<target>/regress-*.
#include <catch2/catch.hpp>

#include <string>

#include "imap/memory_policy.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

using namespace postino;

TEST_CASE("IMAP: an overlong line whose tag never ends is answered untagged, not echoed (Dovecot)", "[imap][fuzz]") {
    mail::MailStore store;
    imap::MemoryPolicy policy;
    imap::ServerSession session(imap::ServerConfig{"imap.example.org"}, policy, store);
    session.start();
    session.takeOutput();
    // Dovecot 2.3.19: "* BAD Error in IMAP tag: Too long argument" and the session goes on.
    session.feed(std::string(70000, 'x') + " NOOP\r\nb NOOP\r\n");
    CHECK(session.takeOutput() == "* BAD Error in IMAP tag: Too long argument.\r\nb OK NOOP completed.\r\n");
    // A long tag that ends inside the line is echoed, as Dovecot does.
    const std::string tag(1000, 't');
    session.feed(tag + " NOOP\r\n");
    CHECK(session.takeOutput() == tag + " OK NOOP completed.\r\n");
}

TEST_CASE("IMAP: no NUL in a literal, Dovecot's 0x80 in message data and U+FFFD in ENVELOPE", "[imap][fuzz]") {
    mail::MailStore store;
    imap::MemoryPolicy policy;
    policy.addUser("alice@example.org", "secret");
    store.create("alice@example.org")
        .append("INBOX", std::string("Subject: s\0t\r\n\r\nbo\0dy\r\n", 23), Time::zero());
    imap::ServerSession session(imap::ServerConfig{"imap.example.org"}, policy, store);
    session.feed("a LOGIN alice@example.org secret\r\nb SELECT INBOX\r\n");
    session.takeOutput();
    session.feed("c FETCH 1 (ENVELOPE BODY.PEEK[])\r\n");
    const std::string out = session.takeOutput();
    CHECK(out.find('\0') == std::string::npos);
    CHECK(out == "* 1 FETCH (ENVELOPE (NIL {5}\r\ns\xef\xbf\xbdt NIL NIL NIL NIL NIL NIL NIL NIL) BODY[] {23}\r\n"
                 "Subject: s\x80t\r\n\r\nbo\x80"
                 "dy\r\n)\r\nc OK Fetch completed.\r\n");
    // The store keeps the message as it came.
    CHECK(store.find("alice@example.org")->findFolder("INBOX")->messages.at(0).data.find('\0') == 10);
}
