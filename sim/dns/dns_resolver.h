// Stub resolver: builds rd=1 queries, matches replies by id AND question, keeps a TTL cache.
// RFC 1035 7, RFC 2181 5 and 8, RFC 2308 5 (negative caching), RFC 5452 (matching).
// Sans-I/O: told the time, never reads a clock, never sends, never retransmits by itself.
#pragma once

#include "core/time.h"
#include "dns/dns_message.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace postino::dns {

struct OutgoingQuery {
    std::uint16_t id = 0;
    std::vector<std::uint8_t> bytes;  // the encoded query, ready for a UDP datagram (or frameForTcp)
};

struct LookupStart {
    enum class Kind {
        CacheHit,          // `records` (TTL = remaining seconds) answer it
        NegativeCacheHit,  // cached NXDOMAIN or NODATA: `rcode`, no records
        Query,             // send `query`; the answer comes through receive()
        Error,             // the name cannot be queried: `error` says why
    };
    Kind kind = Kind::Query;
    std::string name;  // normalized
    RrType type = RrType::A;
    Rcode rcode = Rcode::NoError;
    std::vector<ResourceRecord> records;
    OutgoingQuery query;
    std::string error;

    bool fromCache() const { return kind == Kind::CacheHit || kind == Kind::NegativeCacheHit; }
};

struct LookupResult {
    bool matched = false;  // false: the datagram was ignored, see `ignoredReason`
    std::string ignoredReason;
    std::uint16_t id = 0;
    std::string name;
    RrType type = RrType::A;
    Rcode rcode = Rcode::NoError;
    bool authoritative = false;
    bool truncated = false;  // TC set: incomplete, not cached; ask again over TCP (requery)
    // The answer records that answer the question: a CNAME chain from the name
    // (if any) and the records of the asked type at its end.
    std::vector<ResourceRecord> records;
    std::vector<ResourceRecord> additional;  // as received; not cached (RFC 2181 5.4.1)
    bool cached = false;
    std::uint32_t cachedTtl = 0;  // seconds the result is cached for
    Message response;             // the decoded response, for traces
};

struct CacheEntry {
    std::string name;
    RrType type = RrType::A;
    Rcode rcode = Rcode::NoError;  // NxDomain, or NoError (records empty = NODATA)
    bool negative = false;
    std::vector<ResourceRecord> records;  // TTLs = remaining seconds
    std::uint32_t remainingTtl = 0;       // seconds, rounded up
    Time expires;
};

struct PendingQuery {
    std::uint16_t id = 0;
    std::string name;
    RrType type = RrType::A;
    Time sentAt;
};

class StubResolver {
public:
    static constexpr std::uint32_t kMaxTtl = 7 * 24 * 3600;  // cap, like BIND's max-cache-ttl
    static constexpr std::size_t kMaxOutstanding = 4096;
    static constexpr std::size_t kMaxCacheEntries = 10000;

    explicit StubResolver(std::uint64_t seed);

    // Answers from the cache when it can, else builds a query with a fresh id.
    LookupStart start(const std::string& name, RrType type, Time now);
    // The same question again with a fresh id, past the cache: a truncated answer (TC) asked
    // again over TCP (RFC 7766 5). Its answer comes through receive() like any other.
    LookupStart requery(const std::string& name, RrType type, Time now);

    // Matches a response datagram to an outstanding query (by id AND question)
    // and caches the outcome. Anything else is ignored with a reason, and the
    // query stays outstanding.
    LookupResult receive(const std::uint8_t* data, std::size_t len, Time now);

    // Forgets an outstanding query (caller-side timeout); a later response with
    // that id is ignored. False if the id was not outstanding.
    bool cancel(std::uint16_t id);
    // Cancels every query sent before now - timeout; returns what was dropped.
    std::vector<PendingQuery> expireOutstanding(Time now, Duration timeout);

    std::vector<PendingQuery> outstanding() const;
    // Unexpired entries, sorted by (name, type), with remaining TTLs.
    std::vector<CacheEntry> cacheEntries(Time now) const;
    void clearCache() { m_cache.clear(); }

private:
    struct Stored {
        Rcode rcode = Rcode::NoError;
        bool negative = false;
        std::vector<ResourceRecord> records;  // original TTLs
        Time expires;
    };
    using Key = std::pair<std::string, std::uint16_t>;

    std::uint16_t nextId();
    LookupStart newQuery(LookupStart out, Time now);  // out.name (valid) and out.type set
    const Stored* lookup(const std::string& name, RrType type, Time now) const;
    void store(const std::string& name, RrType type, Stored entry, Time now);
    static CacheEntry view(const Key& key, const Stored& s, Time now);

    std::uint64_t m_state;
    std::map<std::uint16_t, PendingQuery> m_outstanding;
    std::map<Key, Stored> m_cache;
};

}  // namespace postino::dns
