#include "scenario/auth_validate.h"

#include "scenario/name_syntax.h"

#include <algorithm>
#include <map>

namespace postino::scenario {

namespace {


const char* algorithmText(DkimAlgorithm a) {
    return a == DkimAlgorithm::Ed25519Sha256 ? "ed25519-sha256" : "rsa-sha256";
}

}  // namespace

std::string forwardTarget(const Node& server, const std::string& address) {
    std::string at = address;
    for (int step = 0; step < 10; ++step) {
        const auto it = server.forward.find(at);
        if (it == server.forward.end()) break;
        at = it->second;
    }
    return at;
}

void checkAuthFields(const Scenario& s, Diagnostics& d) {
    // selector._domainkey.domain → the first server giving it a key, and that key's algorithm.
    std::map<std::string, std::pair<std::string, DkimAlgorithm>> keyNames;
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        const Node& n = s.nodes[i];
        if (n.type != NodeType::MailServer) continue;
        const std::string forwardPtr = childPointer(childPointer("/nodes", i), "forward");
        for (const auto& [source, target] : n.forward) {
            const std::string p = childPointer(forwardPtr, source);
            if (std::find(n.domains.begin(), n.domains.end(), std::string(mailDomainOf(source))) == n.domains.end()) {
                d.error(p, trace::phrase("{} is not in a domain of this server (its domains: {}): a server forwards only "
                                         "mail it receives for its own addresses",
                                         quoteText(source), joinList(n.domains)),
                        Anchor::Key);
                continue;
            }
            // Follow the chain on this server: coming back to the start is a circle.
            std::string at = target;
            for (std::size_t step = 0; step <= n.forward.size(); ++step) {
                if (at == source) {
                    d.error(p, trace::phrase("forwarding {} goes round in a circle on this server (it comes back to "
                                             "itself through {})",
                                             quoteText(source), quoteText(target)));
                    break;
                }
                const auto next = n.forward.find(at);
                if (next == n.forward.end()) break;
                at = next->second;
            }
        }
        const std::string dkimPtr = childPointer(childPointer("/nodes", i), "dkim");
        for (std::size_t k = 0; k < n.dkim.size(); ++k) {
            const DkimSigning& key = n.dkim[k];
            if (key.domain.empty() || key.selector.empty()) continue;  // reported by the parser
            const std::string name = key.selector + "._domainkey." + key.domain;
            const auto [it, added] = keyNames.emplace(name, std::make_pair(n.id, key.algorithm));
            if (!added && it->second.second != key.algorithm)
                d.error(childPointer(childPointer(dkimPtr, k), "algorithm"),
                        trace::phrase("{} already holds {}'s {} key: one DNS name publishes one key, so give this "
                                      "one another selector",
                                      name, quoteText(it->second.first), algorithmText(it->second.second)));
        }
    }
    // A webmail writes the From: of the account that logged in; only a mail program can be told
    // to write another.
    for (std::size_t i = 0; i < s.actions.size(); ++i) {
        const Action& a = s.actions[i];
        for (const Node& n : s.nodes) {
            if (n.id != a.node || n.type != NodeType::Browser) continue;
            if (!a.fromHeader.empty())
                d.error(childPointer(childPointer("/actions", i), "from_header"),
                        trace::phrase("from_header is for a mail program (a client node): a webmail writes the From: "
                                      "of the account that logged in"));
            if (!a.mailFrom.empty())
                d.error(childPointer(childPointer("/actions", i), "mail_from"),
                        trace::phrase("mail_from is for a mail program (a client node): a webmail sends as the "
                                      "account that logged in"));
        }
    }
}

}  // namespace postino::scenario
