// One end of a modelled TCP connection (RFC 9293 subset): three-way handshake
// with MSS option, sequence/ack numbers, MSS segmentation with slow start, FIN close.
// The network is lossless and FIFO, so there is no retransmission here (yet).
#pragma once

#include "core/simulator.h"
#include "net/packet.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>

namespace postino::net {

class HostStack;

enum class TcpState { SynSent, SynReceived, Established, Closing, Closed };

class TcpConnection {
public:
    struct Callbacks {
        std::function<void()> onConnected;                 // handshake done (client and server)
        std::function<void(std::string_view)> onData;      // bytes in order
        std::function<void()> onPeerClosed;                // peer sent FIN
        std::function<void()> onClosed;                    // both FINs acknowledged
        std::function<void(std::string_view)> onError;     // connection refused / reset
    };

    TcpConnection(HostStack& stack, std::uint32_t traceId, bool isClient, std::uint16_t localPort,
                  std::uint32_t remoteIp, std::uint16_t remotePort, AppProtocol app, int pathMtu, std::uint32_t iss);
    ~TcpConnection();
    TcpConnection(const TcpConnection&) = delete;
    TcpConnection& operator=(const TcpConnection&) = delete;

    void setCallbacks(Callbacks cb) { m_cb = std::move(cb); }
    // Queues one application write; it is cut into MSS-sized numbered segments.
    void send(std::string_view data);
    // Graceful close: FIN after all queued data.
    void close();

    std::uint32_t traceId() const { return m_traceId; }
    bool isClient() const { return m_isClient; }
    TcpState state() const { return m_state; }
    std::uint16_t localPort() const { return m_localPort; }
    std::uint32_t remoteIp() const { return m_remoteIp; }
    std::uint16_t remotePort() const { return m_remotePort; }
    int mss() const { return m_mss; }

    // Called by HostStack.
    void startActiveOpen();
    void startPassiveOpen(const Packet& syn);
    void receive(const Packet& p);

private:
    struct Write {
        std::string bytes;
        std::size_t offset = 0;
        std::uint32_t segCount = 0, nextSeg = 1;
    };

    void flush();
    void sendSegment(std::uint8_t flags, std::string payload, std::uint32_t segIndex, std::uint32_t segCount);
    std::string summarize(const Packet& p) const;
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
    std::deque<Write> m_writes;
    bool m_ackPending = false;
    bool m_closeRequested = false, m_finSent = false, m_finAcked = false, m_peerClosed = false;
    bool m_closedNotified = false;
    EventHandle m_connectTimer;  // a SYN nobody answers (dead or missing host) gives up
};

constexpr std::uint16_t kTcpWindow = 64240;
// How long an unanswered SYN waits before the connection fails: Postfix's smtp_connect_timeout.
constexpr Duration kConnectTimeout = Duration::seconds(30);

}  // namespace postino::net
