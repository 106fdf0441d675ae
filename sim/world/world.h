// The World: builds the simulator, network and nodes from a Scenario,
// schedules the scenario's actions and runs them into a Trace.
// It owns everything a run needs; it prints nothing.
#pragma once

#include "core/simulator.h"
#include "net/network.h"
#include "scenario/scenario.h"
#include "trace/trace.h"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace postino::mail {
class MailStore;
}

namespace postino::world {

class Node;
class LessonTls;

class World {
public:
    explicit World(const scenario::Scenario& scenario);
    ~World();
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    // Runs events up to `until` (all of them by default).
    void run(Time until = Time::max());

    Simulator& sim() { return m_sim; }
    net::Network& network() { return m_network; }
    trace::Trace& trace() { return m_trace; }
    const trace::Trace& trace() const { return m_trace; }
    const scenario::Scenario& scenario() const { return m_scenario; }

    std::optional<net::NodeIndex> indexOf(const std::string& nodeId) const;
    Node& node(net::NodeIndex i) { return *m_nodes.at(i); }
    std::size_t nodeCount() const { return m_nodes.size(); }
    // The mail store of a mail server node; nullptr for other nodes.
    const mail::MailStore* storeOf(net::NodeIndex i) const;

private:
    void build();
    void scheduleActions();
    void performOnLink(const scenario::Action& action);  // link_down / link_up
    void setLink(std::uint32_t link, bool up);           // and says so in the trace

    scenario::Scenario m_scenario;
    std::unique_ptr<LessonTls> m_tls;  // the lesson CA and certificates (empty without TLS)
    Simulator m_sim;
    trace::Trace m_trace;
    net::Network m_network;
    std::vector<std::unique_ptr<Node>> m_nodes;
    std::unordered_map<std::string, net::NodeIndex> m_indexById;  // every node id: links and actions look up by id
};

}  // namespace postino::world
