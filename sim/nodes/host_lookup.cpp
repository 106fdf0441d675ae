#include "nodes/host_lookup.h"

#include <fmt/format.h>

namespace postino::world {

namespace {
// RFC 1035's mnemonic for a failure answer, as dig prints it.
const char* rcodeMnemonic(dns::Rcode r) {
    switch (r) {
        case dns::Rcode::FormErr: return "FORMERR";
        case dns::Rcode::ServFail: return "SERVFAIL";
        case dns::Rcode::NotImp: return "NOTIMP";
        case dns::Rcode::Refused: return "REFUSED";
        case dns::Rcode::NxDomain: return "NXDOMAIN";
        case dns::Rcode::NoError: break;
    }
    return "NOERROR";
}
}  // namespace

void HostLookup::start(std::uint64_t seed) {
    const auto server = m_context.nameserver();
    if (!server) return;
    m_resolver = std::make_unique<ResolverClient>(
        m_context.sim(), m_context.stack(), *server, seed,
        [this](trace::EventKind kind, trace::Phrase text) { m_context.event(kind, std::move(text)); });
    m_resolver->onCached = [this](const std::string& question, const std::string& answer, std::uint32_t ttl) {
        m_context.trace().dnsCache.push_back({m_context.sim().now(), m_context.index(), question, answer, ttl});
    };
    m_resolver->start();
}

void HostLookup::find(const std::string& host, Done done) {
    if (!m_resolver) {
        Answer a;
        a.host = host;
        if (const auto ip = m_context.hostsEntry(host)) a.addresses.push_back(*ip);
        else a.failure = Failure::NotConfigured;
        done(a);
        return;
    }
    m_resolver->lookup(host, dns::RrType::A, [host, done = std::move(done)](const ResolverClient::Outcome& o) {
        Answer a;
        a.host = host;
        if (!o.ok) {
            a.failure = o.timedOut ? Failure::NoAnswer : Failure::CannotAsk;
            a.detail = o.error;
        } else if (o.rcode == dns::Rcode::NxDomain) {
            a.failure = Failure::NoSuchName;
        } else if (o.rcode != dns::Rcode::NoError) {
            a.failure = Failure::ServerError;
            a.detail = rcodeMnemonic(o.rcode);
        } else {
            for (const auto& rr : o.records)
                if (rr.type == dns::RrType::A) a.addresses.push_back(rr.address);
            if (a.addresses.empty()) a.failure = Failure::NoAddress;
        }
        done(a);
    });
}

trace::Phrase HostLookup::unreachable(const Answer& a) {
    switch (a.failure) {
        case Failure::NoSuchName:
            return trace::phrase("{} cannot be found: the DNS server says there is no such name (NXDOMAIN)", a.host);
        case Failure::NoAddress:
            return trace::phrase("{} cannot be found: the DNS server knows the name but has no address (A record) "
                                 "for it",
                                 a.host);
        case Failure::ServerError:
            return trace::phrase("{} cannot be found: the DNS server answered {}", a.host, a.detail);
        case Failure::NoAnswer:
            return trace::phrase("{} cannot be found: the DNS server does not answer", a.host);
        case Failure::CannotAsk: return trace::phrase("{} cannot be looked up: {}", a.host, a.detail);
        case Failure::NotConfigured:
        case Failure::None: break;
    }
    return trace::phrase("{} cannot be found: this host has no DNS resolver and no hosts entry for it", a.host);
}

std::string HostLookup::nameServiceError(const Answer& a) {
    // dns_strerror()'s words in Postfix for each resolver outcome.
    const char* why = "Host not found, try again";
    switch (a.failure) {
        case Failure::NoSuchName:
        case Failure::NotConfigured: why = "Host not found"; break;
        case Failure::NoAddress: why = "Host found but no data record of requested type"; break;
        case Failure::ServerError:
            if (a.detail != "SERVFAIL") why = "Non-recoverable error";
            break;
        case Failure::NoAnswer:
        case Failure::CannotAsk:
        case Failure::None: break;
    }
    return fmt::format("Host or domain name not found. Name service error for name={} type=A: {}", a.host, why);
}

}  // namespace postino::world
