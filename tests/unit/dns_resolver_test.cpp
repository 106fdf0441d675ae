// Stub resolver: query ids, response matching, TTL cache, negative caching.
#include "dns/dns_resolver.h"
#include "dns/dns_zone.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

using namespace postino;
using namespace postino::dns;

namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint32_t kMailIp = (192u << 24) | (2u << 8) | 25u;

AuthoritativeServer server() {
    scenario::DnsZone z;
    z.origin = "recipient.example";
    scenario::DnsRecord mx;
    mx.name = "recipient.example";
    mx.type = scenario::RecordType::MX;
    mx.ttl = 3600;
    mx.preference = 10;
    mx.exchange = "mail.recipient.example";
    scenario::DnsRecord a;
    a.name = "mail.recipient.example";
    a.ttl = 600;
    a.address = kMailIp;
    z.records = {mx, a};
    return AuthoritativeServer({z}, "ns.recipient.example");
}

Time at(std::int64_t seconds) { return Time::zero() + Duration::seconds(seconds); }

// Sends the resolver's query to the zone server and feeds back the reply.
LookupResult roundTrip(StubResolver& r, const std::string& name, RrType type, Time now) {
    LookupStart s = r.start(name, type, now);
    REQUIRE(s.kind == LookupStart::Kind::Query);
    Bytes reply = server().handle(s.query.bytes.data(), s.query.bytes.size());
    return r.receive(reply.data(), reply.size(), now);
}

// A response to `id` for (name, type) built by hand.
Message response(std::uint16_t id, const std::string& name, RrType type) {
    Message m;
    m.id = id;
    m.qr = true;
    m.rd = true;
    m.questions.push_back(Question{name, type, kClassIn});
    return m;
}

ResourceRecord soa(const std::string& origin, std::uint32_t ttl, std::uint32_t minimum) {
    ResourceRecord rr;
    rr.name = origin;
    rr.type = RrType::SOA;
    rr.ttl = ttl;
    rr.mname = "ns." + origin;
    rr.rname = "hostmaster." + origin;
    rr.minimum = minimum;
    return rr;
}

LookupResult feed(StubResolver& r, const Message& m, Time now) {
    Bytes b = encode(m);
    return r.receive(b.data(), b.size(), now);
}

}  // namespace

TEST_CASE("resolver builds an RD query with ids from its seed", "[dns]") {
    StubResolver a(7), b(7), c(8);
    LookupStart s = a.start("Recipient.Example.", RrType::MX, at(0));
    REQUIRE(s.kind == LookupStart::Kind::Query);
    CHECK(s.name == "recipient.example");
    DecodeResult d = decode(s.query.bytes);
    REQUIRE(d.ok());
    CHECK(d.message->id == s.query.id);
    CHECK(d.message->rd);
    CHECK_FALSE(d.message->qr);
    REQUIRE(d.message->questions.size() == 1);
    CHECK(d.message->questions[0] == Question{"recipient.example", RrType::MX, kClassIn});

    // Same seed, same ids; another seed, another sequence.
    std::vector<std::uint16_t> ida{s.query.id}, idb, idc;
    for (int i = 1; i < 8; ++i) ida.push_back(a.start("n" + std::to_string(i) + ".example", RrType::A, at(0)).query.id);
    for (int i = 0; i < 8; ++i) idb.push_back(b.start("x.example", RrType::A, at(0)).query.id);
    for (int i = 0; i < 8; ++i) idc.push_back(c.start("x.example", RrType::A, at(0)).query.id);
    CHECK(ida == idb);
    CHECK(ida != idc);
    CHECK(a.outstanding().size() == 8);
}

TEST_CASE("resolver ids are unique among outstanding queries", "[dns]") {
    StubResolver r(1);
    std::set<std::uint16_t> ids;
    for (int i = 0; i < 3000; ++i) ids.insert(r.start("x.example", RrType::A, at(0)).query.id);
    CHECK(ids.size() == 3000);
}

TEST_CASE("resolver caches an answer and serves it with the remaining TTL", "[dns]") {
    StubResolver r(42);
    LookupResult res = roundTrip(r, "recipient.example", RrType::MX, at(10));
    REQUIRE(res.matched);
    CHECK(res.rcode == Rcode::NoError);
    CHECK(res.authoritative);
    REQUIRE(res.records.size() == 1);
    CHECK(res.records[0].target == "mail.recipient.example");
    REQUIRE(res.additional.size() == 1);  // handed over, not cached
    CHECK(res.additional[0].address == kMailIp);
    CHECK(res.cached);
    CHECK(res.cachedTtl == 3600);
    CHECK(r.outstanding().empty());

    LookupStart hit = r.start("recipient.example", RrType::MX, at(110));
    REQUIRE(hit.kind == LookupStart::Kind::CacheHit);
    CHECK(hit.fromCache());
    REQUIRE(hit.records.size() == 1);
    CHECK(hit.records[0].ttl == 3500);
    CHECK(hit.records[0].preference == 10);
    CHECK(r.outstanding().empty());  // no query was sent

    // The additional A record was not cached: asking for it sends a query.
    CHECK(r.start("mail.recipient.example", RrType::A, at(110)).kind == LookupStart::Kind::Query);
}

TEST_CASE("resolver cache entries expire exactly at their TTL", "[dns]") {
    StubResolver r(42);
    REQUIRE(roundTrip(r, "mail.recipient.example", RrType::A, at(0)).cachedTtl == 600);

    std::vector<CacheEntry> entries = r.cacheEntries(at(100));
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].name == "mail.recipient.example");
    CHECK(entries[0].type == RrType::A);
    CHECK(entries[0].remainingTtl == 500);
    CHECK_FALSE(entries[0].negative);
    REQUIRE(entries[0].records.size() == 1);
    CHECK(entries[0].records[0].ttl == 500);
    CHECK(entries[0].expires == at(600));

    const Time justBefore = at(600) - Duration::millis(1);
    REQUIRE(r.cacheEntries(justBefore).size() == 1);
    CHECK(r.cacheEntries(justBefore)[0].remainingTtl == 1);  // rounded up while still valid
    CHECK(r.start("mail.recipient.example", RrType::A, justBefore).kind == LookupStart::Kind::CacheHit);

    CHECK(r.cacheEntries(at(600)).empty());
    CHECK(r.start("mail.recipient.example", RrType::A, at(600)).kind == LookupStart::Kind::Query);
}

TEST_CASE("resolver caches NXDOMAIN for the SOA minimum, for every type", "[dns]") {
    StubResolver r(3);
    LookupResult res = roundTrip(r, "nope.recipient.example", RrType::A, at(0));
    REQUIRE(res.matched);
    CHECK(res.rcode == Rcode::NxDomain);
    CHECK(res.records.empty());
    CHECK(res.cached);
    CHECK(res.cachedTtl == 300);

    LookupStart again = r.start("nope.recipient.example", RrType::A, at(299));
    CHECK(again.kind == LookupStart::Kind::NegativeCacheHit);
    CHECK(again.rcode == Rcode::NxDomain);
    CHECK(again.records.empty());
    // RFC 2308 5: a name error covers every type of that name.
    LookupStart mx = r.start("nope.recipient.example", RrType::MX, at(299));
    CHECK(mx.kind == LookupStart::Kind::NegativeCacheHit);
    CHECK(mx.rcode == Rcode::NxDomain);

    std::vector<CacheEntry> entries = r.cacheEntries(at(0));
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].negative);
    CHECK(entries[0].rcode == Rcode::NxDomain);
    CHECK(entries[0].remainingTtl == 300);

    CHECK(r.start("nope.recipient.example", RrType::A, at(300)).kind == LookupStart::Kind::Query);
}

TEST_CASE("resolver negative TTL is min(SOA TTL, SOA minimum)", "[dns]") {
    struct Row {
        std::uint32_t soaTtl, minimum, expected;
        Rcode rcode;
    } rows[] = {
        {300, 60, 60, Rcode::NxDomain},
        {30, 600, 30, Rcode::NxDomain},
        {300, 120, 120, Rcode::NoError},  // NODATA
        {0, 120, 0, Rcode::NoError},      // TTL 0: not cached
    };
    for (const Row& row : rows) {
        StubResolver r(9);
        LookupStart s = r.start("x.example", RrType::MX, at(0));
        Message m = response(s.query.id, "x.example", RrType::MX);
        m.rcode = row.rcode;
        m.authority.push_back(soa("example", row.soaTtl, row.minimum));
        LookupResult res = feed(r, m, at(0));
        REQUIRE(res.matched);
        CHECK(res.cached == (row.expected != 0));
        CHECK(res.cachedTtl == row.expected);
        LookupStart next = r.start("x.example", RrType::MX, at(0));
        CHECK(next.kind == (row.expected != 0 ? LookupStart::Kind::NegativeCacheHit : LookupStart::Kind::Query));
    }
}

TEST_CASE("resolver caches NODATA for one type only", "[dns]") {
    StubResolver r(5);
    LookupResult res = roundTrip(r, "mail.recipient.example", RrType::MX, at(0));
    REQUIRE(res.matched);
    CHECK(res.rcode == Rcode::NoError);
    CHECK(res.records.empty());
    CHECK(res.cachedTtl == 300);
    LookupStart again = r.start("mail.recipient.example", RrType::MX, at(1));
    CHECK(again.kind == LookupStart::Kind::NegativeCacheHit);
    CHECK(again.rcode == Rcode::NoError);
    CHECK(r.start("mail.recipient.example", RrType::A, at(1)).kind == LookupStart::Kind::Query);
}

TEST_CASE("resolver does not cache failures, unsigned negatives or truncated replies", "[dns]") {
    struct Row {
        const char* what;
        Rcode rcode;
        bool withSoa;
        bool tc;
    } rows[] = {
        {"SERVFAIL", Rcode::ServFail, true, false},
        {"REFUSED", Rcode::Refused, false, false},
        {"NXDOMAIN without SOA", Rcode::NxDomain, false, false},
        {"truncated", Rcode::NoError, false, true},
    };
    for (const Row& row : rows) {
        INFO(row.what);
        StubResolver r(11);
        LookupStart s = r.start("x.example", RrType::A, at(0));
        Message m = response(s.query.id, "x.example", RrType::A);
        m.rcode = row.rcode;
        m.tc = row.tc;
        if (row.withSoa) m.authority.push_back(soa("example", 300, 300));
        if (row.tc) m.answers.push_back(makeA("x.example", 300, 1));
        LookupResult res = feed(r, m, at(0));
        REQUIRE(res.matched);
        CHECK(res.rcode == row.rcode);
        CHECK(res.truncated == row.tc);
        CHECK_FALSE(res.cached);
        CHECK(r.cacheEntries(at(0)).empty());
        CHECK(r.outstanding().empty());
    }
}

TEST_CASE("resolver ignores responses that do not match an outstanding query", "[dns]") {
    StubResolver r(77);
    LookupStart s = r.start("recipient.example", RrType::MX, at(0));
    const std::uint16_t id = s.query.id;
    Message good = response(id, "recipient.example", RrType::MX);
    good.answers.push_back(makeMx("recipient.example", 60, 10, "mail.recipient.example"));

    Message wrongId = good;
    wrongId.id = static_cast<std::uint16_t>(id + 1);
    Message wrongName = good;
    wrongName.questions[0].name = "attacker.example";
    Message wrongType = good;
    wrongType.questions[0].type = RrType::A;
    Message noQuestion = good;
    noQuestion.questions.clear();
    Message notResponse = good;
    notResponse.qr = false;
    Message wrongClass = good;
    wrongClass.questions[0].qclass = 3;

    struct Row {
        const char* what;
        Message m;
        std::string reason;
    } rows[] = {
        {"wrong id", wrongId, "no outstanding query with id"},
        {"wrong name", wrongName, "but the query asked MX recipient.example"},
        {"wrong type", wrongType, "answers A recipient.example"},
        {"no question", noQuestion, "has 0 questions"},
        {"not a response", notResponse, "not a response"},
        {"wrong class", wrongClass, "is for class 3"},
    };
    for (const Row& row : rows) {
        INFO(row.what);
        LookupResult res = feed(r, row.m, at(1));
        CHECK_FALSE(res.matched);
        CHECK_THAT(res.ignoredReason, Catch::Contains(row.reason));
        CHECK_FALSE(res.cached);
        CHECK(r.outstanding().size() == 1);  // still waiting for the real answer
    }
    const Bytes garbage = {0x01, 0x02, 0x03};
    LookupResult g = r.receive(garbage.data(), garbage.size(), at(1));
    CHECK_FALSE(g.matched);
    CHECK_THAT(g.ignoredReason, Catch::Contains("undecodable"));
    CHECK(r.cacheEntries(at(1)).empty());

    LookupResult ok = feed(r, good, at(2));
    CHECK(ok.matched);
    CHECK(ok.id == id);
    CHECK(ok.records.size() == 1);
    CHECK(r.outstanding().empty());
    // A duplicate of the same response is now unknown.
    LookupResult dup = feed(r, good, at(2));
    CHECK_FALSE(dup.matched);
    CHECK_THAT(dup.ignoredReason, Catch::Contains("no outstanding query"));
}

TEST_CASE("resolver follows CNAMEs and drops unrelated answer records", "[dns]") {
    StubResolver r(13);
    LookupStart s = r.start("www.example", RrType::A, at(0));
    Message m = response(s.query.id, "www.example", RrType::A);
    ResourceRecord cname;
    cname.name = "www.example";
    cname.type = RrType::CNAME;
    cname.ttl = 100;
    cname.target = "web.example";
    m.answers.push_back(makeA("victim.example", 9999, 0x0a000001));  // not asked: must be ignored
    m.answers.push_back(cname);
    m.answers.push_back(makeA("web.example", 200, 0x0a000002));
    LookupResult res = feed(r, m, at(0));
    REQUIRE(res.matched);
    REQUIRE(res.records.size() == 2);
    CHECK(res.records[0].type == RrType::CNAME);
    CHECK(res.records[1].address == 0x0a000002);
    CHECK(res.cachedTtl == 100);  // the smallest TTL in the chain
    std::vector<CacheEntry> entries = r.cacheEntries(at(0));
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].name == "www.example");
    CHECK(r.start("victim.example", RrType::A, at(0)).kind == LookupStart::Kind::Query);
}

TEST_CASE("resolver: TTLs with the top bit set count as zero, huge TTLs are capped", "[dns]") {
    StubResolver r(21);
    LookupStart s1 = r.start("a.example", RrType::A, at(0));
    Message m1 = response(s1.query.id, "a.example", RrType::A);
    m1.answers.push_back(makeA("a.example", 0x80000000u, 1));
    CHECK_FALSE(feed(r, m1, at(0)).cached);

    LookupStart s2 = r.start("b.example", RrType::A, at(0));
    Message m2 = response(s2.query.id, "b.example", RrType::A);
    m2.answers.push_back(makeA("b.example", 0x7fffffffu, 1));
    CHECK(feed(r, m2, at(0)).cachedTtl == StubResolver::kMaxTtl);
}

TEST_CASE("resolver: cancelled and timed-out queries ignore late answers", "[dns]") {
    StubResolver r(99);
    LookupStart a = r.start("a.example", RrType::A, at(0));
    LookupStart b = r.start("b.example", RrType::A, at(3));
    CHECK(r.cancel(a.query.id));
    CHECK_FALSE(r.cancel(a.query.id));
    Message late = response(a.query.id, "a.example", RrType::A);
    late.answers.push_back(makeA("a.example", 60, 1));
    LookupResult res = feed(r, late, at(4));
    CHECK_FALSE(res.matched);
    CHECK_THAT(res.ignoredReason, Catch::Contains("no outstanding query"));

    CHECK(r.expireOutstanding(at(7), Duration::seconds(5)).empty());
    std::vector<PendingQuery> dropped = r.expireOutstanding(at(8), Duration::seconds(5));
    REQUIRE(dropped.size() == 1);
    CHECK(dropped[0].id == b.query.id);
    CHECK(dropped[0].name == "b.example");
    CHECK(dropped[0].sentAt == at(3));
    CHECK(r.outstanding().empty());
}

TEST_CASE("resolver refuses names that cannot be queried", "[dns]") {
    StubResolver r(1);
    LookupStart s = r.start(std::string(64, 'a') + ".example", RrType::A, at(0));
    CHECK(s.kind == LookupStart::Kind::Error);
    CHECK_THAT(s.error, Catch::Contains("63"));
    CHECK(r.outstanding().empty());
}
