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
