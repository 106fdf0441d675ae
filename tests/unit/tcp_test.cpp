// TCP model over the network: handshake, MSS segmentation with numbered
// segments, sequence/ack consistency, reassembly, FIN close, refused ports,
// and hop-by-hop timing across a router.
#include "net/host_stack.h"
#include "net/ipv4.h"
#include "net/network.h"

#include <catch2/catch.hpp>

#include <string>

using namespace postino;
using namespace postino::net;

namespace {

struct TwoHosts {
    Simulator sim{7};
    trace::Trace trace;
    Network net{sim, trace};
    NodeIndex a, r, b;
    std::unique_ptr<HostStack> stackA, stackB;

    explicit TwoHosts(int mtu = 1500) {
        a = net.addNode(*parseIpv4("192.0.2.10"), false, nullptr);
        r = net.addNode(*parseIpv4("192.0.2.1"), true, nullptr);
        b = net.addNode(*parseIpv4("203.0.113.25"), false, nullptr);
        stackA = std::make_unique<HostStack>(sim, net, trace, a);
        stackB = std::make_unique<HostStack>(sim, net, trace, b);
        net.setHandler(a, [this](Packet&& p) { stackA->receive(std::move(p)); });
        net.setHandler(b, [this](Packet&& p) { stackB->receive(std::move(p)); });
        net.addLink({a, r, Duration::millis(2), 10'000'000, mtu});
        net.addLink({r, b, Duration::millis(3), 10'000'000, 1500});
        trace.nodes = {{"a", "a", "client", 0}, {"r", "r", "router", 0}, {"b", "b", "mail_server", 0}};
    }
};

std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('A' + (i * 7) % 26);
    return s;
}

}  // namespace

TEST_CASE("a long write is cut into numbered MSS segments and reassembled", "[tcp]") {
    TwoHosts w;
    std::string received;
    bool serverSawClose = false, clientClosed = false;
    w.stackB->listen(25, AppProtocol::Smtp, "SMTP", [&](TcpConnection& c) {
        c.setCallbacks({.onData = [&](std::string_view d) { received += d; },
                        .onPeerClosed = [&c, &serverSawClose] { serverSawClose = true; c.close(); }});
    });
    const std::string message = pattern(10'000);
    int mss = 0;
    TcpConnection& client = w.stackA->connect(*parseIpv4("203.0.113.25"), 25, AppProtocol::Smtp, "SMTP");
    client.setCallbacks({.onConnected = [&client, &message, &mss] {
                             mss = client.mss();
                             client.send(message);
                             client.close();
                         },
                         .onClosed = [&] { clientClosed = true; }});
    w.sim.run();

    // The stack has freed the closed connection: `client` must not be used any more.
    CHECK(received == message);
    CHECK(serverSawClose);
    CHECK(clientClosed);
    CHECK(mss == 1460);

    // The data segments of the write are numbered 1..7 in order (10000 / 1460 -> 7).
    std::vector<const Packet*> data;
    for (const auto& rec : w.trace.packets)
        if (!rec.packet.payload.empty()) data.push_back(&rec.packet);
    REQUIRE(data.size() == 7);
    std::uint32_t expectSeq = data[0]->seq;
    for (std::size_t i = 0; i < data.size(); ++i) {
        CHECK(data[i]->segIndex == i + 1);
        CHECK(data[i]->segCount == 7);
        CHECK(data[i]->seq == expectSeq);
        CHECK(data[i]->payload.size() == (i < 6 ? 1460u : 10'000u - 6 * 1460u));
        CHECK(data[i]->ipBytes() <= 1500);
        expectSeq += static_cast<std::uint32_t>(data[i]->payload.size());
    }
    CHECK((data.back()->flags & tcpflag::Psh) != 0);
    CHECK(data[2]->summary.find("segment 3/7") != std::string::npos);
}

TEST_CASE("the handshake has three packets with consistent numbers", "[tcp]") {
    TwoHosts w;
    w.stackB->listen(25, AppProtocol::Smtp, "SMTP", [](TcpConnection&) {});
    TcpConnection& client = w.stackA->connect(*parseIpv4("203.0.113.25"), 25, AppProtocol::Smtp, "SMTP");
    (void)client;
    w.sim.run();
    REQUIRE(w.trace.packets.size() >= 3);
    const Packet& syn = w.trace.packets[0].packet;
    const Packet& synAck = w.trace.packets[1].packet;
    const Packet& ack = w.trace.packets[2].packet;
    CHECK(syn.flags == tcpflag::Syn);
    CHECK(syn.mssOption == 1460);
    CHECK(synAck.flags == (tcpflag::Syn | tcpflag::Ack));
    CHECK(synAck.ack == syn.seq + 1);
    CHECK(ack.flags == tcpflag::Ack);
    CHECK(ack.seq == syn.seq + 1);
    CHECK(ack.ack == synAck.seq + 1);
    CHECK(syn.summary == "[SYN] Seq=0 Win=64240 MSS=1460");
}

TEST_CASE("every acknowledgement covers exactly what the peer sent", "[tcp]") {
    TwoHosts w;
    w.stackB->listen(25, AppProtocol::Smtp, "SMTP", [](TcpConnection& c) {
        c.send("220 hello\r\n");
        c.setCallbacks({.onData = [&c](std::string_view d) { c.send(std::string("echo ") + std::string(d)); },
                        .onPeerClosed = [&c] { c.close(); }});
    });
    TcpConnection& client = w.stackA->connect(*parseIpv4("203.0.113.25"), 25, AppProtocol::Smtp, "SMTP");
    int replies = 0;
    client.setCallbacks({.onData =
                             [&](std::string_view) {
                                 if (++replies == 1) client.send(pattern(3000));
                                 else client.close();
                             }});
    w.sim.run();
    // Walk the packets in send order: each side's ack never exceeds what the other sent.
    std::uint32_t sentByA = 0, sentByB = 0, isnA = 0, isnB = 0;
    const std::uint32_t ipA = *parseIpv4("192.0.2.10");
    for (const auto& rec : w.trace.packets) {
        const Packet& p = rec.packet;
        const bool fromA = p.srcIp == ipA;
        if (p.flags & tcpflag::Syn) (fromA ? isnA : isnB) = p.seq;
        if (p.flags & tcpflag::Ack) {
            const std::uint32_t acked = p.ack - (fromA ? isnB : isnA);
            CHECK(acked <= (fromA ? sentByB : sentByA));
        }
        std::uint32_t len = static_cast<std::uint32_t>(p.payload.size());
        if (p.flags & (tcpflag::Syn | tcpflag::Fin)) len += 1;
        const std::uint32_t end = p.seq - (fromA ? isnA : isnB) + len;
        (fromA ? sentByA : sentByB) = std::max(fromA ? sentByA : sentByB, end);
    }
    CHECK(replies >= 2);
    CHECK(w.trace.connections.size() == 1);
    CHECK(w.trace.connections[0].closed != Time::max());
}

TEST_CASE("a smaller MTU gives a smaller MSS", "[tcp]") {
    TwoHosts w(576);
    std::string received;
    w.stackB->listen(25, AppProtocol::Smtp, "SMTP", [&](TcpConnection& c) {
        c.setCallbacks({.onData = [&](std::string_view d) { received += d; }});
    });
    int mss = 0;
    TcpConnection& client = w.stackA->connect(*parseIpv4("203.0.113.25"), 25, AppProtocol::Smtp, "SMTP");
    client.setCallbacks({.onConnected = [&] {
        mss = client.mss();
        client.send(pattern(2000));
    }});
    w.sim.run();
    CHECK(mss == 536);
    CHECK(received == pattern(2000));
    for (const auto& rec : w.trace.packets) CHECK(rec.packet.ipBytes() <= 576);
}

TEST_CASE("a closed port answers with RST and the client learns it", "[tcp]") {
    TwoHosts w;
    std::string error;
    TcpConnection& client = w.stackA->connect(*parseIpv4("203.0.113.25"), 110, AppProtocol::Pop3, "POP3");
    client.setCallbacks({.onError = [&](std::string_view e) { error = e; }});
    w.sim.run();
    CHECK(error == "connection refused");
    REQUIRE(w.trace.packets.size() == 2);
    CHECK((w.trace.packets[1].packet.flags & tcpflag::Rst) != 0);
}

TEST_CASE("packets cross the router hop by hop with serialization delay", "[tcp][network]") {
    TwoHosts w;
    w.stackB->bindUdp(53, [](const Packet&) {});
    w.stackA->sendUdp(5000, *parseIpv4("203.0.113.25"), 53, std::string(1000 - 42, 'x'), AppProtocol::Dns, "q");
    w.sim.run();
    REQUIRE(w.trace.hops.size() == 2);
    const auto& h1 = w.trace.hops[0];
    const auto& h2 = w.trace.hops[1];
    CHECK(h1.bytes == 1000);
    // 1000 bytes at 10 Mbit/s = 800 us, plus 2 ms latency.
    CHECK(h1.start == Time::zero());
    CHECK(h1.arrival == Time::fromNanos(800'000 + 2'000'000));
    CHECK(h2.start == h1.arrival);
    CHECK(h2.arrival == h1.arrival + Duration::nanos(800'000 + 3'000'000));
    CHECK(h1.to == w.r);
    CHECK(h2.to == w.b);
}

TEST_CASE("back-to-back packets queue behind each other on a link", "[network]") {
    TwoHosts w;
    w.stackB->bindUdp(53, [](const Packet&) {});
    for (int i = 0; i < 3; ++i)
        w.stackA->sendUdp(5000, *parseIpv4("203.0.113.25"), 53, std::string(1000 - 42, 'x'), AppProtocol::Dns, "q");
    w.sim.run();
    std::vector<Time> starts;
    for (const auto& h : w.trace.hops)
        if (h.from == w.a) starts.push_back(h.start);
    REQUIRE(starts.size() == 3);
    CHECK(starts[1] - starts[0] == Duration::nanos(800'000));
    CHECK(starts[2] - starts[1] == Duration::nanos(800'000));
}

TEST_CASE("a SYN to an address nobody has times out with a clear reason", "[tcp]") {
    TwoHosts w;
    std::string error;
    TcpConnection& client = w.stackA->connect(*parseIpv4("203.0.113.99"), 25, AppProtocol::Smtp, "SMTP");
    client.setCallbacks({.onError = [&](std::string_view e) { error = e; }});
    w.sim.run();
    CHECK(error == "connection timed out: nobody answered the SYN within 30 s");
    CHECK(w.sim.now() == Time::zero() + kConnectTimeout);
    REQUIRE(w.trace.connections.size() == 1);
    CHECK(w.trace.connections[0].closed == Time::zero() + kConnectTimeout);
}
