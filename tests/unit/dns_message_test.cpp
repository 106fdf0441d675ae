// RFC 1035 wire codec: hand-checked bytes, round-trips, and hostile input.
#include "dns/dns_message.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

using namespace postino::dns;

namespace {

using Bytes = std::vector<std::uint8_t>;

// MX query for recipient.example, id 0x1a2b, RD set. 35 octets.
const Bytes kMxQuery = {
    0x1a, 0x2b,  // 0  ID
    0x01, 0x00,  // 2  QR=0 OPCODE=0 AA=0 TC=0 RD=1 | RA=0 Z=0 RCODE=0
    0x00, 0x01,  // 4  QDCOUNT 1
    0x00, 0x00,  // 6  ANCOUNT 0
    0x00, 0x00,  // 8  NSCOUNT 0
    0x00, 0x00,  // 10 ARCOUNT 0
    // 12 QNAME: 9 "recipient" (label at 12) 7 "example" (label at 22) 0
    0x09, 'r', 'e', 'c', 'i', 'p', 'i', 'e', 'n', 't',
    0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
    0x00,
    0x00, 0x0f,  // 31 QTYPE MX (15)
    0x00, 0x01,  // 33 QCLASS IN
};

// Its authoritative answer: MX 10 mail.recipient.example, plus the exchange's
// A record (192.0.2.25) in the additional section. 72 octets.
const Bytes kMxResponse = {
    0x1a, 0x2b,  // 0  ID
    0x85, 0x00,  // 2  QR=1 OPCODE=0 AA=1 TC=0 RD=1 = 1000 0101 | RA=0 RCODE=0
    0x00, 0x01,  // 4  QDCOUNT 1
    0x00, 0x01,  // 6  ANCOUNT 1
    0x00, 0x00,  // 8  NSCOUNT 0
    0x00, 0x01,  // 10 ARCOUNT 1
    // 12 question, same 23 octets as the query
    0x09, 'r', 'e', 'c', 'i', 'p', 'i', 'e', 'n', 't',
    0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
    0x00, 0x00, 0x0f, 0x00, 0x01,
    // 35 answer: NAME is a pointer (11 + 14 bits) to offset 12: 0xC0 0x0C
    0xc0, 0x0c,
    0x00, 0x0f,              // 37 TYPE MX
    0x00, 0x01,              // 39 CLASS IN
    0x00, 0x00, 0x0e, 0x10,  // 41 TTL 3600
    0x00, 0x09,              // 45 RDLENGTH 9 = 2 (preference) + 5 ("mail") + 2 (pointer)
    0x00, 0x0a,              // 47 PREFERENCE 10
    0x04, 'm', 'a', 'i', 'l', // 49 label "mail": this is where mail.recipient.example starts
    0xc0, 0x0c,              // 54 ... followed by recipient.example at offset 12
    // 56 additional: NAME mail.recipient.example = pointer to offset 49 (0x31)
    0xc0, 0x31,
    0x00, 0x01,              // 58 TYPE A
    0x00, 0x01,              // 60 CLASS IN
    0x00, 0x00, 0x0e, 0x10,  // 62 TTL 3600
    0x00, 0x04,              // 66 RDLENGTH 4
    0xc0, 0x00, 0x02, 0x19,  // 68 192.0.2.25
};

constexpr std::uint32_t kMailIp = (192u << 24) | (0u << 16) | (2u << 8) | 25u;

Message mxQuery() {
    Message m;
    m.id = 0x1a2b;
    m.rd = true;
    m.questions.push_back(Question{"recipient.example", RrType::MX, kClassIn});
    return m;
}

Message mxResponse() {
    Message m = mxQuery();
    m.qr = true;
    m.aa = true;
    m.answers.push_back(makeMx("recipient.example", 3600, 10, "mail.recipient.example"));
    m.additional.push_back(makeA("mail.recipient.example", 3600, kMailIp));
    return m;
}

ResourceRecord soa(const std::string& origin) {
    ResourceRecord rr;
    rr.name = origin;
    rr.type = RrType::SOA;
    rr.ttl = 300;
    rr.mname = "ns." + origin;
    rr.rname = "hostmaster." + origin;
    rr.serial = 1;
    rr.refresh = 3600;
    rr.retry = 600;
    rr.expire = 86400;
    rr.minimum = 300;
    return rr;
}

ResourceRecord raw(const std::string& name, RrType type, Bytes data) {
    ResourceRecord rr;
    rr.name = name;
    rr.type = type;
    rr.ttl = 60;
    rr.rawData = std::move(data);
    return rr;
}

ResourceRecord named(const std::string& name, RrType type, const std::string& target) {
    ResourceRecord rr;
    rr.name = name;
    rr.type = type;
    rr.ttl = 120;
    rr.target = target;
    return rr;
}

Bytes header(std::uint16_t qd, std::uint16_t an, std::uint16_t ns = 0, std::uint16_t ar = 0) {
    return {0x12, 0x34, 0x01, 0x00, static_cast<std::uint8_t>(qd >> 8), static_cast<std::uint8_t>(qd),
            static_cast<std::uint8_t>(an >> 8), static_cast<std::uint8_t>(an), static_cast<std::uint8_t>(ns >> 8),
            static_cast<std::uint8_t>(ns), static_cast<std::uint8_t>(ar >> 8), static_cast<std::uint8_t>(ar)};
}

Bytes cat(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Minimal splitmix64 for the deterministic fuzz loops below.
std::uint64_t mix(std::uint64_t& s) {
    s += 0x9e3779b97f4a7c15ull;
    std::uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

}  // namespace

TEST_CASE("MX query encodes to the hand-checked bytes", "[dns]") {
    CHECK(encode(mxQuery()) == kMxQuery);
}

TEST_CASE("MX query decodes from the hand-checked bytes", "[dns]") {
    DecodeResult r = decode(kMxQuery);
    REQUIRE(r.ok());
    const Message& m = *r.message;
    CHECK(m.id == 0x1a2b);
    CHECK_FALSE(m.qr);
    CHECK(m.rd);
    CHECK(m.opcode == 0);
    REQUIRE(m.questions.size() == 1);
    CHECK(m.questions[0].name == "recipient.example");
    CHECK(m.questions[0].type == RrType::MX);
    CHECK(m.questions[0].qclass == 1);
    CHECK(m == mxQuery());
}

TEST_CASE("MX response encodes with compression pointers to the hand-checked bytes", "[dns]") {
    CHECK(encode(mxResponse()) == kMxResponse);
}

TEST_CASE("MX response decodes, following compression pointers", "[dns]") {
    DecodeResult r = decode(kMxResponse);
    REQUIRE(r.ok());
    const Message& m = *r.message;
    CHECK(m.qr);
    CHECK(m.aa);
    CHECK(m.rd);
    CHECK_FALSE(m.ra);
    CHECK(m.rcode == Rcode::NoError);
    REQUIRE(m.answers.size() == 1);
    CHECK(m.answers[0].name == "recipient.example");
    CHECK(m.answers[0].type == RrType::MX);
    CHECK(m.answers[0].ttl == 3600);
    CHECK(m.answers[0].preference == 10);
    CHECK(m.answers[0].target == "mail.recipient.example");
    REQUIRE(m.additional.size() == 1);
    CHECK(m.additional[0].name == "mail.recipient.example");
    CHECK(m.additional[0].address == kMailIp);
    CHECK(m == mxResponse());
}

TEST_CASE("summary reads like Wireshark's Info column", "[dns]") {
    Message nx;
    nx.id = 0x1a2b;
    nx.qr = true;
    nx.rcode = Rcode::NxDomain;
    nx.questions.push_back(Question{"nope.example", RrType::A, kClassIn});
    nx.authority.push_back(soa("example"));

    Message a = mxQuery();
    a.qr = true;
    a.questions[0] = Question{"mail.recipient.example", RrType::A, kClassIn};
    a.answers.push_back(makeA("mail.recipient.example", 60, kMailIp));

    Message refused = mxQuery();
    refused.qr = true;
    refused.rcode = Rcode::Refused;

    Message notify;
    notify.id = 5;
    notify.opcode = 4;

    struct Row {
        Message m;
        std::string expected;
    } rows[] = {
        {mxQuery(), "Standard query 0x1a2b MX recipient.example"},
        {mxResponse(), "Standard query response 0x1a2b MX recipient.example MX 10 mail.recipient.example"},
        {a, "Standard query response 0x1a2b A mail.recipient.example A 192.0.2.25"},
        {nx, "Standard query response 0x1a2b No such name A nope.example"},
        {refused, "Standard query response 0x1a2b Refused MX recipient.example"},
        {notify, "Zone change notification 0x0005"},
    };
    for (const Row& row : rows) CHECK(summary(row.m) == row.expected);

    // allSections matches what tshark prints for the same bytes.
    CHECK(summary(mxResponse(), true) ==
          "Standard query response 0x1a2b MX recipient.example MX 10 mail.recipient.example A 192.0.2.25");
    CHECK(summary(nx, true) == "Standard query response 0x1a2b No such name A nope.example SOA ns.example");
}

TEST_CASE("typeName, rcodeName and formatRecord", "[dns]") {
    CHECK(typeName(RrType::MX) == "MX");
    CHECK(typeName(RrType::AAAA) == "AAAA");
    CHECK(typeName(static_cast<RrType>(65280)) == "TYPE65280");
    CHECK(typeName(static_cast<RrType>(41)) == "OPT");
    CHECK(rcodeName(Rcode::NxDomain) == "No such name");
    CHECK(rcodeName(static_cast<Rcode>(9)) == "Unknown error (9)");
    CHECK(formatRecord(makeMx("a.example", 300, 5, "mx.a.example")) == "a.example 300 IN MX 5 mx.a.example");
    CHECK(formatRecord(soa("example")) == "example 300 IN SOA ns.example hostmaster.example 1 3600 600 86400 300");
    CHECK(formatRecord(raw("t.example", static_cast<RrType>(300), {0xab, 0x01})) ==
          "t.example 60 IN TYPE300 \\# 2 ab01");
    CHECK(formatRecordData(raw("v6.example", RrType::AAAA,
                               {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})) ==
          "AAAA 2001:db8::1");
}

TEST_CASE("names are lower-cased and lose a trailing dot", "[dns]") {
    CHECK(normalizeName("Mail.Recipient.EXAMPLE.") == "mail.recipient.example");
    CHECK(normalizeName(".") == "");
    CHECK(normalizeName("a\\.") == "a\\.");  // escaped dot is part of the label
    Message m = mxQuery();
    m.questions[0].name = "RECIPIENT.Example.";
    CHECK(encode(m) == kMxQuery);
}

TEST_CASE("round-trips keep every field", "[dns]") {
    Message full;
    full.id = 0xbeef;
    full.qr = true;
    full.aa = true;
    full.tc = true;
    full.rd = true;
    full.ra = true;
    full.opcode = 2;
    full.rcode = Rcode::ServFail;
    full.questions.push_back(Question{"example", RrType::SOA, kClassIn});
    full.questions.push_back(Question{"", RrType::NS, 3});  // root, CHAOS class
    full.answers.push_back(soa("example"));
    full.answers.push_back(named("www.example", RrType::CNAME, "web.example"));
    full.answers.push_back(named("example", RrType::NS, "ns.example"));
    full.answers.push_back(makeMx("example", 0xffffffffu, 65535, "example"));
    ResourceRecord txt = raw("example", RrType::TXT, {});
    txt.texts = {"hello", "", std::string(255, 'x')};
    full.authority.push_back(txt);
    full.authority.push_back(raw("v6.example", RrType::AAAA, Bytes(16, 0x11)));
    full.additional.push_back(raw("", static_cast<RrType>(41), {}));  // EDNS OPT: root name, empty rdata
    full.additional.push_back(raw("odd\\.label.x\\000y.example", static_cast<RrType>(65280), {1, 2, 3}));
    full.additional.push_back(makeA("a.example", 1, 0x7f000001));

    const Message plain = mxQuery();
    for (const Message& m : {full, plain, mxResponse()}) {
        Bytes wire = encode(m);
        REQUIRE_FALSE(wire.empty());
        DecodeResult r = decode(wire);
        INFO(r.error);
        REQUIRE(r.ok());
        CHECK(*r.message == m);
        CHECK(encode(*r.message) == wire);
    }
}

TEST_CASE("compression reuses suffixes inside SOA rdata", "[dns]") {
    Message m;
    m.qr = true;
    m.questions.push_back(Question{"example", RrType::SOA, kClassIn});
    m.answers.push_back(soa("example"));
    Bytes wire = encode(m);
    // question: 12 + 9 ("\7example\0") + 4 = 25; answer owner: pointer (2);
    // 10 octets fixed; mname "\2ns" + ptr = 5; rname "\12hostmaster" + ptr = 13; 20.
    CHECK(wire.size() == 25u + 2 + 10 + 5 + 13 + 20);
    REQUIRE(wire.size() > 28);
    CHECK(wire[25] == 0xc0);
    CHECK(wire[26] == 0x0c);
}

TEST_CASE("encode refuses names that cannot go on the wire", "[dns]") {
    const std::string label64(64, 'a');
    std::string long256;
    for (int i = 0; i < 64; ++i) long256 += "abc.";
    long256 += "d";  // 64*4 + 2 + 1 = 259 octets on the wire
    struct Row {
        std::string name;
        std::string why;
    } rows[] = {
        {label64 + ".example", "label longer than 63"},
        {long256, "more than 255"},
        {"a..example", "empty label"},
        {".example", "empty label"},
        {"bad\\", "lone backslash"},
        {"bad\\25", "escape"},
        {"bad\\999x", "above 255"},
    };
    for (const Row& row : rows) {
        Message m = mxQuery();
        m.questions[0].name = row.name;
        std::string error;
        CHECK(encodeChecked(m, error).empty());
        CHECK_THAT(error, Catch::Contains(row.why));
        CHECK(encode(m).empty());
        CHECK_FALSE(validateName(row.name).empty());
    }
    // The longest legal name: 255 octets on the wire.
    std::string legal;
    for (int i = 0; i < 4; ++i) legal += std::string(62, 'x') + ".";
    legal += "y";  // 4*63 + 2 + 1 = 255
    CHECK(validateName(legal).empty());
    CHECK_FALSE(validateName(legal + "y").empty());
    Message m = mxQuery();
    m.questions[0].name = legal;
    Bytes wire = encode(m);
    REQUIRE(wire.size() == 12u + 255 + 4);
    DecodeResult r = decode(wire);
    REQUIRE(r.ok());
    CHECK(r.message->questions[0].name == legal);
}

TEST_CASE("decode rejects hostile input with what and where", "[dns]") {
    const Bytes q1 = header(1, 0);
    const Bytes a1 = header(0, 1);
    // A question "a." then an answer whose owner is given by `owner`.
    auto withOwner = [](const Bytes& owner) {
        return cat(cat(header(1, 1), {0x01, 'a', 0x00, 0x00, 0x01, 0x00, 0x01}),
                   cat(owner, {0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0x00, 0x04, 1, 2, 3, 4}));
    };
    // A legal 205-octet name at offset 12 (labels of 49 at 12, 62, 112, 162),
    // then an answer owner of one 59-octet label + a pointer to 12: 60 + 205 >
    // 255, detected at the label at 162, where the count reaches 260.
    Bytes name200;
    for (int i = 0; i < 4; ++i) {
        name200.push_back(49);
        name200.insert(name200.end(), 49, 'x');
    }
    name200.push_back(3);
    name200.insert(name200.end(), {'a', 'b', 'c'});
    name200.push_back(0);  // 4*50 + 4 + 1 = 205 octets
    Bytes owner60 = {59};
    owner60.insert(owner60.end(), 59, 'y');
    owner60.insert(owner60.end(), {0xc0, 0x0c});
    Bytes longViaPointer = cat(cat(header(1, 1), name200), {0x00, 0x01, 0x00, 0x01});
    longViaPointer = cat(longViaPointer, cat(owner60, {0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0x00, 0x00}));

    Bytes longInline = header(1, 0);
    for (int i = 0; i < 128; ++i) longInline.insert(longInline.end(), {0x01, 'a'});
    longInline.insert(longInline.end(), {0x00, 0x00, 0x01, 0x00, 0x01});

    Bytes truncatedQuery(kMxQuery.begin(), kMxQuery.end() - 1);
    Bytes cutInName(kMxQuery.begin(), kMxQuery.begin() + 20);
    Bytes cutInRdata(kMxResponse.begin(), kMxResponse.end() - 2);
    Bytes cutInRecordHeader(kMxResponse.begin(), kMxResponse.begin() + 42);
    Bytes mxRdataTooLong = kMxResponse;
    mxRdataTooLong[46] = 0x0a;  // RDLENGTH 10 instead of 9
    Bytes mxNamePastRdata = kMxResponse;
    mxNamePastRdata[46] = 0x05;  // RDLENGTH 5 (47..51): the "mail" label at 49 needs up to 53

    struct Row {
        const char* what;
        Bytes bytes;
        std::string error;
        std::size_t offset;
    } rows[] = {
        {"empty", {}, "shorter than the 12-octet header", 0},
        {"11 octets", Bytes(11, 0), "shorter than the 12-octet header", 0},
        {"query missing its last octet", truncatedQuery, "question 1: question type and class at offset 31", 31},
        {"cut inside a label", cutInName, "label of 9 octets at offset 12 runs past", 12},
        {"no terminating zero", cat(q1, {0x01, 'a'}), "header counts", 4},
        {"name runs off the end", cat(q1, {0x01, 'a', 0x01, 'b', 0x01}), "label of 1 octets at offset 16", 16},
        {"pointer to itself", cat(q1, {0xc0, 0x0c, 0, 1, 0, 1}), "points to itself", 12},
        {"two-step loop", cat(q1, {0x01, 'a', 0xc0, 0x0c, 0, 1, 0, 1}), "pointer loop", 14},
        {"loop through an earlier name", withOwner({0x01, 'b', 0xc0, 0x13}), "pointer loop", 21},
        {"forward pointer", cat(q1, {0xc0, 0x12, 0, 1, 0, 1, 0x00, 0, 0, 0}), "points forward to 18", 12},
        {"pointer out of range", cat(q1, {0xc0, 0xff, 0, 1, 0, 1}), "outside the 18-octet message", 12},
        {"pointer cut short", cat(q1, {0x01, 'a', 0x01, 'b', 0xc0}), "compression pointer at offset 16 is cut short", 16},
        {"label length 64", cat(q1, {0x40, 'a', 0, 0, 1, 0, 1}), "label length 64 at offset 12 exceeds 63", 12},
        {"label length 0x80", cat(q1, {0x81, 'a', 0, 0, 1, 0, 1}), "label length 129", 12},
        {"name of 257 octets", longInline, "question 1: name longer than 255", 12 + 2 * 127},
        {"name over 255 through a pointer", longViaPointer, "answer 1: name longer than 255", 162},
        {"counts larger than the data", header(0, 0xffff), "header counts", 4},
        {"all counts maxed", cat(Bytes{0, 0, 0x81, 0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, kMxQuery),
         "header counts", 4},
        {"rdata past the end", cutInRdata, "additional 1: rdata at offset 68 needs 4 octets, only 2 left", 68},
        {"record header cut", cutInRecordHeader, "record header", 37},
        {"A rdata of 5 octets", cat(a1, {0x00, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0x00, 0x05, 1, 2, 3, 4, 5}),
         "must be 4", 23},
        {"MX rdata longer than its fields", mxRdataTooLong, "fields use 9", 47},
        {"MX exchange runs past its rdata", mxNamePastRdata, "label of 4 octets at offset 49 runs past the end of its rdata", 49},
    };
    for (const Row& row : rows) {
        INFO(row.what);
        DecodeResult r = decode(row.bytes.data(), row.bytes.size());
        INFO(r.error);
        CHECK_FALSE(r.ok());
        CHECK_FALSE(r.error.empty());
        if (!row.error.empty()) {
            CHECK_THAT(r.error, Catch::Contains(row.error));
            CHECK(r.errorOffset == row.offset);
        }
        CHECK(r.header.has_value() == (row.bytes.size() >= 12));
    }
}

TEST_CASE("decode keeps the header of a broken message for a FormErr reply", "[dns]") {
    Bytes bad = cat(header(1, 0), {0x40});
    DecodeResult r = decode(bad);
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.header.has_value());
    CHECK(r.header->id == 0x1234);
    CHECK(r.header->rd);
    CHECK(r.header->questions.empty());
    CHECK(decode(nullptr, 40).error.find("shorter") != std::string::npos);
}

TEST_CASE("unknown and odd record types decode with raw rdata", "[dns]") {
    // Answer owner "a" type 0xff00 class 1 ttl 7 rdlength 3 rdata 01 02 03.
    Bytes wire = cat(header(0, 1), {0x01, 'A', 0x00, 0xff, 0x00, 0x00, 0x01, 0, 0, 0, 7, 0x00, 0x03, 1, 2, 3});
    DecodeResult r = decode(wire);
    REQUIRE(r.ok());
    REQUIRE(r.message->answers.size() == 1);
    const ResourceRecord& rr = r.message->answers[0];
    CHECK(rr.name == "a");  // lower-cased
    CHECK(static_cast<std::uint16_t>(rr.type) == 0xff00);
    CHECK(rr.rawData == Bytes{1, 2, 3});
    CHECK(typeName(rr.type) == "TYPE65280");

    // Label bytes outside printable ASCII come back escaped, and re-encode.
    Bytes odd = cat(header(1, 0), {0x03, 'a', '.', 0x07, 0x00, 0x00, 0x01, 0x00, 0x01});
    DecodeResult o = decode(odd);
    REQUIRE(o.ok());
    CHECK(o.message->questions[0].name == "a\\.\\007");
    CHECK(encode(*o.message) == odd);
}

TEST_CASE("decode survives every truncation and byte flip of a real response", "[dns]") {
    // Each prefix, and each single-octet change, must decode or fail cleanly;
    // whatever decodes must re-encode to something that decodes the same.
    auto check = [](const Bytes& b) {
        DecodeResult r = decode(b.data(), b.size());
        if (!r.ok()) {
            CHECK_FALSE(r.error.empty());
            CHECK(r.errorOffset <= b.size());
            return;
        }
        Bytes again = encode(*r.message);
        REQUIRE_FALSE(again.empty());
        DecodeResult r2 = decode(again);
        REQUIRE(r2.ok());
        CHECK(*r2.message == *r.message);
    };
    for (std::size_t n = 0; n <= kMxResponse.size(); ++n) check(Bytes(kMxResponse.begin(), kMxResponse.begin() + n));
    const std::uint8_t values[] = {0x00, 0x01, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xc1, 0xff};
    for (std::size_t i = 0; i < kMxResponse.size(); ++i) {
        for (std::uint8_t v : values) {
            Bytes b = kMxResponse;
            b[i] = v;
            check(b);
        }
    }
    std::uint64_t seed = 42;
    for (int i = 0; i < 2000; ++i) {
        Bytes b(12 + mix(seed) % 80);
        for (auto& x : b) x = static_cast<std::uint8_t>(mix(seed));
        b[4] = 0;  // keep counts small so some inputs get past the header check
        b[6] = 0;
        b[8] = 0;
        b[10] = 0;
        b[5] &= 3;
        b[7] &= 3;
        b[9] &= 1;
        b[11] &= 1;
        check(b);
    }
}
