// Nodes know only what a real host knows: a NodeContext with its own settings and its
// peers' host names, never the World. Clients, webmails, browsers and a mail server's relay
// host are found by name through DNS (an A look-up, cached per TTL); without a resolver, as
// if from /etc/hosts. A failed look-up keeps the mail in the outbox, or defers it (4.4.3).
#include "mail_fate_check.h"
#include "test_support.h"

#include "core/simulator.h"
#include "mail/mail_store.h"
#include "net/ipv4.h"
#include "net/network.h"
#include "nodes/client_node.h"
#include "nodes/dns_server_node.h"
#include "nodes/host_lookup.h"
#include "nodes/node.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>

using namespace postino;
using namespace postino::testing;
using trace::EventKind;

namespace {

template <typename T>
concept ReachesTheWorld = requires(T& node) { node.world(); };

std::uint32_t ip(const char* text) { return *net::parseIpv4(text); }

std::size_t count(const trace::Trace& t, EventKind kind, const std::string& node = {}) {
    std::size_t n = 0;
    for (const auto& e : t.events) n += e.kind == kind && (node.empty() || t.nodes[e.node].id == node);
    return n;
}

const trace::Event* findEvent(const trace::Trace& t, EventKind kind, const std::string& text) {
    for (const auto& e : t.events)
        if (e.kind == kind && e.text.find(text) != std::string::npos) return &e;
    return nullptr;
}

scenario::Action nodeDown(const std::string& node, double at) {
    scenario::Action a;
    a.type = scenario::ActionType::NodeDown;
    a.node = node;
    a.at = Time::zero() + Duration::millis(static_cast<std::int64_t>(at * 1000));
    return a;
}

scenario::Node* nodeOf(scenario::Scenario& s, const std::string& id) {
    for (auto& n : s.nodes)
        if (n.id == id) return &n;
    FAIL("no node " << id);
    return nullptr;
}

// Drops the records of `name` from every zone of the scenario's DNS servers.
void forgetName(scenario::Scenario& s, const std::string& name) {
    for (auto& n : s.nodes)
        for (auto& z : n.zones)
            z.records.erase(std::remove_if(z.records.begin(), z.records.end(),
                                           [&](const scenario::DnsRecord& r) { return r.name == name; }),
                            z.records.end());
}

std::size_t inboxSize(world::World& w, const std::string& node, const std::string& address) {
    return w.storeOf(*w.indexOf(node))->find(address)->findFolder("INBOX")->messages.size();
}

}  // namespace

TEST_CASE("a node has no way to the World: only its context, its settings and its peers' names", "[nodes][context]") {
    STATIC_REQUIRE_FALSE(ReachesTheWorld<world::Node>);
    STATIC_REQUIRE_FALSE(ReachesTheWorld<world::ClientNode>);
    world::World w(loadLesson("03-multi-hop-relay.json"));
    world::NodeContext& pc = w.node(*w.indexOf("alice-pc")).context();
    CHECK(pc.peerHostname("mail-office") == "mail.office.example");
    CHECK(pc.peerHostname("isp-relay").empty());  // in the world, but not one of its peers
    CHECK(pc.peerHostname("dns").empty());
    REQUIRE(pc.nameserver());
    CHECK(*pc.nameserver() == ip("198.51.100.53"));  // resolv.conf holds an address
    CHECK_FALSE(pc.hostsEntry("mail.office.example"));  // it has a resolver: it asks DNS
    world::NodeContext& office = w.node(*w.indexOf("mail-office")).context();
    CHECK(office.peerHostname("isp-relay") == "smtp.isp.example");
    world::NodeContext& relay = w.node(*w.indexOf("isp-relay")).context();
    REQUIRE(relay.relayClientAddresses().size() == 1);  // mynetworks: addresses
    CHECK(relay.relayClientAddresses()[0] == ip("192.0.2.25"));
    CHECK(relay.peerHostname("mail-office").empty());  // a relay client is not a peer it reaches

    // Without a resolver: the configured peers, as if from /etc/hosts, and nothing else.
    auto s = loadLesson("03-multi-hop-relay.json");
    nodeOf(s, "alice-pc")->resolver.clear();
    world::World plain(s);
    world::NodeContext& hostsOnly = plain.node(*plain.indexOf("alice-pc")).context();
    CHECK_FALSE(hostsOnly.nameserver());
    REQUIRE(hostsOnly.hostsEntry("mail.office.example"));
    CHECK(*hostsOnly.hostsEntry("mail.office.example") == ip("192.0.2.25"));
    CHECK_FALSE(hostsOnly.hostsEntry("smtp.isp.example"));
    CHECK_FALSE(hostsOnly.hostsEntry("mail.recipient.example"));
}

TEST_CASE("a client's A look-up goes to its DNS server once, then comes from its cache", "[nodes][context][dns]") {
    // Two hosts built by hand, no World: a DNS server and a laptop that asks it.
    scenario::Scenario s;
    scenario::Node dns;
    dns.id = "dns";
    dns.type = scenario::NodeType::DnsServer;
    dns.hostname = "ns.example.net";
    dns.ip = ip("198.51.100.53");
    scenario::DnsZone zone;
    zone.origin = "sender.example";
    scenario::DnsRecord a;
    a.name = "mail.sender.example";
    a.address = ip("192.0.2.25");
    a.ttl = 60;
    zone.records.push_back(a);
    dns.zones.push_back(zone);
    scenario::Node laptop;
    laptop.id = "laptop";
    laptop.hostname = "laptop";
    laptop.ip = ip("192.0.2.10");
    Simulator sim(7);
    trace::Trace trace;
    net::Network network(sim, trace);
    const auto dnsIndex = network.addNode(dns.ip, false, nullptr);
    const auto laptopIndex = network.addNode(laptop.ip, false, nullptr);
    network.addLink({dnsIndex, laptopIndex, Duration::millis(10), 100'000'000, 1500});
    trace.nodes = {{"dns", dns.hostname, "dns_server", dns.ip}, {"laptop", laptop.hostname, "client", laptop.ip}};
    world::DnsServerNode server(std::make_unique<world::NodeContext>(sim, network, trace, dns, dnsIndex,
                                                                     world::HostSettings{}));
    world::HostSettings settings;
    settings.nameserver = dns.ip;
    world::NodeContext context(sim, network, trace, laptop, laptopIndex, settings);
    network.setHandler(dnsIndex, [&](net::Packet&& p) { server.stack().receive(std::move(p)); });
    network.setHandler(laptopIndex, [&](net::Packet&& p) { context.stack().receive(std::move(p)); });
    server.start();
    world::HostLookup lookup(context);
    lookup.start(context.hostSeed());

    std::vector<world::HostLookup::Answer> answers;
    lookup.find("mail.sender.example", [&](const world::HostLookup::Answer& x) { answers.push_back(x); });
    sim.runUntil(Time::zero() + Duration::seconds(1));
    sim.at(Time::zero() + Duration::seconds(30), [&] {
        lookup.find("mail.sender.example", [&](const world::HostLookup::Answer& x) { answers.push_back(x); });
    });
    sim.at(Time::zero() + Duration::seconds(61), [&] {  // past the TTL: asked again
        lookup.find("mail.sender.example", [&](const world::HostLookup::Answer& x) { answers.push_back(x); });
    });
    sim.at(Time::zero() + Duration::seconds(90), [&] {
        lookup.find("nobody.sender.example", [&](const world::HostLookup::Answer& x) { answers.push_back(x); });
    });
    sim.runUntil(Time::max());

    REQUIRE(answers.size() == 4);
    for (std::size_t i = 0; i < 3; ++i) {
        REQUIRE(answers[i].ok());
        CHECK(answers[i].addresses == std::vector<std::uint32_t>{ip("192.0.2.25")});
    }
    CHECK(answers[3].failure == world::HostLookup::Failure::NoSuchName);
    CHECK(world::HostLookup::unreachable(answers[3]).text ==
          "nobody.sender.example cannot be found: the DNS server says there is no such name (NXDOMAIN)");
    CHECK(count(trace, EventKind::DnsQuery, "laptop") == 3);
    CHECK(count(trace, EventKind::DnsCacheHit, "laptop") == 1);
    REQUIRE(findEvent(trace, EventKind::DnsQuery, "asks DNS server 198.51.100.53: A mail.sender.example?"));
    REQUIRE(findEvent(trace, EventKind::DnsCacheHit,
                      "A mail.sender.example answered from the resolver cache, no query sent: A 192.0.2.25"));
    REQUIRE_FALSE(trace.dnsCache.empty());
    CHECK(trace.dnsCache[0].node == laptopIndex);
    CHECK(trace.dnsCache[0].question == "A mail.sender.example");
}

TEST_CASE("the client finds its server by the address DNS gives, not by the scenario's", "[nodes][context][dns]") {
    // DNS points mail.sender.example at Bob's provider: the laptop submits there, and that
    // server, not Alice's, takes (and refuses to relay) the mail.
    auto s = loadLesson("02-cross-domain.json");
    for (auto& n : s.nodes)
        for (auto& z : n.zones)
            for (auto& r : z.records)
                if (r.name == "mail.sender.example" && r.type == scenario::RecordType::A) r.address = ip("203.0.113.25");
    world::World w(s);
    w.run();
    const auto& t = w.trace();
    REQUIRE_FALSE(t.connections.empty());
    CHECK(t.nodes[t.connections[0].server].id == "mail-recipient");
    CHECK(t.connections[0].serverPort == 587);
    CHECK(inboxSize(w, "mail-recipient", "bob@recipient.example") == 0);
}

TEST_CASE("a DNS server down: the client's send fails with the reason, the mail stays in the outbox", "[nodes][context][dns]") {
    auto s = loadLesson("01-same-domain.json");
    s.actions.insert(s.actions.begin(), nodeDown("dns", 0.5));
    world::World w(s);
    w.run();
    const auto& t = w.trace();
    CHECK(findEvent(t, EventKind::DnsAnswer, "A mail.sender.example: no answer from the DNS server within 5 seconds"));
    const trace::Event* failed = findEvent(t, EventKind::Rejected, "\"Lunch?\" was not sent");
    REQUIRE(failed);
    CHECK(failed->text ==
          "\"Lunch?\" was not sent: the DNS server does not answer, so the address of mail.sender.example is unknown; "
          "the mail stays in the outbox of this device");
    CHECK(t.nodes[failed->node].id == "alice-laptop");
    CHECK(failed->messageId == "<20260302090001.1@alice-laptop>");
    CHECK(failed->time == Time::zero() + Duration::seconds(6));  // sent at 1 s, 5 s without an answer
    CHECK(t.connections.empty());  // no SYN: the client never knew where to connect
    CHECK(inboxSize(w, "mail-sender", "carol@sender.example") == 0);
}

TEST_CASE("the client's server has no name in the DNS: NXDOMAIN, not sent", "[nodes][context][dns]") {
    auto s = loadLesson("01-same-domain.json");
    forgetName(s, "mail.sender.example");
    world::World w(s);
    w.run();
    const auto& t = w.trace();
    REQUIRE(findEvent(t, EventKind::DnsAnswer, "answer for A mail.sender.example: No such name"));
    const trace::Event* failed = findEvent(t, EventKind::Rejected, "was not sent");
    REQUIRE(failed);
    CHECK(failed->text == "\"Lunch?\" was not sent: the DNS server says mail.sender.example does not exist (NXDOMAIN); "
                          "the mail stays in the outbox of this device");
    CHECK(failed->format.find("{}") != std::string::npos);  // a sentence for the translators
    CHECK(t.connections.empty());

    // A DNS server that does not serve the name's zone refuses the question.
    auto refused = loadLesson("01-same-domain.json");
    nodeOf(refused, "dns")->zones.clear();
    world::World r(refused);
    r.run();
    REQUIRE(findEvent(r.trace(), EventKind::Rejected,
                      "\"Lunch?\" was not sent: the DNS server answered REFUSED for mail.sender.example; the mail "
                      "stays in the outbox of this device"));
}

TEST_CASE("check_mail, the webmail and the browser find their servers by name too", "[nodes][context][dns]") {
    SECTION("a POP3 check whose server cannot be found says so and connects nowhere") {
        auto s = loadLesson("04-pop3-two-devices.json");
        forgetName(s, "mail.recipient.example");
        world::World w(s);
        w.run();
        CHECK(findEvent(w.trace(), EventKind::Rejected,
                        "mail.recipient.example cannot be found: the DNS server says there is no such name (NXDOMAIN)"));
        for (const auto& c : w.trace().connections) CHECK(c.serverPort != 110);
    }
    SECTION("the webmail cannot find its mail server: the login fails with the reason") {
        auto s = loadLesson("07-webmail.json");
        forgetName(s, "mail.recipient.example");
        world::World w(s);
        w.run();
        const trace::Event* e = findEvent(w.trace(), EventKind::Rejected, "webmail login for bob@recipient.example refused");
        REQUIRE(e);
        CHECK(e->text.find("Name service error for name=mail.recipient.example type=A: Host not found") !=
              std::string::npos);
        for (const auto& c : w.trace().connections) CHECK(w.trace().nodes[c.client].id != "webmail");
    }
    SECTION("the browser cannot find the webmail: no page opens") {
        auto s = loadLesson("07-webmail.json");
        forgetName(s, "webmail.recipient.example");
        world::World w(s);
        w.run();
        CHECK(findEvent(w.trace(), EventKind::Rejected, "webmail.recipient.example cannot be found"));
        for (const auto& c : w.trace().connections) CHECK(c.serverPort != 80);
    }
}

TEST_CASE("a relay host is found by name: the address DNS gives is where the mail goes", "[nodes][context][relay]") {
    // DNS says smtp.isp.example is Bob's server: the office hands the mail straight to it.
    auto s = loadLesson("03-multi-hop-relay.json");
    for (auto& n : s.nodes)
        for (auto& z : n.zones)
            for (auto& r : z.records)
                if (r.name == "smtp.isp.example") r.address = ip("203.0.113.25");
    world::World w(s);
    w.run();
    const auto& t = w.trace();
    REQUIRE(findEvent(t, EventKind::DnsQuery, "A smtp.isp.example?"));
    REQUIRE(findEvent(t, EventKind::Relaying, "to smtp.isp.example [203.0.113.25] port 25"));
    REQUIRE(inboxSize(w, "mail-recipient", "bob@recipient.example") == 1);
    for (const auto& c : t.connections) CHECK(t.nodes[c.server].id != "isp-relay");
    checkNothingLost(t);
}

TEST_CASE("a relay host whose name does not resolve: the mail is deferred (4.4.3) and tried again", "[nodes][context][relay]") {
    auto s = loadLesson("03-multi-hop-relay.json");
    forgetName(s, "smtp.isp.example");
    world::World w(s);
    w.run(Time::zero() + Duration::seconds(400));  // past the first retry (minimal_backoff_time 300 s)
    const auto& t = w.trace();
    const std::string reason =
        "Host or domain name not found. Name service error for name=smtp.isp.example type=A: Host not found";
    const trace::Event* deferred = findEvent(t, EventKind::Deferred, "bob@recipient.example: delivery deferred");
    REQUIRE(deferred);
    CHECK(deferred->text.find(reason) != std::string::npos);
    CHECK(findEvent(t, EventKind::Note, "smtp.isp.example cannot be found: the DNS server says there is no such name"));
    REQUIRE_FALSE(t.queue.empty());
    const trace::QueueRecord& last = t.queue.back();
    REQUIRE(last.recipients.size() == 1);
    CHECK(last.recipients[0].status == trace::RecipientStatus::Deferred);
    CHECK(last.recipients[0].dsnStatus == "4.4.3");
    CHECK(last.recipients[0].lastReply == reason);
    CHECK(findEvent(t, EventKind::Retrying, "leaves the deferred queue: attempt 2"));
    for (const auto& c : t.connections) CHECK(c.serverPort != 25);  // never connected anywhere
    CHECK(inboxSize(w, "mail-recipient", "bob@recipient.example") == 0);
}

TEST_CASE("a mail server without a resolver finds its relay host as if from /etc/hosts", "[nodes][context][relay]") {
    auto s = loadLesson("03-multi-hop-relay.json");
    nodeOf(s, "mail-office")->resolver.clear();
    world::World w(s);
    w.run();
    CHECK(count(w.trace(), EventKind::DnsQuery, "mail-office") == 0);
    CHECK(inboxSize(w, "mail-recipient", "bob@recipient.example") == 1);
}
