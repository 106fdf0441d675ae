#include "nodes/resolver_client.h"

#include "dns/dns_tcp.h"
#include "net/ipv4.h"
#include "nodes/write_caption.h"

#include <memory>

#include <fmt/format.h>

namespace postino::world {

namespace {
const Duration kQueryTimeout = Duration::seconds(5);
}

std::string describeRecords(const std::vector<dns::ResourceRecord>& records) {
    std::string out;
    for (const auto& rr : records) {
        if (!out.empty()) out += ", ";
        if (rr.type == dns::RrType::TXT) {  // the text itself: what SPF, DKIM and DMARC read
            std::string text = dns::txtText(rr);
            if (text.size() > 100) text = text.substr(0, 97) + "...";
            out += "TXT \"" + text + "\"";
            continue;
        }
        out += dns::formatRecordData(rr);
    }
    return out.empty() ? "no records" : out;
}

ResolverClient::ResolverClient(Simulator& sim, net::HostStack& stack, std::uint32_t serverIp, std::uint64_t seed,
                               Log log)
    : m_sim(sim), m_stack(stack), m_serverIp(serverIp), m_log(std::move(log)), m_resolver(seed) {}

void ResolverClient::start() {
    m_port = m_stack.ephemeralPort();
    m_stack.bindUdp(m_port, [this](const net::Packet& p) { onDatagram(p); });
}

void ResolverClient::lookup(const std::string& name, dns::RrType type, Done done) {
    dns::LookupStart s = m_resolver.start(name, type, m_sim.now());
    const std::string question = fmt::format("{} {}", dns::typeName(type), name);
    switch (s.kind) {
        case dns::LookupStart::Kind::CacheHit:
        case dns::LookupStart::Kind::NegativeCacheHit: {
            Outcome o;
            o.ok = true;
            o.rcode = s.rcode;
            o.records = s.records;
            o.fromCache = true;
            if (s.kind != dns::LookupStart::Kind::CacheHit)
                m_log(trace::EventKind::DnsCacheHit,
                      trace::phrase("{} answered from the resolver cache: {}", question, dns::rcodeName(s.rcode)));
            else if (s.records.empty())
                m_log(trace::EventKind::DnsCacheHit,
                      trace::phrase("{} answered from the resolver cache, no query sent: no records", question));
            else
                m_log(trace::EventKind::DnsCacheHit,
                      trace::phrase("{} answered from the resolver cache, no query sent: {}", question,
                                    describeRecords(s.records)));
            // Answer on the next turn so callers see the same flow either way.
            m_sim.after(Duration::nanos(0), [done = std::move(done), o] { done(o); });
            return;
        }
        case dns::LookupStart::Kind::Error: {
            Outcome o;
            o.error = s.error;
            m_log(trace::EventKind::DnsAnswer, trace::phrase("{} cannot be asked: {}", question, s.error));
            m_sim.after(Duration::nanos(0), [done = std::move(done), o] { done(o); });
            return;
        }
        case dns::LookupStart::Kind::Query: break;
    }
    m_log(trace::EventKind::DnsQuery, trace::phrase("asks DNS server {}: {}? (query id {})", net::formatIpv4(m_serverIp),
                                                    question, fmt::format("0x{:04x}", s.query.id)));
    const dns::DecodeResult decoded = dns::decode(s.query.bytes);
    m_stack.sendUdp(m_port, m_serverIp, 53, std::string(s.query.bytes.begin(), s.query.bytes.end()),
                    net::AppProtocol::Dns, decoded.ok() ? dns::summary(*decoded.message) : "DNS query",
                    dnsCaption(decoded, false));
    wait(s.query.id, question, std::move(done));
}

void ResolverClient::wait(std::uint16_t id, const std::string& question, Done done) {
    EventHandle timeout = m_sim.after(kQueryTimeout, [this, id, question] {
        giveUp(id, "no answer from the DNS server within 5 seconds", true,
               trace::phrase("{}: no answer from the DNS server within 5 seconds", question));
    });
    m_waiting[id] = Waiting{std::move(done), timeout};
}

void ResolverClient::giveUp(std::uint16_t id, std::string error, bool timedOut, trace::Phrase said) {
    auto it = m_waiting.find(id);
    if (it == m_waiting.end()) return;  // answered already
    Done callback = std::move(it->second.done);
    m_sim.cancel(it->second.timeout);
    m_waiting.erase(it);
    m_resolver.cancel(id);
    Outcome o;
    o.error = std::move(error);
    o.timedOut = timedOut;
    m_log(trace::EventKind::DnsAnswer, std::move(said));
    callback(o);
}

void ResolverClient::askOverTcp(const std::string& name, dns::RrType type, Done done) {
    const std::string question = fmt::format("{} {}", dns::typeName(type), name);
    const dns::LookupStart s = m_resolver.requery(name, type, m_sim.now());
    if (s.kind != dns::LookupStart::Kind::Query) {
        Outcome o;
        o.error = s.error;
        m_log(trace::EventKind::DnsAnswer, trace::phrase("{} cannot be asked: {}", question, s.error));
        done(o);
        return;
    }
    const std::uint16_t id = s.query.id;
    m_log(trace::EventKind::DnsQuery, trace::phrase("asks DNS server {} over TCP: {}? (query id {})",
                                                    net::formatIpv4(m_serverIp), question, fmt::format("0x{:04x}", id)));
    wait(id, question, std::move(done));
    const std::uint32_t caption = m_stack.trace().addCaption(dnsCaption(dns::decode(s.query.bytes), false));
    net::TcpConnection& c = m_stack.connect(m_serverIp, 53, net::AppProtocol::Dns, "DNS over TCP");
    auto reader = std::make_shared<dns::TcpMessageReader>();
    net::TcpConnection* conn = &c;
    c.setCallbacks({
        .onConnected = [conn, bytes = dns::frameForTcp(s.query.bytes), caption] { conn->send(bytes, caption); },
        .onData =
            [this, conn, reader](std::string_view data) {
                reader->feed(data);
                bool answered = false;
                while (auto message = reader->next()) answered = onResponse(message->data(), message->size(), true) || answered;
                if (answered) conn->close();  // one question per connection (RFC 7766 6.2.1 lets a client close)
            },
        .onPeerClosed = [conn] { conn->close(); },
        .onClosed = nullptr,
        .onError =
            [this, id, question](std::string_view why) {
                giveUp(id, "the TCP connection to the DNS server failed: " + std::string(why), false,
                       trace::phrase("{}: the TCP connection to the DNS server failed ({})", question, std::string(why)));
            },
    });
}

void ResolverClient::onDatagram(const net::Packet& p) {
    onResponse(reinterpret_cast<const std::uint8_t*>(p.payload.data()), p.payload.size(), false);
}

bool ResolverClient::onResponse(const std::uint8_t* data, std::size_t size, bool overTcp) {
    dns::LookupResult r = m_resolver.receive(data, size, m_sim.now());
    if (!r.matched) {
        m_log(trace::EventKind::Note, overTcp ? trace::phrase("ignored a DNS message over TCP: {}", r.ignoredReason)
                                              : trace::phrase("ignored a DNS datagram: {}", r.ignoredReason));
        return false;
    }
    auto it = m_waiting.find(r.id);
    if (it == m_waiting.end()) return false;
    Waiting w = std::move(it->second);
    m_waiting.erase(it);
    m_sim.cancel(w.timeout);
    const std::string question = fmt::format("{} {}", dns::typeName(r.type), r.name);
    if (r.truncated && !overTcp) {
        // RFC 7766 5: the answer did not fit in 512 octets; the same question goes again over TCP.
        m_log(trace::EventKind::DnsAnswer,
              trace::phrase("answer for {} is truncated (TC): it does not fit in one UDP datagram of 512 octets, so "
                            "the resolver asks again over TCP",
                            question));
        askOverTcp(r.name, r.type, std::move(w.done));
        return true;
    }
    Outcome o;
    o.ok = true;
    o.rcode = r.rcode;
    o.records = r.records;
    o.truncated = r.truncated;
    // "no records" and an rcode name are words of their own: one whole sentence per case.
    const bool noRecords = r.rcode == dns::Rcode::NoError && r.records.empty();
    const std::string answer = r.rcode == dns::Rcode::NoError ? describeRecords(r.records) : dns::rcodeName(r.rcode);
    trace::Phrase text;
    if (!r.cached)
        text = noRecords ? trace::phrase("answer for {}: no records", question)
                         : trace::phrase("answer for {}: {}", question, answer);
    else
        text = noRecords ? trace::phrase("answer for {}: no records (cached for {} s)", question, r.cachedTtl)
                         : trace::phrase("answer for {}: {} (cached for {} s)", question, answer, r.cachedTtl);
    if (r.cached && onCached) onCached(question, answer, r.cachedTtl);
    m_log(trace::EventKind::DnsAnswer, std::move(text));
    w.done(o);
    return true;
}

}  // namespace postino::world
