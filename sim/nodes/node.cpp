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
    context().setPower(!down);
    if (down) stack().reset();
}

}  // namespace postino::world
