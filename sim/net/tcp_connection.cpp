#include "net/tcp_connection.h"

#include "net/host_stack.h"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>

namespace postino::net {

namespace {
constexpr std::uint32_t kInitialWindowSegments = 10;  // RFC 6928
// Linux's tcp_syn_retries; the connect timeout (30 s) always ends the handshake first.
constexpr int kMaxSynRetransmissions = 6;
// RFC 6298's clock granularity G: the simulated clock counts nanoseconds; 1 ms like Linux.
constexpr Duration kClockGranularity = Duration::millis(1);

// a > b in sequence space (RFC 1982 style).
bool seqAfter(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) > 0; }

std::string firstLine(std::string_view payload) {
    std::size_t end = payload.find_first_of("\r\n");
    std::string_view line = payload.substr(0, end);
    if (line.size() > 72) return std::string(line.substr(0, 69)) + "...";
    return std::string(line);
}
}  // namespace

TcpConnection::TcpConnection(HostStack& stack, std::uint32_t traceId, bool isClient, std::uint16_t localPort,
                             std::uint32_t remoteIp, std::uint16_t remotePort, AppProtocol app, int pathMtu,
                             std::uint32_t iss)
    : m_stack(stack),
      m_traceId(traceId),
      m_isClient(isClient),
      m_localPort(localPort),
      m_remoteIp(remoteIp),
      m_remotePort(remotePort),
      m_app(app),
      m_ownMss(std::max(pathMtu - kIpv4Header - kTcpHeader, 88)),
      m_mss(m_ownMss),
      m_iss(iss) {}

TcpConnection::~TcpConnection() {
    m_stack.sim().cancel(m_connectTimer);
    m_stack.sim().cancel(m_timer);
}

void TcpConnection::fail(std::string_view why) {
    m_stack.sim().cancel(m_connectTimer);
    cancelTimer();
    m_state = TcpState::Closed;
    m_over = true;
    if (m_cb.onError) m_cb.onError(why);
    m_stack.onConnectionClosed(*this);
}

void TcpConnection::abort(std::string_view why) {
    m_stack.sim().cancel(m_connectTimer);
    cancelTimer();
    if (m_over) return;
    m_state = TcpState::Closed;
    m_over = true;
    if (m_cb.onError) m_cb.onError(why);
}

void TcpConnection::startActiveOpen() {
    m_connectTimer = m_stack.sim().after(kConnectTimeout, [this] {
        if (m_state == TcpState::SynSent) fail("connection timed out: nobody answered the SYN within 30 s");
    });
    m_state = TcpState::SynSent;
    m_sndUna = m_iss;
    m_sndNxt = m_iss;
    sendSegment(tcpflag::Syn, {}, 0, 0);
}

void TcpConnection::startPassiveOpen(const Packet& syn) {
    m_state = TcpState::SynReceived;
    m_irs = syn.seq;
    m_rcvNxt = syn.seq + 1;
    if (syn.mssOption) m_mss = std::min<int>(m_ownMss, syn.mssOption);
    m_peerWindow = syn.window;
    m_sndUna = m_iss;
    m_sndNxt = m_iss;
    sendSegment(tcpflag::Syn | tcpflag::Ack, {}, 0, 0);
}

void TcpConnection::send(std::string_view data, std::uint32_t caption) {
    if (data.empty() || m_closeRequested || m_state == TcpState::Closed) return;
    Write w;
    w.bytes.assign(data);
    w.caption = caption;
    w.segCount = static_cast<std::uint32_t>((data.size() + m_mss - 1) / m_mss);
    m_writes.push_back(std::move(w));
    if (m_state == TcpState::Established) flush();
}

void TcpConnection::close() {
    if (m_closeRequested || m_state == TcpState::Closed) return;
    m_closeRequested = true;
    if (m_state == TcpState::Established || m_state == TcpState::Closing) flush();
}

void TcpConnection::receive(const Packet& p) {
    if (m_state == TcpState::Closed) return;
    if (p.flags & tcpflag::Rst) {
        // Both sides had said goodbye (our last ACK was lost, the peer has forgotten us):
        // the reset only ends what was ending (RFC 9293 3.10.7.4, LAST-ACK).
        if (m_finSent && m_peerClosed) {
            m_finAcked = true;
            checkFullyClosed();
            return;
        }
        fail(m_state == TcpState::SynSent ? "connection refused" : "connection reset by peer");
        return;
    }
    if (m_state == TcpState::SynSent) {
        if ((p.flags & (tcpflag::Syn | tcpflag::Ack)) != (tcpflag::Syn | tcpflag::Ack) || p.ack != m_iss + 1) return;
        m_irs = p.seq;
        m_rcvNxt = p.seq + 1;
        m_sndUna = p.ack;
        m_peerWindow = p.window;
        if (p.mssOption) m_mss = std::min<int>(m_ownMss, p.mssOption);
        onAcknowledged();
        // RFC 5681 (3.1) and RFC 6298 (5.7): after a lost SYN, one segment and a 3 s RTO.
        m_cwnd = (m_handshakeRetransmitted ? 1 : kInitialWindowSegments) * m_mss;
        if (m_handshakeRetransmitted && !m_haveRtt) m_rto = kSynFallbackRto;
        m_state = TcpState::Established;
        m_stack.sim().cancel(m_connectTimer);
        sendSegment(tcpflag::Ack, {}, 0, 0);  // the third packet of the handshake, on its own
        if (m_cb.onConnected) m_cb.onConnected();
        flush();
        return;
    }
    if (m_state == TcpState::SynReceived) {
        if ((p.flags & tcpflag::Syn) && !(p.flags & tcpflag::Ack)) {
            // The client sent its SYN again: our SYN-ACK (or its copy) was lost.
            if (p.seq == m_irs && !m_unacked.empty()) {
                m_handshakeRetransmitted = true;
                retransmit(m_unacked.front());
            }
            return;
        }
        if (!(p.flags & tcpflag::Ack) || p.ack != m_iss + 1) return;
        m_sndUna = p.ack;
        m_peerWindow = p.window;
        onAcknowledged();
        m_cwnd = (m_handshakeRetransmitted ? 1 : kInitialWindowSegments) * m_mss;
        if (m_handshakeRetransmitted && !m_haveRtt) m_rto = kSynFallbackRto;
        m_state = TcpState::Established;
        m_stack.accepted(*this);
        if (m_cb.onConnected) m_cb.onConnected();
        // fall through: the ACK may carry data
    }
    if (m_state == TcpState::Closed) return;
    if (p.flags & tcpflag::Syn) {
        // The peer's SYN-ACK again: our ACK of it was lost. Acknowledge once more.
        m_ackPending = true;
        flush();
        return;
    }

    if (p.flags & tcpflag::Ack) {
        if (seqAfter(p.ack, m_sndUna) && !seqAfter(p.ack, m_sndNxt)) {
            const std::uint32_t acked = p.ack - m_sndUna;
            m_sndUna = p.ack;
            if (m_cwnd < m_ssthresh)
                m_cwnd += std::min<std::uint32_t>(acked, static_cast<std::uint32_t>(m_mss));  // slow start
            else
                m_cwnd += std::max<std::uint32_t>(1, static_cast<std::uint32_t>(m_mss) * m_mss / m_cwnd);
            onAcknowledged();
            if (m_finSent && m_sndUna == m_sndNxt) m_finAcked = true;
        }
        m_peerWindow = p.window;
    }
    if (!p.payload.empty()) {
        if (p.seq == m_rcvNxt && !m_peerClosed) {
            m_rcvNxt += static_cast<std::uint32_t>(p.payload.size());
            m_ackPending = true;
            if (m_cb.onData) m_cb.onData(p.payload);
        } else {
            // A copy of what we have, or beyond a gap (no out-of-order queue: it is dropped
            // and comes again): acknowledge what we have.
            m_ackPending = true;
        }
    }
    if (p.flags & tcpflag::Fin) {
        if (p.seq + p.payload.size() == m_rcvNxt && !m_peerClosed) {
            m_rcvNxt += 1;
            m_peerClosed = true;
            m_ackPending = true;
            if (m_state == TcpState::Established) m_state = TcpState::Closing;
            if (m_cb.onPeerClosed) m_cb.onPeerClosed();
        } else if (m_peerClosed) {
            m_ackPending = true;  // the FIN again: our ACK of it was lost
        }
    }
    if (m_state != TcpState::Closed) flush();
    checkFullyClosed();
}

void TcpConnection::onAcknowledged() {
    // Segments now wholly acknowledged leave the queue; the newest of them, if it was sent
    // only once, measures the round trip (Karn: a retransmitted one is ambiguous).
    std::size_t popped = 0;
    while (popped < m_unacked.size() && !seqAfter(m_unacked[popped].end(), m_sndUna)) ++popped;
    if (popped == 0) return;
    const bool clean = m_unacked[popped - 1].transmissions == 1;
    const Time sentAt = m_unacked[popped - 1].sentAt;
    if (popped == m_unacked.size())
        m_unacked.clear();  // the usual case: a reply acknowledges all
    else
        m_unacked.erase(m_unacked.begin(), m_unacked.begin() + static_cast<std::ptrdiff_t>(popped));
    if (clean) sampleRtt(m_stack.sim().now() - sentAt);
    m_resendNext = m_resendNext > popped ? m_resendNext - popped : 0;
    while (m_unsent > 0) {
        const Write& w = m_writes.front();
        if (seqAfter(w.firstSeq + static_cast<std::uint32_t>(w.bytes.size()), m_sndUna)) break;
        m_writes.pop_front();
        --m_unsent;
    }
    m_timeouts = 0;
    if (m_unacked.empty())
        stopTimer();  // RFC 6298 (5.2)
    else
        restartTimer();  // (5.3)
}

void TcpConnection::sampleRtt(Duration r) {
    // RFC 6298 (2.2), (2.3), K = 4, alpha = 1/8, beta = 1/4, in whole nanoseconds.
    if (!m_haveRtt) {
        m_srtt = r;
        m_rttvar = Duration::nanos(r.ns() / 2);
        m_haveRtt = true;
    } else {
        const std::int64_t delta = std::abs(m_srtt.ns() - r.ns());
        m_rttvar = Duration::nanos((3 * m_rttvar.ns() + delta) / 4);
        m_srtt = Duration::nanos((7 * m_srtt.ns() + r.ns()) / 8);
    }
    m_rto = std::clamp(m_srtt + std::max(kClockGranularity, m_rttvar * 4), kMinRto, kMaxRto);
}

void TcpConnection::startTimerIfIdle() {
    if (m_timerDeadline == Time::max()) restartTimer();  // RFC 6298 (5.1)
}

void TcpConnection::restartTimer() {
    // The pending event is moved only when the deadline comes earlier: a later deadline
    // (every ACK of a long transfer) is picked up when the event runs.
    m_timerDeadline = m_stack.sim().now() + m_rto;
    if (m_timerEventAt <= m_timerDeadline) return;
    m_stack.sim().cancel(m_timer);
    m_timerEventAt = m_timerDeadline;
    m_timer = m_stack.sim().at(m_timerDeadline, [this] { onTimer(); });
}

void TcpConnection::stopTimer() { m_timerDeadline = Time::max(); }

void TcpConnection::cancelTimer() {
    m_stack.sim().cancel(m_timer);
    m_timerDeadline = Time::max();
    m_timerEventAt = Time::max();
}

void TcpConnection::onTimer() {
    m_timerEventAt = Time::max();
    if (m_timerDeadline == Time::max() || m_unacked.empty() || m_state == TcpState::Closed) return;
    const Time now = m_stack.sim().now();
    if (now < m_timerDeadline) {
        m_timerEventAt = m_timerDeadline;
        m_timer = m_stack.sim().at(m_timerDeadline, [this] { onTimer(); });
        return;
    }
    m_timerDeadline = Time::max();
    Segment& oldest = m_unacked.front();
    // Nothing of this connection was lost since the oldest segment left: it (or its ACK) is
    // still queued on a slow link. A real stack would send it again here, spuriously; the
    // model waits another RTO, so a lossless path never retransmits (see ARCHITECTURE.md).
    if (m_stack.lossesOf(m_traceId) == oldest.lossMark) {
        restartTimer();
        return;
    }
    const bool handshake = m_state == TcpState::SynSent || m_state == TcpState::SynReceived;
    const int limit = m_state == TcpState::SynSent       ? kMaxSynRetransmissions
                      : m_state == TcpState::SynReceived ? kMaxSynAckRetransmissions
                                                         : kMaxRetransmissions;
    if (m_timeouts >= limit) {
        fail(handshake ? std::string("connection timed out: the handshake was never completed")
                       : fmt::format("connection timed out: no acknowledgement after {} retransmissions",
                                     kMaxRetransmissions));
        return;
    }
    ++m_timeouts;
    if (handshake) {
        m_handshakeRetransmitted = true;
    } else {
        // RFC 5681 (3.1): a timeout is a loss; start again from one segment.
        const std::uint32_t flight = m_sndNxt - m_sndUna;
        m_ssthresh = std::max<std::uint32_t>(flight / 2, 2 * static_cast<std::uint32_t>(m_mss));
        m_cwnd = static_cast<std::uint32_t>(m_mss);
    }
    m_rto = std::min(m_rto * 2, kMaxRto);  // RFC 6298 (5.5)
    retransmit(oldest);                    // (5.4)
    // Go-back-N: the receiver keeps no out-of-order segments, so the rest follow as the
    // window allows (flush).
    m_resendNext = 1;
    restartTimer();  // (5.6)
}

void TcpConnection::flush() {
    if (m_state != TcpState::Established && m_state != TcpState::Closing) return;
    const std::uint32_t windowLimit = std::min<std::uint32_t>(m_cwnd, m_peerWindow > 0 ? m_peerWindow - 1 : 0);
    // After a timeout: what was in flight goes again, oldest first, before anything new.
    while (m_resendNext < m_unacked.size()) {
        Segment& s = m_unacked[m_resendNext];
        const std::uint32_t inFlight = s.seq - m_sndUna;
        if (inFlight > 0 && inFlight + s.len > windowLimit) break;
        retransmit(s);
        ++m_resendNext;
    }
    if (m_resendNext == m_unacked.size()) {
        while (m_unsent < m_writes.size()) {
            Write& w = m_writes[m_unsent];
            const std::size_t len = std::min<std::size_t>(m_mss, w.bytes.size() - w.offset);
            const std::uint32_t inFlight = m_sndNxt - m_sndUna;
            if (inFlight + len > windowLimit) break;
            if (w.offset == 0) w.firstSeq = m_sndNxt;
            std::string payload = w.bytes.substr(w.offset, len);
            w.offset += len;
            const bool last = w.offset == w.bytes.size();
            const std::uint32_t index = w.nextSeg++;
            const std::uint32_t count = w.segCount;
            if (last) ++m_unsent;
            sendSegment(tcpflag::Ack | (last ? tcpflag::Psh : 0), std::move(payload), index, count, w.caption);
        }
        if (m_closeRequested && !m_finSent && m_unsent == m_writes.size()) {
            sendSegment(tcpflag::Fin | tcpflag::Ack, {}, 0, 0);
            m_finSent = true;
        }
    }
    if (m_ackPending) sendSegment(tcpflag::Ack, {}, 0, 0);
}

void TcpConnection::sendSegment(std::uint8_t flags, std::string payload, std::uint32_t segIndex,
                                std::uint32_t segCount, std::uint32_t caption) {
    const std::uint32_t seq = m_sndNxt;
    const bool usesSequence = !payload.empty() || (flags & (tcpflag::Syn | tcpflag::Fin));
    if (usesSequence) {
        const bool resending = m_resendNext < m_unacked.size();
        if (m_unacked.capacity() == 0) m_unacked.reserve(8);  // one allocation for a lock-step exchange
        m_unacked.push_back(Segment{seq, static_cast<std::uint32_t>(payload.size()), flags, segIndex, segCount,
                                    caption, m_stack.sim().now(), m_stack.lossesOf(m_traceId), 1});
        if (!resending) m_resendNext = m_unacked.size();
        m_sndNxt = m_unacked.back().end();
    }
    transmitPacket(seq, flags, std::move(payload), segIndex, segCount, 0, caption);
    if (usesSequence) startTimerIfIdle();
}

void TcpConnection::retransmit(Segment& s) {
    std::string payload;
    if (s.len > 0) {
        for (const Write& w : m_writes) {
            if (w.offset == 0) break;
            const std::uint32_t at = s.seq - w.firstSeq;
            if (at < w.offset) {
                payload = w.bytes.substr(at, s.len);
                break;
            }
        }
    }
    s.sentAt = m_stack.sim().now();
    s.lossMark = m_stack.lossesOf(m_traceId);
    ++s.transmissions;
    ++m_retransmissions;
    transmitPacket(s.seq, s.flags, std::move(payload), s.segIndex, s.segCount,
                   static_cast<std::uint16_t>(s.transmissions - 1), s.caption);
}

void TcpConnection::transmitPacket(std::uint32_t seq, std::uint8_t flags, std::string payload,
                                   std::uint32_t segIndex, std::uint32_t segCount, std::uint16_t retransmission,
                                   std::uint32_t caption) {
    Packet p;
    p.dstIp = m_remoteIp;
    p.transport = Transport::Tcp;
    p.srcPort = m_localPort;
    p.dstPort = m_remotePort;
    p.seq = seq;
    p.ack = (flags & tcpflag::Ack) ? m_rcvNxt : 0;
    p.flags = flags;
    p.window = kTcpWindow;
    if (flags & tcpflag::Syn) p.mssOption = static_cast<std::uint16_t>(m_ownMss);
    p.payload = std::move(payload);
    p.app = p.payload.empty() ? AppProtocol::TcpControl : m_app;
    p.connection = m_traceId;
    p.segIndex = segIndex;
    p.segCount = segCount;
    p.retransmission = retransmission;
    if (!p.payload.empty()) p.caption = caption;
    if (flags & tcpflag::Ack) m_ackPending = false;
    p.summary = summarize(p);
    if (retransmission) p.summary.insert(0, "[TCP Retransmission] ");
    m_stack.transmit(std::move(p));
}

std::string TcpConnection::summarize(const Packet& p) const {
    const std::uint32_t relSeq = p.seq - m_iss;
    const std::uint32_t relAck = p.ack - m_irs;
    if (!p.payload.empty()) {
        const std::string_view app = appProtocolName(m_app);
        if (p.segCount > 1)
            return fmt::format("{} segment {}/{}, {} bytes (Seq={})", app, p.segIndex, p.segCount, p.payload.size(), relSeq);
        return fmt::format("{}: {}", app, firstLine(p.payload));
    }
    std::string s = fmt::format("[{}] Seq={}", tcpFlagsText(p.flags), relSeq);
    if (p.flags & tcpflag::Ack) s += fmt::format(" Ack={}", relAck);
    if (p.flags & tcpflag::Syn) s += fmt::format(" Win={} MSS={}", p.window, p.mssOption);
    return s;
}

void TcpConnection::checkFullyClosed() {
    if (m_closedNotified || !m_finAcked || !m_peerClosed) return;
    m_closedNotified = true;
    m_state = TcpState::Closed;
    m_over = true;
    cancelTimer();
    if (m_cb.onClosed) m_cb.onClosed();
    m_stack.onConnectionClosed(*this);
}

}  // namespace postino::net
