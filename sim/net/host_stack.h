// A host's transport layer: demultiplexes arriving packets to TCP connections,
// listeners and UDP sockets; opens connections; picks ephemeral ports; answers a segment
// for no connection with RST (RFC 9293 3.10.7.1), a SYN to a closed port included.
// Owns its TcpConnections; forgets them all when the host goes down (reset()).
// Knows nothing of mail protocols.
#pragma once

#include "core/simulator.h"
#include "net/network.h"
#include "net/tcp_connection.h"
#include "trace/trace.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>

namespace postino::net {

class HostStack {
public:
    using AcceptFn = std::function<void(TcpConnection&)>;
    using UdpFn = std::function<void(const Packet&)>;

    HostStack(Simulator& sim, Network& net, trace::Trace& trace, NodeIndex self);

    void receive(Packet&& p);

    void listen(std::uint16_t port, AppProtocol app, std::string service, AcceptFn onAccept);
    // Opens a connection; its callbacks must be set before the simulator runs on. The stack
    // owns it and frees it just after it closes (onClosed, or onError for a refused, reset or
    // timed-out one): the reference must not be used after that, so read what you need
    // (mss(), state()) inside the callbacks.
    TcpConnection& connect(std::uint32_t dstIp, std::uint16_t dstPort, AppProtocol app, std::string service);

    // The host went down (call Network::setNodeUp(self, false) first): every connection
    // vanishes at once, without a FIN or RST, and its owner hears onError("host went down")
    // (a half-open one nobody accepted yet just vanishes); nothing else of it is called.
    // Listeners and UDP sockets stay: the services are there again when the host is back up,
    // and a segment of a forgotten connection then gets an RST, so the peer learns quickly.
    void reset();

    void bindUdp(std::uint16_t port, UdpFn fn);
    void sendUdp(std::uint16_t srcPort, std::uint32_t dstIp, std::uint16_t dstPort, std::string payload,
                 AppProtocol app, std::string summary, trace::Caption caption = {});
    std::uint16_t ephemeralPort();

    // Used by TcpConnection.
    Simulator& sim() { return m_sim; }
    trace::Trace& trace() { return m_trace; }
    NodeIndex self() const { return m_self; }
    void transmit(Packet&& p) { m_net.send(m_self, std::move(p)); }
    std::uint32_t lossesOf(std::uint32_t connection) const { return m_net.lossesOf(connection); }
    void onConnectionClosed(TcpConnection& c);
    // Accept callback of an established passive connection.
    void accepted(TcpConnection& c);

private:
    using Key = std::tuple<std::uint16_t, std::uint32_t, std::uint16_t>;  // local port, remote ip, remote port
    struct Listener {
        AppProtocol app;
        std::string service;
        AcceptFn onAccept;
    };

    void sendReset(const Packet& to);

    Simulator& m_sim;
    Network& m_net;
    trace::Trace& m_trace;
    NodeIndex m_self;
    std::map<Key, std::unique_ptr<TcpConnection>> m_connections;
    std::map<std::uint16_t, Listener> m_listeners;
    std::map<std::uint16_t, UdpFn> m_udp;
    std::uint16_t m_nextPort = 49152;
};

}  // namespace postino::net
