// Node, link and property edits of the network editor, each undone exactly.
#include "model/network_edit.h"


#include <algorithm>
#include <fmt/format.h>

namespace postino::viz {

using scenario::ActionType;
using scenario::Node;
using scenario::NodeType;
using scenario::Scenario;

void NetworkSnapshot::restore(Scenario& s) const {
    s.nodes = nodes;
    s.links = links;
    s.actions = actions;
    s.steps = steps;
}

std::optional<std::size_t> findNode(const Scenario& s, const std::string& id) {
    for (std::size_t i = 0; i < s.nodes.size(); ++i)
        if (s.nodes[i].id == id) return i;
    return std::nullopt;
}

namespace {

bool idUsed(const Scenario& s, const std::string& id) {
    return std::any_of(s.nodes.begin(), s.nodes.end(),
                       [&](const Node& n) { return n.id == id || n.hostname == id; });
}

bool ipUsed(const Scenario& s, std::uint32_t ip) {
    return std::any_of(s.nodes.begin(), s.nodes.end(), [&](const Node& n) { return n.ip == ip; });
}

bool isLinkAction(const scenario::Action& a) {
    return a.type == ActionType::LinkDown || a.type == ActionType::LinkUp;
}

template <class T, class Pred>
void eraseIf(std::vector<T>& v, Pred pred) {
    v.erase(std::remove_if(v.begin(), v.end(), pred), v.end());
}

// Every place that names node `from` names `to` instead.
void renameNode(Scenario& s, const std::string& from, const std::string& to) {
    const auto swap = [&](std::string& ref) {
        if (ref == from) ref = to;
    };
    for (auto& l : s.links) {
        const bool defaultId = l.id == l.a + "--" + l.b;
        swap(l.a);
        swap(l.b);
        if (defaultId) {
            const std::string id = l.a + "--" + l.b;
            for (auto& a : s.actions)
                if (isLinkAction(a) && a.link == l.id) a.link = id;
            l.id = id;
        }
    }
    for (auto& n : s.nodes) {
        swap(n.resolver);
        swap(n.relayHost);
        swap(n.mailServer);
        for (auto& c : n.relayClients) swap(c);
        for (auto& a : n.accounts) {
            swap(a.server);
            swap(a.webmail);
        }
    }
    for (auto& a : s.actions) swap(a.node);
    for (auto& st : s.steps)
        if (st.when) swap(st.when->node);
}

}  // namespace

Node newNode(const Scenario& s, NodeType type, std::optional<MapPosition> position) {
    Node n;
    n.type = type;
    const std::string base = [&] {
        std::string name = scenario::nodeTypeName(type);
        std::replace(name.begin(), name.end(), '_', '-');
        return name;
    }();
    for (int i = 1;; ++i) {
        n.id = fmt::format("{}-{}", base, i);
        if (!idUsed(s, n.id)) break;
    }
    n.hostname = n.id;
    for (std::uint32_t net = 0; net < 256 && n.ip == 0; ++net)
        for (std::uint32_t host = 1; host < 255; ++host) {
            const std::uint32_t ip = (10u << 24) | (net << 8) | host;
            if (!ipUsed(s, ip)) {
                n.ip = ip;
                break;
            }
        }
    n.position = position;
    return n;
}

void AddNodeCommand::apply(Scenario& s) { s.nodes.push_back(m_node); }

void AddNodeCommand::revert(Scenario& s) { s.nodes.pop_back(); }

void RemoveNodeCommand::apply(Scenario& s) {
    m_before = NetworkSnapshot::of(s);
    const std::string id = s.nodes.at(m_index).id;
    m_id = id;
    s.nodes.erase(s.nodes.begin() + static_cast<std::ptrdiff_t>(m_index));
    std::vector<std::string> goneLinks;
    for (const auto& l : s.links)
        if (l.a == id || l.b == id) goneLinks.push_back(l.id);
    eraseIf(s.links, [&](const scenario::Link& l) { return l.a == id || l.b == id; });
    eraseIf(s.actions, [&](const scenario::Action& a) {
        return a.node == id ||
               (isLinkAction(a) && std::find(goneLinks.begin(), goneLinks.end(), a.link) != goneLinks.end());
    });
    eraseIf(s.steps, [&](const scenario::Step& st) { return st.when && st.when->node == id; });
    for (auto& n : s.nodes) {
        const auto clear = [&](std::string& ref) {
            if (ref == id) ref.clear();
        };
        clear(n.resolver);
        clear(n.relayHost);
        clear(n.mailServer);
        eraseIf(n.relayClients, [&](const std::string& c) { return c == id; });
        for (auto& a : n.accounts) {
            clear(a.server);
            clear(a.webmail);
        }
    }
}

void RemoveNodeCommand::revert(Scenario& s) { m_before.restore(s); }

void MoveNodeCommand::apply(Scenario& s) {
    auto& position = s.nodes.at(m_index).position;
    m_id = s.nodes[m_index].id;
    m_from = position;
    position = m_to;
}

void MoveNodeCommand::revert(Scenario& s) { s.nodes.at(m_index).position = m_from; }

bool MoveNodeCommand::absorb(EditCommand& next) {
    auto* move = dynamic_cast<MoveNodeCommand*>(&next);
    if (!m_dragging || !move || move->m_index != m_index) return false;
    m_to = move->m_to;
    m_dragging = move->m_dragging;
    return true;
}

void PlaceNodesCommand::apply(Scenario& s) {
    m_from.clear();
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        m_from.push_back(s.nodes[i].position);
        if (i < m_to.size()) s.nodes[i].position = m_to[i];
    }
}

void PlaceNodesCommand::revert(Scenario& s) {
    for (std::size_t i = 0; i < s.nodes.size() && i < m_from.size(); ++i) s.nodes[i].position = m_from[i];
}

scenario::Link newLink(const std::string& a, const std::string& b) {
    scenario::Link l;
    l.a = a;
    l.b = b;
    l.id = a + "--" + b;
    return l;
}

void AddLinkCommand::apply(Scenario& s) { s.links.push_back(m_link); }

void AddLinkCommand::revert(Scenario& s) { s.links.pop_back(); }

void RemoveLinkCommand::apply(Scenario& s) {
    m_before = NetworkSnapshot::of(s);
    const std::string id = s.links.at(m_index).id;
    m_id = id;
    s.links.erase(s.links.begin() + static_cast<std::ptrdiff_t>(m_index));
    eraseIf(s.actions, [&](const scenario::Action& a) { return isLinkAction(a) && a.link == id; });
}

void RemoveLinkCommand::revert(Scenario& s) { m_before.restore(s); }

void SetNodeCommand::apply(Scenario& s) {
    m_before = NetworkSnapshot::of(s);
    const std::string oldId = s.nodes.at(m_index).id;
    s.nodes[m_index] = m_after;
    if (oldId != m_after.id && !oldId.empty()) renameNode(s, oldId, m_after.id);
}

void SetNodeCommand::revert(Scenario& s) { m_before.restore(s); }

bool SetNodeCommand::absorb(EditCommand& next) {
    auto* set = dynamic_cast<SetNodeCommand*>(&next);
    if (m_field.empty() || !set || set->m_index != m_index || set->m_field != m_field) return false;
    m_after = set->m_after;
    return true;
}

void SetLinkCommand::apply(Scenario& s) {
    auto& link = s.links.at(m_index);
    m_before = link;
    m_actionsBefore = s.actions;
    if (m_after.id != link.id)
        for (auto& a : s.actions)
            if (isLinkAction(a) && a.link == link.id) a.link = m_after.id;
    link = m_after;
}

void SetLinkCommand::revert(Scenario& s) {
    s.links.at(m_index) = m_before;
    s.actions = m_actionsBefore;
}

bool SetLinkCommand::absorb(EditCommand& next) {
    auto* set = dynamic_cast<SetLinkCommand*>(&next);
    if (m_field.empty() || !set || set->m_index != m_index || set->m_field != m_field) return false;
    m_after = set->m_after;
    return true;
}

void SetLessonInfoCommand::apply(Scenario& s) {
    m_before = {s.title, s.description, s.seed};
    s.title = m_after.title;
    s.description = m_after.description;
    s.seed = m_after.seed;
}

void SetLessonInfoCommand::revert(Scenario& s) {
    s.title = m_before.title;
    s.description = m_before.description;
    s.seed = m_before.seed;
}

bool SetLessonInfoCommand::absorb(EditCommand& next) {
    auto* set = dynamic_cast<SetLessonInfoCommand*>(&next);
    if (m_field.empty() || !set || set->m_field != m_field) return false;
    m_after = set->m_after;
    return true;
}

}  // namespace postino::viz
