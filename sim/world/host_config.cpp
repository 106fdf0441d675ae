#include "world/host_config.h"

#include "core/rng.h"

namespace postino::world {

HostSettings hostSettings(const scenario::Scenario& scenario, net::NodeIndex index,
                          const std::unordered_map<std::string, net::NodeIndex>& byId) {
    const scenario::Node& self = scenario.nodes.at(index);
    const auto find = [&](const std::string& id) -> const scenario::Node* {
        auto it = byId.find(id);
        return it == byId.end() ? nullptr : &scenario.nodes[it->second];
    };
    HostSettings out;
    std::uint64_t state = scenario.seed ^ (0x9E3779B97F4A7C15ULL * (static_cast<std::uint64_t>(index) + 1));
    out.seed = splitmix64(state);
    if (!self.resolver.empty())
        if (const scenario::Node* dns = find(self.resolver)) out.nameserver = dns->ip;
    const auto peer = [&](const std::string& id) {
        const scenario::Node* n = id.empty() ? nullptr : find(id);
        if (!n) return;
        out.peerHostnames[id] = n->hostname;
        if (!out.nameserver) out.hosts[n->hostname] = n->ip;
    };
    for (const scenario::ClientAccount& acc : self.accounts) {
        peer(acc.server);
        peer(acc.webmail);
    }
    peer(self.mailServer);
    peer(self.relayHost);
    for (const std::string& id : self.relayClients)
        if (const scenario::Node* n = find(id)) out.relayClientAddresses.push_back(n->ip);
    return out;
}

}  // namespace postino::world
