#include "model/tls_packets.h"

#include <algorithm>
#include <optional>

namespace postino::viz {

namespace {

// A text protocol's line never starts with these bytes; a TLS record always does: a type from
// change_cipher_spec to application_data, then a 3.x version (RFC 8446 §5.1).
bool startsWithRecord(std::string_view payload) {
    if (payload.size() < 3) return false;
    const auto type = static_cast<std::uint8_t>(payload[0]);
    return type >= 20 && type <= 23 && payload[1] == 3 && static_cast<std::uint8_t>(payload[2]) <= 4;
}

bool fromClientOf(const trace::Trace& t, const net::Packet& p) {
    if (p.connection == 0 || p.connection > t.connections.size()) return true;
    const trace::ConnectionRecord& c = t.connections[p.connection - 1];
    return p.srcIp == c.clientIp && p.srcPort == c.clientPort;
}

// One direction of one connection: its data segments by stream offset.
struct Direction {
    std::optional<std::uint32_t> isn;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> segments;  // (offset, packet)
    std::vector<std::uint64_t> writes;  // each write's first segment, in stream order
    std::vector<std::uint32_t> lines;   // its lines marked tls (indices into Trace::lines), in order
};

}  // namespace

TlsPackets::TlsPackets(const trace::Trace& trace) {
    const std::size_t n = trace.packets.size();
    // Only the connections where some write starts with a record are read (a run without TLS
    // costs one look at each packet).
    std::vector<std::uint8_t> maybeTls(trace.connections.size() + 1, 0);
    for (const trace::PacketRecord& r : trace.packets) {
        const net::Packet& p = r.packet;
        if (p.transport == net::Transport::Tcp && p.connection < maybeTls.size() && p.segIndex <= 1 &&
            startsWithRecord(p.payload))
            maybeTls[p.connection] = 1;
    }
    if (std::find(maybeTls.begin() + 1, maybeTls.end(), 1) == maybeTls.end()) return;

    m_secrecy.assign(n, static_cast<std::uint8_t>(PacketSecrecy::Plain));
    m_writeStart.resize(n);
    for (std::size_t i = 0; i < n; ++i) m_writeStart[i] = i;

    std::vector<Direction> directions((trace.connections.size() + 1) * 2);
    for (std::uint64_t i = 0; i < n; ++i) {
        const net::Packet& p = trace.packets[i].packet;
        if (p.transport != net::Transport::Tcp || p.connection == 0 || p.connection > trace.connections.size() ||
            !maybeTls[p.connection])
            continue;
        Direction& d = directions[p.connection * 2 + (fromClientOf(trace, p) ? 1 : 0)];
        if (p.flags & net::tcpflag::Syn) d.isn = p.seq;
        if (!p.payload.empty() && d.isn) d.segments.emplace_back(static_cast<std::uint32_t>(p.seq - *d.isn - 1), i);
    }

    // Per packet: its record parts, gathered before they go into the flat m_parts.
    std::vector<std::vector<TlsRecordPart>> parts(n);
    std::vector<std::uint8_t> writeTls(n, 0), writeClear(n, 0);
    for (Direction& d : directions) {
        if (d.segments.empty()) continue;
        std::stable_sort(d.segments.begin(), d.segments.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        // The stream in order, each byte once (a retransmission repeats bytes already read).
        std::uint64_t streamEnd = 0, writeStart = d.segments.front().second;
        std::optional<std::uint64_t> tlsStart;
        std::string tlsBytes;
        std::vector<tls::TlsRecordInfo> records;
        tls::TlsRecordReader reader(true);
        bool gap = false;
        std::vector<std::pair<std::uint64_t, std::uint64_t>> firstAt;  // (offset, write start) of first transmissions
        for (const auto& [offset, packet] : d.segments) {
            const net::Packet& p = trace.packets[packet].packet;
            if (offset < streamEnd) {  // sent again: the same write as the first time
                const auto it = std::lower_bound(firstAt.begin(), firstAt.end(), std::make_pair(offset, std::uint64_t{0}));
                if (it != firstAt.end() && it->first == offset) m_writeStart[packet] = it->second;
                continue;
            }
            if (offset > streamEnd) gap = true;  // bytes never seen: the records stop being readable
            if (p.segIndex <= 1 || d.writes.empty()) d.writes.push_back(writeStart = packet);
            m_writeStart[packet] = writeStart;
            firstAt.emplace_back(offset, writeStart);
            if (!tlsStart && !gap && p.segIndex <= 1 && startsWithRecord(p.payload)) tlsStart = offset;
            if (tlsStart && !gap) {
                reader.feed(p.payload, records);
                tlsBytes += p.payload;
            }
            streamEnd = offset + p.payload.size();
        }
        if (!tlsStart) continue;
        m_any = true;
        std::vector<std::string> names(records.size());
        for (std::size_t r = 0; r < records.size(); ++r)
            if (!records[r].encrypted && records[r].contentType == 22 && !records[r].handshakeTypes.empty() &&
                records[r].handshakeTypes.front() == 1 && records[r].offset + 5 <= tlsBytes.size())
                names[r] = tls::clientHelloServerName(std::string_view(tlsBytes).substr(records[r].offset + 5, records[r].length));
        for (const auto& [segmentOffset, packet] : d.segments) {
            const std::uint64_t offset = segmentOffset;  // a plain variable: clang 14 cannot capture a binding
            const std::uint64_t end = offset + trace.packets[packet].packet.payload.size();
            // The first record ending after this segment's start, then on while they begin before its end.
            auto it = std::partition_point(records.begin(), records.end(), [&](const tls::TlsRecordInfo& r) {
                return *tlsStart + r.offset + 5 + r.length <= offset;
            });
            for (; it != records.end() && *tlsStart + it->offset < end; ++it) {
                const std::uint64_t s = *tlsStart + it->offset, e = s + 5 + it->length;
                TlsRecordPart part;
                part.record = *it;
                part.from = static_cast<std::uint32_t>(std::max(s, offset) - offset);
                part.to = static_cast<std::uint32_t>(std::min(e, end) - offset);
                part.startsHere = s >= offset;
                part.endsHere = e <= end;
                if (part.startsHere && part.endsHere) part.serverName = names[static_cast<std::size_t>(it - records.begin())];
                const std::uint64_t w = m_writeStart[packet];
                writeTls[w] = 1;
                if (!it->encrypted) writeClear[w] = 1;
                parts[packet].push_back(std::move(part));
            }
        }
    }

    m_partsAt.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        m_partsAt[i] = static_cast<std::uint32_t>(m_parts.size());
        for (TlsRecordPart& part : parts[i]) m_parts.push_back(std::move(part));
        const std::uint64_t w = m_writeStart[i];
        if (writeTls[w])
            m_secrecy[i] = static_cast<std::uint8_t>(writeClear[w] ? PacketSecrecy::Handshake : PacketSecrecy::Encrypted);
    }
    m_partsAt[n] = static_cast<std::uint32_t>(m_parts.size());

    // What each encrypted write carried: the direction's lines marked tls, in order, each going
    // to the first encrypted write sent at or after it (a line written while the handshake
    // still ran waits in TLS for its end; a write with no line, an alert, takes none).
    for (std::uint32_t i = 0; i < trace.lines.size(); ++i) {
        const trace::LineRecord& l = trace.lines[i];
        if (l.tls && l.connection > 0 && l.connection < maybeTls.size() && maybeTls[l.connection])
            directions[l.connection * 2 + (l.fromClient ? 1 : 0)].lines.push_back(i);
    }
    m_linesFrom.assign(n, 0);
    m_linesTo.assign(n, 0);
    for (const Direction& d : directions) {
        std::size_t next = 0;
        for (const std::uint64_t w : d.writes) {
            if (secrecy(w) != PacketSecrecy::Encrypted) continue;
            m_linesFrom[w] = static_cast<std::uint32_t>(m_lineIds.size());
            for (; next < d.lines.size() && trace.lines[d.lines[next]].time <= trace.packets[w].sent; ++next)
                m_lineIds.push_back(d.lines[next]);
            m_linesTo[w] = static_cast<std::uint32_t>(m_lineIds.size());
        }
    }
}

std::vector<TlsRecordPart> TlsPackets::records(std::uint64_t packet) const {
    if (packet + 1 >= m_partsAt.size()) return {};
    return {m_parts.begin() + m_partsAt[packet], m_parts.begin() + m_partsAt[packet + 1]};
}

std::vector<std::uint32_t> TlsPackets::linesInside(std::uint64_t packet) const {
    if (secrecy(packet) != PacketSecrecy::Encrypted) return {};
    const std::uint64_t w = m_writeStart[packet];
    return {m_lineIds.begin() + m_linesFrom[w], m_lineIds.begin() + m_linesTo[w]};
}

}  // namespace postino::viz
