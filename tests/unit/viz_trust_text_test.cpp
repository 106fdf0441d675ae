// The editor's text forms of a mail server's DKIM keys and forwards (viz/model/trust_text): they
// read back what they write, take the algorithm's short names, and leave out a line that does not
// read yet rather than guess.
#include "model/trust_text.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::viz;
using scenario::DkimAlgorithm;
using scenario::DkimSigning;

TEST_CASE("DKIM keys as lines: written and read back, the default algorithm left out", "[viz][editor]") {
    const std::vector<DkimSigning> keys = {{"bank.example", "s2026", DkimAlgorithm::RsaSha256},
                                           {"mail.bank.example", "ed.2026", DkimAlgorithm::Ed25519Sha256}};
    const std::string text = dkimText(keys);
    CHECK(text == "bank.example s2026\nmail.bank.example ed.2026 ed25519-sha256\n");
    CHECK(parseDkim(text) == keys);
    // Case is folded as the loader does; "ed25519" and "rsa" are taken for the full names.
    CHECK(parseDkim("Bank.Example S1 ED25519\n  \nshop.example k rsa") ==
          std::vector<DkimSigning>{{"bank.example", "s1", DkimAlgorithm::Ed25519Sha256},
                                   {"shop.example", "k", DkimAlgorithm::RsaSha256}});
    // Half-typed or unknown: left out until it reads.
    CHECK(parseDkim("bank.example").empty());
    CHECK(parseDkim("bank.example s1 rsa-sha1").empty());
    CHECK(parseDkim("bank.example s1 rsa extra").empty());
}

TEST_CASE("forwards as lines: written and read back, an arrow allowed between", "[viz][editor]") {
    const std::map<std::string, std::string> forward = {{"alice@alumni.example", "alice@recipient.example"},
                                                        {"bob@alumni.example", "bob@other.example"}};
    const std::string text = forwardsText(forward);
    CHECK(text == "alice@alumni.example alice@recipient.example\nbob@alumni.example bob@other.example\n");
    CHECK(parseForwards(text) == forward);
    CHECK(parseForwards("Alice@Alumni.example -> alice@recipient.example") ==
          std::map<std::string, std::string>{{"alice@alumni.example", "alice@recipient.example"}});
    CHECK(parseForwards("alice@alumni.example").empty());
    CHECK(parseForwards("a@x.example b@y.example c@z.example").empty());
}
