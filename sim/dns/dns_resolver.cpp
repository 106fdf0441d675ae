// Stub resolver: query ids, response matching, TTL and negative caching.
#include "dns/dns_resolver.h"

#include <algorithm>
#include <cstdio>

namespace postino::dns {

namespace {

constexpr int kMaxCnameHops = 8;

std::string hexId(std::uint16_t id) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", id);
    return buf;
}

// RFC 2181 8: a TTL with the top bit set is treated as zero; we also cap it.
std::uint32_t sanitizeTtl(std::uint32_t ttl) {
    if (ttl & 0x80000000u) return 0;
    return std::min(ttl, StubResolver::kMaxTtl);
}

std::uint32_t remainingSeconds(Time expires, Time now) {
    if (now >= expires) return 0;
    std::int64_t ns = (expires - now).ns();
    return static_cast<std::uint32_t>((ns + 999'999'999) / 1'000'000'000);
}

// The answer records that answer (qname, qtype): follows CNAMEs, ignores the rest.
std::vector<ResourceRecord> answerChain(const Message& m, const std::string& qname, RrType qtype, bool& complete) {
    std::vector<ResourceRecord> out;
    std::string current = qname;
    complete = false;
    for (int hop = 0; hop <= kMaxCnameHops; ++hop) {
        bool found = false;
        for (const ResourceRecord& rr : m.answers) {
            if (rr.name == current && rr.type == qtype && rr.rclass == kClassIn) {
                out.push_back(rr);
                found = true;
            }
        }
        if (found) {
            complete = true;
            return out;
        }
        const ResourceRecord* cname = nullptr;
        for (const ResourceRecord& rr : m.answers) {
            if (rr.name == current && rr.type == RrType::CNAME && rr.rclass == kClassIn) {
                cname = &rr;
                break;
            }
        }
        if (cname == nullptr) return out;
        out.push_back(*cname);
        current = cname->target;
    }
    return out;
}

}  // namespace

StubResolver::StubResolver(std::uint64_t seed) : m_state(seed) {}

// splitmix64 (Steele, Lea, Flood 2014): deterministic for a seed.
std::uint16_t StubResolver::nextId() {
    m_state += 0x9e3779b97f4a7c15ull;
    std::uint64_t z = m_state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return static_cast<std::uint16_t>(z >> 48);
}

const StubResolver::Stored* StubResolver::lookup(const std::string& name, RrType type, Time now) const {
    auto it = m_cache.find(Key{name, static_cast<std::uint16_t>(type)});
    if (it != m_cache.end() && now < it->second.expires) return &it->second;
    // RFC 2308 5: a name error holds for every type of the name.
    for (auto n = m_cache.lower_bound(Key{name, 0}); n != m_cache.end() && n->first.first == name; ++n) {
        const Stored& s = n->second;
        if (s.rcode == Rcode::NxDomain && s.records.empty() && now < s.expires) return &s;
    }
    return nullptr;
}

CacheEntry StubResolver::view(const Key& key, const Stored& s, Time now) {
    CacheEntry e;
    e.name = key.first;
    e.type = static_cast<RrType>(key.second);
    e.rcode = s.rcode;
    e.negative = s.negative;
    e.expires = s.expires;
    e.remainingTtl = remainingSeconds(s.expires, now);
    e.records = s.records;
    for (ResourceRecord& rr : e.records) rr.ttl = e.remainingTtl;
    return e;
}

void StubResolver::store(const std::string& name, RrType type, Stored entry, Time now) {
    if (m_cache.size() >= kMaxCacheEntries) {
        std::erase_if(m_cache, [&](const auto& kv) { return now >= kv.second.expires; });
    }
    if (m_cache.size() >= kMaxCacheEntries) {
        auto soonest = std::min_element(m_cache.begin(), m_cache.end(), [](const auto& a, const auto& b) {
            return a.second.expires < b.second.expires;
        });
        m_cache.erase(soonest);
    }
    m_cache[Key{name, static_cast<std::uint16_t>(type)}] = std::move(entry);
}

LookupStart StubResolver::start(const std::string& rawName, RrType type, Time now) {
    LookupStart out;
    out.name = normalizeName(rawName);
    out.type = type;
    std::string why = validateName(out.name);
    if (!why.empty()) {
        out.kind = LookupStart::Kind::Error;
        out.error = why;
        return out;
    }
    if (const Stored* hit = lookup(out.name, type, now)) {
        CacheEntry e = view(Key{out.name, static_cast<std::uint16_t>(type)}, *hit, now);
        out.kind = hit->negative ? LookupStart::Kind::NegativeCacheHit : LookupStart::Kind::CacheHit;
        out.rcode = hit->rcode;
        out.records = std::move(e.records);
        return out;
    }
    m_cache.erase(Key{out.name, static_cast<std::uint16_t>(type)});  // drop an expired entry, if any
    return newQuery(std::move(out), now);
}

LookupStart StubResolver::requery(const std::string& rawName, RrType type, Time now) {
    LookupStart out;
    out.name = normalizeName(rawName);
    out.type = type;
    if (std::string why = validateName(out.name); !why.empty()) {
        out.kind = LookupStart::Kind::Error;
        out.error = why;
        return out;
    }
    return newQuery(std::move(out), now);
}

LookupStart StubResolver::newQuery(LookupStart out, Time now) {
    const RrType type = out.type;
    if (m_outstanding.size() >= kMaxOutstanding) {
        out.kind = LookupStart::Kind::Error;
        out.error = "too many outstanding queries (" + std::to_string(m_outstanding.size()) + ")";
        return out;
    }
    std::uint16_t id = nextId();
    while (m_outstanding.count(id) != 0) id = nextId();

    Message query;
    query.id = id;
    query.rd = true;
    query.questions.push_back(Question{out.name, type, kClassIn});
    out.kind = LookupStart::Kind::Query;
    out.query.id = id;
    out.query.bytes = encode(query);
    m_outstanding[id] = PendingQuery{id, out.name, type, now};
    return out;
}

LookupResult StubResolver::receive(const std::uint8_t* data, std::size_t len, Time now) {
    LookupResult out;
    DecodeResult decoded = decode(data, len);
    if (!decoded.ok()) {
        if (decoded.header) out.id = decoded.header->id;
        out.ignoredReason = "undecodable response: " + decoded.error;
        return out;
    }
    const Message& m = *decoded.message;
    out.id = m.id;
    if (!m.qr) {
        out.ignoredReason = "not a response (QR=0), id " + hexId(m.id);
        return out;
    }
    auto pending = m_outstanding.find(m.id);
    if (pending == m_outstanding.end()) {
        out.ignoredReason = "no outstanding query with id " + hexId(m.id);
        return out;
    }
    const PendingQuery& asked = pending->second;
    if (m.opcode != 0) {
        out.ignoredReason = "response " + hexId(m.id) + " has opcode " + std::to_string(m.opcode) + ", expected 0";
        return out;
    }
    if (m.questions.size() != 1) {
        out.ignoredReason = "response " + hexId(m.id) + " has " + std::to_string(m.questions.size()) +
                            " questions, expected 1";
        return out;
    }
    const Question& q = m.questions.front();
    if (q.qclass != kClassIn) {
        out.ignoredReason = "response " + hexId(m.id) + " is for class " + std::to_string(q.qclass) + ", expected IN (1)";
        return out;
    }
    if (normalizeName(q.name) != asked.name || q.type != asked.type) {
        out.ignoredReason = "response " + hexId(m.id) + " answers " + typeName(q.type) + " " + q.name +
                            " but the query asked " + typeName(asked.type) + " " + asked.name;
        return out;
    }

    out.matched = true;
    out.name = asked.name;
    out.type = asked.type;
    m_outstanding.erase(pending);
    out.rcode = m.rcode;
    out.authoritative = m.aa;
    out.truncated = m.tc;
    out.additional = m.additional;
    bool complete = false;
    out.records = answerChain(m, out.name, out.type, complete);
    out.response = m;
    if (m.tc) return out;  // incomplete: never cache

    Stored entry;
    entry.rcode = m.rcode;
    entry.records = out.records;
    std::uint32_t ttl = 0;
    if (m.rcode == Rcode::NoError && complete) {
        ttl = kMaxTtl;
        for (const ResourceRecord& rr : out.records) ttl = std::min(ttl, sanitizeTtl(rr.ttl));
    } else if (m.rcode == Rcode::NoError || m.rcode == Rcode::NxDomain) {
        // RFC 2308 5: negative answers live for min(SOA TTL, SOA minimum); with
        // no SOA in the authority section they are not cached at all.
        const ResourceRecord* soa = nullptr;
        for (const ResourceRecord& rr : m.authority) {
            if (rr.type == RrType::SOA) soa = &rr;
        }
        if (soa == nullptr) return out;
        entry.negative = true;
        ttl = std::min(sanitizeTtl(soa->ttl), sanitizeTtl(soa->minimum));
        for (const ResourceRecord& rr : out.records) ttl = std::min(ttl, sanitizeTtl(rr.ttl));
    } else {
        return out;  // ServFail, Refused, ...: not cached
    }
    if (ttl == 0) return out;
    entry.expires = now + Duration::seconds(ttl);
    store(out.name, out.type, std::move(entry), now);
    out.cached = true;
    out.cachedTtl = ttl;
    return out;
}

bool StubResolver::cancel(std::uint16_t id) { return m_outstanding.erase(id) != 0; }

std::vector<PendingQuery> StubResolver::expireOutstanding(Time now, Duration timeout) {
    std::vector<PendingQuery> dropped;
    for (auto it = m_outstanding.begin(); it != m_outstanding.end();) {
        if (it->second.sentAt + timeout <= now) {
            dropped.push_back(it->second);
            it = m_outstanding.erase(it);
        } else {
            ++it;
        }
    }
    return dropped;
}

std::vector<PendingQuery> StubResolver::outstanding() const {
    std::vector<PendingQuery> out;
    for (const auto& [id, p] : m_outstanding) out.push_back(p);
    return out;
}

std::vector<CacheEntry> StubResolver::cacheEntries(Time now) const {
    std::vector<CacheEntry> out;
    for (const auto& [key, s] : m_cache) {
        if (now < s.expires) out.push_back(view(key, s, now));
    }
    return out;
}

}  // namespace postino::dns
