// TCP when the world breaks: SYN retransmitted with backoff until the connect timeout,
// RST from a closed port, data retransmitted per RFC 6298 over a cut link (then given up,
// or delivered intact when the link comes back), a host that goes down and up answering
// its forgotten connections with RST, no retransmission at all on a lossless slow link,
// and the same run twice giving the same trace.
#include "net/host_stack.h"
#include "net/ipv4.h"
#include "net/network.h"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

using namespace postino;
using namespace postino::net;

namespace {

// a - r - b: a is the client, b the server; r - b is the link the tests cut.
struct World {
    Simulator sim{11};
    trace::Trace trace;
    Network net{sim, trace};
    NodeIndex a, r, b;
    std::uint32_t aR, rB;
    std::unique_ptr<HostStack> stackA, stackB;
    std::uint32_t ipB = *parseIpv4("203.0.113.25");

    explicit World(std::int64_t bitsPerSecond = 10'000'000, int mtu = 1500, Duration latency = Duration::millis(2)) {
        a = net.addNode(*parseIpv4("192.0.2.10"), false, nullptr);
        r = net.addNode(*parseIpv4("192.0.2.1"), true, nullptr);
        b = net.addNode(ipB, false, nullptr);
        stackA = std::make_unique<HostStack>(sim, net, trace, a);
        stackB = std::make_unique<HostStack>(sim, net, trace, b);
        net.setHandler(a, [this](Packet&& p) { stackA->receive(std::move(p)); });
        net.setHandler(b, [this](Packet&& p) { stackB->receive(std::move(p)); });
        aR = net.addLink({a, r, latency, 100'000'000, mtu});
        rB = net.addLink({r, b, latency, bitsPerSecond, mtu});
    }
    // The host b going down as the World will do it: the network first, then its stack.
    void bDown() {
        net.setNodeUp(b, false);
        stackB->reset();
    }
    std::vector<const trace::PacketRecord*> sentBy(NodeIndex n) const {
        std::vector<const trace::PacketRecord*> out;
        for (const auto& rec : trace.packets)
            if (rec.origin == n) out.push_back(&rec);
        return out;
    }
};

std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 11) % 26);
    return s;
}

double seconds(Time t) { return t.toSeconds(); }

// A server on b that keeps what it receives and closes when the client does.
struct Sink {
    std::string received;
    std::string error;
    bool closed = false;
    void listen(World& w) {
        w.stackB->listen(25, AppProtocol::Smtp, "SMTP", [this](TcpConnection& c) {
            c.setCallbacks({.onData = [this](std::string_view d) { received += d; },
                            .onPeerClosed = [&c] { c.close(); },
                            .onClosed = [this] { closed = true; },
                            .onError = [this](std::string_view e) { error = e; }});
        });
    }
};

// A client on a that sends `data` once connected, then closes.
struct Sender {
    std::string error;
    Time errorAt = Time::max();
    bool closed = false;
    std::uint32_t retransmissions = 0;
    Duration rtoAtConnect;
    void start(World& w, std::string data) {
        TcpConnection& c = w.stackA->connect(w.ipB, 25, AppProtocol::Smtp, "SMTP");
        c.setCallbacks({.onConnected =
                            [this, &c, data] {
                                rtoAtConnect = c.rto();
                                c.send(data);
                                c.close();
                            },
                        .onClosed =
                            [this, &c] {
                                closed = true;
                                retransmissions = c.retransmissions();
                            },
                        .onError =
                            [this, &c, &w](std::string_view e) {
                                error = e;
                                errorAt = w.sim.now();
                                retransmissions = c.retransmissions();
                            }});
    }
};

}  // namespace

TEST_CASE("tcp failure: an unanswered SYN is sent at 0, 1, 3, 7 and 15 s, then the connect times out at 30 s",
          "[tcp][failure]") {
    // Linux (tcp_syn_retries = 6, initial RTO 1 s) would send more at 31 and 63 s and give up
    // at 127 s; Postfix's smtp_connect_timeout (30 s) ends the attempt first.
    World w;
    w.net.setNodeUp(w.b, false);
    Sender s;
    s.start(w, "never sent");
    w.sim.run();
    const auto syns = w.sentBy(w.a);
    REQUIRE(syns.size() == 5);
    const std::vector<double> times{0, 1, 3, 7, 15};
    for (std::size_t i = 0; i < syns.size(); ++i) {
        CHECK(seconds(syns[i]->sent) == Approx(times[i]));
        CHECK(syns[i]->packet.flags == tcpflag::Syn);
        CHECK(syns[i]->packet.seq == syns[0]->packet.seq);
        CHECK(syns[i]->packet.retransmission == i);
    }
    CHECK(syns[1]->packet.summary == "[TCP Retransmission] [SYN] Seq=0 Win=64240 MSS=1460");
    CHECK(s.error == "connection timed out: nobody answered the SYN within 30 s");
    CHECK(s.errorAt == Time::zero() + kConnectTimeout);
    CHECK(s.retransmissions == 4);
    // Each SYN vanished at b, which is off: no RST came back.
    REQUIRE(w.trace.drops.size() == 5);
    for (const auto& d : w.trace.drops) {
        CHECK(d.reason == trace::DropReason::NodeDown);
        CHECK(d.node == w.b);
        CHECK(d.link == w.rB);
    }
    CHECK(w.sentBy(w.b).empty());
}

TEST_CASE("tcp failure: a SYN to a closed port is refused by an RST after one round trip", "[tcp][failure]") {
    World w;
    Sender s;
    s.start(w, "x");
    w.sim.run();
    CHECK(s.error == "connection refused");
    const auto fromB = w.sentBy(w.b);
    REQUIRE(fromB.size() == 1);
    CHECK(fromB[0]->packet.flags == (tcpflag::Rst | tcpflag::Ack));
    CHECK(fromB[0]->packet.ack == w.trace.packets[0].packet.seq + 1);
    CHECK(s.errorAt < Time::zero() + Duration::millis(20));
    CHECK(s.retransmissions == 0);
    CHECK(w.trace.drops.empty());
}

TEST_CASE("tcp failure: a link cut mid-transfer is retransmitted with backoff, then given up", "[tcp][failure]") {
    World w;
    Sink sink;
    sink.listen(w);
    Sender s;
    const std::string data = pattern(300'000);
    s.start(w, data);
    const Time cut = Time::fromNanos(60'000'000);
    w.sim.at(cut, [&] { w.net.setLinkUp(w.rB, false); });
    w.sim.run();

    CHECK(sink.received.size() < data.size());
    CHECK(data.compare(0, sink.received.size(), sink.received) == 0);
    CHECK(s.error == "connection timed out: no acknowledgement after 15 retransmissions");
    CHECK(s.retransmissions == 15);

    // The retransmissions: all of the oldest unacknowledged segment, each after twice the
    // wait of the one before (RTO 1 s from the measured round trips, doubling, at most 120 s).
    std::vector<const trace::PacketRecord*> again;
    for (const auto* rec : w.sentBy(w.a))
        if (rec->packet.retransmission > 0) again.push_back(rec);
    REQUIRE(again.size() == 15);
    const std::vector<double> gaps{2, 4, 8, 16, 32, 64, 120, 120, 120, 120, 120, 120, 120, 120};
    for (std::size_t i = 1; i < again.size(); ++i) {
        CHECK(again[i]->packet.seq == again[0]->packet.seq);
        CHECK(again[i]->packet.retransmission == i + 1);
        CHECK(seconds(again[i]->sent) - seconds(again[i - 1]->sent) == Approx(gaps[i - 1]));
    }
    CHECK(again[0]->packet.payload == data.substr(again[0]->packet.seq - w.trace.packets[0].packet.seq - 1,
                                                   again[0]->packet.payload.size()));
    CHECK(again[0]->packet.summary.rfind("[TCP Retransmission] SMTP segment ", 0) == 0);
    // The first came one RTO (1 s) after the last acknowledgement, which came before the cut.
    CHECK(seconds(again[0]->sent) > seconds(cut) + 0.9);
    CHECK(seconds(again[0]->sent) < seconds(cut) + 1.01);
    CHECK(seconds(s.errorAt) - seconds(again.back()->sent) == Approx(120));

    // What was on the cut link died there; what came later died at r, the last router, whose
    // link to b is down: the segments still on their way to r, then every retransmission.
    std::size_t onTheWire = 0, retransmissionsLost = 0;
    for (const auto& d : w.trace.drops) {
        CHECK(d.reason == trace::DropReason::LinkDown);
        CHECK(d.link == w.rB);
        if (d.time == cut) {
            ++onTheWire;
            continue;
        }
        CHECK(d.node == w.r);
        retransmissionsLost += w.trace.packets[d.packetId].packet.retransmission > 0;
    }
    CHECK(onTheWire > 0);
    CHECK(retransmissionsLost == 15);
}

TEST_CASE("tcp failure: a link back before the give-up lets the transfer finish intact", "[tcp][failure]") {
    World w;
    Sink sink;
    sink.listen(w);
    Sender s;
    const std::string data = pattern(300'000);
    s.start(w, data);
    w.sim.at(Time::fromNanos(60'000'000), [&] { w.net.setLinkUp(w.rB, false); });
    w.sim.at(Time::fromNanos(20'000'000'000), [&] { w.net.setLinkUp(w.rB, true); });
    w.sim.run();
    CHECK(s.error.empty());
    CHECK(sink.error.empty());
    CHECK(sink.received == data);
    CHECK(s.closed);
    CHECK(sink.closed);
    // Lost at 1, 3, 7, 15 s after the cut; the one at 31 s gets through.
    CHECK(s.retransmissions > 5);
    std::vector<const trace::PacketRecord*> again;
    for (const auto* rec : w.sentBy(w.a))
        if (rec->packet.retransmission > 0) again.push_back(rec);
    REQUIRE(again.size() >= 5);
    CHECK(seconds(again[4]->sent) > 31);
    CHECK(seconds(again[4]->sent) < 31.1);
}

TEST_CASE("tcp failure: a host that goes down forgets its connections, and back up answers them with RST",
          "[tcp][failure]") {
    World w;
    Sink sink;
    sink.listen(w);
    std::string clientError;
    Time clientErrorAt;
    TcpConnection& c = w.stackA->connect(w.ipB, 25, AppProtocol::Smtp, "SMTP");
    c.setCallbacks({.onConnected = [&c] { c.send("EHLO a\r\n"); },
                    .onError =
                        [&](std::string_view e) {
                            clientError = e;
                            clientErrorAt = w.sim.now();
                        }});
    // b goes down at 1 s: its end is gone, the owner told, no packet sent; up at 2 s.
    w.sim.at(Time::fromNanos(1'000'000'000), [&] { w.bDown(); });
    w.sim.at(Time::fromNanos(2'000'000'000), [&] { w.net.setNodeUp(w.b, true); });
    // At 1.5 s the client writes: lost (b is off), sent again at 2.5 s: b, up again, resets it.
    w.sim.at(Time::fromNanos(1'500'000'000), [&] { c.send("MAIL FROM:<a@example>\r\n"); });
    w.sim.run();

    CHECK(sink.error == "host went down");
    CHECK(sink.received == "EHLO a\r\n");
    CHECK(clientError == "connection reset by peer");
    CHECK(seconds(clientErrorAt) == Approx(2.5).margin(0.02));
    // Going down sent nothing, and b was silent until the client's segment came again.
    const auto fromB = w.sentBy(w.b);
    for (const auto* rec : fromB)
        CHECK((rec->sent < Time::fromNanos(1'000'000'000) || rec->sent > Time::fromNanos(2'500'000'000)));
    REQUIRE(!fromB.empty());
    CHECK(fromB.back()->packet.flags == (tcpflag::Rst | tcpflag::Ack));
    REQUIRE(w.trace.drops.size() == 1);
    CHECK(w.trace.drops[0].reason == trace::DropReason::NodeDown);
    CHECK(w.trace.drops[0].node == w.b);

    // The listener stayed: a new connection works.
    Sender again;
    again.start(w, "QUIT\r\n");
    w.sim.run();
    CHECK(again.error.empty());
    CHECK(again.closed);
    CHECK(sink.received == "EHLO a\r\nQUIT\r\n");
}

TEST_CASE("tcp failure: a lost SYN-ACK is sent again and the data start with one segment and a 3 s RTO",
          "[tcp][failure]") {
    World w;
    Sink sink;
    sink.listen(w);
    Sender s;
    s.start(w, pattern(5000));
    // The SYN reaches b at about 4 ms; cut r - b while its SYN-ACK is on it, mend it at 0.5 s.
    w.sim.at(Time::fromNanos(4'100'000), [&] { w.net.setLinkUp(w.rB, false); });
    w.sim.at(Time::fromNanos(500'000'000), [&] { w.net.setLinkUp(w.rB, true); });
    w.sim.run();
    CHECK(s.error.empty());
    CHECK(sink.received == pattern(5000));
    CHECK(s.rtoAtConnect == kSynFallbackRto);
    REQUIRE(w.trace.drops.size() == 1);
    CHECK(w.trace.packets[w.trace.drops[0].packetId].packet.flags == (tcpflag::Syn | tcpflag::Ack));
    // RFC 5681 (3.1): the first flight after a lost handshake segment is one segment.
    std::vector<Time> firstData;
    for (const auto* rec : w.sentBy(w.a))
        if (!rec->packet.payload.empty()) firstData.push_back(rec->sent);
    REQUIRE(firstData.size() == 4);
    CHECK(firstData[1] > firstData[0]);
}

TEST_CASE("tcp failure: a lossless slow link never retransmits, down to the slowest the format allows",
          "[tcp][failure]") {
    // scenario_limits.h: bandwidth down to 1 bit/s, MTU up to 9000, latency up to an hour;
    // attachments up to 20 MB (27.4 MB in base64). The RTO comes from measured round trips,
    // but the first full segment after the small handshake takes longer than the RTO that
    // measured below about 72 kbit/s at MTU 9000 (12 kbit/s at 1500): the model sees that
    // nothing was lost and waits instead of retransmitting. (Below about 32 bit/s, or with a
    // round trip over 30 s, not even the handshake fits in the connect timeout.)
    struct Case {
        std::int64_t bps;
        int mtu;
        Duration latency;  // per link, two links each way
        std::size_t bytes;
    };
    const std::vector<Case> cases{
        {100, 9000, Duration::millis(1), 40'000},              // 100 bit/s: a segment takes 12 minutes
        {9'600, 1500, Duration::millis(300), 200'000},         // a modem
        {64'000, 9000, Duration::millis(1), 500'000},          // jumbo frames at ISDN speed
        {2'000'000, 1500, Duration::millis(50), 27'400'000},   // the largest attachment, in base64
        {1'000'000, 576, Duration::seconds(7), 100'000},       // far away: a 28 s round trip
    };
    for (const Case& k : cases) {
        INFO("bps " << k.bps << " mtu " << k.mtu << " latency " << k.latency.ns() << " bytes " << k.bytes);
        World w(k.bps, k.mtu, k.latency);
        Sink sink;
        sink.listen(w);
        Sender s;
        const std::string data = "MAIL FROM:<a@example>\r\n" + pattern(k.bytes);
        s.start(w, data);
        w.sim.run();
        CHECK(s.error.empty());
        CHECK(sink.received == data);
        CHECK(s.closed);
        CHECK(s.retransmissions == 0);
        CHECK(w.trace.drops.empty());
        for (const auto& rec : w.trace.packets) CHECK(rec.packet.retransmission == 0);
    }
}

TEST_CASE("tcp failure: the same breaking world run twice gives the same trace", "[tcp][failure]") {
    auto once = [] {
        World w;
        Sink sink;
        sink.listen(w);
        Sender s;
        s.start(w, pattern(200'000));
        w.sim.at(Time::fromNanos(40'000'000), [&] { w.net.setLinkUp(w.rB, false); });
        w.sim.at(Time::fromNanos(5'000'000'000), [&] { w.net.setLinkUp(w.rB, true); });
        w.sim.at(Time::fromNanos(9'000'000'000), [&] { w.bDown(); });
        w.sim.run();
        std::string out;
        for (const auto& rec : w.trace.packets)
            out += std::to_string(rec.sent.ns()) + " " + rec.packet.summary + " " + std::to_string(rec.packet.seq) + "\n";
        for (const auto& h : w.trace.hops) out += std::to_string(h.packetId) + "@" + std::to_string(h.start.ns()) + "\n";
        for (const auto& d : w.trace.drops)
            out += std::to_string(d.packetId) + " " + std::string(trace::dropReasonText(d.reason)) + " " +
                   std::to_string(d.node) + " " + std::to_string(d.time.ns()) + "\n";
        return out;
    };
    const std::string first = once();
    CHECK(first.find("Retransmission") != std::string::npos);
    CHECK(first.find("link down") != std::string::npos);
    CHECK(first == once());
}

TEST_CASE("tcp failure: a connection opened the instant its host goes down hears 'host went down'", "[tcp][failure]") {
    World w;
    Sink sink;
    sink.listen(w);
    std::string error;
    TcpConnection& c = w.stackA->connect(w.ipB, 25, AppProtocol::Smtp, "SMTP");
    c.setCallbacks({.onError = [&](std::string_view e) { error = e; }});
    w.net.setNodeUp(w.a, false);
    w.stackA->reset();
    CHECK(error == "host went down");
    w.sim.run();
    CHECK(w.trace.packets.empty());  // its SYN never left
    CHECK(w.trace.connections.at(0).closed == Time::zero());
}

TEST_CASE("tcp failure: a lost last ACK ends the peer's close with the RST of a host that forgot it",
          "[tcp][failure]") {
    // Without TIME-WAIT the client frees its end at once; the server, whose FIN was not
    // acknowledged, sends it again and gets an RST: in LAST-ACK that only closes (RFC 9293).
    Time lastAckOnCutLink;
    {
        World w;
        Sink sink;
        sink.listen(w);
        Sender s;
        s.start(w, "QUIT\r\n");
        w.sim.run();
        REQUIRE(s.closed);
        const std::uint64_t lastAck = w.sentBy(w.a).back()->packet.id;
        for (const auto& h : w.trace.hops)
            if (h.packetId == lastAck && h.link == w.rB) lastAckOnCutLink = h.start;
        REQUIRE(lastAckOnCutLink > Time::zero());
    }
    World w;
    Sink sink;
    sink.listen(w);
    Sender s;
    s.start(w, "QUIT\r\n");
    w.sim.at(lastAckOnCutLink + Duration::nanos(1), [&] { w.net.setLinkUp(w.rB, false); });
    w.sim.at(lastAckOnCutLink + Duration::millis(100), [&] { w.net.setLinkUp(w.rB, true); });
    w.sim.run();
    CHECK(s.closed);
    CHECK(s.error.empty());
    CHECK(sink.closed);
    CHECK(sink.error.empty());
    CHECK(sink.received == "QUIT\r\n");
    REQUIRE(w.trace.drops.size() == 1);
    const auto fromB = w.sentBy(w.b);
    CHECK(fromB.back()->packet.flags == (tcpflag::Fin | tcpflag::Ack));
    CHECK(fromB.back()->packet.retransmission == 1);
    CHECK(w.sentBy(w.a).back()->packet.flags == (tcpflag::Rst | tcpflag::Ack));
}
