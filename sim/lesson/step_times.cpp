// Matching a step's "when" against the trace's typed records.
#include "lesson/step_times.h"

#include "core/ascii.h"
#include "dns/dns_message.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace postino::lesson {

using scenario::StepEvent;
using scenario::StepWhen;

namespace {

std::optional<trace::EventKind> eventKind(StepEvent e) {
    switch (e) {
        case StepEvent::DnsCacheHit: return trace::EventKind::DnsCacheHit;
        case StepEvent::MailSubmitted: return trace::EventKind::MailSubmitted;
        case StepEvent::MailAccepted: return trace::EventKind::MailAccepted;
        case StepEvent::Relayed: return trace::EventKind::Relayed;
        case StepEvent::Delivered: return trace::EventKind::Delivered;
        case StepEvent::Deferred: return trace::EventKind::Deferred;
        case StepEvent::Retrying: return trace::EventKind::Retrying;
        case StepEvent::Bounced: return trace::EventKind::Bounced;
        case StepEvent::CheckingMail: return trace::EventKind::CheckingMail;
        case StepEvent::Downloaded: return trace::EventKind::Downloaded;
        case StepEvent::TlsStarted: return trace::EventKind::TlsStarted;
        case StepEvent::TlsFailed: return trace::EventKind::TlsFailed;
        case StepEvent::DkimSigned: return trace::EventKind::DkimSigned;
        case StepEvent::Forwarded: return trace::EventKind::Forwarded;
        case StepEvent::SenderChecked: return trace::EventKind::SenderChecked;
        case StepEvent::SenderCheckFailed: return trace::EventKind::SenderCheckFailed;
        case StepEvent::Quarantined: return trace::EventKind::Quarantined;
        default: return std::nullopt;
    }
}

// The node index named by `id`, or nullopt when it is not in the trace.
std::optional<trace::NodeIndex> nodeIndex(const trace::Trace& t, const std::string& id) {
    for (std::size_t i = 0; i < t.nodes.size(); ++i)
        if (t.nodes[i].id == id) return static_cast<trace::NodeIndex>(i);
    return std::nullopt;
}

// The reply code of a server line that ends a reply ("250 2.0.0 Ok"), or 0 (for "250-PIPELINING",
// a line before the last of a multi-line reply: a reply counts once, when it is complete).
int replyCode(const std::string& line) {
    if (line.size() < 3) return 0;
    for (int i = 0; i < 3; ++i)
        if (!std::isdigit(static_cast<unsigned char>(line[static_cast<std::size_t>(i)]))) return 0;
    if (line.size() > 3 && line[3] != ' ') return 0;
    return std::stoi(line.substr(0, 3));
}

void matchDns(const StepWhen& w, const trace::Trace& t, std::optional<trace::NodeIndex> node, std::vector<Time>& out) {
    const bool answers = w.event == StepEvent::DnsAnswer;
    // Where each answer arrived: the hop that brought it to the node holding its destination address.
    std::unordered_map<std::uint64_t, Time> arrivals;
    if (answers) {
        for (const auto& hop : t.hops) {
            if (hop.packetId >= t.packets.size() || hop.to >= t.nodes.size()) continue;
            const auto& p = t.packets[hop.packetId].packet;
            if (p.app == net::AppProtocol::Dns && t.nodes[hop.to].ip == p.dstIp) arrivals.emplace(hop.packetId, hop.arrival);
        }
    }
    for (std::size_t i = 0; i < t.packets.size(); ++i) {
        const auto& rec = t.packets[i];
        if (rec.packet.app != net::AppProtocol::Dns || rec.packet.transport != net::Transport::Udp) continue;
        const auto& bytes = rec.packet.payload;
        const auto decoded = dns::decode(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        if (!decoded.message || decoded.message->qr != answers || decoded.message->questions.empty()) continue;
        const auto& q = decoded.message->questions.front();
        if (!w.record.empty() && dns::typeName(q.type) != w.record) continue;
        if (!w.name.empty() && q.name != w.name) continue;
        if (!answers) {
            if (!node || rec.origin == *node) out.push_back(rec.sent);
            continue;
        }
        const auto arrived = arrivals.find(i);
        if (arrived == arrivals.end()) continue;  // lost on the way
        if (node && t.nodes[*node].ip != rec.packet.dstIp) continue;
        out.push_back(arrived->second);
    }
}

}  // namespace

std::vector<Time> matchTimes(const StepWhen& w, const trace::Trace& t) {
    std::vector<Time> out;
    std::optional<trace::NodeIndex> node;
    if (!w.node.empty()) {
        node = nodeIndex(t, w.node);
        if (!node) return out;
    }
    switch (w.event) {
        case StepEvent::ConnectionOpened:
            for (const auto& c : t.connections)
                if ((w.port == 0 || c.serverPort == w.port) && (!node || c.client == *node || c.server == *node))
                    out.push_back(c.opened);
            break;
        case StepEvent::DnsQuery:
        case StepEvent::DnsAnswer: matchDns(w, t, node, out); break;
        case StepEvent::SmtpReply:
            for (const auto& line : t.lines) {
                if (line.fromClient || line.connection == 0 || line.connection > t.connections.size()) continue;
                const auto& c = t.connection(line.connection);
                if (c.app != net::AppProtocol::Smtp) continue;
                if (node && c.client != *node && c.server != *node) continue;
                const int code = replyCode(line.text);
                if (code != 0 && (w.code == 0 || code == w.code)) out.push_back(line.time);
            }
            break;
        case StepEvent::PacketLost:
            for (const auto& d : t.drops)
                if (!node || d.node == *node) out.push_back(d.time);
            break;
        default: {
            const auto kind = eventKind(w.event);
            for (const auto& e : t.events) {
                if (!kind || e.kind != *kind || (node && e.node != *node)) continue;
                if (!w.mailbox.empty() && toLowerAscii(e.mailbox) != w.mailbox) continue;
                out.push_back(e.time);
            }
        }
    }
    std::stable_sort(out.begin(), out.end());
    return out;
}

std::optional<Time> findWhen(const StepWhen& w, const trace::Trace& t) {
    const auto times = matchTimes(w, t);
    const auto n = static_cast<std::size_t>(std::max(1, w.occurrence));
    if (times.size() < n) return std::nullopt;
    return times[n - 1];
}

std::string describeWhen(const StepWhen& w) {
    std::string what;
    switch (w.event) {
        case StepEvent::ConnectionOpened:
            what = w.port ? fmt::format("connection to port {}", w.port) : "connection";
            break;
        case StepEvent::DnsQuery:
        case StepEvent::DnsAnswer:
            what = fmt::format("DNS {}{}{}", w.event == StepEvent::DnsQuery ? "question" : "answer",
                               w.record.empty() ? "" : " of type " + w.record, w.name.empty() ? "" : " for " + w.name);
            break;
        case StepEvent::SmtpReply: what = w.code ? fmt::format("SMTP reply {}", w.code) : "SMTP reply"; break;
        default:
            what = fmt::format("{} event", scenario::stepEventName(w.event));
            if (!w.mailbox.empty()) what += " for " + w.mailbox;
    }
    if (!w.node.empty()) what += (w.event == StepEvent::DnsAnswer ? " reaching " : " at ") + w.node;
    return what;
}

Time runEnd(const trace::Trace& t) {
    Time end;
    for (const auto& h : t.hops) end = std::max(end, h.arrival);
    for (const auto& c : t.connections) {
        end = std::max(end, c.opened);
        if (c.closed != Time::max()) end = std::max(end, c.closed);
    }
    for (const auto& p : t.packets) end = std::max(end, p.sent);
    for (const auto& e : t.events) end = std::max(end, e.time);
    for (const auto& l : t.lines) end = std::max(end, l.time);
    return end;
}

StepTimes resolveStepTimes(const scenario::Scenario& s, const trace::Trace& t) {
    StepTimes out;
    out.times.resize(s.steps.size());
    const Time end = runEnd(t);
    for (std::size_t i = 0; i < s.steps.size(); ++i) {
        const auto& step = s.steps[i];
        if (step.at) {
            if (*step.at > end) {
                out.problems.push_back({fmt::format("/steps/{}/at", i),
                                        fmt::format("the lesson's run ends at {:.6f} s, before this step's time: the "
                                                    "step would never show",
                                                    end.toSeconds())});
                continue;
            }
            out.times[i] = step.at;
            continue;
        }
        if (!step.when) continue;
        const auto times = matchTimes(*step.when, t);
        const auto n = static_cast<std::size_t>(std::max(1, step.when->occurrence));
        if (times.size() >= n) {
            out.times[i] = times[n - 1];
            continue;
        }
        const std::string pointer = fmt::format("/steps/{}/when", i);
        if (times.empty())
            out.problems.push_back({pointer, fmt::format("this never happens in the lesson's run: no {}; the step "
                                                         "would never show",
                                                         describeWhen(*step.when))});
        else
            out.problems.push_back({pointer, fmt::format("this happens only {} time{} in the lesson's run ({}), so "
                                                         "its occurrence {} never comes; the step would never show",
                                                         times.size(), times.size() == 1 ? "" : "s",
                                                         describeWhen(*step.when), n)});
    }
    return out;
}

}  // namespace postino::lesson
