#include "model/scene_state.h"

#include "model/packet_label.h"

#include <algorithm>

namespace postino::viz {

std::span<const MailboxBadge> SceneState::badgesOf(trace::NodeIndex node) const {
    const auto first = std::partition_point(badges.begin(), badges.end(),
                                            [node](const MailboxBadge& b) { return b.node < node; });
    const auto last = std::partition_point(first, badges.end(),
                                           [node](const MailboxBadge& b) { return b.node == node; });
    // Pointer and count: the browser build's libc++ has no span from two iterators.
    return {badges.data() + (first - badges.begin()), static_cast<std::size_t>(last - first)};
}

int SceneState::mailboxCount(trace::NodeIndex node, std::string_view address) const {
    for (const MailboxBadge& b : badgesOf(node))
        if (b.mailbox == address) return b.count;
    return -1;
}

const QueueCount* SceneState::queueOf(trace::NodeIndex node) const {
    const auto it = std::partition_point(queues.begin(), queues.end(), [node](const QueueCount& q) { return q.node < node; });
    return it != queues.end() && it->node == node ? &*it : nullptr;
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
        packetLabel(packet, trace.caption(packet.caption), p.label);
        p.summary = packet.summary;
        p.bounce = m_index->isBounceConnection(packet.connection);
        p.secrecy = m_index->tls().secrecy(hop.packetId);
        if (hop.from < s.nodeActive.size()) s.nodeActive[hop.from] = 1;
        if (hop.to < s.nodeActive.size()) s.nodeActive[hop.to] = 1;
    }

    const MailboxHistory& mailboxes = m_index->mailboxes();
    mailboxes.countsAt(t, m_counts);
    s.badges.clear();
    const auto keys = mailboxes.keys();
    const OutageHistory& outages = m_index->outages();
    for (std::size_t k = 0; k < keys.size(); ++k)
        if (m_counts[k] >= 0)
            s.badges.push_back({keys[k].node, keys[k].address, m_counts[k],
                                outages.anyNodeChange() && outages.mailboxFull(keys[k].node, keys[k].address, t)});

    m_index->queues().mailsAt(t, s.queuedMails);
    m_index->whereabouts().staysAt(t, s.mailStays);
    QueueHistory::countsOf(s.queuedMails, s.queues);
    s.conditions.assign(trace.nodes.size(), NodeCondition{});
    if (outages.anyNodeChange())
        for (std::size_t n = 0; n < s.conditions.size(); ++n) {
            const auto node = static_cast<trace::NodeIndex>(n);
            s.conditions[n] = {outages.nodeOff(node, t), outages.smtpError(node, t)};
        }
    s.linkCut.assign(trace.links.size(), 0);
    if (outages.anyLinkChange())
        for (std::size_t l = 0; l < s.linkCut.size(); ++l)
            s.linkCut[l] = m_index->linkStates().linkUp(static_cast<std::uint32_t>(l), t) ? 0 : 1;

    s.currentEvent = m_index->lastEventAt(t);
    s.linesShown = m_index->linesUpTo(t);
    s.talking = s.linesShown > 0 && s.linesShown <= trace.lines.size() ? trace.lines[s.linesShown - 1].connection : 0;
    m_index->connectionsOpen(t, s.openConnections);
    return s;
}

SceneState stateAt(const TraceIndex& index, Time t) {
    SceneBuilder builder(index);
    builder.build(t);
    return builder.state();
}

}  // namespace postino::viz
