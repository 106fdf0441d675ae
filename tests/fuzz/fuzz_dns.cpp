// libFuzzer target for the DNS engines. First byte modulo 3 picks: 0 = the wire codec,
// 1 = the authoritative server (and the same bytes as a DNS-over-TCP stream through
// TcpMessageReader), 2 = the stub resolver driven by a script of lookups, replies
// (the fuzzer's bytes, or the zone server's answer), clock steps and cancellations.
// Invariants: a decoded message encodes again and decodes to the same message; a failed
// decode says where and why; the server answers every query it can read with a decodable
// response carrying the query's id and question, within the size limit, and drops responses;
// the TCP reader hands out whole messages whose frames are exactly the bytes it consumed;
// the resolver matches replies only to an outstanding query, returns only records of the asked
// type (or the CNAMEs leading to them), caches what it says it cached, and keeps its cache
// sorted, bounded and unexpired.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dns/dns_message.h"
#include "dns/dns_resolver.h"
#include "dns/dns_tcp.h"
#include "dns/dns_zone.h"
#include "fuzz_support.h"

using namespace postino;
using namespace postino::dns;
using namespace postino::fuzz;

namespace {

using Bytes = std::vector<std::uint8_t>;

void fuzzCodec(const std::uint8_t* data, std::size_t size) {
    const DecodeResult d = decode(data, size);
    require(d.header.has_value() == (size >= kHeaderSize), "DNS decode: header presence does not follow the size");
    if (!d.ok()) {
        require(!d.error.empty(), "DNS decode: failure without a reason");
        require(d.errorOffset <= size, "DNS decode: error offset past the end", d.error);
        return;
    }
    const Message& m = *d.message;
    (void)summary(m, true);
    for (const auto* section : {&m.answers, &m.authority, &m.additional})
        for (const ResourceRecord& rr : *section) (void)formatRecord(rr);
    std::string error;
    const Bytes again = encodeChecked(m, error);
    require(!again.empty(), "DNS: a decoded message does not encode: " + error, summary(m, true));
    const DecodeResult d2 = decode(again);
    require(d2.ok(), "DNS: a re-encoded message does not decode: " + d2.error, summary(m, true));
    require(*d2.message == m, "DNS: decode(encode(m)) != m", summary(m, true) + "\n--\n" + summary(*d2.message, true));
}

std::vector<scenario::DnsZone> zones() {
    scenario::DnsZone z;
    z.origin = "recipient.example";
    scenario::DnsRecord mx;
    mx.name = "recipient.example";
    mx.type = scenario::RecordType::MX;
    mx.preference = 10;
    mx.exchange = "mail.recipient.example";
    scenario::DnsRecord mx2 = mx;
    mx2.preference = 20;
    mx2.exchange = "backup.other.example";
    scenario::DnsRecord a;
    a.name = "mail.recipient.example";
    a.ttl = 600;
    a.address = 0xcb007119;
    scenario::DnsRecord deep = a;
    deep.name = "a.b.c.recipient.example";
    z.records = {mx, mx2, a, deep};
    scenario::DnsZone z2;
    z2.origin = "sender.example";
    scenario::DnsRecord a2 = a;
    a2.name = "sender.example";
    z2.records = {a2};
    return {z, z2};
}

const AuthoritativeServer& zoneServer() {
    static const AuthoritativeServer server(zones(), "ns.example");
    return server;
}

void fuzzServer(std::uint8_t mode, const std::uint8_t* data, std::size_t size) {
    const std::size_t maxSize = (mode & 4) ? 65535 : kMaxUdpPayload;
    const Bytes reply = zoneServer().handle(data, size, maxSize);
    require(reply == zoneServer().handle(data, size, maxSize), "DNS server: two answers to one query differ");
    const DecodeResult q = decode(data, size);
    const bool isResponse = size >= kHeaderSize && (data[2] & 0x80);
    if (size < kHeaderSize || isResponse) {
        require(reply.empty(), "DNS server: answered a response or a runt");
        return;
    }
    require(!reply.empty(), "DNS server: no answer to a query");
    require(reply.size() <= maxSize, "DNS server: reply over the size limit");
    const DecodeResult r = decode(reply);
    require(r.ok(), "DNS server: its reply does not decode: " + r.error);
    const Message& m = *r.message;
    require(m.qr, "DNS server: reply without QR");
    require(m.id == static_cast<std::uint16_t>((data[0] << 8) | data[1]), "DNS server: reply with another id");
    if (q.ok() && q.message->questions.size() == 1 && m.rcode != Rcode::FormErr) {
        require(m.questions.size() == 1, "DNS server: reply without the question", summary(m, true));
        require(normalizeName(m.questions[0].name) == normalizeName(q.message->questions[0].name) &&
                    m.questions[0].type == q.message->questions[0].type,
                "DNS server: reply to another question", summary(m, true));
    }
    if (m.rcode == Rcode::NxDomain) require(m.answers.empty(), "DNS server: NXDOMAIN with answers");
}

// The bytes as a TCP stream, fed in chunks of (mode >> 3) + 1 octets.
void fuzzTcpStream(std::uint8_t mode, const std::uint8_t* data, std::size_t size) {
    const std::size_t chunk = (mode >> 3) + 1u;
    TcpMessageReader reader;
    std::string consumed;
    for (std::size_t at = 0; at < size; at += chunk) {
        reader.feed(std::string_view(reinterpret_cast<const char*>(data) + at, std::min(chunk, size - at)));
        while (auto m = reader.next()) consumed += frameForTcp(*m);
    }
    require(consumed.size() + reader.pending() == size, "DNS over TCP: octets lost or invented");
    require(consumed == std::string(reinterpret_cast<const char*>(data), consumed.size()),
            "DNS over TCP: a message is not the bytes that carried it");
    require(reader.pending() < 2 || reader.pending() < 2u + (static_cast<std::size_t>(data[consumed.size()]) << 8 |
                                                              data[consumed.size() + 1]),
            "DNS over TCP: a whole message left pending");
}

// The resolver under a script. Each step reads one byte to choose an action.
void fuzzResolver(const std::uint8_t* data, std::size_t size) {
    static const char* const kNames[] = {"recipient.example", "mail.recipient.example", "nope.recipient.example",
                                         "sender.example", "Other.Example.", "a.b.recipient.example", ""};
    static const RrType kTypes[] = {RrType::A, RrType::MX, RrType::CNAME, RrType::AAAA, RrType::SOA};
    FuzzedDataProvider in(data, size);
    StubResolver resolver(in.ConsumeIntegral<std::uint64_t>());
    Time now = Time::zero();
    int steps = 0;
    while (in.remaining_bytes() > 0 && ++steps < 200) {
        const auto outstanding = resolver.outstanding();
        switch (in.ConsumeIntegralInRange<int>(0, 5)) {
        case 0: {  // a lookup
            std::string name = in.ConsumeBool() ? std::string(kNames[in.ConsumeIntegralInRange<std::size_t>(0, 6)])
                                                : in.ConsumeRandomLengthString(80);
            const RrType type = kTypes[in.ConsumeIntegralInRange<std::size_t>(0, 4)];
            const LookupStart s = resolver.start(name, type, now);
            if (s.kind == LookupStart::Kind::Query) {
                const DecodeResult q = decode(s.query.bytes);
                require(q.ok(), "DNS resolver: its query does not decode: " + q.error);
                require(!q.message->qr && q.message->rd && q.message->id == s.query.id &&
                            q.message->questions.size() == 1 && q.message->questions[0].type == type,
                        "DNS resolver: a malformed query", summary(*q.message));
            } else if (s.kind == LookupStart::Kind::Error) {
                require(!s.error.empty(), "DNS resolver: an error without a reason");
            }
            break;
        }
        case 1:    // the fuzzer's datagram, its id set to an outstanding query's
        case 2: {  // the zone server's answer to an outstanding query, or the fuzzer's raw datagram
            const bool zoneAnswer = !outstanding.empty() && in.ConsumeBool();
            Bytes datagram;
            const PendingQuery* target =
                outstanding.empty() ? nullptr
                                    : &outstanding[in.ConsumeIntegralInRange<std::size_t>(0, outstanding.size() - 1)];
            if (zoneAnswer) {
                Message q;
                q.id = target->id;
                q.rd = true;
                q.questions.push_back(Question{target->name, target->type, kClassIn});
                const Bytes qb = encode(q);
                datagram = zoneServer().handle(qb.data(), qb.size());
            } else {
                datagram = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, 600));
                if (target && datagram.size() >= 2) {
                    datagram[0] = static_cast<std::uint8_t>(target->id >> 8);
                    datagram[1] = static_cast<std::uint8_t>(target->id);
                }
            }
            const LookupResult r = resolver.receive(datagram.data(), datagram.size(), now);
            const auto after = resolver.outstanding();
            if (!r.matched) {
                require(!r.ignoredReason.empty(), "DNS resolver: ignored a reply without a reason");
                require(after.size() == outstanding.size(), "DNS resolver: an ignored reply changed the outstanding set");
                break;
            }
            require(after.size() + 1 == outstanding.size(), "DNS resolver: a matched reply did not end one query");
            bool wasOutstanding = false;
            for (const PendingQuery& p : outstanding)
                wasOutstanding |= p.id == r.id && p.name == r.name && p.type == r.type;
            require(wasOutstanding, "DNS resolver: matched a reply to no outstanding query");
            for (const ResourceRecord& rr : r.records)
                require(rr.type == r.type || rr.type == RrType::CNAME, "DNS resolver: a record of another type",
                        formatRecord(rr));
            if (zoneAnswer) require(!r.truncated, "DNS resolver: the zone server's answer read as truncated");
            if (r.cached) {
                require(r.cachedTtl <= StubResolver::kMaxTtl, "DNS resolver: cached beyond the TTL cap");
                if (r.cachedTtl > 0) {
                    const LookupStart again = resolver.start(r.name, r.type, now);
                    require(again.fromCache(), "DNS resolver: said cached, then queried again");
                    require(again.records.size() == r.records.size(), "DNS resolver: the cache holds other records");
                }
            }
            break;
        }
        case 3: now = now + Duration::seconds(in.ConsumeIntegralInRange<std::int64_t>(0, 100000)); break;
        case 4:
            if (!outstanding.empty()) resolver.cancel(outstanding.front().id);
            break;
        default:
            resolver.expireOutstanding(now, Duration::seconds(in.ConsumeIntegralInRange<std::int64_t>(0, 10)));
        }
        const auto entries = resolver.cacheEntries(now);
        require(entries.size() <= StubResolver::kMaxCacheEntries, "DNS resolver: cache over its bound");
        for (std::size_t i = 0; i < entries.size(); ++i) {
            require(entries[i].expires > now, "DNS resolver: an expired cache entry is listed");
            require(entries[i].remainingTtl <= StubResolver::kMaxTtl, "DNS resolver: remaining TTL over the cap");
            if (i > 0)
                require(std::make_pair(entries[i - 1].name, static_cast<std::uint16_t>(entries[i - 1].type)) <
                            std::make_pair(entries[i].name, static_cast<std::uint16_t>(entries[i].type)),
                        "DNS resolver: cache entries not sorted by (name, type)");
        }
        require(resolver.outstanding().size() <= StubResolver::kMaxOutstanding, "DNS resolver: too many outstanding");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t mode = bytes[0];
    switch (mode % 3) {
    case 0: fuzzCodec(bytes + 1, size - 1); break;
    case 1:
        fuzzServer(mode, bytes + 1, size - 1);
        fuzzTcpStream(mode, bytes + 1, size - 1);
        break;
    default: fuzzResolver(bytes + 1, size - 1); break;
    }
    return 0;
}
