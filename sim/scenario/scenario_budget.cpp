// The byte budget: per action, at most how many bytes of mail it makes the world carry or
// keep. Messages in the simulated world are real bytes, and the trace keeps every packet,
// so these bytes stay in memory until the end of a run.
#include "scenario/scenario_budget.h"

#include "scenario/json_scanner.h"
#include "scenario/name_syntax.h"
#include "scenario/scenario_limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

namespace postino::scenario {

namespace {

// Header fields, MIME boundaries and part headers of one message, beyond what is counted apart.
constexpr double kHeaderBytes = 2048;
constexpr double kPartHeaderBytes = 600;

// Text in the worst transfer encoding: quoted-printable writes a byte as "=XX" and breaks
// lines every 76 characters (at most 3.2 bytes per byte); 7bit doubles a lone LF at most.
double textBytesBound(std::size_t n) { return 4.0 * static_cast<double>(n); }

// Base64 in 76-character lines, each ended by CRLF: the attachment grows by about 37 %.
double base64LinesBytes(std::uint64_t n) {
    const double chars = 4.0 * std::ceil(static_cast<double>(n) / 3.0);
    return chars + 2.0 * std::ceil(chars / 76.0);
}

std::size_t recipientCount(const Action& a) { return a.to.size() + a.cc.size() + a.bcc.size(); }

// A bounce or a delay notice (RFC 3464): about 3 kB of report (its header fields, the
// human-readable part, the delivery-status fields), header lines added on its way, and the
// original returned whole up to Postfix's bounce_size_limit (50,000 octets), above it its header
// only, cut at the same limit (as Postfix's bounce daemon does).
constexpr double kBounceReturnedBytes = 50'000;
constexpr double kBounceReportBytes = 5'000;

double bounceBytesBound(double message) { return std::min(message, kBounceReturnedBytes) + kBounceReportBytes; }

using NodesById = std::unordered_map<std::string, const Node*>;

// What the whole scenario tells about every send: the nodes, how many MX hosts each mail domain
// has, the failure windows in which a delivery attempt can fail after carrying the message,
// and the queue settings that make the most attempts.
struct SendContext {
    NodesById nodes;
    std::unordered_map<std::string, std::size_t> mxHosts;  // mail domain -> distinct MX exchanges
    std::vector<std::pair<Time, Time>> windows;           // merged, sorted; end Time::max(): to the end
    bool delayWarnings = false;                            // some server sends delay notices
    Duration minimalBackoff = QueueSettings{}.minimalBackoff;
    Duration maximalBackoff = QueueSettings{}.maximalBackoff;
    Duration lifetime;                                     // the longest maximal_queue_lifetime
};

// Node and link outages and 4xx smtp_error windows: a connection cut mid-DATA or a 451 after
// the message leaves the whole message behind in the trace, and the sender tries again. (A
// mailbox_full answers 552 and a 554 is final: no more attempts.) A down without a duration
// lasts until the next up of the same node or link, or to the end.
std::vector<std::pair<Time, Time>> failureWindows(const Scenario& s) {
    std::vector<std::pair<Time, Time>> windows;
    for (std::size_t i = 0; i < s.actions.size(); ++i) {
        const Action& a = s.actions[i];
        const bool down = a.type == ActionType::NodeDown || a.type == ActionType::LinkDown;
        const bool softError = a.type == ActionType::SmtpError && a.replyCode / 100 == 4;
        if (!down && !softError) continue;
        Time end = Time::max();
        if (a.duration) end = a.at + *a.duration;
        else if (down)
            for (const Action& b : s.actions) {
                const bool up = (a.type == ActionType::NodeDown && b.type == ActionType::NodeUp && b.node == a.node) ||
                                (a.type == ActionType::LinkDown && b.type == ActionType::LinkUp && b.link == a.link);
                if (up && b.at >= a.at && b.at < end) end = b.at;
            }
        windows.emplace_back(a.at, end);
    }
    std::sort(windows.begin(), windows.end());
    std::vector<std::pair<Time, Time>> merged;
    for (const auto& w : windows) {
        if (!merged.empty() && w.first <= merged.back().second) merged.back().second = std::max(merged.back().second, w.second);
        else merged.push_back(w);
    }
    return merged;
}

SendContext describeSends(const Scenario& s) {
    SendContext w;
    bool anyServer = false;
    for (const Node& n : s.nodes) {
        w.nodes.emplace(n.id, &n);
        if (n.type == NodeType::DnsServer) {
            std::unordered_map<std::string, std::vector<std::string>> exchanges;
            for (const DnsZone& zone : n.zones)
                for (const DnsRecord& r : zone.records)
                    if (r.type == RecordType::MX) exchanges[r.name].push_back(r.exchange);
            for (auto& [domain, hosts] : exchanges) {
                std::sort(hosts.begin(), hosts.end());
                const auto distinct = static_cast<std::size_t>(std::unique(hosts.begin(), hosts.end()) - hosts.begin());
                w.mxHosts[domain] = std::max(w.mxHosts[domain], distinct);
            }
        }
        if (n.type != NodeType::MailServer) continue;
        const QueueSettings& q = n.queue;
        w.delayWarnings = w.delayWarnings || q.delayWarning > Duration();
        w.minimalBackoff = anyServer ? std::min(w.minimalBackoff, q.minimalBackoff) : q.minimalBackoff;
        w.maximalBackoff = anyServer ? std::min(w.maximalBackoff, q.maximalBackoff) : q.maximalBackoff;
        w.lifetime = std::max({w.lifetime, q.maximalLifetime, q.bounceLifetime});
        anyServer = true;
    }
    w.windows = failureWindows(s);
    return w;
}

// How many times a message sent by this action crosses from server to server on its way to
// a recipient: once per relay host (smarthost) in the chain that starts at the sender's
// server, then once per MX host of the recipient's domain (a backup MX hands it on); round
// a circle of relay hosts, as many times as the hop limit lets it.
std::size_t relayHops(const SendContext& w, const Action& a) {
    auto find = [&](const std::string& id) -> const Node* {
        auto it = w.nodes.find(id);
        return it == w.nodes.end() ? nullptr : it->second;
    };
    const Node* server = nullptr;
    if (const Node* device = find(a.node))
        for (const ClientAccount& acc : device->accounts)
            if (acc.address == a.from) {
                if (!acc.server.empty()) server = find(acc.server);
                else if (const Node* webmail = find(acc.webmail)) server = find(webmail->mailServer);  // a browser
            }
    std::size_t hops = 0;
    std::vector<const Node*> chain;
    for (std::size_t guard = 0; server && !server->relayHost.empty() && guard < w.nodes.size(); ++guard) {
        if (std::find(chain.begin(), chain.end(), server) != chain.end()) {
            // Relay hosts in a circle: mail for a domain none of them has goes round until a
            // server's hopcount_limit (Received: lines) stops it.
            std::size_t limit = 0;
            for (const Node* n : chain) limit = std::max(limit, static_cast<std::size_t>(n->queue.hopCountLimit));
            return limit + 1;
        }
        chain.push_back(server);
        server = find(server->relayHost);
        ++hops;
    }
    std::size_t mx = 1;
    for (const auto* list : {&a.to, &a.cc, &a.bcc})
        for (const auto& address : *list) {
            auto it = w.mxHosts.find(std::string(mailDomainOf(address)));
            if (it != w.mxHosts.end()) mx = std::max(mx, it->second);
        }
    return hops + mx;
}

// At most how many delivery attempts fit in `span` when the first is at its start: Postfix
// waits the message's age, at least minimal_backoff_time and at most maximal_backoff_time.
double attemptsWithin(Duration span, Duration minimal, Duration maximal) {
    if (minimal <= Duration()) minimal = Duration::nanos(1);
    if (maximal < minimal) maximal = minimal;
    double attempts = 1;
    Duration age;
    while (true) {
        const Duration wait = std::clamp(age, minimal, maximal);
        if (wait == maximal) return attempts + std::floor(static_cast<double>((span - age).ns()) / static_cast<double>(maximal.ns()));
        if (age + wait > span) return attempts;
        age += wait;
        ++attempts;
    }
}

// Delivery attempts of one message on one hop that can fail after carrying it: those inside a
// failure window that has not ended when it is sent, each window no longer than a queue lifetime.
double failedAttempts(const SendContext& w, Time sent) {
    double attempts = 0;
    for (const auto& [start, end] : w.windows) {
        if (end <= sent) continue;
        const Time from = std::max(start, sent);
        Duration span = end == Time::max() ? w.lifetime : end - from;
        span = std::min(span, w.lifetime);
        attempts += attemptsWithin(span, w.minimalBackoff, w.maximalBackoff);
    }
    return attempts;
}

// What one send makes the world carry and keep.
struct SendCost {
    double message = 0;        // the message as built
    std::size_t hops = 0;      // server-to-server hops to a recipient
    double copies = 0;         // submitted, the sender's copy in Sent, relayed and stored per recipient
    double retries = 0;        // attempts that fail after carrying the message, per hop
    double notices = 0;        // bounces and delay notices back to the sender
    double notice = 0;         // the size of one
    double total = 0;
};

SendCost sendCost(const SendContext& w, const Action& a) {
    SendCost c;
    const auto recipients = static_cast<double>(recipientCount(a));
    c.message = messageBytesBound(a);
    c.hops = relayHops(w, a);
    const auto hops = static_cast<double>(c.hops);
    c.copies = 3.0 + recipients * (hops + 1);
    c.retries = failedAttempts(w, a.at);
    // One bounce per recipient, and a delay notice from each server on its way when some send them.
    c.notices = recipients * (1 + (w.delayWarnings ? hops + 1 : 0));
    c.notice = bounceBytesBound(c.message);
    c.total = c.message * (c.copies + c.retries * (1 + recipients * hops)) +
              c.notices * c.notice * (hops + 1 + c.retries * hops);
    return c;
}

// Action indices in the order the world runs them: by time, ties in file order.
std::vector<std::size_t> timeOrder(const Scenario& s) {
    std::vector<std::size_t> order(s.actions.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return s.actions[x].at < s.actions[y].at; });
    return order;
}

}  // namespace

double messageBytesBound(const Action& a) {
    if (a.type != ActionType::Send && a.type != ActionType::SaveDraft) return 0;
    double headerText = static_cast<double>(a.from.size() + a.subject.size());
    for (const auto* list : {&a.to, &a.cc})
        for (const auto& address : *list) headerText += static_cast<double>(address.size() + 4);
    double bytes = kHeaderBytes + 3.0 * headerText + textBytesBound(a.body.size()) + textBytesBound(a.html.size());
    for (const AttachmentSpec& file : a.attachments)
        bytes += kPartHeaderBytes + 3.0 * static_cast<double>(file.name.size()) + base64LinesBytes(file.size);
    return bytes;
}

MailBytesEstimate estimateMailBytes(const Scenario& s) {
    MailBytesEstimate out;
    out.perAction.assign(s.actions.size(), 0);
    const SendContext ctx = describeSends(s);
    // Per mailbox address: the bytes delivered to its INBOX so far and its largest message.
    std::unordered_map<std::string, double> delivered, largest;
    // Per device and mailbox: what its last check_mail had already seen.
    std::map<std::pair<std::string, std::string>, double> seen;
    for (std::size_t i : timeOrder(s)) {
        const Action& a = s.actions[i];
        double bytes = 0;
        std::string mailbox = a.sharedMailbox.empty() ? a.from : a.sharedMailbox;
        if (mailbox.empty()) {
            auto it = ctx.nodes.find(a.node);
            if (it != ctx.nodes.end() && it->second->accounts.size() == 1)
                mailbox = it->second->accounts.front().address;
        }
        switch (a.type) {
            case ActionType::Send: {
                const SendCost cost = sendCost(ctx, a);
                const double message = cost.message;
                bytes = cost.total;
                for (const auto* list : {&a.to, &a.cc, &a.bcc})
                    for (const auto& address : *list) {
                        delivered[address] += message;
                        largest[address] = std::max(largest[address], message);
                    }
                delivered[a.from] += cost.notices * cost.notice;  // the bounces land in the sender's INBOX
                largest[a.from] = std::max({largest[a.from], message, cost.notice});
                break;
            }
            case ActionType::SaveDraft: {
                const double message = messageBytesBound(a);
                bytes = 2 * message;  // uploaded and stored
                largest[a.from] = std::max(largest[a.from], message);
                break;
            }
            case ActionType::CheckMail: {
                // A device downloads at most what arrived since its last look, and keeps it.
                double& before = seen[{a.node, mailbox}];
                bytes = 2 * (delivered[mailbox] - before);
                before = delivered[mailbox];
                break;
            }
            case ActionType::Read:
            case ActionType::Move: bytes = 2 * largest[mailbox]; break;  // one message fetched or copied
            case ActionType::Flag:
            case ActionType::Delete:
            case ActionType::NodeDown:
            case ActionType::NodeUp:
            case ActionType::LinkDown:
            case ActionType::LinkUp:
            case ActionType::SmtpError:
            case ActionType::MailboxFull: break;
        }
        out.perAction[i] = bytes;
        out.total += bytes;
    }
    return out;
}

std::string formatBytes(double bytes) {
    // One decimal in MB and GB ("4.1 MB", "256.3 MB"), none when it is 0 ("256 MB").
    auto decimal = [](double value, const char* unit) {
        std::string text = fmt::format("{:.1f}", value);
        if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
        return text + " " + unit;
    };
    if (bytes >= 1e9) return decimal(bytes / 1e9, "GB");
    if (bytes >= 1e6) return decimal(bytes / 1e6, "MB");
    if (bytes >= 1e3) return fmt::format("{:.0f} kB", bytes / 1e3);
    return fmt::format("{:.0f} bytes", bytes);
}

void checkMailBytesBudget(const Scenario& s, Diagnostics& d) {
    const auto limit = static_cast<double>(kMaxScenarioMailBytes);
    const MailBytesEstimate estimate = estimateMailBytes(s);
    if (estimate.total <= limit) return;
    const std::string advice = fmt::format("the limit for a whole scenario is {}: use fewer or smaller attachments, "
                                           "fewer recipients or fewer actions",
                                           formatBytes(limit));
    const SendContext ctx = describeSends(s);
    // One action over the limit on its own: say what it is made of.
    auto alone = [&](std::size_t i) {
        const Action& a = s.actions[i];
        std::string why;
        if (a.type == ActionType::Send) {
            const SendCost c = sendCost(ctx, a);
            const std::size_t recipients = recipientCount(a);
            why = fmt::format(" (a message of about {} counted {} times: submitted, the sender's copy uploaded and "
                              "stored, then relayed {} and stored for each of {} recipient{}; then {:.0f} notice{} of "
                              "up to {} back to the sender: a bounce per recipient{}",
                              formatBytes(c.message), c.copies,
                              c.hops == 1 ? std::string("once") : fmt::format("{} times", c.hops), recipients,
                              recipients == 1 ? "" : "s", c.notices, c.notices == 1 ? "" : "s", formatBytes(c.notice),
                              ctx.delayWarnings ? " and delay notices from the servers on its way" : "");
            if (c.retries > 0)
                why += fmt::format("; up to {:.0f} more attempt{} on each hop while a node or link is down or a server "
                                   "answers 4xx",
                                   c.retries, c.retries == 1 ? "" : "s");
            why += ")";
        } else if (a.type == ActionType::SaveDraft)
            why = fmt::format(" (a message of about {}, uploaded and stored)", formatBytes(messageBytesBound(a)));
        else if (a.type == ActionType::CheckMail)
            why = " (the mail that arrived since this device last looked, downloaded and kept)";
        // Glued from many counted pieces: stays English (not translated in the viewer).
        d.error(childPointer("/actions", i),
                trace::untranslated(fmt::format("this {} would generate about {} of mail{}; {}", actionTypeName(a.type),
                                                formatBytes(estimate.perAction[i]), why, advice)));
    };
    // The action at which the running total, in time order, goes over the limit; then every
    // other action that is over it on its own.
    std::size_t crossing = s.actions.size();
    double running = 0;
    for (std::size_t i : timeOrder(s)) {
        const double bytes = estimate.perAction[i];
        if (running + bytes > limit) {
            crossing = i;
            if (bytes > limit) {
                alone(i);
            } else {
                d.error(childPointer("/actions", i),
                        trace::phrase("with this {} the scenario would generate about {} of mail ({} from the actions "
                                      "before it in time, {} from this one); the limit for a whole scenario is {}: use "
                                      "fewer or smaller attachments, fewer recipients or fewer actions",
                                      actionTypeName(s.actions[i].type), formatBytes(running + bytes),
                                      formatBytes(running), formatBytes(bytes), formatBytes(limit)));
            }
            break;
        }
        running += bytes;
    }
    for (std::size_t i = 0; i < s.actions.size(); ++i)
        if (i != crossing && estimate.perAction[i] > limit) alone(i);
}

}  // namespace postino::scenario
