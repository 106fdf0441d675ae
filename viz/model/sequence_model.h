// The sequence diagram's content, computed from the trace's typed records: one time-ordered row
// per arrow (a protocol line, a DNS message, a TCP control segment worth drawing), the nodes that
// talk (the lifelines, with their full names) and each connection's opening handshake as a group.
// No ImGui, no pixels: viz/app/sequence_panel.cpp only draws what this says.
#pragma once

#include "net/packet.h"
#include "trace/trace.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace postino::viz {

enum class SequenceRowKind : std::uint8_t { Line, Dns, Tcp };

// One arrow: a protocol line, a DNS message or a TCP control segment, from one node to another.
struct SequenceRow {
    Time time;
    std::uint32_t ref = 0;         // index into Trace::lines (Line) or Trace::packets (Dns, Tcp)
    std::uint32_t connection = 0;  // 0: none (DNS)
    trace::NodeIndex from = 0, to = 0;
    SequenceRowKind kind = SequenceRowKind::Line;
    net::AppProtocol app = net::AppProtocol::Other;
};

// A connection's three-way handshake: the rows of its SYN, SYN-ACK and the ACK that completes it.
struct HandshakeGroup {
    std::uint32_t connection = 0;
    std::size_t syn = 0, synAck = 0, ack = 0;  // row indices, in this order
};

// A horizontal extent on screen, left <= right.
struct SpanX {
    float left = 0, right = 0;
};

// Where a handshake's frame runs: around both lifelines, `margin` beyond them, and wider still
// where one of its rows' labels reaches further, so the frame always holds its text.
SpanX handshakeFrame(float laneA, float laneB, const std::vector<SpanX>& labels, float margin);

class SequenceModel {
public:
    // `tcp`: with the TCP control segments (SYN, SYN-ACK, FIN, RST and the ACKs that answer them).
    SequenceModel(const trace::Trace& t, bool tcp);

    const trace::Trace& trace() const { return *m_trace; }
    bool withTcp() const { return m_tcp; }
    const std::vector<SequenceRow>& rows() const { return m_rows; }
    // The nodes that send or receive a row, in node order (one lifeline each).
    const std::vector<trace::NodeIndex>& participants() const { return m_participants; }
    // The lifeline's name: the node's id in the scenario, whole ("alice-laptop").
    const std::string& name(trace::NodeIndex node) const { return m_trace->nodes[node].id; }
    // The participants ordered left to right by `x` (the map's x), ties in node order.
    std::vector<trace::NodeIndex> lifelines(const std::function<float(trace::NodeIndex)>& x) const;
    // Every complete handshake (only with TCP shown), in the order of their SYNs.
    const std::vector<HandshakeGroup>& handshakes() const { return m_handshakes; }
    // The handshake a row belongs to, if any.
    const HandshakeGroup* handshakeOf(std::size_t row) const;

    // How many rows have happened at `now` (rows at `now` included).
    std::size_t rowsUpTo(Time now) const;
    // The row's text as written on the wire, tabs shown as one space.
    std::string text(const SequenceRow& row) const;
    // The packet that carries a row: its own for DNS and TCP; for a line, the first segment of
    // that connection and side sent at the line's time (none when the write waited for the window).
    std::optional<std::uint64_t> packetOf(const SequenceRow& row) const;

private:
    const trace::Trace* m_trace;
    bool m_tcp;
    std::vector<SequenceRow> m_rows;
    std::vector<trace::NodeIndex> m_participants;
    std::vector<HandshakeGroup> m_handshakes;
    std::vector<std::int32_t> m_handshakeOfRow;  // per row: index into m_handshakes, -1 none
};

}  // namespace postino::viz
