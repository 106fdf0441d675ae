#include "model/scene_state.h"

#include "model/packet_label.h"

#include <algorithm>

namespace postino::viz {

std::span<const MailboxBadge> SceneState::badgesOf(trace::NodeIndex node) const {
    const auto first = std::partition_point(badges.begin(), badges.end(),
                                            [node](const MailboxBadge& b) { return b.node < node; });
    const auto last = std::partition_point(first, badges.end(),
                                           [node](const MailboxBadge& b) { return b.node == node; });
    return {first, last};
}

int SceneState::mailboxCount(trace::NodeIndex node, std::string_view address) const {
    for (const MailboxBadge& b : badgesOf(node))
        if (b.mailbox == address) return b.count;
    return -1;
}

const SceneState& SceneBuilder::build(Time t) {
    const trace::Trace& trace = m_index->trace();
    SceneState& s = m_state;
    s.time = t;

    m_index->hopsInFlight(t, m_hops);
    s.packets.resize(m_hops.size());  // keeps the label buffers of earlier frames
    s.nodeActive.assign(trace.nodes.size(), 0);
    for (std::size_t i = 0; i < m_hops.size(); ++i) {
        const trace::HopRecord& hop = trace.hops[m_hops[i]];
        const net::Packet& packet = trace.packets[hop.packetId].packet;
        PacketInFlight& p = s.packets[i];
        p.hop = m_hops[i];
        p.packetId = hop.packetId;
        p.from = hop.from;
        p.to = hop.to;
        p.link = hop.link;
        p.progress = static_cast<double>((t - hop.start).ns()) / static_cast<double>((hop.arrival - hop.start).ns());
        p.app = packet.app;
        p.connection = packet.connection;
        packetLabel(packet, p.label);
        p.summary = packet.summary;
        if (hop.from < s.nodeActive.size()) s.nodeActive[hop.from] = 1;
        if (hop.to < s.nodeActive.size()) s.nodeActive[hop.to] = 1;
    }

    const MailboxHistory& mailboxes = m_index->mailboxes();
    mailboxes.countsAt(t, m_counts);
    s.badges.clear();
    const auto keys = mailboxes.keys();
    for (std::size_t k = 0; k < keys.size(); ++k)
        if (m_counts[k] >= 0) s.badges.push_back({keys[k].node, keys[k].address, m_counts[k]});

    s.currentEvent = m_index->lastEventAt(t);
    s.linesShown = m_index->linesUpTo(t);
    m_index->connectionsOpen(t, s.openConnections);
    return s;
}

SceneState stateAt(const TraceIndex& index, Time t) {
    SceneBuilder builder(index);
    builder.build(t);
    return builder.state();
}

}  // namespace postino::viz
