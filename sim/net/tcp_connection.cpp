#include "net/tcp_connection.h"

#include "net/host_stack.h"

#include <algorithm>
#include <fmt/format.h>

namespace postino::net {

namespace {
constexpr std::uint32_t kInitialWindowSegments = 10;  // RFC 6928

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

TcpConnection::~TcpConnection() { m_stack.sim().cancel(m_connectTimer); }

void TcpConnection::fail(std::string_view why) {
    m_stack.sim().cancel(m_connectTimer);
    m_state = TcpState::Closed;
    if (m_cb.onError) m_cb.onError(why);
    m_stack.onConnectionClosed(*this);
}

void TcpConnection::startActiveOpen() {
    m_connectTimer = m_stack.sim().after(kConnectTimeout, [this] {
        if (m_state == TcpState::SynSent) fail("connection timed out: nobody answered the SYN within 30 s");
    });
    m_state = TcpState::SynSent;
    m_sndUna = m_iss;
    m_sndNxt = m_iss;
    sendSegment(tcpflag::Syn, {}, 0, 0);
    m_sndNxt = m_iss + 1;
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
    m_sndNxt = m_iss + 1;
}

void TcpConnection::send(std::string_view data) {
    if (data.empty() || m_closeRequested || m_state == TcpState::Closed) return;
    Write w;
    w.bytes.assign(data);
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
    if (p.flags & tcpflag::Rst) {
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
        m_cwnd = kInitialWindowSegments * m_mss;
        m_state = TcpState::Established;
        m_stack.sim().cancel(m_connectTimer);
        sendSegment(tcpflag::Ack, {}, 0, 0);  // the third packet of the handshake, on its own
        if (m_cb.onConnected) m_cb.onConnected();
        flush();
        return;
    }
    if (m_state == TcpState::SynReceived) {
        if (!(p.flags & tcpflag::Ack) || p.ack != m_iss + 1) return;
        m_sndUna = p.ack;
        m_peerWindow = p.window;
        m_cwnd = kInitialWindowSegments * m_mss;
        m_state = TcpState::Established;
        m_stack.accepted(*this);
        if (m_cb.onConnected) m_cb.onConnected();
        // fall through: the ACK may carry data
    }
    if (m_state == TcpState::Closed) return;

    if (p.flags & tcpflag::Ack) {
        if (seqAfter(p.ack, m_sndUna) && !seqAfter(p.ack, m_sndNxt)) {
            const std::uint32_t acked = p.ack - m_sndUna;
            m_sndUna = p.ack;
            m_cwnd += std::min<std::uint32_t>(acked, static_cast<std::uint32_t>(m_mss));  // slow start
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
            m_ackPending = true;  // out of window: re-acknowledge what we have
        }
    }
    if ((p.flags & tcpflag::Fin) && p.seq + p.payload.size() == m_rcvNxt && !m_peerClosed) {
        m_rcvNxt += 1;
        m_peerClosed = true;
        m_ackPending = true;
        if (m_state == TcpState::Established) m_state = TcpState::Closing;
        if (m_cb.onPeerClosed) m_cb.onPeerClosed();
    }
    if (m_state != TcpState::Closed) flush();
    checkFullyClosed();
}

void TcpConnection::flush() {
    if (m_state != TcpState::Established && m_state != TcpState::Closing) return;
    const std::uint32_t windowLimit = std::min<std::uint32_t>(m_cwnd, m_peerWindow > 0 ? m_peerWindow - 1 : 0);
    while (!m_writes.empty()) {
        Write& w = m_writes.front();
        const std::size_t len = std::min<std::size_t>(m_mss, w.bytes.size() - w.offset);
        const std::uint32_t inFlight = m_sndNxt - m_sndUna;
        if (inFlight + len > windowLimit) break;
        std::string payload = w.bytes.substr(w.offset, len);
        w.offset += len;
        const bool last = w.offset == w.bytes.size();
        const std::uint32_t index = w.nextSeg++;
        const std::uint32_t count = w.segCount;
        if (last) m_writes.pop_front();
        sendSegment(tcpflag::Ack | (last ? tcpflag::Psh : 0), std::move(payload), index, count);
    }
    if (m_closeRequested && !m_finSent && m_writes.empty()) {
        sendSegment(tcpflag::Fin | tcpflag::Ack, {}, 0, 0);
        m_finSent = true;
        m_sndNxt += 1;
    }
    if (m_ackPending) sendSegment(tcpflag::Ack, {}, 0, 0);
}

void TcpConnection::sendSegment(std::uint8_t flags, std::string payload, std::uint32_t segIndex,
                                std::uint32_t segCount) {
    Packet p;
    p.dstIp = m_remoteIp;
    p.transport = Transport::Tcp;
    p.srcPort = m_localPort;
    p.dstPort = m_remotePort;
    p.seq = m_sndNxt;
    p.ack = (flags & tcpflag::Ack) ? m_rcvNxt : 0;
    p.flags = flags;
    p.window = kTcpWindow;
    if (flags & tcpflag::Syn) p.mssOption = static_cast<std::uint16_t>(m_ownMss);
    p.payload = std::move(payload);
    p.app = p.payload.empty() ? AppProtocol::TcpControl : m_app;
    p.connection = m_traceId;
    p.segIndex = segIndex;
    p.segCount = segCount;
    m_sndNxt += static_cast<std::uint32_t>(p.payload.size());
    if (flags & tcpflag::Ack) m_ackPending = false;
    p.summary = summarize(p);
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
    if (m_cb.onClosed) m_cb.onClosed();
    m_stack.onConnectionClosed(*this);
}

}  // namespace postino::net
