#include "nodes/node_context.h"

#include "core/calendar.h"

#include <utility>

namespace postino::world {

NodeContext::NodeContext(Simulator& sim, net::Network& network, trace::Trace& trace, const scenario::Node& self,
                         net::NodeIndex index, HostSettings settings)
    : m_sim(sim),
      m_trace(trace),
      m_self(self),
      m_index(index),
      m_stack(sim, network, trace, index),
      m_settings(std::move(settings)),
      m_power([&network, index](bool on) { network.setNodeUp(index, on); }) {}

void NodeContext::event(trace::EventKind kind, trace::Phrase text, std::uint32_t connection, std::string messageId) {
    trace::Event e;
    e.time = m_sim.now();
    e.kind = kind;
    e.node = m_index;
    e.connection = connection;
    e.messageId = std::move(messageId);
    e.setPhrase(std::move(text));
    m_trace.events.push_back(std::move(e));
}

void NodeContext::recordLines(std::uint32_t connection, bool fromClient, std::string_view bytes, bool tls) {
    std::size_t start = 0;
    while (start < bytes.size()) {
        std::size_t end = bytes.find("\r\n", start);
        const std::size_t stop = end == std::string_view::npos ? bytes.size() : end;
        m_trace.lines.push_back({m_sim.now(), connection, fromClient, std::string(bytes.substr(start, stop - start)), tls});
        start = end == std::string_view::npos ? bytes.size() : end + 2;
    }
}

std::int64_t NodeContext::unixNow() const {
    return unixSeconds(m_sim.now());
}

std::string NodeContext::peerHostname(const std::string& nodeId) const {
    auto it = m_settings.peerHostnames.find(nodeId);
    return it == m_settings.peerHostnames.end() ? std::string() : it->second;
}

std::optional<std::uint32_t> NodeContext::hostsEntry(const std::string& hostname) const {
    if (m_settings.nameserver) return std::nullopt;
    auto it = m_settings.hosts.find(hostname);
    if (it == m_settings.hosts.end()) return std::nullopt;
    return it->second;
}

}  // namespace postino::world
