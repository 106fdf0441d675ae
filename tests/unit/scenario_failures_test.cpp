// The scenario side of failures: a mail server's "queue" object (Postfix's parameters, their
// ranges, how they relate, the defaults) and the actions that break the world (node_down,
// node_up, link_down, link_up, smtp_error, mailbox_full): what they load as, every located
// error, the checks of their timeline, the examples of docs/scenario-format.md, and what the
// byte budget counts for bounces, delay notices and attempts while the world is broken.
#include "scenario/scenario_budget.h"
#include "scenario/scenario_loader.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

#ifndef POSTINO_SOURCE_DIR
#error "POSTINO_SOURCE_DIR must be defined (path of the repository)"
#endif

using namespace postino;
using namespace postino::scenario;

namespace {

// Alice sends to Bob at 1 s; `queue` is mail-sender's queue object (none when empty) and
// `actions` more actions after the send (/actions/1, /actions/2, ...).
std::string world(const std::string& queue, const std::string& actions, const std::string& extraRecords = "") {
    return R"({"title": "failures", "nodes": [
  {"id": "alice-laptop", "type": "client", "ip": "192.0.2.10",
   "accounts": [{"address": "alice@sender.example", "password": "pw", "server": "mail-sender", "incoming": "imap"}]},
  {"id": "mail-sender", "type": "mail_server", "hostname": "mail.sender.example", "ip": "192.0.2.25",
   "domains": ["sender.example"], "users": [{"address": "alice@sender.example", "password": "pw"}],
   "resolver": "dns")" + (queue.empty() ? "" : ", \"queue\": " + queue) + R"(},
  {"id": "mail-recipient", "type": "mail_server", "hostname": "mail.recipient.example", "ip": "203.0.113.25",
   "domains": ["recipient.example"], "users": [{"address": "bob@recipient.example", "password": "pw"}],
   "shared_mailboxes": [{"address": "info@recipient.example", "members": ["bob@recipient.example"]}]},
  {"id": "dns", "type": "dns_server", "hostname": "ns.example.net", "ip": "198.51.100.53",
   "zones": [{"origin": "recipient.example", "records": [
     {"name": "@", "type": "MX", "preference": 10, "exchange": "mail.recipient.example"},
     {"name": "mail", "type": "A", "address": "203.0.113.25"})" + extraRecords + R"(]}]},
  {"id": "internet", "type": "router", "ip": "198.51.100.1"}
], "links": [
  {"a": "alice-laptop", "b": "internet"}, {"a": "mail-sender", "b": "internet"},
  {"a": "mail-recipient", "b": "internet"}, {"id": "dns-uplink", "a": "dns", "b": "internet"}
], "actions": [
  {"type": "send", "at": 1, "node": "alice-laptop", "from": "alice@sender.example",
   "to": ["bob@recipient.example", "carol@recipient.example"], "subject": "Hello", "body": "Hi"})" +
           (actions.empty() ? "" : ",\n  " + actions) + R"(
]})";
}

LoadResult load(const std::string& queue, const std::string& actions) {
    return loadScenarioText(world(queue, actions), "failures.json");
}

const Node& node(const Scenario& s, const std::string& id) {
    for (const Node& n : s.nodes)
        if (n.id == id) return n;
    FAIL("no node " << id);
    return s.nodes.front();
}

const Action& firstOf(const Scenario& s, ActionType t, std::size_t skip = 0) {
    for (const Action& a : s.actions)
        if (a.type == t && skip-- == 0) return a;
    FAIL("no such action");
    return s.actions.front();
}

// One located error: the pointer and a part of the message of the first, and how many.
struct Expected {
    const char* json;     // the queue object or the actions
    const char* pointer;
    const char* message;
    std::size_t errors = 1;
};

void checkError(const LoadResult& r, const Expected& e) {
    INFO("input: " << e.json << "\n" << r.formatErrors());
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors.size() == e.errors);
    CHECK(r.errors[0].jsonPath == e.pointer);
    CHECK(r.errors[0].line > 0);
    CHECK(r.errors[0].message.find(e.message) != std::string::npos);
}

}  // namespace

TEST_CASE("failures: the good corpus file loads with every field", "[scenario][failures]") {
    const std::string path = std::string(POSTINO_SOURCE_DIR) + "/tests/corpus/good/failures.json";
    LoadResult r = loadScenarioFile(path);
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    const Scenario& s = *r.scenario;

    const QueueSettings& sender = node(s, "mail-sender").queue;
    CHECK(sender.minimalBackoff == Duration::seconds(30));
    CHECK(sender.maximalBackoff == Duration::seconds(120));
    CHECK(sender.maximalLifetime == Duration::seconds(600));
    CHECK(sender.bounceLifetime == Duration::seconds(300));
    CHECK(sender.delayWarning == Duration::millis(90'500));
    CHECK(sender.hopCountLimit == 20);
    const QueueSettings& recipient = node(s, "mail-recipient").queue;
    CHECK(recipient.maximalLifetime == Duration());  // one attempt only
    CHECK(recipient.bounceLifetime == Duration());   // follows it
    CHECK(recipient.minimalBackoff == Duration::seconds(300));
    CHECK(recipient.maximalBackoff == Duration::seconds(4000));
    CHECK(recipient.hopCountLimit == 50);

    REQUIRE(s.actions.size() == 13);
    const Action& first = s.actions.front();  // sorted by time: the node_down at 0.5 s comes first
    CHECK(first.type == ActionType::NodeDown);
    CHECK(first.at == Time::fromNanos(500'000'000));
    CHECK(first.node == "mail-recipient");
    CHECK(first.duration == Duration::seconds(120));
    const Action& cut = firstOf(s, ActionType::LinkDown);
    CHECK(cut.link == "sender-uplink");
    CHECK_FALSE(cut.duration.has_value());
    CHECK(cut.node.empty());
    CHECK(firstOf(s, ActionType::LinkUp).link == "sender-uplink");
    CHECK(firstOf(s, ActionType::LinkDown, 1).link == "bob-pc--internet");
    CHECK(firstOf(s, ActionType::LinkDown, 1).duration == Duration::millis(30'250));
    CHECK(firstOf(s, ActionType::NodeDown, 1).node == "dns");
    CHECK_FALSE(firstOf(s, ActionType::NodeDown, 1).duration.has_value());
    CHECK(firstOf(s, ActionType::NodeUp).node == "dns");
    CHECK(firstOf(s, ActionType::NodeUp).at == Time::fromNanos(260'000'000'000));
    const Action& soft = firstOf(s, ActionType::SmtpError);
    CHECK(soft.replyCode == 451);
    CHECK(soft.replyText == "4.3.0 Try again later");
    CHECK(soft.duration == Duration::seconds(60));
    const Action& hard = firstOf(s, ActionType::SmtpError, 1);
    CHECK(hard.replyCode == 554);
    CHECK(hard.replyText.empty());
    const Action& full = firstOf(s, ActionType::MailboxFull);
    CHECK(full.mailbox == "bob@recipient.example");  // lower-cased
    CHECK(full.node == "mail-recipient");
    CHECK(full.duration == Duration::seconds(100));
    CHECK(firstOf(s, ActionType::MailboxFull, 1).mailbox == "info@recipient.example");
}

TEST_CASE("failures: a mail server's queue defaults to Postfix's settings", "[scenario][failures]") {
    for (const char* queue : {"", "{}"}) {
        LoadResult r = load(queue, "");
        INFO(r.formatErrors());
        REQUIRE(r.ok());
        const QueueSettings& q = node(*r.scenario, "mail-sender").queue;
        CHECK(q.minimalBackoff == Duration::seconds(300));
        CHECK(q.maximalBackoff == Duration::seconds(4000));
        CHECK(q.maximalLifetime == Duration::seconds(432'000));
        CHECK(q.bounceLifetime == Duration::seconds(432'000));
        CHECK(q.delayWarning == Duration());
        CHECK(q.hopCountLimit == 50);
    }
}

TEST_CASE("failures: bounce_queue_lifetime follows a shorter maximal_queue_lifetime, and times may have fractions",
          "[scenario][failures]") {
    struct Case {
        const char* queue;
        Duration lifetime, bounce;
    };
    const Case cases[] = {
        {R"({"maximal_queue_lifetime": 3600})", Duration::seconds(3600), Duration::seconds(3600)},
        {R"({"maximal_queue_lifetime": 0})", Duration(), Duration()},
        {R"({"maximal_queue_lifetime": 604800})", Duration::seconds(604'800), Duration::seconds(432'000)},
        {R"({"maximal_queue_lifetime": 600, "bounce_queue_lifetime": 0})", Duration::seconds(600), Duration()},
        {R"({"maximal_queue_lifetime": 0.75, "bounce_queue_lifetime": 0.5})", Duration::millis(750), Duration::millis(500)},
        {R"({"bounce_queue_lifetime": 432000})", Duration::seconds(432'000), Duration::seconds(432'000)},
    };
    for (const Case& c : cases) {
        LoadResult r = load(c.queue, "");
        INFO(c.queue << "\n" << r.formatErrors());
        REQUIRE(r.ok());
        const QueueSettings& q = node(*r.scenario, "mail-sender").queue;
        CHECK(q.maximalLifetime == c.lifetime);
        CHECK(q.bounceLifetime == c.bounce);
    }
    LoadResult r = load(R"({"minimal_backoff_time": 1.5, "maximal_backoff_time": 1.5, "maximal_queue_lifetime": 10,
                            "delay_warning_time": 0.25, "hopcount_limit": 1000.0})", "");
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    const QueueSettings& q = node(*r.scenario, "mail-sender").queue;
    CHECK(q.minimalBackoff == Duration::millis(1500));
    CHECK(q.maximalBackoff == Duration::millis(1500));
    CHECK(q.delayWarning == Duration::millis(250));
    CHECK(q.hopCountLimit == 1000);
}

TEST_CASE("failures: each problem of a queue object is a located error", "[scenario][failures]") {
    const Expected cases[] = {
        {R"({"minimal_backoff_time": 0.5})", "/nodes/1/queue/minimal_backoff_time", "expected a time from 1 to 1000000 seconds, got 0.5"},
        {R"({"maximal_backoff_time": 1000001})", "/nodes/1/queue/maximal_backoff_time", "expected a time from 1 to 1000000 seconds, got 1000001"},
        {R"({"maximal_queue_lifetime": -1})", "/nodes/1/queue/maximal_queue_lifetime", "expected a time from 0 to 1000000 seconds, got -1"},
        {R"({"bounce_queue_lifetime": "1d"})", "/nodes/1/queue/bounce_queue_lifetime", "expected a number, got a string (\"1d\")"},
        {R"({"delay_warning_time": true})", "/nodes/1/queue/delay_warning_time", "expected a number, got a boolean"},
        {R"({"hopcount_limit": 2.5})", "/nodes/1/queue/hopcount_limit", "expected a whole number from 1 to 1000, got 2.5"},
        {R"({"hopcount_limit": 1001})", "/nodes/1/queue/hopcount_limit", "expected a whole number from 1 to 1000, got 1001"},
        {R"({"minimal_backoff_time": 5000})", "/nodes/1/queue/minimal_backoff_time", "maximal_backoff_time (4000 s, the default) is shorter than minimal_backoff_time (5000 s)"},
        {R"({"maximal_backoff_time": 100})", "/nodes/1/queue/maximal_backoff_time", "maximal_backoff_time (100 s) is shorter than minimal_backoff_time (300 s, the default)"},
        {R"({"bounce_queue_lifetime": 500000})", "/nodes/1/queue/bounce_queue_lifetime", "bounce_queue_lifetime (500000 s) is longer than maximal_queue_lifetime (432000 s, the default): Postfix would shorten it to that; make it at most 432000 s"},
        {R"({"maximal_queue_lifetime": 0, "delay_warning_time": 60})", "/nodes/1/queue/delay_warning_time", "delay_warning_time (60 s) is not shorter than maximal_queue_lifetime (0 s: one attempt only)"},
        {R"({"maximal_queue_lifetime": 60, "delay_warning_time": 60.5})", "/nodes/1/queue/delay_warning_time", "delay_warning_time (60.5 s) is not shorter than maximal_queue_lifetime (60 s)"},
        {R"({"hop_count_limit": 5})", "/nodes/1/queue/hop_count_limit", "unknown field \"hop_count_limit\" in a mail server's queue; allowed fields: minimal_backoff_time, maximal_backoff_time, maximal_queue_lifetime, bounce_queue_lifetime, delay_warning_time, hopcount_limit (did you mean \"hopcount_limit\"?)"},
        {R"({"min_backoff_time": 5})", "/nodes/1/queue/min_backoff_time", "(did you mean \"minimal_backoff_time\"?)"},
        {R"({"queue_run_delay": 300})", "/nodes/1/queue/queue_run_delay", "unknown field \"queue_run_delay\" in a mail server's queue; allowed fields:"},
        {R"([])", "/nodes/1/queue", "expected an object, got an array"},
        // A value out of range is not compared with the others as well.
        {R"({"minimal_backoff_time": 0, "maximal_backoff_time": 100})", "/nodes/1/queue/minimal_backoff_time", "expected a time from 1"},
        {R"({"maximal_queue_lifetime": -5, "bounce_queue_lifetime": 10, "delay_warning_time": 20})", "/nodes/1/queue/maximal_queue_lifetime", "expected a time from 0"},
    };
    for (const Expected& e : cases) checkError(load(e.json, ""), e);

    // "queue" belongs to mail servers.
    std::string text = world("", "");
    const std::string client = R"("incoming": "imap"}]})";
    text.replace(text.find(client), client.size(), R"("incoming": "imap"}], "queue": {}})");
    LoadResult r = loadScenarioText(text, "failures.json");
    checkError(r, {"queue on a client", "/nodes/0/queue", "(\"queue\" is for mail_server nodes)"});

    // A field of several node types names them all.
    text = world("", "");
    const std::string server = R"("resolver": "dns"},)";
    text.replace(text.find(server), server.size(), R"("resolver": "dns", "accounts": []},)");
    r = loadScenarioText(text, "failures.json");
    checkError(r, {"accounts on a mail server", "/nodes/1/accounts", "(\"accounts\" is for client and browser nodes)"});
}

TEST_CASE("failures: each problem of one failure action is a located error", "[scenario][failures]") {
    const std::string tooLong = R"({"type": "smtp_error", "at": 5, "node": "mail-recipient", "code": 451, "text": ")" +
                                std::string(201, 'a') + R"(", "duration": 60})";
    const Expected cases[] = {
        {R"({"type": "node_down", "at": 5})", "/actions/1", "missing required field \"node\""},
        {R"({"type": "node_down", "at": 5, "node": ""})", "/actions/1/node", "expected the id of a node"},
        {R"({"type": "node_down", "at": 5, "link": "dns-uplink"})", "/actions/1", "missing required field \"node\"", 2},
        {R"({"type": "node_down", "node": "dns", "at": 5, "link": "dns-uplink"})", "/actions/1/link", "(\"link\" is for link_down and link_up)"},
        {R"({"type": "link_down", "at": 5, "link": ""})", "/actions/1/link", "expected the id of a link (like \"pc--router\"), got an empty string"},
        {R"({"type": "link_up", "at": 5, "link": 3})", "/actions/1/link", "expected a string, got a number (3)"},
        {R"({"type": "node_crash", "at": 5, "node": "alice-laptop", "from": "alice@sender.example", "to": ["bob@recipient.example"]})", "/actions/1/type", "unknown action type \"node_crash\"; allowed: send, save_draft, check_mail, read, flag, move, delete, node_down, node_up, link_down, link_up, smtp_error, mailbox_full"},
        {R"({"type": "smtp_error", "at": 5, "node": "mail-recipient", "code": "451", "duration": 60})", "/actions/1/code", "expected a number, got a string (\"451\")"},
        {R"({"type": "smtp_error", "at": 5, "node": "mail-recipient", "code": 552, "duration": 60})", "/actions/1/code", "got 552 (for 552 \"Quota exceeded\" use a mailbox_full action)"},
        {R"({"type": "smtp_error", "at": 5, "node": "mail-recipient", "code": 451.5, "duration": 60})", "/actions/1/code", "expected one of the reply codes 421, 451, 452 or 554, got 451.5"},
        {R"({"type": "smtp_error", "at": 5, "node": "mail-recipient", "duration": 60})", "/actions/1", "missing required field \"code\""},
        {R"({"type": "smtp_error", "at": 5, "node": "mail-recipient", "code": 451, "text": "", "duration": 60})", "/actions/1/text", "must not be empty (leave out \"text\" for the server's usual words)"},
        {tooLong.c_str(), "/actions/1/text", "the reply text is too long: 201 characters (the limit is 200)"},
        {R"({"type": "smtp_error", "at": 5, "node": "mail-recipient", "code": 451, "text": "Überlastet", "duration": 60})", "/actions/1/text", "printable ASCII"},
        {R"({"type": "smtp_error", "at": 5, "node": "mail-recipient", "code": 554, "text": "2.0.0 Fine", "duration": 60})", "/actions/1/text", "enhanced status code 2.0.0, which does not match the reply code 554 (RFC 3463: a 5xx reply carries a status code 5.x.x)"},
        {R"({"type": "smtp_error", "at": 5, "node": "mail-recipient", "code": 421, "reason": "x", "duration": 60})", "/actions/1/reason", "unknown field \"reason\" in a smtp_error action; allowed fields: type, at, node, duration, code, text"},
        {R"({"type": "mailbox_full", "at": 5, "node": "mail-recipient", "duration": 60})", "/actions/1", "missing required field \"mailbox\""},
        {R"({"type": "mailbox_full", "at": 5, "node": "mail-recipient", "mailbox": "bob", "duration": 60})", "/actions/1/mailbox", "expected a mail address like alice@sender.example, got \"bob\""},
        {R"({"type": "mailbox_full", "at": 5, "node": "mail-recipient", "mailbox": "bob@recipient.example"})", "/actions/1", "missing required field \"duration\""},
        {R"({"type": "node_down", "at": 5, "node": "dns", "duration": -1})", "/actions/1/duration", "expected a duration above 0 and up to 1000000 seconds, got -1"},
        {R"({"type": "node_down", "at": 5, "node": "dns", "duration": 1e-10})", "/actions/1/duration", "expected a duration above 0"},
        {R"({"type": "link_down", "at": 5, "link": "dns-uplink", "duration": "60"})", "/actions/1/duration", "expected a number, got a string (\"60\")"},
        {R"({"type": "smtp_error", "at": 999999, "node": "mail-recipient", "code": 421, "duration": 2})", "/actions/1/duration", "this smtp_error would last until 1000001 s, past the end of a scenario's time (1000000 s): make it shorter"},
        // A broken time leaves the action out of the timeline: no second error from it.
        {R"({"type": "node_down", "at": -1, "node": "dns"}, {"type": "node_up", "at": 5, "node": "dns"})", "/actions/1/at", "expected a time from 0 to 1000000 seconds, got -1"},
    };
    for (const Expected& e : cases) checkError(load("", e.json), e);

    LoadResult ok = load("", R"({"type": "smtp_error", "at": 5, "node": "mail-recipient", "code": 451.0, "text": "4.3.0 Try later", "duration": 60},
  {"type": "smtp_error", "at": 65, "node": "mail-recipient", "code": 554, "text": "5.7.1 No thanks", "duration": 60},
  {"type": "smtp_error", "at": 125, "node": "mail-recipient", "code": 452, "text": "Insufficient system storage", "duration": 60})");
    INFO(ok.formatErrors());
    REQUIRE(ok.ok());
    CHECK(firstOf(*ok.scenario, ActionType::SmtpError).replyCode == 451);
    CHECK(firstOf(*ok.scenario, ActionType::SmtpError, 2).replyText == "Insufficient system storage");
}

TEST_CASE("failures: the node, link, server and mailbox an action names must exist and fit", "[scenario][failures]") {
    // Any node may go down: a router, the DNS server, a device, a mail server.
    LoadResult ok = load("", R"({"type": "node_down", "at": 5, "node": "internet", "duration": 1},
  {"type": "node_down", "at": 5, "node": "dns", "duration": 1},
  {"type": "node_down", "at": 5, "node": "alice-laptop", "duration": 1},
  {"type": "node_down", "at": 5, "node": "mail-sender", "duration": 1},
  {"type": "mailbox_full", "at": 5, "node": "mail-recipient", "mailbox": "info@recipient.example", "duration": 1},
  {"type": "link_down", "at": 5, "link": "dns-uplink"},
  {"type": "link_down", "at": 5, "link": "alice-laptop--internet", "duration": 1})");
    INFO(ok.formatErrors());
    CHECK(ok.ok());

    const Expected cases[] = {
        {R"({"type": "node_down", "at": 5, "node": "mail-recipent"})", "/actions/1/node", "unknown node \"mail-recipent\": no node has this id (did you mean \"mail-recipient\"?)"},
        {R"({"type": "smtp_error", "at": 5, "node": "alice-laptop", "code": 421, "duration": 9})", "/actions/1/node", "node \"alice-laptop\" is a client, but smtp_error acts on a mail_server node"},
        {R"({"type": "mailbox_full", "at": 5, "node": "internet", "mailbox": "bob@recipient.example", "duration": 9})", "/actions/1/node", "node \"internet\" is a router, but mailbox_full acts on a mail_server node"},
        {R"({"type": "mailbox_full", "at": 5, "node": "mail-sender", "mailbox": "bob@recipient.example", "duration": 9})", "/actions/1/mailbox", "\"bob@recipient.example\" is not a mailbox of mail server \"mail-sender\" (its users and shared mailboxes: alice@sender.example)"},
        {R"({"type": "link_down", "at": 5, "link": "mail-recipient--internt"})", "/actions/1/link", "unknown link \"mail-recipient--internt\": no link has this id (did you mean \"mail-recipient--internet\"?)"},
        {R"({"type": "link_down", "at": 5, "link": "internet--mail-sender"})", "/actions/1/link", "(the link between these nodes is \"mail-sender--internet\")"},
        // The DNS server's link has an id of its own: "dns--internet" is not it.
        {R"({"type": "link_up", "at": 5, "link": "dns--internet"})", "/actions/1/link", "unknown link \"dns--internet\": no link has this id (a link's id is its \"id\", or else \"a--b\" from the ids of its two ends)"},
        // Unknown names give no timeline errors on top.
        {R"({"type": "node_down", "at": 5, "node": "ghost"}, {"type": "node_up", "at": 1, "node": "ghost"})", "/actions/1/node", "unknown node \"ghost\"", 2},
    };
    for (const Expected& e : cases) checkError(load("", e.json), e);
}

TEST_CASE("failures: outages and error windows follow each other in time", "[scenario][failures]") {
    const char* valid[] = {
        // Down again the moment it came back by itself, then down for good until a node_up.
        R"({"type": "node_down", "at": 5, "node": "dns", "duration": 10}, {"type": "node_down", "at": 15, "node": "dns"},
  {"type": "node_up", "at": 20, "node": "dns"})",
        // File order does not matter, time does.
        R"({"type": "node_up", "at": 20, "node": "dns"}, {"type": "node_down", "at": 5, "node": "dns"})",
        // Windows may touch; different servers and mailboxes are independent.
        R"({"type": "smtp_error", "at": 0, "node": "mail-recipient", "code": 421, "duration": 60},
  {"type": "smtp_error", "at": 60, "node": "mail-recipient", "code": 554, "duration": 10},
  {"type": "smtp_error", "at": 30, "node": "mail-sender", "code": 452, "duration": 60})",
        R"({"type": "mailbox_full", "at": 0, "node": "mail-recipient", "mailbox": "bob@recipient.example", "duration": 60},
  {"type": "mailbox_full", "at": 0, "node": "mail-recipient", "mailbox": "info@recipient.example", "duration": 60},
  {"type": "mailbox_full", "at": 60, "node": "mail-recipient", "mailbox": "bob@recipient.example", "duration": 60})",
        // Two links down at once; the sender's laptop down before and after its send.
        R"({"type": "link_down", "at": 5, "link": "dns-uplink"}, {"type": "link_down", "at": 5, "link": "mail-sender--internet"},
  {"type": "link_up", "at": 9, "link": "dns-uplink"})",
        R"({"type": "node_down", "at": 0, "node": "alice-laptop", "duration": 1}, {"type": "node_down", "at": 2, "node": "alice-laptop"})",
    };
    for (const char* actions : valid) {
        LoadResult r = load("", actions);
        INFO(actions << "\n" << r.formatErrors());
        CHECK(r.ok());
    }
    const Expected cases[] = {
        {R"({"type": "node_down", "at": 5, "node": "dns", "duration": 10}, {"type": "node_up", "at": 15, "node": "dns"})", "/actions/2/at", "node_up for \"dns\" at 15 s, but it is not down then (it came back by itself at 15 s, at the end of the node_down /actions/1)"},
        {R"({"type": "link_down", "at": 5, "link": "dns-uplink"}, {"type": "link_down", "at": 10, "link": "dns-uplink"})", "/actions/2/at", "link_down for link \"dns-uplink\" at 10 s, but it is already down then (down from 5 s by the link_down /actions/1, until a link_up): one outage at a time"},
        {R"({"type": "link_up", "at": 7, "link": "dns-uplink"})", "/actions/1/at", "link_up for link \"dns-uplink\" at 7 s, but it is not down then"},
        {R"({"type": "link_down", "at": 5, "link": "dns-uplink", "duration": 60}, {"type": "link_up", "at": 6, "link": "dns-uplink"})", "/actions/2/at", "link_up for link \"dns-uplink\" at 6 s, but it comes back by itself at 65 s (the link_down /actions/1 has a \"duration\"): leave out this link_up or that duration"},
        {R"({"type": "node_down", "at": 5, "node": "dns"}, {"type": "node_down", "at": 5, "node": "dns", "duration": 3})", "/actions/2/at", "node_down for \"dns\" at 5 s, but it is already down then"},
        {R"({"type": "mailbox_full", "at": 0, "node": "mail-recipient", "mailbox": "bob@recipient.example", "duration": 60},
  {"type": "mailbox_full", "at": 59.5, "node": "mail-recipient", "mailbox": "Bob@recipient.example", "duration": 60})", "/actions/2/at", "this mailbox_full on \"bob@recipient.example\" from 59.5 s to 119.5 s overlaps the one from 0 s to 60 s (/actions/1): a mailbox is full once; start this one at 60 s or later"},
        {R"({"type": "node_down", "at": 0.5, "node": "alice-laptop"})", "/actions/0/node", "\"alice-laptop\" is down at 1 s (down from 0.5 s by the node_down /actions/1, until a node_up): a device that is down does nothing; move this send to before or after the outage"},
    };
    for (const Expected& e : cases) checkError(load("", e.json), e);
}

TEST_CASE("failures: the examples in docs/scenario-format.md load in its complete example", "[scenario][failures]") {
    std::ifstream in(std::string(POSTINO_SOURCE_DIR) + "/docs/scenario-format.md", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string doc = ss.str();
    std::vector<nlohmann::json> blocks;
    for (std::size_t at = doc.find("```json\n"); at != std::string::npos; at = doc.find("```json\n", at)) {
        at += 8;
        const std::size_t end = doc.find("```", at);
        REQUIRE(end != std::string::npos);
        auto block = nlohmann::json::parse(doc.substr(at, end - at), nullptr, false);
        if (!block.is_discarded()) blocks.push_back(block);  // fragments like "title": {...} are not documents
    }
    REQUIRE(blocks.size() > 1);
    nlohmann::json scenario = blocks.front();
    int nodes = 0, actions = 0;
    for (std::size_t i = 1; i < blocks.size(); ++i) {
        const nlohmann::json& b = blocks[i];
        if (!b.is_object() || !b.contains("type")) continue;
        if (b.contains("id")) {
            for (auto& n : scenario["nodes"])
                if (n["id"] == b["id"]) n = b;
            ++nodes;
        } else {
            scenario["actions"].push_back(b);
            ++actions;
        }
    }
    CHECK(nodes == 1);
    CHECK(actions == 9);
    LoadResult r = loadScenarioText(scenario.dump(2), "docs-examples.json");
    INFO(scenario.dump(2) << "\n" << r.formatErrors());
    REQUIRE(r.ok());
    const QueueSettings& q = node(*r.scenario, "mail-sender").queue;
    CHECK(q.minimalBackoff == Duration::seconds(30));
    CHECK(q.delayWarning == Duration::seconds(120));
    CHECK(q.bounceLifetime == Duration::seconds(600));
}

TEST_CASE("scenario budget: a bounce per recipient, delay notices, and attempts while the world is broken",
          "[scenario][budget][failures]") {
    auto estimate = [](const std::string& queue, const std::string& actions, const std::string& records = "") {
        LoadResult r = loadScenarioText(world(queue, actions, records), "budget.json");
        INFO(r.formatErrors());
        REQUIRE(r.ok());
        const Scenario& s = *r.scenario;
        std::size_t send = 0;
        while (s.actions[send].type != ActionType::Send) ++send;
        return std::make_pair(messageBytesBound(s.actions[send]), estimateMailBytes(s).perAction[send]);
    };
    // Two recipients, one hop: the message 3 + 2 × 2 times, and a bounce per recipient (the
    // message returned whole, it is under 50,000 octets, plus 5 kB) carried back and stored.
    const auto [m, plain] = estimate("", "");
    const double bounce = m + 5000;
    CHECK(plain == Approx(7 * m + 2 * 2 * bounce));
    // A backup MX: two hops to each recipient.
    const std::string backup = R"(, {"name": "@", "type": "MX", "preference": 20, "exchange": "backup.recipient.example"})";
    CHECK(estimate("", "", backup).second == Approx((3 + 2 * 3) * m + 2 * 3 * bounce));
    // Delay notices: one more per recipient from each of the two servers on the way.
    CHECK(estimate(R"({"delay_warning_time": 60})", "").second == Approx(7 * m + 6 * 2 * bounce));
    // Bob's server down for 600 s: with waits of 30, 30, 60, 120, 120 ... s, 8 attempts fit in it,
    // each may carry the message (submitted, and relayed per recipient) and the bounces again.
    const std::string queue = R"({"minimal_backoff_time": 30, "maximal_backoff_time": 120})";
    const std::string down = R"({"type": "node_down", "at": 2, "node": "mail-recipient", "duration": 600})";
    CHECK(estimate(queue, down).second == Approx(m * (7 + 8 * (1 + 2)) + 2 * bounce * (2 + 8)));
    // The same with node_up ending it, and with a 451 window instead.
    CHECK(estimate(queue, R"({"type": "node_down", "at": 2, "node": "mail-recipient"},
  {"type": "node_up", "at": 602, "node": "mail-recipient"})").second == Approx(m * (7 + 8 * 3) + 2 * bounce * 10));
    CHECK(estimate(queue, R"({"type": "smtp_error", "at": 2, "node": "mail-recipient", "code": 451, "duration": 600})")
              .second == Approx(m * (7 + 8 * 3) + 2 * bounce * 10));
    // Overlapping windows count once.
    CHECK(estimate(queue, down + R"(, {"type": "link_down", "at": 100, "link": "dns-uplink", "duration": 100})").second ==
          Approx(m * (7 + 8 * 3) + 2 * bounce * 10));
    // No more attempts: a window over before the send, a final 554, a full mailbox (552).
    CHECK(estimate(queue, R"({"type": "node_down", "at": 0, "node": "mail-recipient", "duration": 0.5})").second == Approx(plain));
    CHECK(estimate(queue, R"({"type": "smtp_error", "at": 2, "node": "mail-recipient", "code": 554, "duration": 600})")
              .second == Approx(plain));
    CHECK(estimate(queue, R"({"type": "mailbox_full", "at": 0, "node": "mail-recipient", "mailbox": "bob@recipient.example",
  "duration": 600})").second == Approx(plain));
    // A down that never ends lasts a queue lifetime: 4 attempts in the first 120 s, then one
    // every 120 s for the rest of 5 days.
    const double forever = 4 + (432'000 - 120) / 120;
    CHECK(estimate(queue, R"({"type": "node_down", "at": 2, "node": "dns"})").second ==
          Approx(m * (7 + forever * 3) + 2 * bounce * (2 + forever)));
}

TEST_CASE("scenario budget: bounces land in the sender's mailbox, and retries can refuse a big attachment",
          "[scenario][budget][failures]") {
    LoadResult r = loadScenarioText(world("", R"({"type": "check_mail", "at": 100, "node": "alice-laptop"})"), "b.json");
    INFO(r.formatErrors());
    REQUIRE(r.ok());
    const double m = messageBytesBound(r.scenario->actions[0]);
    CHECK(estimateMailBytes(*r.scenario).perAction[1] == Approx(2 * 2 * (m + 5000)));  // two bounces, downloaded and kept

    // A 2 MB file: fine while the world works and with Bob's server down 10 minutes; a server
    // that never comes back would make every attempt of 5 days carry it again.
    auto withFile = [](const std::string& actions) {
        std::string text = world(R"({"minimal_backoff_time": 30, "maximal_backoff_time": 120})", actions);
        const std::string body = R"("body": "Hi")";
        text.replace(text.find(body), body.size(), body + R"(, "attachments": [{"name": "photo.jpg", "size": 2000000}])");
        return loadScenarioText(text, "big.json");
    };
    CHECK(withFile("").ok());
    CHECK(withFile(R"({"type": "node_down", "at": 2, "node": "mail-recipient", "duration": 600})").ok());
    LoadResult forever = withFile(R"({"type": "node_down", "at": 2, "node": "mail-recipient"})");
    REQUIRE(forever.errors.size() == 1);
    CHECK(forever.errors[0].jsonPath == "/actions/0");
    CHECK(forever.errors[0].message.find("up to 3603 more attempts on each hop while a node or link is down or a server "
                                         "answers 4xx") != std::string::npos);
}
