#include "generated_scenario.h"

#include "net/ipv4.h"

#include <fmt/format.h>

#include <algorithm>

namespace postino::bench {

using namespace postino::scenario;

Scenario generateMailScenario(int mails) {
    Scenario s;
    s.title.byLanguage["en"] = "generated";
    s.seed = 9;
    auto ip = [](const char* text) { return *net::parseIpv4(text); };
    Node dns{.id = "dns", .type = NodeType::DnsServer, .hostname = "ns.example.net", .ip = ip("198.51.100.53")};
    DnsZone zone{"recipient.example", {}};
    zone.records.push_back({"recipient.example", RecordType::MX, 3600, 0, 10, "mail.recipient.example"});
    zone.records.push_back({"mail.recipient.example", RecordType::A, 3600, ip("203.0.113.25"), 0, {}});
    dns.zones.push_back(zone);
    Node core{.id = "internet", .type = NodeType::Router, .hostname = "core", .ip = ip("198.51.100.1")};
    Node gwA{.id = "gw-a", .type = NodeType::Router, .hostname = "gw-a", .ip = ip("192.0.2.1")};
    Node gwB{.id = "gw-b", .type = NodeType::Router, .hostname = "gw-b", .ip = ip("203.0.113.1")};
    Node mailA{.id = "mail-a", .type = NodeType::MailServer, .hostname = "mail.sender.example", .ip = ip("192.0.2.25")};
    mailA.domains = {"sender.example"};
    mailA.resolver = "dns";
    Node mailB{.id = "mail-b", .type = NodeType::MailServer, .hostname = "mail.recipient.example", .ip = ip("203.0.113.25")};
    mailB.domains = {"recipient.example"};
    mailB.resolver = "dns";
    const int clients = 50;
    std::vector<Node> clientNodes;
    for (int i = 0; i < clients; ++i) {
        const std::string user = fmt::format("user{}@sender.example", i);
        mailA.users.push_back({user, "pw"});
        mailB.users.push_back({fmt::format("user{}@recipient.example", i), "pw"});
        Node c{.id = fmt::format("client-{}", i), .type = NodeType::Client, .hostname = fmt::format("client-{}", i),
               .ip = ip("192.0.2.100") + static_cast<std::uint32_t>(i)};
        c.accounts.push_back({user, "pw", "mail-a"});
        clientNodes.push_back(c);
    }
    s.nodes = {dns, core, gwA, gwB, mailA, mailB};
    for (auto& c : clientNodes) s.nodes.push_back(c);
    auto link = [&](const std::string& a, const std::string& b, int ms) {
        Link l;
        l.id = a + "--" + b;
        l.a = a;
        l.b = b;
        l.latency = Duration::millis(ms);
        s.links.push_back(l);
    };
    link("internet", "dns", 5);
    link("internet", "gw-a", 10);
    link("internet", "gw-b", 10);
    link("gw-a", "mail-a", 1);
    link("gw-b", "mail-b", 1);
    for (int i = 0; i < clients; ++i) link(fmt::format("client-{}", i), "gw-a", 2);
    for (int m = 0; m < mails; ++m) {
        Action a;
        a.at = Time::fromNanos(1'000'000'000LL + m * 50'000'000LL);  // one mail every 50 ms
        a.node = fmt::format("client-{}", m % clients);
        a.from = fmt::format("user{}@sender.example", m % clients);
        a.to = {m % 2 ? fmt::format("user{}@recipient.example", (m * 7) % clients)
                      : fmt::format("user{}@sender.example", (m * 7) % clients)};
        a.subject = fmt::format("Mail number {}", m);
        a.body = "Hello,\nthis is a generated mail for a benchmark.\nBye";
        s.actions.push_back(a);
    }
    return s;
}

Scenario generateFailureMixScenario(int mails) {
    Scenario s = generateMailScenario(mails);
    s.title.byLanguage["en"] = "generated, with failures";
    for (int m = 1; m < mails; m += 10) s.actions[static_cast<std::size_t>(m)].to = {fmt::format("nobody{}@recipient.example", m)};
    for (Node& n : s.nodes)
        if (n.id == "mail-a") {
            n.queue.minimalBackoff = Duration::seconds(7);
            n.queue.maximalBackoff = Duration::seconds(60);
        }
    const Time last = s.actions.back().at;
    for (Time at = Time::fromNanos(1'000'000'000LL); at <= last + Duration::seconds(2); at += Duration::seconds(2)) {
        Action error;
        error.type = ActionType::SmtpError;
        error.at = at;
        error.node = "mail-b";
        error.replyCode = 451;
        error.duration = Duration::millis(200);
        s.actions.push_back(error);
    }
    std::stable_sort(s.actions.begin(), s.actions.end(), [](const Action& a, const Action& b) { return a.at < b.at; });
    return s;
}

Scenario generateStarScenario(int nodes, int senders) {
    Scenario s;
    s.title.byLanguage["en"] = "router star";
    s.seed = 5;
    Node mail{.id = "mail", .type = NodeType::MailServer, .hostname = "mail.star.example",
              .ip = *net::parseIpv4("192.0.2.25")};
    mail.domains = {"star.example"};
    mail.users.push_back({"postmaster@star.example", "pw"});
    s.nodes.push_back(mail);
    s.nodes.push_back({.id = "hub", .type = NodeType::Router, .hostname = "hub", .ip = *net::parseIpv4("198.51.100.1")});
    auto link = [&](const std::string& a, const std::string& b) {
        Link l;
        l.id = a + "--" + b;
        l.a = a;
        l.b = b;
        s.links.push_back(l);
    };
    const int routers = nodes - 2 - senders;
    for (int i = 0; i < routers; ++i) {
        const std::string id = fmt::format("r{}", i);
        s.nodes.push_back({.id = id, .type = NodeType::Router, .hostname = id,
                           .ip = (10u << 24) | (static_cast<std::uint32_t>(i + 1) << 8) | 1u});
        link("hub", id);
    }
    link("mail", "r0");
    for (int c = 0; c < senders; ++c) {
        const std::string id = fmt::format("client-{}", c);
        const std::string user = fmt::format("user{}@star.example", c);
        mail.users.push_back({user, "pw"});
        Node client{.id = id, .type = NodeType::Client, .hostname = id,
                    .ip = *net::parseIpv4("192.0.2.100") + static_cast<std::uint32_t>(c)};
        client.accounts.push_back({user, "pw", "mail"});
        s.nodes.push_back(client);
        link(id, fmt::format("r{}", (c * 7919 + 1) % routers));
        Action a;
        a.at = Time::fromNanos(1'000'000'000LL + c * (1'000'000'000LL / senders));
        a.node = id;
        a.from = user;
        a.to = {"postmaster@star.example"};
        a.subject = fmt::format("Hello from {}", id);
        a.body = "A mail across the star.";
        s.actions.push_back(a);
    }
    s.nodes[0] = mail;
    return s;
}

}  // namespace postino::bench
