#include "nodes/node.h"

#include "world/world.h"

namespace postino::world {

Node::Node(World& world, const scenario::Node& spec, net::NodeIndex index)
    : m_world(world), m_spec(spec), m_index(index), m_stack(world.sim(), world.network(), world.trace(), index) {}

Simulator& Node::sim() { return m_world.sim(); }
trace::Trace& Node::trace() { return m_world.trace(); }

void Node::perform(const scenario::Action& action) {
    if (action.type == scenario::ActionType::NodeDown) {
        if (m_down) return;
        setDown(true);
        event(trace::EventKind::Outage, trace::phrase("{} is switched off", m_spec.id));
        if (action.duration)
            m_backOn = sim().after(*action.duration, [this] {
                if (!m_down) return;
                setDown(false);
                event(trace::EventKind::Outage, trace::phrase("{} is back on", m_spec.id));
            });
    } else if (action.type == scenario::ActionType::NodeUp) {
        if (!m_down) return;
        sim().cancel(m_backOn);  // a later node_down starts its own time
        setDown(false);
        event(trace::EventKind::Outage, trace::phrase("{} is back on", m_spec.id));
    }
}

bool Node::handledWhileDown(const scenario::Action& action) {
    if (action.type == scenario::ActionType::NodeDown || action.type == scenario::ActionType::NodeUp) {
        Node::perform(action);
        return true;
    }
    if (!m_down) return false;
    event(trace::EventKind::Note, trace::phrase("{} is switched off: it cannot do what the lesson asks now", m_spec.id));
    return true;
}

void Node::setDown(bool down) {
    m_down = down;
    // Off: the network neither delivers to it nor takes from it, and its connections vanish
    // (their owners hear "host went down"). Its listeners answer again once it is back.
    m_world.network().setNodeUp(m_index, !down);
    if (down) m_stack.reset();
}

void Node::event(trace::EventKind kind, trace::Phrase text, std::uint32_t connection, std::string messageId) {
    trace::Event e;
    e.time = sim().now();
    e.kind = kind;
    e.node = m_index;
    e.connection = connection;
    e.messageId = std::move(messageId);
    e.setPhrase(std::move(text));
    trace().events.push_back(std::move(e));
}

void Node::recordLines(std::uint32_t connection, bool fromClient, std::string_view bytes) {
    std::size_t start = 0;
    while (start < bytes.size()) {
        std::size_t end = bytes.find("\r\n", start);
        const std::size_t stop = end == std::string_view::npos ? bytes.size() : end;
        trace().lines.push_back({sim().now(), connection, fromClient, std::string(bytes.substr(start, stop - start))});
        start = end == std::string_view::npos ? bytes.size() : end + 2;
    }
}

}  // namespace postino::world
