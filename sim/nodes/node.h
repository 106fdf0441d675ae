// Base of every simulated node: it owns the node's NodeContext (clock, stack, trace writer,
// its own configuration and the names of its configured peers) and knows nothing else of the
// world. Subclasses compose protocol engines; this base speaks no protocol.
#pragma once

#include "core/simulator.h"
#include "net/host_stack.h"
#include "nodes/node_context.h"
#include "scenario/scenario.h"
#include "trace/trace.h"

#include <memory>
#include <string>
#include <string_view>

namespace postino::world {

class Node {
public:
    explicit Node(std::unique_ptr<NodeContext> context);
    virtual ~Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    // Called once, after every node exists and routes are computed.
    virtual void start() {}
    // A scenario action addressed to this node, at its time. The base takes node_down and
    // node_up (every host can be switched off); a role adds what it does.
    virtual void perform(const scenario::Action& action);
    bool isDown() const { return m_down; }
    // For a role's perform: takes node_down / node_up, and any action while the node is off
    // (nothing happens, the trace says so). True when the action was taken here.
    bool handledWhileDown(const scenario::Action& action);

    const scenario::Node& spec() const { return m_spec; }
    net::NodeIndex index() const { return m_index; }
    net::HostStack& stack() { return m_stack; }

    Simulator& sim() { return m_context->sim(); }
    trace::Trace& trace() { return m_context->trace(); }
    NodeContext& context() { return *m_context; }
    // A teaching event in words that can be translated: event(kind, trace::phrase("...", args...)).
    void event(trace::EventKind kind, trace::Phrase text, std::uint32_t connection = 0, std::string messageId = {}) {
        m_context->event(kind, std::move(text), connection, std::move(messageId));
    }
    // Text from elsewhere (a server's reply...): printed as it is, never translated.
    void event(trace::EventKind kind, std::string text, std::uint32_t connection = 0, std::string messageId = {}) {
        event(kind, trace::untranslated(std::move(text)), connection, std::move(messageId));
    }
    // Records the CRLF lines of bytes written on a connection.
    void recordLines(std::uint32_t connection, bool fromClient, std::string_view bytes, bool tls = false) {
        m_context->recordLines(connection, fromClient, bytes, tls);
    }

protected:
    // Switches the host off (its connections vanish, nothing is sent or received) or on.
    virtual void setDown(bool down);

    std::unique_ptr<NodeContext> m_context;
    const scenario::Node& m_spec;
    net::NodeIndex m_index;
    net::HostStack& m_stack;
    bool m_down = false;
    EventHandle m_backOn;  // node_down with a duration: when it comes back on
};

}  // namespace postino::world
