// A receiving server that checks senders (check_senders): SPF, DKIM and DMARC asked through its
// resolver before it answers the end of DATA, in a whole world built on lesson 02 (the sending
// server at 192.0.2.25, Bob's server at 203.0.113.25). A forger's server claims bank.example,
// whose real mail server is 192.0.2.10: DMARC p=reject refuses it (550 5.7.1, and the forger's
// server bounces to its own sender), p=quarantine files it in Junk, p=none delivers with
// dmarc=fail; good mail passes SPF; broken records and a dead DNS server each get their answer.
#include "mail_fate_check.h"
#include "test_support.h"

#include "auth/dkim_key.h"
#include "auth/dkim_sign.h"
#include "mail/mail_store.h"
#include "nodes/mail_server_node.h"
#include "scenario/name_syntax.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

using namespace postino;
using namespace postino::testing;
using trace::EventKind;

namespace {

scenario::Node& node(scenario::Scenario& s, const std::string& id) {
    for (auto& n : s.nodes)
        if (n.id == id) return n;
    FAIL("no node " << id);
    return s.nodes.front();
}

scenario::DnsZone& zone(scenario::Scenario& s, const std::string& origin) {
    for (auto& z : node(s, "dns").zones)
        if (z.origin == origin) return z;
    FAIL("no zone " << origin);
    return node(s, "dns").zones.front();
}

void addTxt(scenario::Scenario& s, const std::string& origin, const std::string& name,
            std::vector<std::string> texts) {
    scenario::DnsRecord r;
    r.name = name == "@" ? origin : name + "." + origin;
    r.type = scenario::RecordType::TXT;
    r.texts = std::move(texts);
    zone(s, origin).records.push_back(std::move(r));
}

// Lesson 02 with one mail, Bob's server checking senders.
scenario::Scenario checkingWorld() {
    auto s = loadLesson("02-cross-domain.json");
    s.actions.resize(1);
    s.steps.clear();
    node(s, "mail-recipient").checkSenders = {true, true, true};
    return s;
}

// The sending side claims bank.example (its server, account and zone), though bank.example's SPF
// names only its real server, 192.0.2.10.
scenario::Scenario forgerWorld(const std::string& dmarc) {
    auto s = checkingWorld();
    auto& forger = node(s, "mail-sender");
    forger.domains = {"bank.example"};
    forger.users = {{"ceo@bank.example", "stolen"}};
    auto& laptop = node(s, "alice-laptop");
    laptop.accounts[0].address = "ceo@bank.example";
    laptop.accounts[0].password = "stolen";
    s.actions[0].from = "ceo@bank.example";
    s.actions[0].subject = "Urgent: confirm your account";
    scenario::DnsZone bank;  // the real bank's zone, on the same DNS server
    bank.origin = "bank.example";
    node(s, "dns").zones.push_back(bank);
    addTxt(s, "bank.example", "@", {"v=spf1 ip4:192.0.2.10 -all"});
    if (!dmarc.empty()) addTxt(s, "bank.example", "_dmarc", {dmarc});
    return s;
}

const mail::Folder* folder(world::World& w, const std::string& server, const std::string& address,
                           const std::string& name) {
    return w.storeOf(*w.indexOf(server))->find(address)->findFolder(name);
}

std::size_t count(world::World& w, const std::string& server, const std::string& address, const std::string& name) {
    const mail::Folder* f = folder(w, server, address, name);
    return f ? f->messages.size() : 0;
}

bool sawEvent(const world::World& w, EventKind kind, const std::string& text) {
    for (const auto& e : w.trace().events)
        if (e.kind == kind && e.text.find(text) != std::string::npos) return true;
    return false;
}

bool sawServerLine(const world::World& w, const std::string& start) {
    for (const auto& l : w.trace().lines)
        if (!l.fromClient && l.text.rfind(start, 0) == 0) return true;
    return false;
}

}  // namespace

TEST_CASE("check_senders: good mail whose SPF passes goes to INBOX with spf=pass", "[world][sender-checks]") {
    auto s = checkingWorld();
    addTxt(s, "sender.example", "@", {"v=spf1 ip4:192.0.2.25 -all"});
    world::World w(s);
    w.run();
    REQUIRE(count(w, "mail-recipient", "bob@recipient.example", "INBOX") == 1);
    const std::string& data = folder(w, "mail-recipient", "bob@recipient.example", "INBOX")->messages[0].data;
    const std::size_t ar = data.find("Authentication-Results: mail.recipient.example;");
    REQUIRE(ar != std::string::npos);
    CHECK(data.find("spf=pass smtp.mailfrom=alice@sender.example") != std::string::npos);
    CHECK(data.find("dkim=none") != std::string::npos);
    CHECK(data.find("dmarc=none") != std::string::npos);
    CHECK(data.find("Received: from mail.sender.example") < ar);  // cleanup's Received: stays on top
    CHECK(sawEvent(w, EventKind::SenderChecked, "SPF: 192.0.2.25 is allowed to send for sender.example"));
    CHECK(sawEvent(w, EventKind::DnsQuery, "TXT sender.example"));  // the look-ups are real DNS packets
    CHECK(sawEvent(w, EventKind::DnsQuery, "TXT _dmarc.sender.example"));
    CHECK(count(w, "mail-recipient", "bob@recipient.example", "Junk") == 0);
    checkNothingLost(w.trace());
}

TEST_CASE("check_senders: a forged From with DMARC p=reject is refused 550 5.7.1 and the forger's server bounces",
          "[world][sender-checks]") {
    world::World w(forgerWorld("v=DMARC1; p=reject"));
    w.run();
    CHECK(sawServerLine(w, "550 5.7.1 rejected by DMARC policy for bank.example"));
    CHECK(count(w, "mail-recipient", "bob@recipient.example", "INBOX") == 0);
    CHECK(count(w, "mail-recipient", "bob@recipient.example", "Junk") == 0);
    CHECK(sawEvent(w, EventKind::SenderCheckFailed,
                   "SPF: 192.0.2.25 is not allowed to send for bank.example"));
    CHECK(sawEvent(w, EventKind::SenderCheckFailed, "DMARC:"));
    CHECK(sawEvent(w, EventKind::Rejected, "refused the mail from <ceo@bank.example>"));
    // Postfix on the forger's side: a 5xx at DATA bounces at once, to its own sender.
    CHECK(sawEvent(w, EventKind::Bounced, "ceo@bank.example"));
    REQUIRE(count(w, "mail-sender", "ceo@bank.example", "INBOX") == 1);
    const std::string& dsn = folder(w, "mail-sender", "ceo@bank.example", "INBOX")->messages[0].data;
    CHECK(dsn.find("rejected by DMARC policy for bank.example") != std::string::npos);
    checkNothingLost(w.trace());
}

TEST_CASE("check_senders: DMARC p=quarantine files the forged mail in the special-use Junk folder",
          "[world][sender-checks]") {
    world::World w(forgerWorld("v=DMARC1; p=quarantine"));
    w.run();
    CHECK(count(w, "mail-recipient", "bob@recipient.example", "INBOX") == 0);
    REQUIRE(count(w, "mail-recipient", "bob@recipient.example", "Junk") == 1);
    const mail::Folder* junk = folder(w, "mail-recipient", "bob@recipient.example", "Junk");
    CHECK(junk->specialUse == mail::SpecialUse::Junk);
    CHECK(junk->messages[0].data.find("dmarc=fail") != std::string::npos);
    CHECK(sawEvent(w, EventKind::Quarantined, "DMARC policy of quarantine"));
    // IMAP clients see it as the junk folder (RFC 6154).
    auto* server = dynamic_cast<world::MailServerNode*>(&w.node(*w.indexOf("mail-recipient")));
    REQUIRE(server);
    auto imap = server->newImapSession();
    imap->start();
    imap->feed("a LOGIN bob@recipient.example builder\r\nb LIST \"\" \"*\"\r\n");
    const std::string listed = imap->takeOutput();
    INFO(listed);
    CHECK(listed.find("\\Junk) \"/\" Junk") != std::string::npos);
    CHECK(sawEvent(w, EventKind::Delivered, "delivered to the Junk folder of bob@recipient.example"));
    CHECK(sawServerLine(w, "250 2.0.0 Ok: queued as"));
    checkNothingLost(w.trace());
}

TEST_CASE("check_senders: DMARC p=none delivers to INBOX with dmarc=fail in the header", "[world][sender-checks]") {
    world::World w(forgerWorld("v=DMARC1; p=none"));
    w.run();
    REQUIRE(count(w, "mail-recipient", "bob@recipient.example", "INBOX") == 1);
    const std::string& data = folder(w, "mail-recipient", "bob@recipient.example", "INBOX")->messages[0].data;
    CHECK(data.find("spf=fail") != std::string::npos);
    CHECK(data.find("dmarc=fail") != std::string::npos);
    CHECK(data.find("header.from=bank.example") != std::string::npos);
    checkNothingLost(w.trace());
}

TEST_CASE("check_senders: SPF fail with no DMARC policy goes to Junk", "[world][sender-checks]") {
    world::World w(forgerWorld(""));
    w.run();
    CHECK(count(w, "mail-recipient", "bob@recipient.example", "INBOX") == 0);
    CHECK(count(w, "mail-recipient", "bob@recipient.example", "Junk") == 1);
    CHECK(sawEvent(w, EventKind::Quarantined, "SPF failed for bank.example"));
    checkNothingLost(w.trace());
}

TEST_CASE("check_senders: malformed, doubled or broken huge SPF records are permerror and the mail delivered",
          "[world][sender-checks]") {
    const std::vector<std::pair<std::vector<std::vector<std::string>>, std::string>> cases = {
        {{{"v=spf1 ip4:192.0.2.999 -all"}}, "spf=permerror"},
        {{{"v=spf1 ip4:192.0.2.25 -all"}, {"v=spf1 -all"}}, "spf=permerror"},
        // Too long for UDP: asked again over TCP, where the unknown mechanism shows.
        {{{std::string("v=spf1 ") + std::string(600, 'a') + " -all"}}, "spf=permerror"},
        {{{"v=spf1 include:nowhere.sender.example -all"}}, "spf=permerror"},  // include of a name that does not exist
    };
    for (const auto& [records, expected] : cases) {
        INFO(expected << " from " << records.front().front().substr(0, 60));
        auto s = checkingWorld();
        for (const auto& r : records) addTxt(s, "sender.example", "@", r);
        world::World w(s);
        w.run();
        REQUIRE(count(w, "mail-recipient", "bob@recipient.example", "INBOX") == 1);
        const std::string& data = folder(w, "mail-recipient", "bob@recipient.example", "INBOX")->messages[0].data;
        CHECK(data.find(expected) != std::string::npos);
        CHECK(sawEvent(w, EventKind::SenderCheckFailed, "SPF:"));
        checkNothingLost(w.trace());
    }
}

TEST_CASE("check_senders: an SPF record too long for UDP is asked again over TCP and passes", "[world][sender-checks][dns]") {
    auto s = checkingWorld();
    std::string record = "v=spf1";
    for (int i = 0; i < 40; ++i) record += " ip4:10.0." + std::to_string(i) + ".0/24";  // a big provider's list
    record += " ip4:192.0.2.25 -all";
    REQUIRE(record.size() > 512);
    addTxt(s, "sender.example", "@", {record});
    world::World w(s);
    w.run();
    CHECK(sawEvent(w, EventKind::DnsAnswer, "answer for TXT sender.example is truncated (TC)"));
    CHECK(sawEvent(w, EventKind::DnsQuery, "over TCP: TXT sender.example?"));
    CHECK(sawEvent(w, EventKind::SenderChecked, "SPF: 192.0.2.25 is allowed to send for sender.example"));
    REQUIRE(count(w, "mail-recipient", "bob@recipient.example", "INBOX") == 1);
    CHECK(folder(w, "mail-recipient", "bob@recipient.example", "INBOX")->messages[0].data.find("spf=pass") !=
          std::string::npos);
    // One TCP connection to port 53, opened by Bob's server and closed after the answer.
    const std::size_t dns = *w.indexOf("dns"), bob = *w.indexOf("mail-recipient");
    int tcp = 0;
    for (const auto& c : w.trace().connections)
        if (c.server == dns && c.serverPort == 53) {
            ++tcp;
            CHECK(c.client == bob);
            CHECK(c.service == "DNS over TCP");
            CHECK(c.closed != Time::max());
        }
    CHECK(tcp == 1);
    // The whole answer is cached: a second look-up needs neither UDP nor TCP.
    bool cached = false;
    for (const auto& e : w.trace().dnsCache) cached |= e.question == "TXT sender.example";
    CHECK(cached);
    checkNothingLost(w.trace());
}

TEST_CASE("check_senders: a DNS server that is down leaves DMARC undecided: 451 4.7.1, retried, not lost",
          "[world][sender-checks]") {
    auto s = forgerWorld("v=DMARC1; p=reject");
    // Bob's server asks a second DNS server, down for the first ten minutes.
    scenario::Node dns2 = node(s, "dns");
    dns2.id = "dns2";
    dns2.hostname = "ns2.example.net";
    dns2.ip = *scenario::parseIpv4("198.51.100.54");
    s.nodes.push_back(dns2);
    s.links.push_back({"internet--dns2", "internet", "dns2"});
    node(s, "mail-recipient").resolver = "dns2";
    node(s, "mail-sender").queue.minimalBackoff = Duration::seconds(60);
    node(s, "mail-sender").queue.maximalBackoff = Duration::seconds(120);
    scenario::Action down;
    down.type = scenario::ActionType::NodeDown;
    down.at = Time::fromNanos(0);
    down.node = "dns2";
    down.duration = Duration::seconds(600);
    s.actions.insert(s.actions.begin(), down);
    world::World w(s);
    w.run();
    CHECK(sawServerLine(w, "451 4.7.1 DMARC policy of bank.example could not be looked up"));
    CHECK(sawEvent(w, EventKind::SenderCheckFailed, "SPF:"));
    CHECK(sawEvent(w, EventKind::Deferred, "451 4.7.1"));
    // Once DNS answers again the retry meets the policy: refused for good, bounced to its sender.
    CHECK(sawServerLine(w, "550 5.7.1 rejected by DMARC policy for bank.example"));
    CHECK(count(w, "mail-recipient", "bob@recipient.example", "INBOX") == 0);
    checkNothingLost(w.trace());
}

TEST_CASE("check_senders: a DKIM signature broken in transit fails without a crash, a good one passes",
          "[world][sender-checks]") {
    auto s = checkingWorld();
    s.actions.clear();
    const auth::DkimKey key = auth::DkimKey::ed25519FromSeed("sender.example s1");
    addTxt(s, "sender.example", "s1._domainkey", {key.dnsRecord()});
    addTxt(s, "sender.example", "_dmarc", {"v=DMARC1; p=reject"});
    const std::string message =
        "From: Alice <alice@sender.example>\r\nTo: bob@recipient.example\r\nSubject: signed\r\n\r\nHello Bob\r\n";
    auth::DkimSignOptions options;
    options.domain = "sender.example";
    options.selector = "s1";
    const auth::DkimSignResult sig = auth::dkimSign(message, key, options);
    REQUIRE(sig.ok());
    world::World w(s);
    auto* server = dynamic_cast<world::MailServerNode*>(&w.node(*w.indexOf("mail-recipient")));
    REQUIRE(server);
    const auto submit = [&](std::string data) {
        smtp::AcceptedMessage in;
        in.mailFrom = "alice@sender.example";
        in.rcptTo = {"bob@recipient.example"};
        in.data = std::move(data);
        in.heloName = "forwarder.example";
        in.peerIp = "198.51.100.77";  // not in any SPF record: SPF none, only DKIM can align
        REQUIRE(server->answersLater(in));
        auto decision = std::make_shared<smtp::PendingMessage::Decision>();
        server->checkMessage(std::move(in), smtp::PendingMessage(decision));
        return decision;
    };
    auto good = submit(sig.field + message);
    auto broken = submit(sig.field + message + "P.S. added in transit\r\n");
    w.run();
    REQUIRE(good->decided);
    CHECK(!good->queueId.empty());  // DKIM aligned pass: DMARC pass, delivered
    REQUIRE(broken->decided);
    CHECK(broken->refusal == "550 5.7.1 rejected by DMARC policy for sender.example");
    CHECK(sawEvent(w, EventKind::SenderCheckFailed, "DKIM: body hash did not verify"));
    REQUIRE(count(w, "mail-recipient", "bob@recipient.example", "INBOX") == 1);
    CHECK(folder(w, "mail-recipient", "bob@recipient.example", "INBOX")->messages[0].data.find("dkim=pass") !=
          std::string::npos);
}

TEST_CASE("check_senders: mail submitted by a logged-in user and relay clients are not checked",
          "[world][sender-checks]") {
    auto s = loadLesson("02-cross-domain.json");
    node(s, "mail-sender").checkSenders = {true, true, true};
    node(s, "mail-sender").relayClients = {"alice-laptop"};
    world::World w(s);
    auto* server = dynamic_cast<world::MailServerNode*>(&w.node(*w.indexOf("mail-sender")));
    REQUIRE(server);
    smtp::AcceptedMessage in;
    in.mailFrom = "alice@sender.example";
    in.peerIp = "192.0.2.99";
    CHECK(server->answersLater(in));
    in.authUser = "alice@sender.example";
    CHECK(!server->answersLater(in));
    in.authUser.clear();
    in.peerIp = "192.0.2.10";  // alice-laptop, a relay client (mynetworks)
    CHECK(!server->answersLater(in));
}

TEST_CASE("check_senders: Authentication-Results fields forged with this server's name are removed",
          "[world][sender-checks]") {
    auto s = checkingWorld();
    s.actions.clear();
    world::World w(s);
    auto* server = dynamic_cast<world::MailServerNode*>(&w.node(*w.indexOf("mail-recipient")));
    REQUIRE(server);
    smtp::AcceptedMessage in;
    in.mailFrom = "alice@sender.example";
    in.rcptTo = {"bob@recipient.example"};
    in.data = "Authentication-Results: MAIL.recipient.example;\r\n\tdmarc=pass header.from=sender.example\r\n"
              "Authentication-Results: mx.other.example; spf=pass smtp.mailfrom=sender.example\r\n"
              "From: alice@sender.example\r\nSubject: trust me\r\n\r\nAuthentication-Results: mail.recipient.example; "
              "in the body stays\r\n";
    in.heloName = "x.example";
    in.peerIp = "198.51.100.77";
    auto decision = std::make_shared<smtp::PendingMessage::Decision>();
    server->checkMessage(std::move(in), smtp::PendingMessage(decision));
    w.run();
    REQUIRE(decision->decided);
    REQUIRE(count(w, "mail-recipient", "bob@recipient.example", "INBOX") == 1);
    const std::string& data = folder(w, "mail-recipient", "bob@recipient.example", "INBOX")->messages[0].data;
    CHECK(data.find("dmarc=pass") == std::string::npos);
    CHECK(data.find("Authentication-Results: mx.other.example; spf=pass") != std::string::npos);
    CHECK(data.find("in the body stays") != std::string::npos);
    CHECK(data.find("Authentication-Results: mail.recipient.example;\r\n") != std::string::npos);  // ours
    CHECK(sawEvent(w, EventKind::SenderCheckFailed,
                   "removed 1 Authentication-Results: field that claimed to come from mail.recipient.example itself"));
}
