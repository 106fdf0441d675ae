// Table-driven tests of the scenario loader against tests/corpus/bad: each file
// has one problem; the first error must carry the expected JSON Pointer,
// line:column and message text. Also file-level errors and LoadError::format.
#include "scenario/scenario_loader.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

#ifndef POSTINO_SOURCE_DIR
#error "POSTINO_SOURCE_DIR must be defined (path of the repository)"
#endif

using namespace postino::scenario;

namespace {

std::string badCorpus() { return std::string(POSTINO_SOURCE_DIR) + "/tests/corpus/bad/"; }

struct BadCase {
    const char* file;
    const char* pointer;  // JSON Pointer of the first error ("" = none / the document)
    int line;
    int column;
    const char* message;  // substring of the first error's message
    std::size_t errors = 1;
};

// clang-format off
const BadCase kBadCases[] = {
    // encoding and syntax
    {"empty.json", "", 1, 1, "the file is empty"},
    {"only-whitespace.json", "", 4, 1, "the file is empty"},
    {"truncated.json", "", 15, 3, "unexpected end of file: expected a field name (the object opened at line 1, column 1 is not closed)"},
    {"syntax-missing-comma.json", "", 15, 3, "expected ',' between two fields"},
    {"syntax-trailing-comma.json", "", 18, 34, "a comma before ']' is not allowed"},
    {"syntax-comment.json", "", 15, 3, "comments are not allowed in JSON"},
    {"syntax-single-quotes.json", "", 22, 39, "must be in double quotes"},
    {"syntax-unclosed-string.json", "", 22, 67, "this string is not closed before the end of the line"},
    {"syntax-leading-zero.json", "", 16, 91, "leading zeros"},
    {"syntax-nan.json", "", 21, 28, "'NaN' is not allowed in JSON"},
    {"syntax-python-true.json", "", 3, 11, "unknown word 'True'"},
    {"syntax-text-after-root.json", "", 25, 1, "after the end of the JSON value"},
    {"syntax-lone-surrogate.json", "", 22, 75, "must be followed by one in U+DC00..U+DFFF"},
    {"syntax-number-too-large.json", "", 3, 11, "this number is too large"},
    {"root-array.json", "", 1, 1, "expected a JSON object { ... } at the top of the file, got an array"},
    {"deep-nesting.json", "", 3, 81, "nested more than 64 levels deep"},
    {"not-utf8.json", "", 2, 19, "not valid UTF-8 (byte 0xE9 here)"},
    {"utf16-bom.json", "", 1, 1, "encoded as UTF-16; save it as UTF-8"},
    // A UTF-8 BOM is accepted; positions count from after it.
    {"utf8-bom-then-error.json", "/nodes/0/ip", 4, 52, "expected an IPv4 address like 192.0.2.10, got \"192.0.2.1000\""},
    {"duplicate-key.json", "/nodes/3/ip", 13, 64, "the field \"ip\" appears twice"},
    // structure and types
    {"root-missing-title.json", "", 1, 1, "missing required field \"title\""},
    {"unknown-top-field.json", "/author", 3, 3, "unknown field \"author\" in the scenario; allowed fields: $schema, title, description, seed, nodes, links, actions"},
    {"unknown-node-field.json", "/nodes/3/colour", 13, 64, "unknown field \"colour\" in a router node; allowed fields: id, type, hostname, ip, label, position"},
    {"field-for-other-node-type.json", "/nodes/0/zones", 4, 66, "(\"zones\" is for dns_server nodes)"},
    {"unknown-link-field.json", "/links/1/latency", 17, 43, "(did you mean \"latency_ms\"?)"},
    {"unknown-action-field.json", "/actions/0/reply_to", 22, 39, "unknown field \"reply_to\" in a send action"},
    {"unknown-zone-field.json", "/nodes/2/zones/0/serial", 10, 48, "unknown field \"serial\" in a zone; allowed fields: origin, ttl, records"},
    {"unknown-record-field.json", "/nodes/2/zones/0/records/1/class", 12, 59, "unknown field \"class\" in an A record"},
    {"unknown-node-type.json", "/nodes/3/type", 13, 32, "unknown node type \"switch\"; allowed: client, mail_server, dns_server, router"},
    {"missing-node-ip.json", "/nodes/3", 13, 5, "missing required field \"ip\""},
    {"wrong-type-node-id.json", "/nodes/2/id", 9, 12, "expected a string, got a number (53)"},
    {"wrong-type-nodes.json", "/nodes", 3, 12, "expected an array, got an object"},
    {"wrong-type-title.json", "/title", 2, 12, "expected a string or an object of translations"},
    {"title-missing-en.json", "/title", 2, 12, "missing the English text \"en\""},
    {"bad-language-code.json", "/title/italiano", 2, 42, "\"italiano\" is not a language code"},
    {"bad-position.json", "/nodes/3/position", 13, 54, "expected a map position [x, y]"},
    {"negative-seed.json", "/seed", 3, 11, "expected a whole number from 0 to 18446744073709551615, got -1"},
    // values
    {"bad-node-id.json", "/nodes/0/id", 4, 12, "a node id uses lower-case letters"},
    {"bad-ip.json", "/nodes/3/ip", 13, 48, "expected an IPv4 address like 192.0.2.10, got \"300.1.1.1\""},
    {"ip-leading-zero.json", "/nodes/1/ip", 6, 91, "got \"192.0.2.025\""},
    {"ip-loopback.json", "/nodes/3/ip", 13, 48, "127.0.0.1 cannot be a node's address"},
    {"bad-hostname.json", "/nodes/1/hostname", 6, 62, "expected a host name like mail.example.org"},
    {"duplicate-node-id.json", "/nodes/4/id", 14, 12, "duplicate node id \"dns\""},
    {"duplicate-ip.json", "/nodes/3/ip", 13, 48, "duplicate IP address 192.0.2.10: node \"alice-laptop\" already has it"},
    {"dangling-link.json", "/links/2/b", 18, 23, "unknown node \"internet2\""},
    {"link-empty-endpoint.json", "/links/1/a", 17, 11, "expected the id of a node (like \"mail-sender\"), got an empty string"},
    {"action-node-empty.json", "/actions/0/node", 21, 41, "expected the id of a node (like \"mail-sender\"), got an empty string"},
    {"account-server-empty.json", "/nodes/0/accounts/0/server", 5, 91, "expected the id of a node (like \"mail-sender\"), got an empty string"},
    {"relay-client-empty.json", "/nodes/1/relay_clients/1", 8, 59, "expected the id of a node (like \"mail-sender\"), got an empty string"},
    {"self-link.json", "/links/3/b", 19, 28, "a link cannot join node \"internet\" to itself"},
    {"duplicate-link.json", "/links/3", 19, 5, "there is already a link between \"internet\" and \"dns\""},
    {"unreachable-node.json", "/nodes/2", 9, 5, "node \"dns\" cannot be reached from node \"alice-laptop\""},
    {"bad-email.json", "/actions/0/from", 21, 65, "expected a mail address like alice@sender.example, got \"alice.sender.example\""},
    {"account-server-not-mail-server.json", "/nodes/0/accounts/0/server", 5, 91, "node \"dns\" is a dns_server, but this must name a mail_server node"},
    {"account-server-unknown.json", "/nodes/0/accounts/0/server", 5, 91, "(did you mean \"mail-sender\"?)"},
    {"resolver-not-dns.json", "/nodes/1/resolver", 8, 18, "node \"internet\" is a router, but this must name a dns_server node"},
    {"domain-overlap.json", "/nodes/4/domains/1", 14, 101, "domain \"sender.example\" is already served by mail server \"mail-sender\""},
    {"mail-server-no-domains.json", "/nodes/1/domains", 7, 17, "a mail server needs at least one domain"},
    {"user-wrong-domain.json", "/nodes/1/users/0/address", 7, 59, "user \"alice@other.example\" is not in a domain of this server"},
    {"shared-mailbox-is-user.json", "/nodes/1/shared_mailboxes/0/address", 9, 39, "\"marco@shop.example\" is already a user of this server; a shared mailbox needs an address of its own", 2},
    {"shared-member-not-user.json", "/nodes/1/shared_mailboxes/0/members/1", 9, 93, "member \"carla@shop.example\" is not a user of this server (its users: anna@shop.example, marco@shop.example)"},
    {"shared-mailbox-not-member.json", "/actions/0/mailbox", 15, 73, "\"anna@shop.example\" is not a member of the shared mailbox \"info@shop.example\""},
    {"webmail-server-not-mail-server.json", "/nodes/1/mail_server", 7, 21, "node \"bob-browser\" is a browser, but this must name a mail_server node"},
    {"browser-flag.json", "/actions/0/type", 16, 14, "flag needs a mail client (a client node)"},
    {"shared-mailbox-pop3.json", "/actions/0/mailbox", 15, 73, "needs \"incoming\": \"imap\" to open a shared mailbox"},
    {"record-outside-zone.json", "/nodes/2/zones/0/records/1/name", 12, 38, "is outside the zone \"recipient.example\""},
    {"bad-record-name.json", "/nodes/2/zones/0/records/1/name", 12, 38, "expected a record name like"},
    {"bad-record-type.json", "/nodes/2/zones/0/records/1/type", 12, 54, "unknown record type \"CNAME\"; allowed: A, MX"},
    {"mx-exchange-ip.json", "/nodes/2/zones/0/records/0/exchange", 11, 87, "an IP address is not a host name here"},
    {"mx-missing-preference.json", "/nodes/2/zones/0/records/0", 11, 29, "missing required field \"preference\""},
    {"record-ttl-too-big.json", "/nodes/2/zones/0/records/1/ttl", 12, 93, "expected a whole number from 0 to 2147483647, got 4294967296"},
    {"action-node-not-client.json", "/actions/0/node", 21, 41, "node \"mail-sender\" is a mail_server, but actions happen on client or browser nodes"},
    {"action-from-not-account.json", "/actions/0/from", 21, 65, "\"eve@sender.example\" is not an account of client \"alice-laptop\""},
    {"action-empty-to.json", "/actions/0/to", 22, 12, "at least one recipient"},
    {"action-bad-type.json", "/actions/0/type", 21, 14, "unknown action type \"receive\"; allowed: send"},
    {"time-negative.json", "/actions/0/at", 21, 28, "expected a time from 0 to 1000000 seconds, got -0.5"},
    {"time-huge.json", "/actions/0/at", 21, 28, "expected a time from 0 to 1000000 seconds"},
    {"time-not-number.json", "/actions/0/at", 21, 28, "expected a number, got a string (\"1s\")"},
    {"bad-mtu.json", "/links/0/mtu", 16, 91, "expected a whole number from 576 to 9000, got 100"},
    {"zero-bandwidth.json", "/links/0/bandwidth_mbps", 16, 79, "expected a bandwidth above 0"},
    {"negative-latency.json", "/links/0/latency_ms", 16, 58, "expected a latency from 0 to 3600000 ms, got -5"},
    {"send-too-much-mail.json", "/actions/0", 21, 5, "this send would generate about 27.4 GB of mail (a message of about 5.5 GB counted 5 times"},
    {"too-much-mail-in-all.json", "/actions/2", 25, 5, "with this send the scenario would generate about 274.7 MB of mail (240.3 MB from the actions before it in time, 34.3 MB from this one); the limit for a whole scenario is 256 MB"},
    {"subject-multiline.json", "/actions/0/subject", 22, 50, "a single line"},
    // a mail server's queue
    {"queue-unknown-field.json", "/nodes/1/queue/max_backoff_time", 9, 44, "unknown field \"max_backoff_time\" in a mail server's queue; allowed fields: minimal_backoff_time, maximal_backoff_time, maximal_queue_lifetime, bounce_queue_lifetime, delay_warning_time, hopcount_limit (did you mean \"maximal_backoff_time\"?)"},
    {"queue-backoff-too-short.json", "/nodes/1/queue/minimal_backoff_time", 9, 40, "expected a time from 1 to 1000000 seconds, got 0"},
    {"queue-backoff-max-below-min.json", "/nodes/1/queue/maximal_backoff_time", 9, 69, "maximal_backoff_time (60 s) is shorter than minimal_backoff_time (600 s)"},
    {"queue-bounce-longer-than-lifetime.json", "/nodes/1/queue/bounce_queue_lifetime", 9, 73, "bounce_queue_lifetime (86400 s) is longer than maximal_queue_lifetime (3600 s)"},
    {"queue-warning-after-lifetime.json", "/nodes/1/queue/delay_warning_time", 9, 69, "delay_warning_time (600 s) is not shorter than maximal_queue_lifetime (600 s)"},
    {"queue-hopcount-zero.json", "/nodes/1/queue/hopcount_limit", 9, 34, "expected a whole number from 1 to 1000, got 0"},
    // failure actions
    {"node-down-unknown-node.json", "/actions/1/node", 25, 44, "unknown node \"mail-recipent\": no node has this id (did you mean \"mail-recipient\"?)"},
    {"link-down-unknown-link.json", "/actions/1/link", 25, 44, "unknown link \"internet--mail-recipient\": no link has this id (the link between these nodes is \"mail-recipient--internet\")"},
    {"link-down-names-node.json", "/actions/1", 25, 5, "missing required field \"link\"", 2},
    {"node-up-with-duration.json", "/actions/2/duration", 26, 61, "unknown field \"duration\" in a node_up action; allowed fields: type, at, node (node_up ends the outage at its \"at\""},
    {"node-down-twice.json", "/actions/2/at", 26, 33, "node_down for \"mail-recipient\" at 30 s, but it is already down then (down from 5 s to 65 s by the node_down /actions/1)"},
    {"node-up-not-down.json", "/actions/2/at", 26, 31, "node_up for \"mail-recipient\" at 2 s, but it is not down then"},
    {"node-up-comes-back-by-itself.json", "/actions/2/at", 26, 31, "node_up for \"mail-recipient\" at 30 s, but it comes back by itself at 65 s"},
    {"outage-past-the-end.json", "/actions/1/duration", 25, 79, "this node_down would last until 1000010 s, past the end of a scenario's time (1000000 s)"},
    {"outage-zero-duration.json", "/actions/1/duration", 25, 84, "expected a duration above 0 and up to 1000000 seconds, got 0"},
    {"send-while-down.json", "/actions/0/node", 24, 39, "\"alice-laptop\" is down at 1 s (down from 0.5 s to 10.5 s by the node_down /actions/1): a device that is down does nothing"},
    {"smtp-error-not-mail-server.json", "/actions/1/node", 25, 45, "node \"dns\" is a dns_server, but smtp_error acts on a mail_server node"},
    {"smtp-error-bad-code.json", "/actions/1/code", 25, 71, "expected one of the reply codes 421, 451, 452 or 554, got 550"},
    {"smtp-error-no-duration.json", "/actions/1", 25, 5, "missing required field \"duration\""},
    {"smtp-error-text-two-lines.json", "/actions/1/text", 25, 84, "the reply text must be one line of printable ASCII characters"},
    {"smtp-error-status-mismatch.json", "/actions/1/text", 25, 84, "the text starts with the enhanced status code 5.7.1, which does not match the reply code 451"},
    {"smtp-error-overlap.json", "/actions/2/at", 26, 34, "this smtp_error on \"mail-recipient\" from 30 s to 90 s overlaps the one from 0.5 s to 60.5 s (/actions/1)"},
    {"mailbox-full-not-a-mailbox.json", "/actions/1/mailbox", 25, 78, "\"carol@recipient.example\" is not a mailbox of mail server \"mail-recipient\" (its users and shared mailboxes: bob@recipient.example)"},
};
// clang-format on

}  // namespace

TEST_CASE("scenario: every broken corpus file gives the expected first error", "[scenario]") {
    for (const BadCase& c : kBadCases) {
        INFO("file: " << c.file);
        LoadResult r = loadScenarioFile(badCorpus() + c.file);
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.errors.size() == c.errors);
        const LoadError& e = r.errors.front();
        INFO("got: " << e.format());
        CHECK(e.jsonPath == c.pointer);
        CHECK(e.line == c.line);
        CHECK(e.column == c.column);
        CHECK(e.message.find(c.message) != std::string::npos);
        CHECK(e.file == badCorpus() + c.file);
    }
}

TEST_CASE("scenario: the bad corpus table covers every file in the folder", "[scenario]") {
    std::set<std::string> listed;
    for (const BadCase& c : kBadCases) listed.insert(c.file);
    std::set<std::string> present;
    for (const auto& entry : std::filesystem::directory_iterator(badCorpus())) {
        if (entry.path().extension() == ".json") present.insert(entry.path().filename().string());
    }
    CHECK(present == listed);
    CHECK(present.size() >= 35);
}

TEST_CASE("scenario: a missing file or a directory is a clear error without a position", "[scenario]") {
    LoadResult missing = loadScenarioFile(badCorpus() + "no-such-file.json");
    REQUIRE_FALSE(missing.ok());
    REQUIRE(missing.errors.size() == 1);
    CHECK(missing.errors[0].line == 0);
    CHECK(missing.errors[0].message.find("cannot open the file") != std::string::npos);
    CHECK(missing.errors[0].format() == badCorpus() + "no-such-file.json: " + missing.errors[0].message);

    LoadResult dir = loadScenarioFile(badCorpus());
    REQUIRE(dir.errors.size() == 1);
    CHECK(dir.errors[0].message.find("directory") != std::string::npos);
}

TEST_CASE("scenario: LoadError::format writes file:line:column: pointer: message", "[scenario]") {
    LoadError e{"scenarios/x.json", 12, 17, "/nodes/2/ip", "expected an IPv4 address like 192.0.2.10, got \"300.1.1.1\""};
    CHECK(e.format() == "scenarios/x.json:12:17: /nodes/2/ip: expected an IPv4 address like 192.0.2.10, got \"300.1.1.1\"");
    e.jsonPath.clear();
    CHECK(e.format() == "scenarios/x.json:12:17: expected an IPv4 address like 192.0.2.10, got \"300.1.1.1\"");
    e.line = 0;
    CHECK(e.format() == "scenarios/x.json: expected an IPv4 address like 192.0.2.10, got \"300.1.1.1\"");

    LoadResult r = loadScenarioText("[]", "t.json");
    CHECK(r.formatErrors() == "t.json:1:1: expected a JSON object { ... } at the top of the file, got an array\n");
}
