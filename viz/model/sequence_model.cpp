// SequenceModel: the trace's lines, DNS messages and TCP control segments merged into rows.
#include "sequence_model.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace postino::viz {

namespace {

// TCP control segments worth an arrow: SYN, SYN-ACK, FIN, RST, and the pure ACKs that finish
// the handshake or acknowledge a FIN (so the three-way handshake shows its three arrows).
struct TcpFollow {
    std::uint32_t expectAck[2] = {0, 0};  // per side (0 client, 1 server): the ack number that closes a step
    bool waiting[2] = {false, false};
};

}  // namespace

SpanX handshakeFrame(float laneA, float laneB, const std::vector<SpanX>& labels, float margin) {
    SpanX frame{std::min(laneA, laneB) - margin, std::max(laneA, laneB) + margin};
    for (const SpanX& l : labels) {
        frame.left = std::min(frame.left, l.left - margin);
        frame.right = std::max(frame.right, l.right + margin);
    }
    return frame;
}

SequenceModel::SequenceModel(const trace::Trace& t, bool tcp) : m_trace(&t), m_tcp(tcp) {
    std::vector<SequenceRow> lines, packets;
    lines.reserve(t.lines.size());
    for (std::uint32_t i = 0; i < t.lines.size(); ++i) {
        const trace::LineRecord& l = t.lines[i];
        if (l.connection == 0 || l.connection > t.connections.size()) continue;
        const trace::ConnectionRecord& c = t.connection(l.connection);
        const trace::NodeIndex from = l.fromClient ? c.client : c.server, to = l.fromClient ? c.server : c.client;
        lines.push_back({l.time, i, l.connection, from, to, SequenceRowKind::Line, c.app});
    }
    std::map<std::uint32_t, trace::NodeIndex> byIp;
    for (trace::NodeIndex i = 0; i < t.nodes.size(); ++i) byIp.emplace(t.nodes[i].ip, i);
    std::vector<TcpFollow> follow(tcp ? t.connections.size() + 1 : 0);
    for (std::uint32_t i = 0; i < t.packets.size(); ++i) {
        const trace::PacketRecord& r = t.packets[i];
        const net::Packet& p = r.packet;
        if (p.app == net::AppProtocol::Dns) {
            const auto to = byIp.find(p.dstIp);
            if (to == byIp.end() || to->second == r.origin) continue;
            packets.push_back({r.sent, i, 0, r.origin, to->second, SequenceRowKind::Dns, net::AppProtocol::Dns});
            continue;
        }
        if (!tcp || p.transport != net::Transport::Tcp || p.connection == 0 || p.connection > t.connections.size())
            continue;
        const trace::ConnectionRecord& c = t.connection(p.connection);
        const int side = r.origin == c.client ? 0 : 1;
        TcpFollow& f = follow[p.connection];
        using namespace net::tcpflag;
        bool show = (p.flags & (Syn | Fin | Rst)) != 0;
        // A pure ACK is drawn when it is the one the peer waits for; any segment carrying that ack ends the wait.
        if (f.waiting[side] && (p.flags & Ack) && p.ack == f.expectAck[side]) {
            if (p.flags == Ack && p.payload.empty()) show = true;
            f.waiting[side] = false;
        }
        const int peer = 1 - side;
        if ((p.flags & Syn) && (p.flags & Ack)) f.expectAck[peer] = p.seq + 1, f.waiting[peer] = true;
        if (p.flags & Fin)
            f.expectAck[peer] = p.seq + static_cast<std::uint32_t>(p.payload.size()) + 1, f.waiting[peer] = true;
        if (show && p.app == net::AppProtocol::TcpControl)
            packets.push_back({r.sent, i, p.connection, r.origin, side == 0 ? c.server : c.client, SequenceRowKind::Tcp,
                               net::AppProtocol::TcpControl});
    }
    const auto byTime = [](const SequenceRow& a, const SequenceRow& b) { return a.time < b.time; };
    m_rows.reserve(lines.size() + packets.size());
    if (std::is_sorted(lines.begin(), lines.end(), byTime) && std::is_sorted(packets.begin(), packets.end(), byTime)) {
        // At equal times a line comes before the segment sent with it (the last reply before the FIN).
        std::merge(lines.begin(), lines.end(), packets.begin(), packets.end(), std::back_inserter(m_rows), byTime);
    } else {
        m_rows.insert(m_rows.end(), lines.begin(), lines.end());
        m_rows.insert(m_rows.end(), packets.begin(), packets.end());
        std::stable_sort(m_rows.begin(), m_rows.end(), byTime);
    }
    std::vector<std::uint8_t> talks(t.nodes.size(), 0);
    for (const SequenceRow& row : m_rows) talks[row.from] = talks[row.to] = 1;
    for (trace::NodeIndex i = 0; i < talks.size(); ++i)
        if (talks[i]) m_participants.push_back(i);

    // Handshakes: per connection, its SYN, then the SYN-ACK, then the pure ACK drawn after it.
    struct Open {
        std::size_t syn = SIZE_MAX, synAck = SIZE_MAX;
    };
    std::map<std::uint32_t, Open> open;
    m_handshakeOfRow.assign(m_rows.size(), -1);
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        const SequenceRow& row = m_rows[r];
        if (row.kind != SequenceRowKind::Tcp) continue;
        const std::uint8_t flags = t.packets[row.ref].packet.flags;
        using namespace net::tcpflag;
        Open& o = open[row.connection];
        if ((flags & Syn) && !(flags & Ack)) {
            o = Open{r, SIZE_MAX};
        } else if ((flags & Syn) && (flags & Ack)) {
            if (o.syn != SIZE_MAX) o.synAck = r;
        } else if (flags == Ack && o.synAck != SIZE_MAX) {
            m_handshakes.push_back({row.connection, o.syn, o.synAck, r});
            o = Open{};
        }
    }
    std::sort(m_handshakes.begin(), m_handshakes.end(),
              [](const HandshakeGroup& a, const HandshakeGroup& b) { return a.syn < b.syn; });
    for (std::size_t g = 0; g < m_handshakes.size(); ++g)
        for (const std::size_t r : {m_handshakes[g].syn, m_handshakes[g].synAck, m_handshakes[g].ack})
            m_handshakeOfRow[r] = static_cast<std::int32_t>(g);
}

std::vector<trace::NodeIndex> SequenceModel::lifelines(const std::function<float(trace::NodeIndex)>& x) const {
    std::vector<trace::NodeIndex> lanes = m_participants;
    std::stable_sort(lanes.begin(), lanes.end(), [&](trace::NodeIndex a, trace::NodeIndex b) { return x(a) < x(b); });
    return lanes;
}

const HandshakeGroup* SequenceModel::handshakeOf(std::size_t row) const {
    if (row >= m_handshakeOfRow.size() || m_handshakeOfRow[row] < 0) return nullptr;
    return &m_handshakes[static_cast<std::size_t>(m_handshakeOfRow[row])];
}

std::size_t SequenceModel::rowsUpTo(Time now) const {
    return static_cast<std::size_t>(
        std::partition_point(m_rows.begin(), m_rows.end(), [&](const SequenceRow& r) { return r.time <= now; }) -
        m_rows.begin());
}

std::string SequenceModel::text(const SequenceRow& row) const {
    std::string text =
        row.kind == SequenceRowKind::Line ? m_trace->lines[row.ref].text : m_trace->packets[row.ref].packet.summary;
    std::replace(text.begin(), text.end(), '\t', ' ');
    return text;
}

std::optional<std::uint64_t> SequenceModel::packetOf(const SequenceRow& row) const {
    if (row.kind != SequenceRowKind::Line) return row.ref;
    const auto& packets = m_trace->packets;
    const auto first = std::partition_point(packets.begin(), packets.end(),
                                            [&](const trace::PacketRecord& p) { return p.sent < row.time; });
    for (auto it = first; it != packets.end() && it->sent == row.time; ++it)
        if (it->packet.connection == row.connection && it->origin == row.from && !it->packet.payload.empty())
            return static_cast<std::uint64_t>(it - packets.begin());
    return std::nullopt;
}

}  // namespace postino::viz
