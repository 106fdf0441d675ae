#include "random_world.h"

#include "core/rng.h"
#include "scenario/json_reader.h"
#include "scenario/scenario_parse.h"
#include "scenario/scenario_validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace postino::testing {

using namespace postino::scenario;

namespace {

constexpr std::uint32_t ipv4(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
}

class Generator {
public:
    explicit Generator(std::uint64_t seed) : m_rng(seed) { m_s.seed = seed; }

    Scenario build() {
        m_s.title.byLanguage["en"] = fmt::format("random world {}", m_s.seed);
        addCore();
        const int servers = pick(1, 4);
        for (int i = 0; i < servers; ++i) addServer(i);
        addRelays();
        addZones();
        const int clients = pick(1, 4);
        for (int c = 0; c < clients; ++c) addClient(c);
        for (int c = 0; c < clients; ++c) addSends(c);
        addFailures();
        std::stable_sort(m_s.actions.begin(), m_s.actions.end(),
                         [](const Action& a, const Action& b) { return a.at < b.at; });
        return m_s;
    }

private:
    int pick(int lo, int hi) { return lo + static_cast<int>(m_rng.below(static_cast<std::uint64_t>(hi - lo + 1))); }
    bool chance(int percent) { return static_cast<int>(m_rng.below(100)) < percent; }
    template <typename T>
    const T& any(const std::vector<T>& v) { return v[m_rng.below(v.size())]; }

    Node& node(const std::string& id) {
        for (Node& n : m_s.nodes)
            if (n.id == id) return n;
        throw std::logic_error("no node " + id);
    }
    std::string serverId(int i) const { return fmt::format("mail{}", i); }
    std::string serverHost(int i) const { return fmt::format("mail{}.example.net", i); }

    void link(const std::string& a, const std::string& b) {
        Link l;
        l.id = a + "--" + b;
        l.a = a;
        l.b = b;
        l.latency = Duration::millis(pick(1, 80));
        if (chance(10)) l.bandwidthBitsPerSecond = 2'000'000;
        m_s.links.push_back(l);
    }

    void addCore() {
        Node core;
        core.id = "core";
        core.type = NodeType::Router;
        core.hostname = "core";
        core.ip = ipv4(198, 51, 100, 1);
        m_s.nodes.push_back(core);
        Node dns;
        dns.id = "dns";
        dns.type = NodeType::DnsServer;
        dns.hostname = "ns.example.net";
        dns.ip = ipv4(198, 51, 100, 53);
        m_s.nodes.push_back(dns);
        link("core", "dns");
    }

    // Where a host hangs: on the core router, or behind its own site router.
    void attach(const std::string& id, std::uint32_t siteIp, const std::string& site) {
        if (chance(50)) {
            link(id, "core");
            return;
        }
        bool exists = false;
        for (const Node& n : m_s.nodes) exists |= n.id == site;
        if (!exists) {
            Node gw;
            gw.id = site;
            gw.type = NodeType::Router;
            gw.hostname = site;
            gw.ip = siteIp;
            m_s.nodes.push_back(gw);
            link(site, "core");
        }
        link(id, site);
    }

    void addServer(int i) {
        Node n;
        n.id = serverId(i);
        n.type = NodeType::MailServer;
        n.hostname = serverHost(i);
        n.ip = ipv4(10, static_cast<std::uint32_t>(i + 1), 0, 25);
        if (chance(95)) n.resolver = "dns";
        const int domains = pick(1, 3);
        for (int k = 0; k < domains; ++k) {
            const std::string domain = fmt::format("d{}{}.example", i, k);
            n.domains.push_back(domain);
            m_domains.push_back(domain);
            const int users = pick(1, 3);
            for (int u = 0; u < users; ++u) {
                const std::string address = fmt::format("u{}@{}", u, domain);
                n.users.push_back({address, "pw"});
                m_users.push_back({address, i});
            }
        }
        QueueSettings& q = n.queue;
        q.minimalBackoff = Duration::seconds(pick(10, 60));
        q.maximalBackoff = Duration::seconds(pick(60, 600));
        q.maximalLifetime = Duration::seconds(chance(15) ? 0 : pick(0, 3600));
        q.bounceLifetime = Duration::seconds(chance(15) ? 0 : pick(0, 3600));
        if (chance(30)) q.delayWarning = Duration::seconds(pick(20, 600));
        if (chance(20)) q.hopCountLimit = chance(30) ? pick(1, 2) : pick(3, 20);
        if (chance(20)) n.quotaBytes = static_cast<std::uint64_t>(pick(1500, 8000));
        m_s.nodes.push_back(n);
        attach(n.id, ipv4(10, static_cast<std::uint32_t>(i + 1), 0, 1), fmt::format("gw{}", i));
        ++m_servers;
    }

    // Some servers hand everything for other domains to a relay host; sometimes two do it to
    // each other (a loop the hop count ends); the relay host mostly lets them relay.
    void addRelays() {
        if (m_servers < 2) return;
        for (int i = 0; i < m_servers; ++i) {
            if (!chance(15)) continue;
            int j = pick(0, m_servers - 2);
            if (j >= i) ++j;
            node(serverId(i)).relayHost = serverId(j);
            if (chance(80)) node(serverId(j)).relayClients.push_back(serverId(i));
        }
        if (chance(15)) {
            const int i = pick(0, m_servers - 1);
            int j = pick(0, m_servers - 2);
            if (j >= i) ++j;
            node(serverId(i)).relayHost = serverId(j);
            node(serverId(j)).relayHost = serverId(i);
            node(serverId(i)).relayClients.push_back(serverId(j));
            node(serverId(j)).relayClients.push_back(serverId(i));
        }
        for (int i = 0; i < m_servers; ++i)  // an open door for a neighbour, even without a relay host
            if (chance(10)) {
                int j = pick(0, m_servers - 2);
                if (j >= i) ++j;
                node(serverId(i)).relayClients.push_back(serverId(j));
            }
    }

    int otherServer(int i) {
        if (m_servers < 2) return i;
        int j = pick(0, m_servers - 2);
        return j >= i ? j + 1 : j;
    }

    static DnsRecord mx(const std::string& name, std::uint16_t preference, const std::string& exchange) {
        DnsRecord r;
        r.name = name;
        r.type = RecordType::MX;
        r.preference = preference;
        r.exchange = exchange;
        r.ttl = 300;
        return r;
    }
    static DnsRecord a(const std::string& name, std::uint32_t address) {
        DnsRecord r;
        r.name = name;
        r.type = RecordType::A;
        r.address = address;
        r.ttl = 300;
        return r;
    }

    void addZones() {
        Node& dns = node("dns");
        DnsZone net{"example.net", {}};
        net.records.push_back(a("ns.example.net", dns.ip));
        for (int i = 0; i < m_servers; ++i) {
            net.records.push_back(a(serverHost(i), node(serverId(i)).ip));
            // Another name for the same host, as a provider's "smtp." beside its "mail.".
            net.records.push_back(a(fmt::format("alias{}.example.net", i), node(serverId(i)).ip));
        }
        // A mail host whose address no node has: every connection to it times out.
        net.records.push_back(a("dead-mx.example.net", ipv4(203, 0, 113, 99)));
        dns.zones.push_back(net);
        for (int i = 0; i < m_servers; ++i) {
            for (const std::string& domain : node(serverId(i)).domains) {
                DnsZone z{domain, {}};
                const int variant = pick(0, 99);
                if (variant < 55) {
                    z.records.push_back(mx(domain, 10, serverHost(i)));
                } else if (variant < 67) {  // a backup MX on another server
                    z.records.push_back(mx(domain, 10, serverHost(i)));
                    z.records.push_back(mx(domain, 20, serverHost(otherServer(i))));
                } else if (variant < 75) {  // no MX: the domain's own address (RFC 5321 5.1)
                    z.records.push_back(a(domain, node(serverId(i)).ip));
                } else if (variant < 77) {  // the primary MX never answers; this server is the backup
                    z.records.push_back(mx(domain, 10, "dead-mx.example.net"));
                    z.records.push_back(mx(domain, 20, serverHost(i)));
                } else if (variant < 78) {  // the only MX never answers
                    z.records.push_back(mx(domain, 10, "dead-mx.example.net"));
                } else if (variant < 80) {  // no MX and no address
                } else if (variant < 85) {  // an MX without an address
                    z.records.push_back(mx(domain, 10, "ghost-mx.example.net"));
                } else if (variant < 89) {  // an MX naming another server (or this one when alone)
                    z.records.push_back(mx(domain, 10, serverHost(otherServer(i))));
                } else if (variant < 92) {  // the same, by another name of that server
                    z.records.push_back(mx(domain, 10, fmt::format("alias{}.example.net", otherServer(i))));
                } else {  // no zone: the DNS server refuses
                    continue;
                }
                dns.zones.push_back(z);
            }
        }
        if (chance(70)) {  // a domain nobody has, whose MX names one of the servers
            DnsZone z{"orphan.example", {}};
            z.records.push_back(mx("orphan.example", 10, serverHost(pick(0, m_servers - 1))));
            if (chance(30)) z.records.push_back(mx("orphan.example", 20, serverHost(pick(0, m_servers - 1))));
            if (z.records.size() == 2 && z.records[0].exchange == z.records[1].exchange) z.records.pop_back();
            dns.zones.push_back(z);
            m_orphan = true;
        }
    }

    void addClient(int c) {
        Node n;
        n.id = fmt::format("pc{}", c);
        n.type = NodeType::Client;
        n.hostname = n.id;
        n.ip = ipv4(172, 16, static_cast<std::uint32_t>(c + 1), 10);
        const int accounts = std::min<int>(pick(1, 2), static_cast<int>(m_users.size()));
        std::vector<std::string> taken;
        for (int k = 0; k < accounts; ++k) {
            const auto& [address, server] = any(m_users);
            if (std::find(taken.begin(), taken.end(), address) != taken.end()) continue;
            taken.push_back(address);
            ClientAccount acc;
            // A mail program may write the address in capitals (MAIL FROM:<U0@D00.EXAMPLE>); the
            // server's user is the same mailbox (its login and sender checks ignore case).
            acc.address = chance(10) ? shouted(address) : address;
            acc.password = "pw";
            acc.server = serverId(server);
            n.accounts.push_back(acc);
        }
        m_s.nodes.push_back(n);
        link(n.id, chance(50) ? std::string("core") : siteOrCore());
        ++m_clients;
    }

    // A site router if one exists, else the core.
    std::string siteOrCore() {
        std::vector<std::string> sites;
        for (const Node& n : m_s.nodes)
            if (n.type == NodeType::Router && n.id != "core") sites.push_back(n.id);
        return sites.empty() ? "core" : any(sites);
    }

    static std::string shouted(std::string address) {
        for (char& c : address)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        return address;
    }

    std::string randomRecipient(const std::string& from) {
        const std::string to = anyRecipient(from);
        return chance(5) ? shouted(to) : to;
    }

    std::string anyRecipient(const std::string& from) {
        const int kind = pick(0, 99);
        const std::string fromDomain = from.substr(from.find('@') + 1);
        if (kind < 50) return any(m_users).first;
        if (kind < 62) return fmt::format("nobody{}@{}", pick(0, 9), any(m_domains));
        if (kind < 70) return fmt::format("x@ghost.{}", any(m_domains));  // NXDOMAIN below a zone
        if (kind < 77) return "x@elsewhere.org";                         // no zone anywhere: refused
        if (kind < 85 && m_orphan) return fmt::format("y{}@orphan.example", pick(0, 2));
        if (kind < 90) return fmt::format("postmaster@{}", any(m_domains));
        std::vector<std::string> same;
        for (const auto& [address, server] : m_users)
            if (address.substr(address.find('@') + 1) == fromDomain) same.push_back(address);
        return same.empty() ? any(m_users).first : any(same);
    }

    void addSends(int c) {
        const Node& client = node(fmt::format("pc{}", c));
        const std::vector<ClientAccount> accounts = client.accounts;
        const int sends = pick(1, 4);
        for (int k = 0; k < sends; ++k) {
            Action a;
            a.type = ActionType::Send;
            a.at = chance(20) ? someTime() : Time::fromNanos(0) + Duration::millis(pick(500, 400'000));
            a.node = client.id;
            a.from = any(accounts).address;
            const int rcpts = pick(1, 100) <= 60 ? 1 : pick(2, 4);
            for (int r = 0; r < rcpts; ++r) {
                const std::string to = randomRecipient(a.from);
                const int where = pick(0, 99);
                (where < 75 ? a.to : where < 90 ? a.cc : a.bcc).push_back(to);
            }
            if (a.to.empty()) a.to.push_back(randomRecipient(a.from));
            a.subject = fmt::format("mail {} from {}", k, client.id);
            a.body = "Hello,\nthis mail was made by the property test.\n";
            if (chance(15)) a.body += std::string(static_cast<std::size_t>(pick(1000, 6000)), 'x') + "\n";
            m_s.actions.push_back(a);
        }
    }

    // Whole seconds from a short list now and then, so that actions meet at the same instant.
    Time someTime() {
        if (chance(25)) return Time::fromNanos(0) + Duration::seconds(10 * pick(1, 6));
        return Time::fromNanos(0) + Duration::millis(pick(0, 450'000));
    }
    Duration someDuration() { return Duration::seconds(chance(60) ? pick(5, 90) : pick(90, 600)); }

    void addFailures() {
        const int failures = pick(0, 4);
        for (int f = 0; f < failures; ++f) {
            const int server = pick(0, m_servers - 1);
            const int kind = pick(0, 99);
            Action a;
            a.at = someTime();
            a.node = serverId(server);
            if (kind < 30) {
                a.type = ActionType::NodeDown;
                if (chance(70)) {
                    a.duration = someDuration();
                } else if (chance(60)) {
                    Action up;
                    up.type = ActionType::NodeUp;
                    up.node = a.node;
                    up.at = a.at + someDuration();
                    m_s.actions.push_back(up);
                }
            } else if (kind < 55) {
                static const int kCodes[] = {421, 451, 452, 554};
                a.type = ActionType::SmtpError;
                a.replyCode = kCodes[m_rng.below(4)];
                a.duration = someDuration();
            } else if (kind < 80) {
                std::vector<std::string> own;
                for (const auto& [address, s] : m_users)
                    if (s == server) own.push_back(address);
                a.type = ActionType::MailboxFull;
                a.mailbox = any(own);
                a.duration = someDuration();
            } else if (kind < 88) {
                a.type = ActionType::NodeDown;
                a.node = "dns";
                a.duration = someDuration();
            } else if (kind < 94) {
                a.type = ActionType::NodeDown;
                a.node = fmt::format("pc{}", pick(0, m_clients - 1));
                a.duration = someDuration();
            } else {
                a.type = ActionType::LinkDown;
                a.node.clear();
                a.link = any(m_s.links).id;
                if (chance(50)) {
                    a.duration = someDuration();
                } else {
                    Action up;
                    up.type = ActionType::LinkUp;
                    up.link = a.link;
                    up.at = a.at + someDuration();
                    m_s.actions.push_back(up);
                }
            }
            m_s.actions.push_back(a);
        }
    }

    Rng m_rng;
    Scenario m_s;
    int m_servers = 0;
    int m_clients = 0;
    bool m_orphan = false;
    std::vector<std::string> m_domains;
    std::vector<std::pair<std::string, int>> m_users;  // address, server number
};

}  // namespace

Scenario randomWorld(std::uint64_t seed) { return Generator(seed).build(); }

std::vector<std::string> unexpectedValidationErrors(const Scenario& s) {
    ParseAux aux;
    aux.nodeTypeKnown.assign(s.nodes.size(), true);
    aux.nodesParsed = true;
    aux.linksParsed = true;
    aux.actionTimesKnown.assign(s.actions.size(), true);
    Diagnostics d;
    validateScenario(s, aux, d);
    std::vector<std::string> out;
    for (const PendingError& e : d.errors()) {
        out.push_back(e.pointer + ": " + e.message.text);
    }
    return out;
}

}  // namespace postino::testing
