// The byte budget: per action, at most how many bytes of mail it makes the world carry or
// keep. Messages in the simulated world are real bytes, and the trace keeps every packet,
// so these bytes stay in memory until the end of a run.
#include "scenario/scenario_budget.h"

#include "scenario/json_scanner.h"
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

const char* actionName(ActionType t) {
    switch (t) {
        case ActionType::Send: return "send";
        case ActionType::SaveDraft: return "save_draft";
        case ActionType::CheckMail: return "check_mail";
        case ActionType::Read: return "read";
        case ActionType::Flag: return "flag";
        case ActionType::Move: return "move";
        case ActionType::Delete: return "delete";
        case ActionType::NodeDown: return "node_down";
        case ActionType::NodeUp: return "node_up";
        case ActionType::LinkDown: return "link_down";
        case ActionType::LinkUp: return "link_up";
        case ActionType::SmtpError: return "smtp_error";
        case ActionType::MailboxFull: return "mailbox_full";
    }
    return "action";
}

std::size_t recipientCount(const Action& a) { return a.to.size() + a.cc.size() + a.bcc.size(); }

using NodesById = std::unordered_map<std::string, const Node*>;

NodesById indexNodes(const Scenario& s) {
    NodesById nodes;
    for (const Node& n : s.nodes) nodes.emplace(n.id, &n);
    return nodes;
}

// How many times a message sent by this action crosses from server to server on its way to
// a recipient: once to the recipient's server, plus once per relay host (smarthost) in the
// chain that starts at the sender's server.
std::size_t relayHops(const NodesById& nodes, const Action& a) {
    auto find = [&](const std::string& id) -> const Node* {
        auto it = nodes.find(id);
        return it == nodes.end() ? nullptr : it->second;
    };
    const Node* server = nullptr;
    if (const Node* device = find(a.node))
        for (const ClientAccount& acc : device->accounts)
            if (acc.address == a.from) {
                if (!acc.server.empty()) server = find(acc.server);
                else if (const Node* webmail = find(acc.webmail)) server = find(webmail->mailServer);  // a browser
            }
    std::size_t hops = 1;
    for (std::size_t guard = 0; server && !server->relayHost.empty() && guard < nodes.size(); ++guard) {
        server = find(server->relayHost);
        ++hops;
    }
    return hops;
}

// How many times a send counts its message: submitted, the sender's copy in Sent (uploaded
// and stored), and for each recipient relayed (relayHops times) and stored.
double sendCopies(const NodesById& nodes, const Action& a) {
    return 3.0 + static_cast<double>(recipientCount(a) * (relayHops(nodes, a) + 1));
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
    const NodesById nodes = indexNodes(s);
    // Per mailbox address: the bytes delivered to its INBOX so far and its largest message.
    std::unordered_map<std::string, double> delivered, largest;
    // Per device and mailbox: what its last check_mail had already seen.
    std::map<std::pair<std::string, std::string>, double> seen;
    for (std::size_t i : timeOrder(s)) {
        const Action& a = s.actions[i];
        double bytes = 0;
        std::string mailbox = a.sharedMailbox.empty() ? a.from : a.sharedMailbox;
        if (mailbox.empty()) {
            auto it = nodes.find(a.node);
            if (it != nodes.end() && it->second->accounts.size() == 1) mailbox = it->second->accounts.front().address;
        }
        switch (a.type) {
            case ActionType::Send: {
                const double message = messageBytesBound(a);
                bytes = message * sendCopies(nodes, a);
                for (const auto* list : {&a.to, &a.cc, &a.bcc})
                    for (const auto& address : *list) {
                        delivered[address] += message;
                        largest[address] = std::max(largest[address], message);
                    }
                largest[a.from] = std::max(largest[a.from], message);
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
    const NodesById nodes = indexNodes(s);
    // One action over the limit on its own: say what it is made of.
    auto alone = [&](std::size_t i) {
        const Action& a = s.actions[i];
        std::string why;
        const std::size_t hops = relayHops(nodes, a);
        if (a.type == ActionType::Send)
            why = fmt::format(" (a message of about {} counted {} times: submitted, the sender's copy uploaded and "
                              "stored, then relayed {} and stored for each of {} recipient{})",
                              formatBytes(messageBytesBound(a)), sendCopies(nodes, a),
                              hops == 1 ? std::string("once") : fmt::format("{} times", hops), recipientCount(a),
                              recipientCount(a) == 1 ? "" : "s");
        else if (a.type == ActionType::SaveDraft)
            why = fmt::format(" (a message of about {}, uploaded and stored)", formatBytes(messageBytesBound(a)));
        else if (a.type == ActionType::CheckMail)
            why = " (the mail that arrived since this device last looked, downloaded and kept)";
        d.error(childPointer("/actions", i), fmt::format("this {} would generate about {} of mail{}; {}",
                                                         actionName(a.type), formatBytes(estimate.perAction[i]), why,
                                                         advice));
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
                        fmt::format("with this {} the scenario would generate about {} of mail ({} from the actions "
                                    "before it in time, {} from this one); {}",
                                    actionName(s.actions[i].type), formatBytes(running + bytes), formatBytes(running),
                                    formatBytes(bytes), advice));
            }
            break;
        }
        running += bytes;
    }
    for (std::size_t i = 0; i < s.actions.size(); ++i)
        if (i != crossing && estimate.perAction[i] > limit) alone(i);
}

}  // namespace postino::scenario
