// One end of a modelled TCP connection (RFC 9293 subset): three-way handshake with the
// MSS option, sequence/ack numbers, MSS segmentation with slow start, FIN close, and
// retransmission on timeout (RFC 6298: RTO from measured round trips, Karn, backoff), except
// while nothing of the connection was lost (see ARCHITECTURE.md, "The TCP model in brief").
// No fast retransmit, SACK, out-of-order queue, TIME-WAIT or keepalive. No mail protocols.
#pragma once

#include "core/simulator.h"
#include "net/packet.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::net {

class HostStack;

enum class TcpState { SynSent, SynReceived, Established, Closing, Closed };

constexpr std::uint16_t kTcpWindow = 64240;
// How long an unanswered SYN waits before the connection fails: Postfix's smtp_connect_timeout.
// The SYN goes at 0, 1, 3, 7 and 15 s (Linux would send the next at 31 s); at 30 s the
// connection fails with "connection timed out".
constexpr Duration kConnectTimeout = Duration::seconds(30);
// Retransmission timeout (RFC 6298). Before any round trip is measured: 1 s (2.1, Linux's
// TCP_TIMEOUT_INIT). The floor is the RFC's 1 s (2.4), not Linux's 200 ms: lessons run on
// links of every speed, and a floor well above the ordinary round trip keeps a timer from
// firing on a segment that is merely slow; the cost, a slower recovery from real loss, shows
// better in a lesson anyway. The ceiling is Linux's TCP_RTO_MAX (the RFC asks >= 60 s, 2.5).
constexpr Duration kInitialRto = Duration::seconds(1);
constexpr Duration kMinRto = Duration::seconds(1);
constexpr Duration kMaxRto = Duration::seconds(120);
// RFC 6298 (5.7): a handshake that needed a retransmission starts its data with a 3 s RTO.
constexpr Duration kSynFallbackRto = Duration::seconds(3);
// Retransmissions of unacknowledged data (or FIN) before the connection is given up with
// "connection timed out": Linux's tcp_retries2. From a 1 s RTO: 1+2+...+64 then 120 s each,
// the last expiring 1,207 s after the first transmission.
constexpr int kMaxRetransmissions = 15;
// A server's SYN-ACK: Linux's tcp_synack_retries. The half-open connection then vanishes.
constexpr int kMaxSynAckRetransmissions = 5;

class TcpConnection {
public:
    struct Callbacks {
        std::function<void()> onConnected;                 // handshake done (client and server)
        std::function<void(std::string_view)> onData;      // bytes in order
        std::function<void()> onPeerClosed;                // peer sent FIN
        std::function<void()> onClosed;                    // both FINs acknowledged
        // "connection refused", "connection reset by peer", "connection timed out: ...",
        // "host went down" (HostStack::reset). Nothing is called after it.
        std::function<void(std::string_view)> onError;
    };

    TcpConnection(HostStack& stack, std::uint32_t traceId, bool isClient, std::uint16_t localPort,
                  std::uint32_t remoteIp, std::uint16_t remotePort, AppProtocol app, int pathMtu, std::uint32_t iss);
    ~TcpConnection();
    TcpConnection(const TcpConnection&) = delete;
    TcpConnection& operator=(const TcpConnection&) = delete;

    void setCallbacks(Callbacks cb) { m_cb = std::move(cb); }
    // Queues one application write; it is cut into MSS-sized numbered segments.
    // `caption` (an id from Trace::addCaption, 0 for none) is stamped on each of its segments.
    void send(std::string_view data, std::uint32_t caption = 0);
    // Graceful close: FIN after all queued data.
    void close();

    std::uint32_t traceId() const { return m_traceId; }
    bool isClient() const { return m_isClient; }
    TcpState state() const { return m_state; }
    std::uint16_t localPort() const { return m_localPort; }
    std::uint32_t remoteIp() const { return m_remoteIp; }
    std::uint16_t remotePort() const { return m_remotePort; }
    int mss() const { return m_mss; }
    // The retransmission timer's current value (backed off after timeouts), and the
    // smoothed round trip (zero before the first measurement).
    Duration rto() const { return m_rto; }
    Duration srtt() const { return m_srtt; }
    // Segments sent again so far.
    std::uint32_t retransmissions() const { return m_retransmissions; }
    // The oldest of our bytes not yet acknowledged (SND.UNA): it moves while the peer takes what
    // we send, so an application can tell a slow upload from a dead peer.
    std::uint32_t unacknowledged() const { return m_sndUna; }
    // Over and reported to its owner (closed, failed or aborted): only waiting to be freed.
    bool over() const { return m_over; }

    // Called by HostStack.
    void startActiveOpen();
    void startPassiveOpen(const Packet& syn);
    void receive(const Packet& p);
    // The host went down: the connection is gone, no packet is sent; onError(why) tells the owner.
    void abort(std::string_view why);

private:
    // One application write; kept until every byte of it is acknowledged (a retransmission
    // reads its bytes again from here).
    struct Write {
        std::string bytes;
        std::uint32_t firstSeq = 0;  // set when its first segment leaves
        std::size_t offset = 0;      // bytes sent
        std::uint32_t segCount = 0, nextSeg = 1;
        std::uint32_t caption = 0;
    };
    // A segment that uses sequence space (SYN, data, FIN) and is not acknowledged yet.
    struct Segment {
        std::uint32_t seq = 0;
        std::uint32_t len = 0;  // payload bytes
        std::uint8_t flags = 0;
        std::uint32_t segIndex = 0, segCount = 0;
        std::uint32_t caption = 0;
        Time sentAt;                  // its last transmission
        std::uint32_t lossMark = 0;   // the network's losses of this connection when it left
        std::uint16_t transmissions = 1;
        std::uint32_t end() const {
            return seq + len + ((flags & tcpflag::Syn) ? 1u : 0u) + ((flags & tcpflag::Fin) ? 1u : 0u);
        }
    };

    void flush();
    void sendSegment(std::uint8_t flags, std::string payload, std::uint32_t segIndex, std::uint32_t segCount,
                     std::uint32_t caption = 0);
    void retransmit(Segment& s);
    void transmitPacket(std::uint32_t seq, std::uint8_t flags, std::string payload, std::uint32_t segIndex,
                        std::uint32_t segCount, std::uint16_t retransmission, std::uint32_t caption);
    std::string summarize(const Packet& p) const;
    void onAcknowledged();
    void sampleRtt(Duration r);
    void startTimerIfIdle();
    void restartTimer();
    void stopTimer();    // nothing left to time: a pending event will find nothing to do
    void cancelTimer();  // the connection is over: no event left behind
    void onTimer();
    void checkFullyClosed();
    void fail(std::string_view why);

    HostStack& m_stack;
    Callbacks m_cb;
    std::uint32_t m_traceId;
    bool m_isClient;
    std::uint16_t m_localPort;
    std::uint32_t m_remoteIp;
    std::uint16_t m_remotePort;
    AppProtocol m_app;
    int m_ownMss;
    int m_mss;
    TcpState m_state = TcpState::Closed;

    std::uint32_t m_iss = 0, m_irs = 0;
    std::uint32_t m_sndUna = 0, m_sndNxt = 0, m_rcvNxt = 0;
    std::uint32_t m_peerWindow = 65535;
    std::uint32_t m_cwnd = 0;
    std::uint32_t m_ssthresh = UINT32_MAX;  // slow start until the first timeout (RFC 5681)
    std::deque<Write> m_writes;   // front: oldest write with unacknowledged bytes
    std::size_t m_unsent = 0;     // index of the first write with bytes not sent yet
    std::vector<Segment> m_unacked;  // oldest first; a window's worth at most
    std::size_t m_resendNext = 0;    // after a timeout: the next of m_unacked to send again
    bool m_ackPending = false;
    bool m_closeRequested = false, m_finSent = false, m_finAcked = false, m_peerClosed = false;
    bool m_closedNotified = false;
    bool m_over = false;

    // RFC 6298 state.
    Duration m_rto = kInitialRto;
    Duration m_srtt, m_rttvar;
    bool m_haveRtt = false;
    bool m_handshakeRetransmitted = false;
    int m_timeouts = 0;  // consecutive expiries without new data acknowledged
    std::uint32_t m_retransmissions = 0;
    // The retransmission timer: it expires at the deadline (max: stopped). Its one event,
    // pending when m_timerEventAt is set, runs at or before the deadline and moves itself on:
    // the lock-step exchanges of mail protocols, each starting and stopping the timer, then
    // cost no event each.
    Time m_timerDeadline = Time::max();
    Time m_timerEventAt = Time::max();
    EventHandle m_timer;
    EventHandle m_connectTimer;  // a SYN nobody answers (dead or missing host) gives up
};

}  // namespace postino::net
