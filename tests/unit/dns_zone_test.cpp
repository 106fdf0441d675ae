// Authoritative server engine: answers, negative answers, errors, raw datagrams.
#include "dns/dns_zone.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

using namespace postino;
using namespace postino::dns;

namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint32_t ip(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
}

scenario::DnsRecord aRec(const std::string& name, std::uint32_t address, std::uint32_t ttl = 3600) {
    scenario::DnsRecord r;
    r.name = name;
    r.type = scenario::RecordType::A;
    r.ttl = ttl;
    r.address = address;
    return r;
}

scenario::DnsRecord mxRec(const std::string& name, std::uint16_t pref, const std::string& exchange) {
    scenario::DnsRecord r;
    r.name = name;
    r.type = scenario::RecordType::MX;
    r.ttl = 3600;
    r.preference = pref;
    r.exchange = exchange;
    return r;
}

std::vector<scenario::DnsZone> zones() {
    scenario::DnsZone recipient;
    recipient.origin = "recipient.example";
    recipient.records = {
        mxRec("recipient.example", 10, "mail.recipient.example"),
        mxRec("recipient.example", 20, "backup.sender.example"),
        aRec("mail.recipient.example", ip(192, 0, 2, 25)),
        aRec("host.deep.recipient.example", ip(192, 0, 2, 26)),  // makes deep.recipient.example exist
        aRec("www.sub.recipient.example", ip(192, 0, 2, 99)),    // shadowed by the sub zone below
    };
    scenario::DnsZone sub;
    sub.origin = "sub.recipient.example";
    sub.records = {aRec("www.sub.recipient.example", ip(198, 51, 100, 7), 60)};
    scenario::DnsZone sender;
    sender.origin = "Sender.Example.";  // normalized by the server
    sender.records = {
        mxRec("sender.example", 5, "mail.recipient.example"),  // exchange in another zone
        aRec("backup.sender.example", ip(203, 0, 113, 2)),
    };
    return {recipient, sub, sender};
}

AuthoritativeServer server() { return AuthoritativeServer(zones(), "ns.example"); }

Message query(const std::string& name, RrType type, std::uint16_t id = 0x1a2b) {
    Message m;
    m.id = id;
    m.rd = true;
    m.questions.push_back(Question{name, type, kClassIn});
    return m;
}

void checkSoa(const ResourceRecord& rr, const std::string& origin) {
    CHECK(rr.type == RrType::SOA);
    CHECK(rr.name == origin);
    CHECK(rr.ttl == 300);
    CHECK(rr.mname == "ns.example");
    CHECK(rr.rname == "hostmaster." + origin);
    CHECK(rr.serial == 1);
    CHECK(rr.refresh == 3600);
    CHECK(rr.retry == 600);
    CHECK(rr.expire == 86400);
    CHECK(rr.minimum == 300);
}

}  // namespace

TEST_CASE("zone answers an A query authoritatively", "[dns]") {
    Message r = server().answer(query("mail.recipient.example", RrType::A));
    CHECK(r.id == 0x1a2b);
    CHECK(r.qr);
    CHECK(r.aa);
    CHECK(r.rd);  // copied from the query
    CHECK_FALSE(r.ra);
    CHECK(r.rcode == Rcode::NoError);
    REQUIRE(r.questions.size() == 1);
    CHECK(r.questions[0].name == "mail.recipient.example");
    REQUIRE(r.answers.size() == 1);
    CHECK(r.answers[0] == makeA("mail.recipient.example", 3600, ip(192, 0, 2, 25)));
    CHECK(r.authority.empty());
    CHECK(r.additional.empty());
}

TEST_CASE("zone answers MX with the exchanges' addresses as additional data", "[dns]") {
    Message r = server().answer(query("recipient.example", RrType::MX));
    CHECK(r.aa);
    REQUIRE(r.answers.size() == 2);
    CHECK(r.answers[0] == makeMx("recipient.example", 3600, 10, "mail.recipient.example"));
    CHECK(r.answers[1] == makeMx("recipient.example", 3600, 20, "backup.sender.example"));
    // Both exchanges live in zones of this server, one of them another zone.
    REQUIRE(r.additional.size() == 2);
    CHECK(r.additional[0] == makeA("mail.recipient.example", 3600, ip(192, 0, 2, 25)));
    CHECK(r.additional[1] == makeA("backup.sender.example", 3600, ip(203, 0, 113, 2)));

    Message s = server().answer(query("sender.example", RrType::MX));
    REQUIRE(s.answers.size() == 1);
    REQUIRE(s.additional.size() == 1);
    CHECK(s.additional[0].name == "mail.recipient.example");
}

TEST_CASE("zone: MX exchange outside our zones gets no additional record", "[dns]") {
    scenario::DnsZone z;
    z.origin = "lonely.example";
    z.records = {mxRec("lonely.example", 10, "mx.elsewhere.example")};
    AuthoritativeServer s({z}, "ns.lonely.example");
    Message r = s.answer(query("lonely.example", RrType::MX));
    CHECK(r.answers.size() == 1);
    CHECK(r.additional.empty());
}

TEST_CASE("zone: a missing name is NXDOMAIN with the zone's SOA", "[dns]") {
    Message r = server().answer(query("nope.recipient.example", RrType::A));
    CHECK(r.rcode == Rcode::NxDomain);
    CHECK(r.aa);
    CHECK(r.answers.empty());
    REQUIRE(r.authority.size() == 1);
    checkSoa(r.authority[0], "recipient.example");
    CHECK(summary(r) == "Standard query response 0x1a2b No such name A nope.recipient.example");
}

TEST_CASE("zone: an existing name without that type is NODATA", "[dns]") {
    struct Row {
        std::string name;
        RrType type;
        std::string origin;
    } rows[] = {
        {"mail.recipient.example", RrType::MX, "recipient.example"},
        {"mail.recipient.example", RrType::AAAA, "recipient.example"},
        {"recipient.example", RrType::A, "recipient.example"},         // apex: only MX, SOA, NS
        {"deep.recipient.example", RrType::A, "recipient.example"},    // empty non-terminal (RFC 8020)
        {"sub.recipient.example", RrType::MX, "sub.recipient.example"},  // apex of the sub zone
    };
    for (const Row& row : rows) {
        INFO(row.name << " " << typeName(row.type));
        Message r = server().answer(query(row.name, row.type));
        CHECK(r.rcode == Rcode::NoError);
        CHECK(r.aa);
        CHECK(r.answers.empty());
        REQUIRE(r.authority.size() == 1);
        checkSoa(r.authority[0], row.origin);
    }
}

TEST_CASE("zone: the longest matching origin wins", "[dns]") {
    Message r = server().answer(query("www.sub.recipient.example", RrType::A));
    REQUIRE(r.answers.size() == 1);
    CHECK(r.answers[0].address == ip(198, 51, 100, 7));
    Message nx = server().answer(query("nope.sub.recipient.example", RrType::A));
    CHECK(nx.rcode == Rcode::NxDomain);
    REQUIRE(nx.authority.size() == 1);
    CHECK(nx.authority[0].name == "sub.recipient.example");
}

TEST_CASE("zone: apex SOA and NS are synthesized", "[dns]") {
    Message soa = server().answer(query("recipient.example", RrType::SOA));
    REQUIRE(soa.answers.size() == 1);
    checkSoa(soa.answers[0], "recipient.example");
    Message ns = server().answer(query("recipient.example", RrType::NS));
    REQUIRE(ns.answers.size() == 1);
    CHECK(ns.answers[0].target == "ns.example");
}

TEST_CASE("zone: names are matched case-insensitively", "[dns]") {
    Message r = server().answer(query("MAIL.Recipient.EXAMPLE.", RrType::A));
    REQUIRE(r.answers.size() == 1);
    CHECK(r.answers[0].address == ip(192, 0, 2, 25));
    Message s = server().answer(query("sender.example", RrType::MX));
    CHECK(s.answers.size() == 1);
}

TEST_CASE("zone: error replies", "[dns]") {
    Message noQuestion = query("x", RrType::A);
    noQuestion.questions.clear();
    Message twoQuestions = query("mail.recipient.example", RrType::A);
    twoQuestions.questions.push_back(twoQuestions.questions[0]);
    Message status = query("mail.recipient.example", RrType::A);
    status.opcode = 2;
    Message chaos = query("mail.recipient.example", RrType::A);
    chaos.questions[0].qclass = 3;
    Message response = query("mail.recipient.example", RrType::A);
    response.qr = true;

    struct Row {
        const char* what;
        Message q;
        Rcode rcode;
        std::size_t questionsEchoed;
    } rows[] = {
        {"outside every zone", query("other.example", RrType::A), Rcode::Refused, 1},
        {"suffix but not on a label boundary", query("xrecipient.example", RrType::A), Rcode::Refused, 1},
        {"parent of a zone", query("example", RrType::A), Rcode::Refused, 1},
        {"class CH", chaos, Rcode::Refused, 1},
        {"qdcount 0", noQuestion, Rcode::FormErr, 0},
        {"qdcount 2", twoQuestions, Rcode::FormErr, 0},
        {"opcode STATUS", status, Rcode::NotImp, 1},
        {"a response", response, Rcode::FormErr, 0},
    };
    for (const Row& row : rows) {
        INFO(row.what);
        Message r = server().answer(row.q);
        CHECK(r.rcode == row.rcode);
        CHECK(r.qr);
        CHECK(r.id == row.q.id);
        CHECK_FALSE(r.aa);
        CHECK(r.answers.empty());
        CHECK(r.authority.empty());
        CHECK(r.questions.size() == row.questionsEchoed);
    }
}

TEST_CASE("zone handle: hand-checked MX query in, hand-checked response out", "[dns]") {
    // The same bytes as in dns_message_test, for a zone holding only these two records.
    const Bytes q = {0x1a, 0x2b, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                     0x09, 'r',  'e',  'c',  'i',  'p',  'i',  'e',  'n',  't',  0x07, 'e',
                     'x',  'a',  'm',  'p',  'l',  'e',  0x00, 0x00, 0x0f, 0x00, 0x01};
    const Bytes expected = {
        0x1a, 0x2b, 0x85, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,  // header: QR AA RD, 1/1/0/1
        0x09, 'r', 'e', 'c', 'i', 'p', 'i', 'e', 'n', 't', 0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x00,
        0x00, 0x0f, 0x00, 0x01,                                               // question
        0xc0, 0x0c, 0x00, 0x0f, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x09,  // MX, ttl 3600, rdlength 9
        0x00, 0x0a, 0x04, 'm', 'a', 'i', 'l', 0xc0, 0x0c,                        // 10 mail.<ptr 12>
        0xc0, 0x31, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x04,  // <ptr 49> A
        0xc0, 0x00, 0x02, 0x19};                                                 // 192.0.2.25
    scenario::DnsZone z;
    z.origin = "recipient.example";
    z.records = {mxRec("recipient.example", 10, "mail.recipient.example"), aRec("mail.recipient.example", ip(192, 0, 2, 25))};
    AuthoritativeServer s({z}, "ns.recipient.example");
    CHECK(s.handle(q.data(), q.size()) == expected);
}

TEST_CASE("zone handle: garbage gets FormErr with its id, or nothing", "[dns]") {
    const AuthoritativeServer s = server();
    // A header asking one question, then a label length of 64.
    const Bytes bad = {0xab, 0xcd, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 'x', 0, 0, 1, 0, 1};
    Bytes reply = s.handle(bad.data(), bad.size());
    DecodeResult r = decode(reply);
    REQUIRE(r.ok());
    CHECK(r.message->id == 0xabcd);
    CHECK(r.message->qr);
    CHECK(r.message->rd);
    CHECK(r.message->rcode == Rcode::FormErr);
    CHECK(r.message->questions.empty());

    CHECK(s.handle(bad.data(), 11).empty());  // not even a header
    CHECK(s.handle(nullptr, 0).empty());
    Bytes badResponse = bad;
    badResponse[2] |= 0x80;  // QR: never answer a response, even a broken one
    CHECK(s.handle(badResponse.data(), badResponse.size()).empty());
    Message resp = query("mail.recipient.example", RrType::A);
    resp.qr = true;
    Bytes goodResponse = encode(resp);
    CHECK(s.handle(goodResponse.data(), goodResponse.size()).empty());
}

TEST_CASE("zone handle: large answers are truncated to 512 octets with TC", "[dns]") {
    scenario::DnsZone z;
    z.origin = "big.example";
    for (std::uint32_t i = 0; i < 40; ++i) z.records.push_back(aRec("many.big.example", ip(192, 0, 2, i)));
    for (std::uint32_t i = 0; i < 30; ++i) z.records.push_back(aRec("mx.big.example", ip(198, 51, 100, i)));
    z.records.push_back(mxRec("big.example", 10, "mx.big.example"));
    AuthoritativeServer s({z}, "ns.big.example");

    // 40 A records: 12 + 22 (question) + 40 * 16 = 674 > 512.
    Bytes q = encode(query("many.big.example", RrType::A));
    Bytes small = s.handle(q.data(), q.size());
    REQUIRE(small.size() <= 512);
    DecodeResult r = decode(small);
    REQUIRE(r.ok());
    CHECK(r.message->tc);
    CHECK(r.message->answers.empty());
    Bytes full = s.handle(q.data(), q.size(), 65535);
    DecodeResult f = decode(full);
    REQUIRE(f.ok());
    CHECK_FALSE(f.message->tc);
    CHECK(f.message->answers.size() == 40);

    // MX with 30 additional A records: the additional section is dropped first.
    Bytes mq = encode(query("big.example", RrType::MX));
    DecodeResult m = decode(s.handle(mq.data(), mq.size()));
    REQUIRE(m.ok());
    CHECK_FALSE(m.message->tc);
    CHECK(m.message->answers.size() == 1);
    CHECK(m.message->additional.empty());
}

TEST_CASE("zone handle: every answer decodes to what answer() built", "[dns]") {
    const AuthoritativeServer s = server();
    const char* names[] = {"recipient.example", "mail.recipient.example", "nope.recipient.example",
                           "deep.recipient.example", "www.sub.recipient.example", "sender.example", "other.example"};
    const RrType types[] = {RrType::A, RrType::MX, RrType::SOA, RrType::NS, RrType::TXT};
    std::uint16_t id = 1;
    for (const char* name : names) {
        for (RrType type : types) {
            Message q = query(name, type, id++);
            Bytes wire = encode(q);
            DecodeResult r = decode(s.handle(wire.data(), wire.size()));
            REQUIRE(r.ok());
            CHECK(*r.message == s.answer(q));
        }
    }
}
