// What the world looks like at one simulated time t: packets in flight with their progress (bounces
// marked), mailbox badges, mail queues, what is broken (nodes off, SMTP errors, full mailboxes, cut
// links), the current event, lines shown, open connections, busy nodes. No drawing, no clock.
#pragma once

#include "core/time.h"
#include "model/trace_index.h"
#include "net/packet.h"
#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace postino::viz {

struct PacketInFlight {
    std::uint32_t hop = 0;  // index into Trace::hops
    std::uint64_t packetId = 0;
    trace::NodeIndex from = 0, to = 0;
    std::uint32_t link = 0;
    double progress = 0;  // (t - start) / (arrival - start), in [0, 1)
    net::AppProtocol app = net::AppProtocol::Other;
    std::uint32_t connection = 0;  // 0: none
    std::string label;             // "SMTP 3/12", "DNS", "SYN"
    std::string_view summary;      // the packet's Wireshark-like summary (points into the trace)
    bool bounce = false;           // on a connection that carries a bounce (MAIL FROM:<>)
    PacketSecrecy secrecy = PacketSecrecy::Plain;  // TLS: a handshake write, or encrypted records only

    bool operator==(const PacketInFlight&) const = default;
};

struct MailboxBadge {
    trace::NodeIndex node = 0;
    std::string_view mailbox;  // address (points into the TraceIndex)
    int count = 0;             // messages in it at t
    bool full = false;         // a lesson made it full (mailbox_full) at t

    bool operator==(const MailboxBadge&) const = default;
};

// What is wrong with one node at t.
struct NodeCondition {
    bool off = false;   // switched off (node_down)
    int smtpError = 0;  // a mail server answering every SMTP client with this code; 0: normal

    bool operator==(const NodeCondition&) const = default;
};

// Views into the trace and its index: both must outlive the state.
struct SceneState {
    Time time;
    std::vector<PacketInFlight> packets;      // ascending hop index
    std::vector<MailboxBadge> badges;         // mailboxes seen by t, ascending (node, address)
    std::int64_t currentEvent = -1;           // last event with time <= t, -1 if none
    std::size_t linesShown = 0;               // protocol lines with time <= t
    std::uint32_t talking = 0;                // the connection of the last line shown, 0 before any
    std::vector<std::uint32_t> openConnections;  // connection ids, ascending
    std::vector<std::uint8_t> nodeActive;     // per node: 1 when a packet in flight leaves or enters it
    std::vector<QueuedMailAt> queuedMails;    // mails in the servers' queues, by node then arrival
    std::vector<QueueCount> queues;           // servers holding mail at t, ascending node
    std::vector<std::uint32_t> mailStays;     // where the mails are: indices into whereabouts().stays()
    std::vector<NodeCondition> conditions;    // per node
    std::vector<std::uint8_t> linkCut;        // per link: 1 when it is cut at t

    std::span<const MailboxBadge> badgesOf(trace::NodeIndex node) const;
    const QueueCount* queueOf(trace::NodeIndex node) const;  // nullptr: nothing queued there
    int mailboxCount(trace::NodeIndex node, std::string_view address) const;  // -1 when unknown at t

    bool operator==(const SceneState&) const = default;
};

// Recomputes a SceneState for any t (forwards or backwards alike), reusing its buffers
// so a frame allocates nothing once warmed up.
class SceneBuilder {
public:
    explicit SceneBuilder(const TraceIndex& index) : m_index(&index) {}
    const SceneState& build(Time t);
    const SceneState& state() const { return m_state; }

private:
    const TraceIndex* m_index;
    SceneState m_state;
    std::vector<std::uint32_t> m_hops;
    std::vector<int> m_counts;
};

// One-off convenience: a fresh state for t.
SceneState stateAt(const TraceIndex& index, Time t);

}  // namespace postino::viz
