#include "trace/trace_text.h"

#include "trace/mail_fate.h"

#include "net/ipv4.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ostream.h>

namespace postino::trace {

namespace {

std::size_t nodeColumnWidth(const Trace& trace) {
    std::size_t w = 4;
    for (const auto& n : trace.nodes) w = std::max(w, n.id.size());
    return w;
}

const std::string& nodeName(const Trace& trace, NodeIndex i) { return trace.nodes.at(i).id; }

}  // namespace

void writeTimeline(std::ostream& out, const Trace& trace, const TextOptions& options) {
    const std::size_t w = nodeColumnWidth(trace);
    fmt::print(out, "{:>11}  {:<{}}  {}\n", "time (s)", "node", w, "what happened");
    // Events and (optionally) hops merged by time; events first on ties.
    std::size_t e = 0, h = 0;
    const auto& events = trace.events;
    const auto& hops = trace.hops;
    while (true) {
        const bool haveEvent = e < events.size() && events[e].time <= options.until;
        const bool haveHop = options.packets && h < hops.size() && hops[h].start <= options.until;
        if (!haveEvent && !haveHop) break;
        if (haveEvent && (!haveHop || events[e].time <= hops[h].start)) {
            const Event& ev = events[e++];
            fmt::print(out, "{:>11}  {:<{}}  {}\n", formatSeconds(ev.time), nodeName(trace, ev.node), w, ev.text);
        } else {
            const HopRecord& hop = hops[h++];
            const auto& p = trace.packets.at(hop.packetId).packet;
            fmt::print(out, "{:>11}  {:<{}}  packet #{} to {} ({} bytes, arrives {}): {}\n", formatSeconds(hop.start),
                       nodeName(trace, hop.from), w, hop.packetId, nodeName(trace, hop.to), hop.bytes,
                       formatSeconds(hop.arrival), p.summary);
        }
    }
}

void writeTranscript(std::ostream& out, const Trace& trace, const TextOptions& options) {
    // Lines grouped by connection, in the order connections were opened.
    std::vector<std::vector<const LineRecord*>> byConnection(trace.connections.size());
    for (const auto& line : trace.lines)
        if (line.connection >= 1 && line.connection <= trace.connections.size() && line.time <= options.until)
            byConnection[line.connection - 1].push_back(&line);
    for (const auto& c : trace.connections) {
        if (c.opened > options.until) continue;
        fmt::print(out, "\n== Connection {}: {}, {} {}:{} -> {} {}:{}, opened at {} s\n", c.id, c.service,
                   nodeName(trace, c.client), net::formatIpv4(c.clientIp), c.clientPort, nodeName(trace, c.server),
                   net::formatIpv4(c.serverIp), c.serverPort, formatSeconds(c.opened));
        const auto& lines = byConnection[c.id - 1];
        if (lines.empty()) fmt::print(out, "   (no protocol lines)\n");
        for (const LineRecord* l : lines)
            fmt::print(out, "{:>11} {}: {}{}\n", formatSeconds(l->time), l->fromClient ? "C" : "S", l->tls ? "[TLS] " : "",
                       l->text);
        if (c.closed != Time::max() && c.closed <= options.until)
            fmt::print(out, "{:>11}    (connection closed)\n", formatSeconds(c.closed));
    }
}

void writeSummary(std::ostream& out, const Trace& trace) {
    std::size_t dnsQueries = 0, cacheHits = 0;
    for (const auto& e : trace.events) {
        dnsQueries += e.kind == EventKind::DnsQuery;
        cacheHits += e.kind == EventKind::DnsCacheHit;
    }
    const MailCounts mail = countMail(trace);
    std::uint64_t bytes = 0;
    for (const auto& p : trace.packets) bytes += static_cast<std::uint64_t>(p.packet.frameBytes());
    // Per recipient: delivered into a mailbox here, deferred attempts, bounced, still queued at the end.
    fmt::print(out,
               "\nSummary: {} deliveries, {} deferred, {} bounced, {} still queued, {} DNS queries, {} DNS cache hits, "
               "{} connections, {} packets ({} bytes), {} link hops.\n",
               mail.delivered, mail.deferrals, mail.bounced, mail.queued, dnsQueries, cacheHits,
               trace.connections.size(), trace.packets.size(), bytes, trace.hops.size());
}

void writeRunText(std::ostream& out, const std::string& title, const Trace& trace, const TextOptions& options) {
    out << title << '\n';
    writeTimeline(out, trace, options);
    if (options.transcript) writeTranscript(out, trace, options);
    writeSummary(out, trace);
}

}  // namespace postino::trace
