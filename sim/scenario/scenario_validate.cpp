// Cross-reference checks over a parsed scenario.
#include "scenario/scenario_validate.h"
#include "scenario/auth_validate.h"

#include "scenario/failure_validate.h"
#include "scenario/json_scanner.h"
#include "scenario/name_syntax.h"
#include "scenario/scenario_budget.h"
#include "scenario/scenario_limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace postino::scenario {

namespace {

std::string nodePtr(std::size_t i) { return childPointer("/nodes", i); }
std::string nodeField(std::size_t i, std::string_view key) { return childPointer(nodePtr(i), key); }

class Validator {
public:
    Validator(const Scenario& s, const ParseAux& aux, Diagnostics& d) : m_s(s), m_aux(aux), m_d(d) {}

    void run() {
        if (!m_aux.nodesParsed) return;
        indexNodes();
        bool linksOk = checkLinks();
        if (linksOk && m_aux.linksParsed) checkConnected();
        checkMailServers();
        checkClients();
        checkDnsServers();
        checkActions();
        checkSteps();
        checkFailureActions(m_s, m_aux, [this](const std::string& id, const std::string& ptr) {
            return findNode(id, ptr);
        }, m_d);
    }

private:
    bool typeKnown(std::size_t i) const { return i < m_aux.nodeTypeKnown.size() && m_aux.nodeTypeKnown[i]; }

    void indexNodes() {
        std::unordered_map<std::uint32_t, std::size_t> ips;
        std::unordered_map<std::string, std::size_t> hosts;
        for (std::size_t i = 0; i < m_s.nodes.size(); ++i) {
            const Node& n = m_s.nodes[i];
            if (n.id.empty()) m_someIdMissing = true;
            if (!n.id.empty()) {
                auto [it, fresh] = m_ids.emplace(n.id, i);
                if (!fresh)
                    m_d.error(nodeField(i, "id"), trace::phrase("duplicate node id {}: node {} already uses it",
                                                                quoteText(n.id), nodePtr(it->second)));
            }
            if (n.ip != 0) {
                auto [it, fresh] = ips.emplace(n.ip, i);
                if (!fresh)
                    m_d.error(nodeField(i, "ip"), trace::phrase("duplicate IP address {}: node {} already has it",
                                                                formatIpv4(n.ip), quoteText(m_s.nodes[it->second].id)));
            }
            if (!n.hostname.empty()) {
                auto [it, fresh] = hosts.emplace(n.hostname, i);
                // (When the host name defaulted to the id, the pointer resolves to the node.)
                if (!fresh)
                    m_d.error(nodeField(i, "hostname"), trace::phrase("duplicate host name {}: node {} already has it",
                                                                      quoteText(n.hostname), quoteText(m_s.nodes[it->second].id)));
            }
        }
    }

    // The node with this id, or reports `unknown node` at ptr.
    const Node* findNode(const std::string& id, const std::string& ptr) {
        auto it = m_ids.find(id);
        if (it != m_ids.end()) return &m_s.nodes[it->second];
        if (m_someIdMissing) return nullptr;  // it may be the node whose id is broken: already reported
        // A hint costs a scan of all ids; only the first errors are shown anyway.
        std::string bestId;  // closest id; ties go to the alphabetically first
        if (m_hintBudget > 0) {
            --m_hintBudget;
            const int limit = std::max<int>(1, static_cast<int>(id.size() / 4));
            int best = limit + 1;
            for (const auto& entry : m_ids) {
                int dist = editDistance(id, entry.first, limit);
                if (dist > limit) continue;
                if (dist < best || (dist == best && entry.first < bestId)) {
                    best = dist;
                    bestId = entry.first;
                }
            }
        }
        if (bestId.empty())
            m_d.error(ptr, trace::phrase("unknown node {}: no node has this id", quoteText(id)));
        else
            m_d.error(ptr, trace::phrase("unknown node {}: no node has this id (did you mean \"{}\"?)", quoteText(id),
                                         bestId));
        return nullptr;
    }

    // Resolves a reference that must name a node of `type`.
    const Node* findNodeOfType(const std::string& id, const std::string& ptr, NodeType type) {
        const Node* n = findNode(id, ptr);
        if (!n) return nullptr;
        std::size_t index = static_cast<std::size_t>(n - m_s.nodes.data());
        if (!typeKnown(index)) return nullptr;  // its type error is already reported
        if (n->type != type) {
            m_d.error(ptr, trace::phrase("node {} is a {}, but this must name a {} node", quoteText(id),
                                         nodeTypeName(n->type), nodeTypeName(type)));
            return nullptr;
        }
        return n;
    }

    bool checkLinks() {
        bool ok = true;
        std::set<std::pair<std::string, std::string>> pairs;
        std::map<std::string, std::size_t> ids;
        for (std::size_t i = 0; i < m_s.links.size(); ++i) {
            const Link& l = m_s.links[i];
            std::string ptr = childPointer("/links", i);
            if (l.a.empty() || l.b.empty()) {
                ok = false;  // missing, mistyped or empty endpoint, already reported
                continue;
            }
            bool endpoints = true;
            if (!findNode(l.a, childPointer(ptr, "a"))) endpoints = false;
            if (!findNode(l.b, childPointer(ptr, "b"))) endpoints = false;
            if (!endpoints) {
                ok = false;
                continue;
            }
            if (l.a == l.b) {
                m_d.error(childPointer(ptr, "b"), trace::phrase("a link cannot join node {} to itself", quoteText(l.a)));
                ok = false;
                continue;
            }
            auto key = std::minmax(l.a, l.b);
            if (!pairs.emplace(key.first, key.second).second) {
                m_d.error(ptr, trace::phrase("there is already a link between {} and {}", quoteText(l.a), quoteText(l.b)));
                continue;
            }
            if (!l.id.empty()) {
                auto [it, fresh] = ids.emplace(l.id, i);
                if (!fresh)
                    m_d.error(childPointer(ptr, "id"), trace::phrase("duplicate link id {}: link /links/{} already "
                                                                     "uses it", quoteText(l.id), it->second));
            }
            m_adjacent[l.a].push_back(l.b);
            m_adjacent[l.b].push_back(l.a);
        }
        return ok;
    }

    void checkConnected() {
        if (m_s.nodes.size() < 2 || m_ids.size() != m_s.nodes.size()) return;
        std::map<std::string, int> component;
        int count = 0;
        for (std::size_t i = 0; i < m_s.nodes.size(); ++i) {
            const std::string& start = m_s.nodes[i].id;
            if (component.count(start)) continue;
            if (count > 0) {
                m_d.error(nodePtr(i), trace::phrase("node {} cannot be reached from node {}: no chain of links joins "
                                                    "them (add a link, e.g. to a router)",
                                                    quoteText(start), quoteText(m_s.nodes[0].id)));
            }
            std::vector<std::string> stack{start};
            component[start] = count;
            while (!stack.empty()) {
                std::string cur = stack.back();
                stack.pop_back();
                for (const auto& next : m_adjacent[cur]) {
                    if (component.emplace(next, count).second) stack.push_back(next);
                }
            }
            ++count;
        }
    }

    void checkMailServers() {
        std::map<std::string, std::size_t> owner;  // domain -> node index
        std::size_t mailboxes = 0;
        for (std::size_t i = 0; i < m_s.nodes.size(); ++i) {
            const Node& n = m_s.nodes[i];
            if (!typeKnown(i) || n.type != NodeType::MailServer) continue;
            checkMailboxCount(n, i, mailboxes);
            std::set<std::string> own;
            for (std::size_t k = 0; k < n.domains.size(); ++k) {
                const std::string& dom = n.domains[k];
                if (dom.empty()) continue;  // invalid, already reported
                std::string ptr = childPointer(nodeField(i, "domains"), k);
                if (!own.insert(dom).second) {
                    m_d.error(ptr, trace::phrase("domain {} is listed twice", quoteText(dom)));
                    continue;
                }
                auto [it, fresh] = owner.emplace(dom, i);
                if (!fresh)
                    m_d.error(ptr, trace::phrase("domain {} is already served by mail server {}; each mail domain "
                                                 "belongs to one server", quoteText(dom), quoteText(m_s.nodes[it->second].id)));
            }
            std::set<std::string> users;
            for (std::size_t u = 0; u < n.users.size(); ++u) {
                const std::string& addr = n.users[u].address;
                if (addr.empty() || own.empty()) continue;  // no valid domains: already reported
                std::string ptr = childPointer(childPointer(nodeField(i, "users"), u), "address");
                if (!own.count(std::string(mailDomainOf(addr)))) {
                    m_d.error(ptr, trace::phrase("user {} is not in a domain of this server (its domains: {})",
                                                 quoteText(addr), joinList(n.domains)));
                } else if (!users.insert(addr).second) {
                    m_d.error(ptr, trace::phrase("user {} is listed twice", quoteText(addr)));
                }
            }
            checkSharedMailboxes(n, i, own, users);
            if (!n.resolver.empty()) findNodeOfType(n.resolver, nodeField(i, "resolver"), NodeType::DnsServer);
            if (n.checkSenders.any() && n.resolver.empty())
                m_d.error(nodeField(i, "check_senders"),
                          trace::phrase("checking senders (SPF, DKIM, DMARC) asks DNS: give this server a \"resolver\""));
            if (!n.relayHost.empty()) {
                if (n.relayHost == n.id)
                    m_d.error(nodeField(i, "relay_host"), trace::phrase("a mail server cannot be its own relay host"));
                else
                    findNodeOfType(n.relayHost, nodeField(i, "relay_host"), NodeType::MailServer);
            }
            for (std::size_t k = 0; k < n.relayDomains.size(); ++k) {
                const std::string& dom = n.relayDomains[k];
                if (!dom.empty() && std::find(n.domains.begin(), n.domains.end(), dom) != n.domains.end())
                    m_d.error(childPointer(nodeField(i, "relay_domains"), k),
                              trace::phrase("{} is already one of this server's own domains; relay_domains lists "
                                            "domains it only passes on (as a backup MX)",
                                            quoteText(dom)));
            }
            for (std::size_t k = 0; k < n.relayClients.size(); ++k)
                if (!n.relayClients[k].empty()) findNode(n.relayClients[k], childPointer(nodeField(i, "relay_clients"), k));
        }
    }

    // Users and shared mailboxes of all servers together stay within kMaxMailboxes; the
    // first one over the limit is reported.
    void checkMailboxCount(const Node& n, std::size_t i, std::size_t& count) {
        const std::size_t before = count;
        count += n.users.size() + n.sharedMailboxes.size();
        if (before > kMaxMailboxes || count <= kMaxMailboxes) return;
        const std::size_t k = kMaxMailboxes - before;  // index of the first one over, users first
        const std::string ptr = k < n.users.size()
                                    ? childPointer(nodeField(i, "users"), k)
                                    : childPointer(nodeField(i, "shared_mailboxes"), k - n.users.size());
        m_d.error(ptr, trace::phrase("too many mailboxes: this is mailbox number {} of the scenario (users and shared "
                                     "mailboxes of all mail servers); the limit is {}",
                                     kMaxMailboxes + 1, kMaxMailboxes));
    }

    // A shared mailbox has an address of its own in a domain of the server, and its
    // members are users of the same server.
    void checkSharedMailboxes(const Node& n, std::size_t i, const std::set<std::string>& own,
                              const std::set<std::string>& users) {
        std::set<std::string> seen;
        for (std::size_t k = 0; k < n.sharedMailboxes.size(); ++k) {
            const SharedMailbox& box = n.sharedMailboxes[k];
            const std::string base = childPointer(nodeField(i, "shared_mailboxes"), k);
            if (!box.address.empty() && !own.empty()) {
                const std::string ptr = childPointer(base, "address");
                if (!own.count(std::string(mailDomainOf(box.address))))
                    m_d.error(ptr, trace::phrase("shared mailbox {} is not in a domain of this server (its domains: {})",
                                                 quoteText(box.address), joinList(n.domains)));
                else if (users.count(box.address))
                    m_d.error(ptr, trace::phrase("{} is already a user of this server; a shared mailbox needs an "
                                                 "address of its own",
                                                 quoteText(box.address)));
                else if (!seen.insert(box.address).second)
                    m_d.error(ptr, trace::phrase("shared mailbox {} is listed twice", quoteText(box.address)));
            }
            for (std::size_t m = 0; m < box.members.size(); ++m) {
                const std::string& member = box.members[m];
                if (member.empty() || own.empty() || users.count(member)) continue;
                std::vector<std::string> names(users.begin(), users.end());
                m_d.error(childPointer(childPointer(base, "members"), m),
                          trace::phrase("member {} is not a user of this server (its users: {})", quoteText(member),
                                        joinList(names)));
            }
        }
    }

    void checkClients() {
        for (std::size_t i = 0; i < m_s.nodes.size(); ++i) {
            const Node& n = m_s.nodes[i];
            if (!typeKnown(i)) continue;
            if (n.type == NodeType::Webmail && !n.mailServer.empty())
                findNodeOfType(n.mailServer, nodeField(i, "mail_server"), NodeType::MailServer);
            // A mail server's resolver is checked with its other settings.
            if (n.type != NodeType::MailServer && !n.resolver.empty())
                findNodeOfType(n.resolver, nodeField(i, "resolver"), NodeType::DnsServer);
            if (n.type != NodeType::Client && n.type != NodeType::Browser) continue;
            std::set<std::string> seen;
            for (std::size_t k = 0; k < n.accounts.size(); ++k) {
                const ClientAccount& acc = n.accounts[k];
                std::string ptr = childPointer(nodeField(i, "accounts"), k);
                if (!acc.address.empty() && !seen.insert(acc.address).second)
                    m_d.error(childPointer(ptr, "address"), trace::phrase("account {} is listed twice", quoteText(acc.address)));
                if (!acc.server.empty()) findNodeOfType(acc.server, childPointer(ptr, "server"), NodeType::MailServer);
                if (!acc.webmail.empty()) findNodeOfType(acc.webmail, childPointer(ptr, "webmail"), NodeType::Webmail);
            }
        }
    }

    void checkDnsServers() {
        for (std::size_t i = 0; i < m_s.nodes.size(); ++i) {
            const Node& n = m_s.nodes[i];
            if (!typeKnown(i) || n.type != NodeType::DnsServer) continue;
            std::map<std::string, std::size_t> origins;
            for (std::size_t z = 0; z < n.zones.size(); ++z) {
                const DnsZone& zone = n.zones[z];
                std::string zptr = childPointer(nodeField(i, "zones"), z);
                if (!zone.origin.empty()) {
                    auto [it, fresh] = origins.emplace(zone.origin, z);
                    if (!fresh)
                        m_d.error(childPointer(zptr, "origin"), trace::phrase("zone {} is defined twice on this server",
                                                                              quoteText(zone.origin)));
                }
                std::set<std::tuple<std::string, int, std::uint32_t, std::uint16_t, std::string>> records;
                for (std::size_t r = 0; r < zone.records.size(); ++r) {
                    const DnsRecord& rec = zone.records[r];
                    if (rec.name.empty()) continue;
                    std::string data = rec.exchange;
                    for (const std::string& t : rec.texts) data += t;  // TXT: the same text, however split
                    auto key = std::make_tuple(rec.name, static_cast<int>(rec.type), rec.address, rec.preference,
                                               data);
                    if (!records.insert(key).second)
                        m_d.error(childPointer(zptr, "records") + "/" + std::to_string(r),
                                  trace::phrase("this {} record for {} repeats an earlier one",
                                                recordTypeName(rec.type), quoteText(rec.name)));
                }
            }
        }
    }

    void checkActions() {
        std::unordered_map<const Node*, std::unordered_set<std::string>> accountsOf;
        for (std::size_t i = 0; i < m_s.actions.size(); ++i) {
            const Action& a = m_s.actions[i];
            std::string ptr = childPointer("/actions", i);
            if (a.node.empty() || isFailureAction(a.type)) continue;  // failure actions: failure_validate
            const Node* n = findNode(a.node, childPointer(ptr, "node"));
            if (n && n->type == NodeType::Browser) {
                checkBrowserAction(a, *n, ptr);
                if (a.type != ActionType::Send) {
                    checkMailAccount(a, *n, ptr);
                    continue;
                }
            } else if (n && n->type != NodeType::Client) {
                if (typeKnown(static_cast<std::size_t>(n - m_s.nodes.data())))
                    m_d.error(childPointer(ptr, "node"),
                              trace::phrase("node {} is a {}, but actions happen on client or browser nodes",
                                            quoteText(a.node), nodeTypeName(n->type)));
                n = nullptr;
            }
            if (n && a.type != ActionType::Send && a.type != ActionType::SaveDraft) {
                checkMailAccount(a, *n, ptr);
                continue;
            }
            if (!n || a.from.empty()) continue;
            auto [it, fresh] = accountsOf.try_emplace(n);
            if (fresh) {
                for (const auto& acc : n->accounts) it->second.insert(acc.address);
            }
            if (!it->second.count(a.from)) {
                std::vector<std::string> addresses;
                for (const auto& acc : n->accounts) addresses.push_back(acc.address);
                m_d.error(childPointer(ptr, "from"), trace::phrase("{} is not an account of {} {} (its accounts: {})",
                                                                   quoteText(a.from), nodeTypeName(n->type),
                                                                   quoteText(a.node), joinList(addresses)));
            }
            if (a.type == ActionType::SaveDraft)
                for (const auto& acc : n->accounts)
                    if (acc.address == a.from && acc.incoming != IncomingProtocol::Imap)
                        m_d.error(ptr, trace::phrase("save_draft keeps the draft on the server, so account {} needs "
                                                     "\"incoming\": \"imap\"",
                                                     quoteText(a.from)));
        }
    }

    // A browser does what the webmail's pages offer: send a plain-text mail, open the
    // inbox, open a message, delete one.
    void checkBrowserAction(const Action& a, const Node& n, const std::string& ptr) {
        static const char* kNames[] = {"send", "save_draft", "check_mail", "read", "flag", "move", "delete"};
        const auto t = a.type;
        if (t == ActionType::SaveDraft || t == ActionType::Flag || t == ActionType::Move) {
            m_d.error(childPointer(ptr, "type"),
                      trace::phrase("browser {} can send, check_mail, read and delete through the webmail's pages; "
                                    "{} needs a mail client (a client node)",
                                    quoteText(n.id), kNames[static_cast<int>(t)]));
        } else if (t == ActionType::Send && !a.html.empty()) {
            m_d.error(childPointer(ptr, "html"), trace::phrase("the webmail's compose form sends plain text only: drop \"html\""));
        } else if (t == ActionType::Send && !a.attachments.empty()) {
            m_d.error(childPointer(ptr, "attachments"),
                      trace::phrase("the webmail's compose form has no attachments here: send them from a client node"));
        } else if (!a.sharedMailbox.empty()) {
            m_d.error(childPointer(ptr, "mailbox"), trace::phrase("the webmail shows the user's own INBOX only: drop \"mailbox\""));
        }
    }

    // check_mail names an account of the node (or the node has exactly one) that has a way to read mail.
    void checkMailAccount(const Action& a, const Node& n, const std::string& ptr) {
        const ClientAccount* account = nullptr;
        if (a.from.empty()) {
            if (n.accounts.size() != 1) {
                m_d.error(ptr, trace::phrase("{} {} has {} accounts: say which one with \"account\"",
                                             nodeTypeName(n.type), quoteText(n.id), n.accounts.size()));
                return;
            }
            account = &n.accounts.front();
        } else {
            for (const auto& acc : n.accounts)
                if (acc.address == a.from) account = &acc;
            if (!account) {
                std::vector<std::string> addresses;
                for (const auto& acc : n.accounts) addresses.push_back(acc.address);
                m_d.error(childPointer(ptr, "account"), trace::phrase("{} is not an account of {} {} (its accounts: {})",
                                                                      quoteText(a.from), nodeTypeName(n.type),
                                                                      quoteText(n.id), joinList(addresses)));
                return;
            }
        }
        const bool otherFolder = a.type == ActionType::CheckMail && a.folder != "INBOX";
        if (n.type == NodeType::Browser) {  // the webmail reads over IMAP for it, its inbox page
            if (otherFolder)
                m_d.error(childPointer(ptr, "folder"),
                          trace::phrase("a browser's check_mail opens the webmail's inbox page: \"folder\" is for a "
                                        "mail program (a client node)"));
            return;
        }
        if (otherFolder && account->incoming != IncomingProtocol::Imap) {
            m_d.error(childPointer(ptr, "folder"),
                      trace::phrase("account {} of client {} needs \"incoming\": \"imap\" to check the folder {}: "
                                    "POP3 only reads INBOX",
                                    quoteText(account->address), quoteText(n.id), quoteText(a.folder)));
            return;
        }
        if (a.type != ActionType::CheckMail && account->incoming != IncomingProtocol::Imap) {
            m_d.error(ptr, trace::phrase("account {} of client {} must read mail with \"incoming\": \"imap\" for this "
                                         "action: with POP3 the server never learns what a device did",
                                         quoteText(account->address), quoteText(n.id)));
            return;
        }
        if (!a.sharedMailbox.empty()) {
            checkSharedMember(a, n, *account, ptr);
            return;
        }
        if (account->incoming == IncomingProtocol::None)
            m_d.error(ptr, trace::phrase("account {} of client {} has no \"incoming\" protocol to read mail with "
                                         "(add \"incoming\": \"pop3\" or \"imap\" to the account)",
                                         quoteText(account->address), quoteText(n.id)));
    }

    // "mailbox" names a shared mailbox on the account's server that the account may open over IMAP.
    void checkSharedMember(const Action& a, const Node& n, const ClientAccount& account, const std::string& ptr) {
        const std::string mptr = childPointer(ptr, "mailbox");
        if (account.incoming != IncomingProtocol::Imap) {
            m_d.error(mptr, trace::phrase("account {} of client {} needs \"incoming\": \"imap\" to open a shared "
                                          "mailbox: POP3 only reads the user's own INBOX",
                                          quoteText(account.address), quoteText(n.id)));
            return;
        }
        auto it = m_ids.find(account.server);
        if (it == m_ids.end()) return;  // unknown server: already reported
        const Node& server = m_s.nodes[it->second];
        for (const SharedMailbox& box : server.sharedMailboxes) {
            if (box.address != a.sharedMailbox) continue;
            if (std::find(box.members.begin(), box.members.end(), account.address) == box.members.end())
                m_d.error(mptr, trace::phrase("{} is not a member of the shared mailbox {} (its members: {})",
                                              quoteText(account.address), quoteText(box.address), joinList(box.members)));
            return;
        }
        std::vector<std::string> names;
        for (const SharedMailbox& box : server.sharedMailboxes) names.push_back(box.address);
        m_d.error(mptr, trace::phrase("mail server {} has no shared mailbox {} (its shared mailboxes: {})",
                                      quoteText(server.id), quoteText(a.sharedMailbox), joinList(names)));
    }

    // A step's "when" names a node that exists (whether the event ever happens there is found by
    // running the world: sim/lesson/step_times.h).
    void checkSteps() {
        for (std::size_t i = 0; i < m_s.steps.size(); ++i) {
            const Step& step = m_s.steps[i];
            if (step.when && !step.when->node.empty())
                findNode(step.when->node, childPointer(childPointer(childPointer("/steps", i), "when"), "node"));
        }
    }

    const Scenario& m_s;
    const ParseAux& m_aux;
    Diagnostics& m_d;
    std::unordered_map<std::string, std::size_t> m_ids;
    bool m_someIdMissing = false;
    int m_hintBudget = 100;
    std::unordered_map<std::string, std::vector<std::string>> m_adjacent;
};

}  // namespace

void validateScenario(const Scenario& s, const ParseAux& aux, Diagnostics& d) {
    Validator v(s, aux, d);
    v.run();
    checkAuthFields(s, d);
    checkMailBytesBudget(s, d);
}

}  // namespace postino::scenario
