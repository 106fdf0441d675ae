// The DNS resolver inside a host (a mail server, a client, a webmail, a browser): wraps the
// sans-I/O StubResolver with UDP sending (and TCP for an answer too big for a datagram), a
// timeout and callbacks, and notes queries, answers and cache hits in the trace so a learner
// sees every look-up. No zone data here.
#pragma once

#include "core/simulator.h"
#include "dns/dns_resolver.h"
#include "net/host_stack.h"
#include "trace/trace.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace postino::world {

class ResolverClient {
public:
    struct Outcome {
        bool ok = false;  // a response came (any rcode), or the cache answered
        dns::Rcode rcode = dns::Rcode::NoError;
        std::vector<dns::ResourceRecord> records;
        bool fromCache = false;
        std::string error;  // when !ok
        bool timedOut = false;  // !ok because the DNS server did not answer in time
        bool truncated = false;  // TC even over TCP (a server that cannot send it whole)
    };
    using Done = std::function<void(const Outcome&)>;
    using Log = std::function<void(trace::EventKind, trace::Phrase)>;

    ResolverClient(Simulator& sim, net::HostStack& stack, std::uint32_t serverIp, std::uint64_t seed, Log log);
    void start();
    void lookup(const std::string& name, dns::RrType type, Done done);
    std::vector<dns::CacheEntry> cacheEntries() const { return m_resolver.cacheEntries(m_sim.now()); }
    // Told of every answer the resolver caches: question, answer, TTL in seconds.
    std::function<void(const std::string&, const std::string&, std::uint32_t)> onCached;

private:
    void onDatagram(const net::Packet& p);
    // A response over UDP or TCP; false when it answered no question we wait for. A truncated
    // one over UDP is asked again over TCP (RFC 7766 5).
    bool onResponse(const std::uint8_t* data, std::size_t size, bool overTcp);
    void wait(std::uint16_t id, const std::string& question, Done done);  // until its answer or 5 s
    // The question `id` gets no answer: its caller hears `error`, the trace `said`. Nothing once answered.
    void giveUp(std::uint16_t id, std::string error, bool timedOut, trace::Phrase said);
    void askOverTcp(const std::string& name, dns::RrType type, Done done);

    struct Waiting {
        Done done;
        EventHandle timeout;
    };

    Simulator& m_sim;
    net::HostStack& m_stack;
    std::uint32_t m_serverIp;
    Log m_log;
    dns::StubResolver m_resolver;
    std::uint16_t m_port = 0;
    std::map<std::uint16_t, Waiting> m_waiting;
};

// "MX 10 mail.recipient.example, A 203.0.113.25" for the timeline.
std::string describeRecords(const std::vector<dns::ResourceRecord>& records);

}  // namespace postino::world
