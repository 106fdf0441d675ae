#include "nodes/node.h"

namespace postino::world {

Node::Node(std::unique_ptr<NodeContext> context)
    : m_context(std::move(context)),
      m_spec(m_context->self()),
      m_index(m_context->index()),
      m_stack(m_context->stack()) {}

void Node::perform(const scenario::Action& action) {
    if (action.type == scenario::ActionType::NodeDown) {
        if (m_down) return;
        setDown(true);
        event(trace::EventKind::Outage, trace::phrase("{} is switched off", m_spec.id));
        if (action.duration)
            sim().after(*action.duration, [this] {
                if (!m_down) return;
                setDown(false);
                event(trace::EventKind::Outage, trace::phrase("{} is back on", m_spec.id));
            });
    } else if (action.type == scenario::ActionType::NodeUp) {
        if (!m_down) return;
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
    // TODO(issue 9): the network drops its packets and the stack forgets its connections.
}

}  // namespace postino::world
