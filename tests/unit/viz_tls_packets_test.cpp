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
