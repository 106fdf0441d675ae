#include "net/host_stack.h"

#include <fmt/format.h>

namespace postino::net {

HostStack::HostStack(Simulator& sim, Network& net, trace::Trace& trace, NodeIndex self)
    : m_sim(sim), m_net(net), m_trace(trace), m_self(self) {}

std::uint16_t HostStack::ephemeralPort() {
    const std::uint16_t port = m_nextPort;
    m_nextPort = m_nextPort == 65535 ? 49152 : static_cast<std::uint16_t>(m_nextPort + 1);
    return port;
}

void HostStack::listen(std::uint16_t port, AppProtocol app, std::string service, AcceptFn onAccept) {
    m_listeners[port] = Listener{app, std::move(service), std::move(onAccept)};
}

TcpConnection& HostStack::connect(std::uint32_t dstIp, std::uint16_t dstPort, AppProtocol app, std::string service) {
    std::uint16_t port = ephemeralPort();
    while (m_connections.count(Key{port, dstIp, dstPort})) port = ephemeralPort();

    trace::ConnectionRecord rec;
    rec.app = app;
    rec.service = std::move(service);
    rec.client = m_self;
    const int server = m_net.findNode(dstIp);
    rec.server = server < 0 ? m_self : static_cast<NodeIndex>(server);
    rec.clientIp = m_net.ipOf(m_self);
    rec.serverIp = dstIp;
    rec.clientPort = port;
    rec.serverPort = dstPort;
    rec.opened = m_sim.now();
    const std::uint32_t traceId = m_trace.addConnection(std::move(rec));

    // The MSS comes from the path; with no route now, from the host's own link.
    const int mtu = m_net.pathMtu(m_self, dstIp);
    auto conn = std::make_unique<TcpConnection>(*this, traceId, true, port, dstIp, dstPort, app,
                                                mtu ? mtu : m_net.interfaceMtu(m_self), m_sim.rng().next32());
    TcpConnection& ref = *conn;
    m_connections.emplace(Key{port, dstIp, dstPort}, std::move(conn));
    // The SYN leaves once the caller has set its callbacks (same instant, after it).
    m_sim.after(Duration::nanos(0), [this, key = Key{port, dstIp, dstPort}] {
        auto it = m_connections.find(key);
        if (it != m_connections.end()) it->second->startActiveOpen();
    });
    return ref;
}

void HostStack::receive(Packet&& p) {
    if (p.transport == Transport::Udp) {
        auto it = m_udp.find(p.dstPort);
        if (it != m_udp.end()) it->second(p);
        return;
    }
    const Key key{p.dstPort, p.srcIp, p.srcPort};
    auto it = m_connections.find(key);
    if (it != m_connections.end()) {
        it->second->receive(p);
        return;
    }
    if ((p.flags & tcpflag::Syn) && !(p.flags & tcpflag::Ack)) {
        auto li = m_listeners.find(p.dstPort);
        if (li == m_listeners.end()) {
            sendReset(p);
            return;
        }
        const int mtu = m_net.pathMtu(m_self, p.srcIp);
        auto conn = std::make_unique<TcpConnection>(*this, p.connection, false, p.dstPort, p.srcIp, p.srcPort,
                                                    li->second.app, mtu ? mtu : 576, m_sim.rng().next32());
        TcpConnection& ref = *conn;
        m_connections.emplace(key, std::move(conn));
        ref.startPassiveOpen(p);
        return;
    }
    if (!(p.flags & tcpflag::Rst)) sendReset(p);
}

void HostStack::accepted(TcpConnection& c) {
    auto li = m_listeners.find(c.localPort());
    if (c.traceId() != 0) {
        const auto& rec = m_trace.connection(c.traceId());
        trace::Event e{m_sim.now(), trace::EventKind::ConnectionOpened, m_self, c.traceId()};
        e.setPhrase(trace::phrase("{} connection accepted on port {}", trace::term(rec.service), c.localPort()));
        m_trace.events.push_back(std::move(e));
    }
    if (li != m_listeners.end() && li->second.onAccept) li->second.onAccept(c);
}

void HostStack::onConnectionClosed(TcpConnection& c) {
    if (c.traceId() != 0) {
        auto& rec = m_trace.connection(c.traceId());
        if (rec.closed == Time::max() || rec.closed < m_sim.now()) rec.closed = m_sim.now();
        if (c.isClient()) {
            trace::Event e{m_sim.now(), trace::EventKind::ConnectionClosed, m_self, c.traceId()};
            e.setPhrase(trace::phrase("{} connection closed", trace::term(rec.service)));
            m_trace.events.push_back(std::move(e));
        }
    }
    // Destroy later: we are inside one of the connection's own member functions.
    const Key key{c.localPort(), c.remoteIp(), c.remotePort()};
    m_sim.after(Duration::nanos(0), [this, key, conn = &c] {
        auto it = m_connections.find(key);
        if (it != m_connections.end() && it->second.get() == conn) m_connections.erase(it);
    }, 1);
}

void HostStack::reset() {
    // Owners told of the loss may open new connections at once: those go into a fresh map.
    auto gone = std::move(m_connections);
    m_connections.clear();
    for (auto& [key, conn] : gone) {
        if (conn->over()) {
            m_connections.emplace(key, std::move(conn));  // already over, waiting to be freed
            continue;
        }
        if (conn->traceId() != 0) {
            auto& rec = m_trace.connection(conn->traceId());
            if (rec.closed == Time::max() || rec.closed < m_sim.now()) rec.closed = m_sim.now();
        }
        conn->abort("host went down");
    }
}

void HostStack::sendReset(const Packet& to) {
    Packet r;
    r.dstIp = to.srcIp;
    r.transport = Transport::Tcp;
    r.srcPort = to.dstPort;
    r.dstPort = to.srcPort;
    r.flags = tcpflag::Rst | tcpflag::Ack;
    r.seq = (to.flags & tcpflag::Ack) ? to.ack : 0;
    r.ack = to.seq + static_cast<std::uint32_t>(to.payload.size()) + ((to.flags & tcpflag::Syn) ? 1 : 0);
    r.app = AppProtocol::TcpControl;
    r.connection = to.connection;
    r.summary = fmt::format("[RST, ACK] port {} is closed", to.dstPort);
    transmit(std::move(r));
}

void HostStack::bindUdp(std::uint16_t port, UdpFn fn) { m_udp[port] = std::move(fn); }

void HostStack::sendUdp(std::uint16_t srcPort, std::uint32_t dstIp, std::uint16_t dstPort, std::string payload,
                        AppProtocol app, std::string summary, trace::Caption caption) {
    Packet p;
    p.dstIp = dstIp;
    p.transport = Transport::Udp;
    p.srcPort = srcPort;
    p.dstPort = dstPort;
    p.payload = std::move(payload);
    p.app = app;
    p.summary = std::move(summary);
    p.caption = m_trace.addCaption(std::move(caption));
    transmit(std::move(p));
}

}  // namespace postino::net
