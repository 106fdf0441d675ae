// How a host finds a peer's address from its host name, as a real one does: an A look-up
// through its resolver (ResolverClient: cached per TTL, every query, answer and cache hit in
// the trace) when it has a name server; else its hosts file (NodeContext::hostsEntry), read
// silently as getaddrinfo reads /etc/hosts. What a failure means is the caller's business.
#pragma once

#include "nodes/node_context.h"
#include "nodes/resolver_client.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace postino::world {

class HostLookup {
public:
    enum class Failure {
        None,
        NoSuchName,     // NXDOMAIN
        NoAddress,      // the name exists but has no A record (NODATA)
        ServerError,    // SERVFAIL, REFUSED...: `detail` is the rcode's mnemonic
        NoAnswer,       // the DNS server did not answer in time (it is down, or cut off)
        CannotAsk,      // the resolver would not send the question: `detail` says why
        NotConfigured,  // no name server, and the hosts file does not have the name
    };
    struct Answer {
        std::string host;
        std::vector<std::uint32_t> addresses;  // in the answer's order; empty when failure != None
        Failure failure = Failure::None;
        std::string detail;
        bool ok() const { return failure == Failure::None; }
    };
    using Done = std::function<void(const Answer&)>;

    explicit HostLookup(NodeContext& context) : m_context(context) {}
    // Opens the resolver's UDP port when the host has a name server (resolv.conf); `seed`
    // picks its query ids.
    void start(std::uint64_t seed);
    // The addresses of `host`. Through DNS the answer comes later (a cache hit on the next
    // turn); from the hosts file it comes at once, inside this call.
    void find(const std::string& host, Done done);
    ResolverClient* resolver() { return m_resolver.get(); }

    // "mail.sender.example cannot be found: the DNS server says there is no such name
    // (NXDOMAIN)", a whole sentence per failure for the timeline.
    static trace::Phrase unreachable(const Answer& answer);
    // Postfix's words for a failed A look-up, as its logs and bounces give them: "Host or
    // domain name not found. Name service error for name=smtp.isp.example type=A: Host not
    // found" (", try again" when the failure may pass).
    static std::string nameServiceError(const Answer& answer);

private:
    NodeContext& m_context;
    std::unique_ptr<ResolverClient> m_resolver;
};

}  // namespace postino::world
