// Checks of the failure actions over the whole scenario: what each names, then one pass in
// the order the world runs the actions (by time, ties in file order) that follows every
// node's and link's state and every error window.
#include "scenario/failure_validate.h"

#include "scenario/json_scanner.h"
#include "scenario/name_syntax.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace postino::scenario {

bool isFailureAction(ActionType t) {
    switch (t) {
        case ActionType::NodeDown:
        case ActionType::NodeUp:
        case ActionType::LinkDown:
        case ActionType::LinkUp:
        case ActionType::SmtpError:
        case ActionType::MailboxFull: return true;
        default: return false;
    }
}

const char* failureActionName(ActionType t) {
    switch (t) {
        case ActionType::NodeDown: return "node_down";
        case ActionType::NodeUp: return "node_up";
        case ActionType::LinkDown: return "link_down";
        case ActionType::LinkUp: return "link_up";
        case ActionType::SmtpError: return "smtp_error";
        case ActionType::MailboxFull: return "mailbox_full";
        default: return "action";
    }
}

namespace {

std::string at(Time t) { return secondsText(t.toSeconds()); }
std::string actionPtr(std::size_t i) { return childPointer("/actions", i); }

// A node or a link that goes down and comes back.
struct Outage {
    bool down = false;
    Time start;
    std::optional<Time> end;  // set: it comes back by itself then
    std::size_t by = 0;       // the action that took it down
    std::optional<Time> lastEnd;  // when it last came back by itself
    std::size_t lastBy = 0;
};

// An smtp_error or mailbox_full window.
struct Window {
    Time start, end;
    std::size_t by = 0;
};

class FailureChecker {
public:
    FailureChecker(const Scenario& s, const ParseAux& aux, const FindNode& findNode, Diagnostics& d)
        : m_s(s), m_aux(aux), m_findNode(findNode), m_d(d), m_named(s.actions.size(), false) {}

    void run() {
        bool any = false;
        for (const Action& a : m_s.actions) any = any || isFailureAction(a.type);
        if (!any) return;
        indexLinks();
        for (std::size_t i = 0; i < m_s.actions.size(); ++i)
            if (isFailureAction(m_s.actions[i].type)) m_named[i] = checkNames(i);
        followTimeline();
    }

private:
    bool typeKnown(const Node& n) const {
        const auto i = static_cast<std::size_t>(&n - m_s.nodes.data());
        return i < m_aux.nodeTypeKnown.size() && m_aux.nodeTypeKnown[i];
    }
    bool timesKnown(std::size_t i) const { return i < m_aux.actionTimesKnown.size() && m_aux.actionTimesKnown[i]; }

    void indexLinks() {
        for (const Link& l : m_s.links) {
            if (l.id.empty()) m_someLinkIdMissing = true;
            else m_links.emplace(l.id, &l);
        }
    }

    // Whether the node, link, server and mailbox the action names all exist and fit.
    bool checkNames(std::size_t i) {
        const Action& a = m_s.actions[i];
        const std::string ptr = actionPtr(i);
        if (a.type == ActionType::LinkDown || a.type == ActionType::LinkUp)
            return !a.link.empty() && findLink(a.link, childPointer(ptr, "link"));
        if (a.node.empty()) return false;
        const Node* n = m_findNode(a.node, childPointer(ptr, "node"));
        if (!n || !typeKnown(*n)) return false;
        if (a.type == ActionType::NodeDown || a.type == ActionType::NodeUp) return true;
        if (n->type != NodeType::MailServer) {
            m_d.error(childPointer(ptr, "node"),
                      trace::phrase("node {} is a {}, but {} acts on a mail_server node", quoteText(a.node),
                                    nodeTypeName(n->type), failureActionName(a.type)));
            return false;
        }
        if (a.type == ActionType::SmtpError) return true;
        if (a.mailbox.empty()) return false;
        std::vector<std::string> names;
        for (const MailUser& u : n->users) names.push_back(u.address);
        for (const SharedMailbox& b : n->sharedMailboxes) names.push_back(b.address);
        if (std::find(names.begin(), names.end(), a.mailbox) != names.end()) return true;
        m_d.error(childPointer(ptr, "mailbox"),
                  trace::phrase("{} is not a mailbox of mail server {} (its users and shared mailboxes: {})",
                                quoteText(a.mailbox), quoteText(a.node), joinList(names)));
        return false;
    }

    const Link* findLink(const std::string& id, const std::string& ptr) {
        auto it = m_links.find(id);
        if (it != m_links.end()) return it->second;
        if (m_someLinkIdMissing || !m_aux.linksParsed) return nullptr;  // its broken id is already reported
        const auto dash = id.find("--");
        if (dash != std::string::npos) {
            const std::string reversed = id.substr(dash + 2) + "--" + id.substr(0, dash);
            if (m_links.count(reversed)) {
                m_d.error(ptr, trace::phrase("unknown link {}: no link has this id (the link between these nodes is "
                                             "\"{}\")", quoteText(id), reversed));
                return nullptr;
            }
        }
        const int limit = std::max<int>(1, static_cast<int>(id.size() / 4));
        int best = limit + 1;
        std::string closest;
        for (const auto& [other, link] : m_links) {
            const int dist = editDistance(id, other, limit);
            if (dist < best) {
                best = dist;
                closest = other;
            }
        }
        if (!closest.empty())
            m_d.error(ptr, trace::phrase("unknown link {}: no link has this id (did you mean \"{}\"?)", quoteText(id),
                                         closest));
        else if (m_links.empty())
            m_d.error(ptr, trace::phrase("unknown link {}: no link has this id (the scenario has no links)", quoteText(id)));
        else
            m_d.error(ptr, trace::phrase("unknown link {}: no link has this id (a link's id is its \"id\", or else "
                                         "\"a--b\" from the ids of its two ends)", quoteText(id)));
        return nullptr;
    }

    // What an action's timeline check is about: a node, a link, a server's errors, a mailbox.
    static std::string timelineKey(const Action& a) {
        switch (a.type) {
            case ActionType::LinkDown:
            case ActionType::LinkUp: return "link " + a.link;
            case ActionType::SmtpError: return "smtp " + a.node;
            case ActionType::MailboxFull: return "mailbox " + a.node + " " + a.mailbox;
            default: return "node " + a.node;
        }
    }

    void followTimeline() {
        // An action whose time is broken (already reported) has no place in time: the checks of
        // what it is about would only follow from that error.
        std::unordered_set<std::string> unsure;
        for (std::size_t i = 0; i < m_s.actions.size(); ++i)
            if (isFailureAction(m_s.actions[i].type) && !timesKnown(i)) unsure.insert(timelineKey(m_s.actions[i]));
        std::vector<std::size_t> order(m_s.actions.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t x, std::size_t y) { return m_s.actions[x].at < m_s.actions[y].at; });
        for (std::size_t i : order) {
            const Action& a = m_s.actions[i];
            if (!timesKnown(i) || unsure.count(timelineKey(a))) continue;
            switch (a.type) {
                case ActionType::NodeDown:
                case ActionType::LinkDown:
                    if (m_named[i]) goDown(i);
                    break;
                case ActionType::NodeUp:
                case ActionType::LinkUp:
                    if (m_named[i]) comeUp(i);
                    break;
                case ActionType::SmtpError:
                    if (m_named[i] && a.duration) openWindow(i, m_smtpErrors[a.node]);
                    break;
                case ActionType::MailboxFull:
                    if (m_named[i] && a.duration) openWindow(i, m_fullMailboxes[{a.node, a.mailbox}]);
                    break;
                default: checkDeviceUp(i); break;
            }
        }
    }

    bool onLink(const Action& a) const { return a.type == ActionType::LinkDown || a.type == ActionType::LinkUp; }
    Outage& outageOf(const Action& a) { return onLink(a) ? m_linkOutages[a.link] : m_nodeOutages[a.node]; }
    std::string subject(const Action& a) const { return onLink(a) ? "link " + quoteText(a.link) : quoteText(a.node); }

    // An outage with a duration is over once its end has come (it is down in [start, end)).
    static void settle(Outage& o, Time now) {
        if (o.down && o.end && *o.end <= now) {
            o.down = false;
            o.lastEnd = o.end;
            o.lastBy = o.by;
        }
    }

    // The action that would end an open-ended outage: "link_up" or "node_up".
    const char* upName(const Outage& o) const {
        return m_s.actions[o.by].type == ActionType::LinkDown ? "link_up" : "node_up";
    }

    void goDown(std::size_t i) {
        const Action& a = m_s.actions[i];
        Outage& o = outageOf(a);
        settle(o, a.at);
        if (o.down) {
            const char* down = failureActionName(m_s.actions[o.by].type);
            if (o.end)
                m_d.error(childPointer(actionPtr(i), "at"),
                          trace::phrase("{} for {} at {}, but it is already down then (down from {} to {} by the {} {}): "
                                        "one outage at a time", failureActionName(a.type), subject(a), at(a.at),
                                        at(o.start), at(*o.end), down, actionPtr(o.by)));
            else
                m_d.error(childPointer(actionPtr(i), "at"),
                          trace::phrase("{} for {} at {}, but it is already down then (down from {} by the {} {}, "
                                        "until a {}): one outage at a time", failureActionName(a.type), subject(a),
                                        at(a.at), at(o.start), down, actionPtr(o.by), upName(o)));
            return;
        }
        o.down = true;
        o.start = a.at;
        o.end = a.duration ? std::optional<Time>(a.at + *a.duration) : std::nullopt;
        o.by = i;
    }

    void comeUp(std::size_t i) {
        const Action& a = m_s.actions[i];
        Outage& o = outageOf(a);
        settle(o, a.at);
        const std::string ptr = childPointer(actionPtr(i), "at");
        const char* down = onLink(a) ? "link_down" : "node_down";
        if (!o.down) {
            if (o.lastEnd)
                m_d.error(ptr, trace::phrase("{} for {} at {}, but it is not down then (it came back by itself at {}, at "
                                             "the end of the {} {})", failureActionName(a.type), subject(a), at(a.at),
                                             at(*o.lastEnd), down, actionPtr(o.lastBy)));
            else
                m_d.error(ptr, trace::phrase("{} for {} at {}, but it is not down then", failureActionName(a.type),
                                             subject(a), at(a.at)));
            return;
        }
        if (o.end) {
            m_d.error(ptr, trace::phrase("{} for {} at {}, but it comes back by itself at {} (the {} {} has a "
                                         "\"duration\"): leave out this {} or that duration",
                                         failureActionName(a.type), subject(a), at(a.at), at(*o.end), down,
                                         actionPtr(o.by), failureActionName(a.type)));
            return;
        }
        o.down = false;
    }

    void openWindow(std::size_t i, std::optional<Window>& last) {
        const Action& a = m_s.actions[i];
        const Time end = a.at + *a.duration;
        if (last && a.at < last->end) {
            if (a.type == ActionType::SmtpError)
                m_d.error(childPointer(actionPtr(i), "at"),
                          trace::phrase("this {} on {} from {} to {} overlaps the one from {} to {} ({}): a server "
                                        "answers with one error at a time; start this one at {} or later",
                                        failureActionName(a.type), quoteText(a.node), at(a.at), at(end),
                                        at(last->start), at(last->end), actionPtr(last->by), at(last->end)));
            else
                m_d.error(childPointer(actionPtr(i), "at"),
                          trace::phrase("this {} on {} from {} to {} overlaps the one from {} to {} ({}): a mailbox is "
                                        "full once; start this one at {} or later",
                                        failureActionName(a.type), quoteText(a.mailbox), at(a.at), at(end),
                                        at(last->start), at(last->end), actionPtr(last->by), at(last->end)));
            return;
        }
        last = Window{a.at, end, i};
    }

    // A device that is down does nothing: no send or check_mail from it until it is up again.
    void checkDeviceUp(std::size_t i) {
        const Action& a = m_s.actions[i];
        auto it = m_nodeOutages.find(a.node);
        if (it == m_nodeOutages.end()) return;
        settle(it->second, a.at);
        if (!it->second.down) return;
        const Outage& o = it->second;
        const char* down = failureActionName(m_s.actions[o.by].type);
        if (o.end)
            m_d.error(childPointer(actionPtr(i), "node"),
                      trace::phrase("{} is down at {} (down from {} to {} by the {} {}): a device that is down does "
                                    "nothing; move this {} to before or after the outage",
                                    quoteText(a.node), at(a.at), at(o.start), at(*o.end), down, actionPtr(o.by),
                                    actionTypeName(a.type)));
        else
            m_d.error(childPointer(actionPtr(i), "node"),
                      trace::phrase("{} is down at {} (down from {} by the {} {}, until a {}): a device that is down "
                                    "does nothing; move this {} to before or after the outage",
                                    quoteText(a.node), at(a.at), at(o.start), down, actionPtr(o.by), upName(o),
                                    actionTypeName(a.type)));
    }

    const Scenario& m_s;
    const ParseAux& m_aux;
    const FindNode& m_findNode;
    Diagnostics& m_d;
    std::vector<bool> m_named;  // per action: a failure action whose names all check out
    std::unordered_map<std::string, const Link*> m_links;
    bool m_someLinkIdMissing = false;
    std::unordered_map<std::string, Outage> m_nodeOutages, m_linkOutages;
    std::unordered_map<std::string, std::optional<Window>> m_smtpErrors;
    std::map<std::pair<std::string, std::string>, std::optional<Window>> m_fullMailboxes;
};

}  // namespace

void checkFailureActions(const Scenario& s, const ParseAux& aux, const FindNode& findNode, Diagnostics& d) {
    FailureChecker(s, aux, findNode, d).run();
}

}  // namespace postino::scenario
