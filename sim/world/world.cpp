#include "world/world.h"

#include "nodes/browser_node.h"
#include "nodes/client_node.h"
#include "nodes/dns_server_node.h"
#include "nodes/mail_server_node.h"
#include "nodes/router_node.h"
#include "nodes/webmail_node.h"
#include "world/host_config.h"
#include "world/lesson_dkim.h"
#include "world/lesson_tls.h"

#include <stdexcept>

namespace postino::world {

World::World(const scenario::Scenario& scenario)
    : m_scenario(scenario), m_sim(scenario.seed), m_network(m_sim, m_trace) {
    build();
    scheduleActions();
}

World::~World() = default;

void World::build() {
    m_tls = std::make_unique<LessonTls>(m_scenario);
    m_indexById.reserve(m_scenario.nodes.size());
    for (std::size_t i = 0; i < m_scenario.nodes.size(); ++i)
        m_indexById.emplace(m_scenario.nodes[i].id, static_cast<net::NodeIndex>(i));
    const std::vector<dns::ResourceRecord> dkimRecords = dkimKeyRecords(m_scenario);
    for (const scenario::Node& spec : m_scenario.nodes) {
        const bool router = spec.type == scenario::NodeType::Router;
        const net::NodeIndex index = m_network.addNode(spec.ip, router, nullptr);
        m_trace.nodes.push_back({spec.id, spec.hostname, scenario::nodeTypeName(spec.type), spec.ip});
        // A node gets only what its host would know (NodeContext), never the World.
        HostSettings settings = hostSettings(m_scenario, index, m_indexById);
        settings.tlsServer = m_tls->serverConfig(spec.id);
        settings.tlsClient = m_tls->clientConfig();
        settings.dkimKeys = dkimKeysOf(m_scenario, spec);
        if (spec.type == scenario::NodeType::DnsServer) settings.dkimRecords = dkimRecords;
        auto context = std::make_unique<NodeContext>(m_sim, m_network, m_trace, spec, index, std::move(settings));
        std::unique_ptr<Node> node;
        switch (spec.type) {
            case scenario::NodeType::Client: node = std::make_unique<ClientNode>(std::move(context)); break;
            case scenario::NodeType::MailServer: node = std::make_unique<MailServerNode>(std::move(context)); break;
            case scenario::NodeType::DnsServer: node = std::make_unique<DnsServerNode>(std::move(context)); break;
            case scenario::NodeType::Router: node = std::make_unique<RouterNode>(std::move(context)); break;
            case scenario::NodeType::Webmail: node = std::make_unique<WebmailNode>(std::move(context)); break;
            case scenario::NodeType::Browser: node = std::make_unique<BrowserNode>(std::move(context)); break;
        }
        if (!router) {
            Node* raw = node.get();
            m_network.setHandler(index, [raw](net::Packet&& p) { raw->stack().receive(std::move(p)); });
        }
        m_nodes.push_back(std::move(node));
    }
    for (const scenario::Link& link : m_scenario.links) {
        const auto a = indexOf(link.a), b = indexOf(link.b);
        if (!a || !b) throw std::invalid_argument("link " + link.id + " names an unknown node");
        const std::uint32_t li = m_network.addLink({*a, *b, link.latency, link.bandwidthBitsPerSecond, link.mtu});
        (void)li;
        m_trace.links.push_back({link.id, *a, *b});
    }
    for (auto& node : m_nodes) node->start();
}

void World::scheduleActions() {
    for (const scenario::Action& action : m_scenario.actions) {
        if (action.type == scenario::ActionType::LinkDown || action.type == scenario::ActionType::LinkUp) {
            m_sim.at(action.at, [this, &action] { performOnLink(action); });
            continue;
        }
        const auto index = indexOf(action.node);
        if (!index) throw std::invalid_argument("action names an unknown node " + action.node);
        Node* node = m_nodes[*index].get();
        m_sim.at(action.at, [node, &action] { node->perform(action); });
    }
}

void World::performOnLink(const scenario::Action& action) {
    std::uint32_t link = 0;
    while (link < m_trace.links.size() && m_trace.links[link].id != action.link) ++link;
    if (link == m_trace.links.size()) throw std::invalid_argument("action names an unknown link " + action.link);
    const bool cut = action.type == scenario::ActionType::LinkDown;
    if (m_network.isLinkUp(link) != cut) return;  // already so
    setLink(link, !cut);
    if (cut && action.duration)
        m_sim.after(*action.duration, [this, link] {
            if (!m_network.isLinkUp(link)) setLink(link, true);
        });
}

void World::setLink(std::uint32_t link, bool up) {
    m_network.setLinkUp(link, up);
    m_trace.linkStates.push_back({m_sim.now(), link, up});
    trace::Event e;
    e.time = m_sim.now();
    e.kind = trace::EventKind::Outage;
    e.node = m_trace.links[link].a;
    e.setPhrase(up ? trace::phrase("the link {} works again", m_trace.links[link].id)
                   : trace::phrase("the link {} is cut: no packet crosses it", m_trace.links[link].id));
    m_trace.events.push_back(std::move(e));
}

void World::run(Time until) { m_sim.runUntil(until); }

std::optional<net::NodeIndex> World::indexOf(const std::string& nodeId) const {
    auto it = m_indexById.find(nodeId);
    if (it == m_indexById.end()) return std::nullopt;
    return it->second;
}

const mail::MailStore* World::storeOf(net::NodeIndex i) const {
    if (auto* server = dynamic_cast<const MailServerNode*>(m_nodes.at(i).get())) return &server->store();
    return nullptr;
}

}  // namespace postino::world
