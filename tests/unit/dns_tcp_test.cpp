// DNS over TCP's framing (RFC 1035 4.2.2, RFC 7766 8): the two-octet length before each message,
// messages split across reads or several in one read, and the resolver's second question with a
// fresh id that a TCP answer matches.
#include "dns/dns_message.h"
#include "dns/dns_resolver.h"
#include "dns/dns_tcp.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace postino;
using namespace postino::dns;

TEST_CASE("frameForTcp puts the length in two octets before the message", "[dns][tcp]") {
    const std::vector<std::uint8_t> message = {0x12, 0x34, 0x01, 0x00};
    CHECK(frameForTcp(message) == std::string("\x00\x04\x12\x34\x01\x00", 6));
    const std::vector<std::uint8_t> big(300, 0xAB);
    const std::string framed = frameForTcp(big);
    REQUIRE(framed.size() == 302);
    CHECK(static_cast<unsigned char>(framed[0]) == 0x01);
    CHECK(static_cast<unsigned char>(framed[1]) == 0x2C);
    CHECK(frameForTcp(std::vector<std::uint8_t>(65535, 1)).size() == 65537);
    CHECK(frameForTcp(std::vector<std::uint8_t>(65536, 1)).empty());  // cannot be framed
}

TEST_CASE("TcpMessageReader gives whole messages however the bytes arrive", "[dns][tcp]") {
    const std::vector<std::uint8_t> a = {1, 2, 3}, b(700, 9), empty;
    const std::string stream = frameForTcp(a) + frameForTcp(b) + frameForTcp(empty) + frameForTcp(a);
    for (std::size_t chunk : {std::size_t(1), std::size_t(2), std::size_t(5), std::size_t(701), stream.size()}) {
        INFO("chunks of " << chunk);
        TcpMessageReader reader;
        std::vector<std::vector<std::uint8_t>> got;
        for (std::size_t at = 0; at < stream.size(); at += chunk) {
            reader.feed(std::string_view(stream).substr(at, chunk));
            while (auto m = reader.next()) got.push_back(*m);
        }
        REQUIRE(got.size() == 4);
        CHECK(got[0] == a);
        CHECK(got[1] == b);
        CHECK(got[2].empty());
        CHECK(got[3] == a);
        CHECK(reader.pending() == 0);
    }
    // A message cut short stays pending: nothing half is handed out.
    TcpMessageReader cut;
    cut.feed(std::string("\x00\x10\x01\x02", 4));
    CHECK_FALSE(cut.next().has_value());
    CHECK(cut.pending() == 4);
}

TEST_CASE("StubResolver::requery asks the same question again with a fresh id, past the cache", "[dns][tcp]") {
    StubResolver r(7);
    const Time now = Time::fromNanos(1000000000);
    const LookupStart first = r.start("Bank.Example.", RrType::TXT, now);
    REQUIRE(first.kind == LookupStart::Kind::Query);
    // A truncated answer (TC) to the first question: matched, not cached.
    Message reply;
    reply.id = first.query.id;
    reply.qr = true;
    reply.rd = true;
    reply.ra = true;
    reply.tc = true;
    reply.questions.push_back(Question{"bank.example", RrType::TXT, kClassIn});
    const std::vector<std::uint8_t> bytes = encode(reply);
    const LookupResult truncated = r.receive(bytes.data(), bytes.size(), now);
    REQUIRE(truncated.matched);
    CHECK(truncated.truncated);
    CHECK(r.start("bank.example", RrType::TXT, now).kind == LookupStart::Kind::Query);  // nothing cached

    const LookupStart again = r.requery("bank.example", RrType::TXT, now);
    REQUIRE(again.kind == LookupStart::Kind::Query);
    CHECK(again.query.id != first.query.id);
    bool outstanding = false;
    for (const PendingQuery& q : r.outstanding()) outstanding |= q.id == again.query.id && q.name == "bank.example";
    CHECK(outstanding);
    CHECK(r.requery("bad..name", RrType::TXT, now).kind == LookupStart::Kind::Error);
}
