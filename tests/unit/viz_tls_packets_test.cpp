// Which packets carry TLS, on the TLS corpus lesson (STARTTLS on submission and relay): the EHLO
// before STARTTLS is plain, the ClientHello is handshake (with its server name), the AUTH inside
// TLS is encrypted and the trace's line inside it is found; every caption the simulation wrote
// agrees with what the bytes say; a failed handshake and a lesson without TLS.
#include "scenario/scenario_loader.h"
#include "test_support.h"

#include "model/tls_packets.h"
#include "model/trace_index.h"
#include "world/world.h"

#include <catch2/catch.hpp>

using namespace postino;
using namespace postino::viz;

namespace {

scenario::Scenario tlsLesson() {
    auto r = scenario::loadScenarioFile(testing::sourcePath("tests/corpus/tls/02-with-tls.json"));
    REQUIRE(r.ok());
    return *r.scenario;
}

std::string captionOf(const trace::Trace& t, std::uint64_t packet) {
    const trace::Caption* c = t.caption(t.packets[packet].packet.caption);
    return c ? c->text : std::string();
}

// The first packet whose caption starts with `start`.
std::uint64_t firstCaptioned(const trace::Trace& t, std::string_view start) {
    for (std::uint64_t i = 0; i < t.packets.size(); ++i)
        if (captionOf(t, i).rfind(start, 0) == 0) return i;
    FAIL("no packet captioned " << start);
    return 0;
}

}  // namespace

TEST_CASE("TLS packets: plain EHLO, handshake ClientHello, encrypted AUTH on the TLS lesson", "[viz][tls]") {
    world::World world(tlsLesson());
    world.run();
    const trace::Trace& t = world.trace();
    const TraceIndex index(t);
    const TlsPackets& tls = index.tls();
    CHECK(tls.any());

    const std::uint64_t ehlo = firstCaptioned(t, "EHLO alice-laptop");
    CHECK(tls.secrecy(ehlo) == PacketSecrecy::Plain);
    CHECK(tls.records(ehlo).empty());

    const std::uint64_t hello = firstCaptioned(t, "TLS handshake");
    CHECK(hello > ehlo);
    CHECK(tls.secrecy(hello) == PacketSecrecy::Handshake);
    const auto helloRecords = tls.records(hello);
    REQUIRE(helloRecords.size() == 1);
    CHECK(helloRecords[0].record.contentType == 22);
    CHECK_FALSE(helloRecords[0].record.encrypted);
    REQUIRE(helloRecords[0].record.handshakeTypes.size() == 1);
    CHECK(helloRecords[0].record.handshakeTypes[0] == 1);  // ClientHello
    CHECK(helloRecords[0].serverName == "mail.sender.example");
    CHECK(helloRecords[0].startsHere);
    CHECK(helloRecords[0].endsHere);
    CHECK(helloRecords[0].from == 0);
    CHECK(helloRecords[0].to == t.packets[hello].packet.payload.size());
    CHECK(tls.linesInside(hello).empty());

    const std::uint64_t auth = firstCaptioned(t, "[TLS] AUTH PLAIN");
    CHECK(tls.secrecy(auth) == PacketSecrecy::Encrypted);
    const auto authRecords = tls.records(auth);
    REQUIRE(!authRecords.empty());
    for (const TlsRecordPart& r : authRecords) {
        CHECK(r.record.contentType == 23);
        CHECK(r.record.encrypted);
    }
    const auto inside = tls.linesInside(auth);
    REQUIRE(inside.size() == 1);
    CHECK(t.lines[inside[0]].text.rfind("AUTH PLAIN ", 0) == 0);
    CHECK(t.lines[inside[0]].tls);
    CHECK(t.packets[auth].packet.payload.find("AUTH") == std::string::npos);  // the wire has no word of it

    // Every packet: what the bytes say agrees with what the simulation captioned, and the
    // records cover a TLS packet's payload exactly, in order.
    int encrypted = 0, handshakes = 0;
    for (std::uint64_t i = 0; i < t.packets.size(); ++i) {
        const std::string caption = captionOf(t, i);
        const PacketSecrecy s = tls.secrecy(i);
        INFO("packet " << i << " captioned '" << caption << "'");
        if (caption.rfind("[TLS] ", 0) == 0) {
            CHECK(s == PacketSecrecy::Encrypted);
            ++encrypted;
            // Its lines are found, the first one what the caption begins with (a mail's text
            // is captioned by its subject, not its first line).
            const auto lines = tls.linesInside(i);
            REQUIRE(!lines.empty());
            if (caption.rfind("[TLS] DATA (", 0) != 0) CHECK(t.lines[lines.front()].text.substr(0, 4) == caption.substr(6, 4));
        } else if (caption == "TLS handshake") {
            CHECK(s == PacketSecrecy::Handshake);
            ++handshakes;
        } else {
            CHECK(s == PacketSecrecy::Plain);
        }
        if (s == PacketSecrecy::Plain) continue;
        std::uint32_t covered = 0;
        for (const TlsRecordPart& r : tls.records(i)) {
            CHECK(r.from == covered);
            covered = r.to;
        }
        CHECK(covered == t.packets[i].packet.payload.size());
    }
    CHECK(encrypted >= 20);
    CHECK(handshakes >= 6);

    // A server's reply inside TLS is found from the server's side.
    const std::uint64_t queued = firstCaptioned(t, "[TLS] 250 2.0.0 Ok: queued");
    const auto reply = tls.linesInside(queued);
    REQUIRE(reply.size() == 1);
    CHECK_FALSE(t.lines[reply[0]].fromClient);
}

TEST_CASE("TLS packets: a refused certificate leaves handshake packets and nothing encrypted with a line", "[viz][tls]") {
    scenario::Scenario s = tlsLesson();
    for (auto& n : s.nodes)
        if (n.id == "mail-sender") n.tls.certificate = scenario::CertificateFault::WrongName;
    world::World world(s);
    world.run();
    const trace::Trace& t = world.trace();
    const TraceIndex index(t);
    const std::uint64_t hello = firstCaptioned(t, "TLS handshake");
    CHECK(index.tls().secrecy(hello) == PacketSecrecy::Handshake);
    for (std::uint64_t i = 0; i < t.packets.size(); ++i) {
        CHECK(captionOf(t, i).rfind("[TLS] AUTH", 0) == std::string::npos);
        CHECK(index.tls().linesInside(i).empty());
    }
}

TEST_CASE("TLS packets: a lesson without TLS has only plain packets", "[viz][tls]") {
    world::World world(testing::loadLesson("02-cross-domain.json"));
    world.run();
    const TraceIndex index(world.trace());
    CHECK_FALSE(index.tls().any());
    for (std::uint64_t i = 0; i < world.trace().packets.size(); ++i) {
        CHECK(index.tls().secrecy(i) == PacketSecrecy::Plain);
        CHECK(index.tls().records(i).empty());
    }
    CHECK(index.tls().secrecy(world.trace().packets.size() + 5) == PacketSecrecy::Plain);
}

namespace {

std::string record(std::uint8_t type, const std::string& body) {
    std::string r{static_cast<char>(type), 3, 3, static_cast<char>(body.size() >> 8), static_cast<char>(body.size() & 0xff)};
    return r + body;
}

// A data segment of the client's direction at stream offset `offset` (0: the byte after the SYN).
trace::PacketRecord clientSegment(Time sent, std::uint32_t offset, std::string payload, std::uint32_t segIndex,
                                  std::uint32_t segCount, std::uint16_t retransmission = 0) {
    trace::PacketRecord r;
    r.sent = sent;
    r.packet.srcIp = 1, r.packet.dstIp = 2, r.packet.srcPort = 49152, r.packet.dstPort = 25;
    r.packet.connection = 1;
    r.packet.seq = 1000 + 1 + offset;
    r.packet.flags = net::tcpflag::Ack | net::tcpflag::Psh;
    r.packet.payload = std::move(payload);
    r.packet.segIndex = segIndex, r.packet.segCount = segCount;
    r.packet.retransmission = retransmission;
    return r;
}

}  // namespace

TEST_CASE("TLS packets: a record cut across two segments, a retransmission counted once", "[viz][tls]") {
    trace::Trace t;
    trace::ConnectionRecord c;
    c.id = 1, c.clientIp = 1, c.serverIp = 2, c.clientPort = 49152, c.serverPort = 25;
    t.connections.push_back(c);
    trace::PacketRecord syn;
    syn.packet.srcIp = 1, syn.packet.dstIp = 2, syn.packet.srcPort = 49152, syn.packet.dstPort = 25;
    syn.packet.connection = 1, syn.packet.seq = 1000, syn.packet.flags = net::tcpflag::Syn;
    t.packets.push_back(syn);
    const std::string plain = "EHLO x\r\n";
    // The handshake write: a ClientHello-like message, change_cipher_spec, 300 encrypted bytes,
    // cut by TCP in the middle of the third record.
    const std::string hello = record(22, std::string("\x01\x00\x00\x02\x03\x03", 6)) + record(20, "\x01") +
                              record(23, std::string(300, 'e'));
    const std::size_t cut = hello.size() - 100;
    const auto off = static_cast<std::uint32_t>(plain.size());
    t.packets.push_back(clientSegment(Time::zero() + Duration::millis(1), 0, plain, 1, 1));
    t.packets.push_back(clientSegment(Time::zero() + Duration::millis(2), off, hello.substr(0, cut), 1, 2));
    t.packets.push_back(clientSegment(Time::zero() + Duration::millis(2), off + static_cast<std::uint32_t>(cut),
                                      hello.substr(cut), 2, 2));
    t.packets.push_back(clientSegment(Time::zero() + Duration::millis(9), off + static_cast<std::uint32_t>(cut),
                                      hello.substr(cut), 2, 2, 1));  // sent again
    const std::string data = record(23, std::string(40, 'd'));
    t.packets.push_back(clientSegment(Time::zero() + Duration::millis(10),
                                      off + static_cast<std::uint32_t>(hello.size()), data, 1, 1));
    trace::LineRecord line;
    line.time = Time::zero() + Duration::millis(10), line.connection = 1, line.fromClient = true;
    line.text = "MAIL FROM:<a@example.org>", line.tls = true;
    t.lines.push_back(line);

    const TlsPackets tls(t);
    CHECK(tls.secrecy(0) == PacketSecrecy::Plain);
    CHECK(tls.secrecy(1) == PacketSecrecy::Plain);
    CHECK(tls.secrecy(2) == PacketSecrecy::Handshake);
    CHECK(tls.secrecy(3) == PacketSecrecy::Handshake);  // only encrypted bytes, but part of the handshake write
    CHECK(tls.secrecy(4) == PacketSecrecy::Handshake);  // the retransmission, as the first time
    CHECK(tls.secrecy(5) == PacketSecrecy::Encrypted);

    const auto first = tls.records(2), second = tls.records(3), again = tls.records(4);
    REQUIRE(first.size() == 3);
    CHECK(first[2].record.contentType == 23);
    CHECK(first[2].startsHere);
    CHECK_FALSE(first[2].endsHere);
    CHECK(first[2].to == cut);
    REQUIRE(second.size() == 1);
    CHECK_FALSE(second[0].startsHere);
    CHECK(second[0].endsHere);
    CHECK(second[0].from == 0);
    CHECK(second[0].to == 100);
    CHECK(second[0].record.length == 300);
    REQUIRE(again.size() == 1);
    CHECK(again[0].record.offset == second[0].record.offset);

    REQUIRE(tls.linesInside(5).size() == 1);
    CHECK(tls.linesInside(5)[0] == 0);
    CHECK(tls.linesInside(3).empty());
}

TEST_CASE("TLS packets: on port 465 every data packet of the submission is TLS from the first byte", "[viz][tls]") {
    scenario::Scenario s = tlsLesson();
    for (auto& n : s.nodes)
        for (auto& a : n.accounts) a.tls = scenario::AccountTls::Implicit;
    world::World world(s);
    world.run();
    const trace::Trace& t = world.trace();
    const TraceIndex index(t);
    const std::uint32_t submission = t.connections.front().id;
    REQUIRE(t.connections.front().serverPort == 465);
    int handshakes = 0, encrypted = 0;
    for (std::uint64_t i = 0; i < t.packets.size(); ++i) {
        const net::Packet& p = t.packets[i].packet;
        if (p.connection != submission || p.payload.empty()) continue;
        const PacketSecrecy secrecy = index.tls().secrecy(i);
        INFO("packet " << i << " captioned '" << captionOf(t, i) << "'");
        CHECK(secrecy != PacketSecrecy::Plain);
        if (handshakes == 0) CHECK(secrecy == PacketSecrecy::Handshake);  // the ClientHello comes first
        (secrecy == PacketSecrecy::Handshake ? handshakes : encrypted)++;
    }
    CHECK(handshakes >= 3);
    CHECK(encrypted >= 10);
    // The greeting, inside TLS on this port (the first encrypted packet from the server; the
    // simulation writes it with the end of the handshake and captions it so), is found as what
    // the server wrote.
    std::uint64_t greeting = 0;
    for (std::uint64_t i = 0; i < t.packets.size() && greeting == 0; ++i)
        if (t.packets[i].packet.connection == submission && t.packets[i].packet.srcPort == 465 &&
            index.tls().secrecy(i) == PacketSecrecy::Encrypted)
            greeting = i;
    REQUIRE(greeting != 0);
    const auto lines = index.tls().linesInside(greeting);
    REQUIRE(lines.size() == 1);
    CHECK(t.lines[lines[0]].text.rfind("220 ", 0) == 0);
    CHECK_FALSE(t.lines[lines[0]].fromClient);
}
