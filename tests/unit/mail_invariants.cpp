#include "mail_invariants.h"

#include "mail_fate_check.h"

#include "mail/header_fields.h"
#include "mail/mail_store.h"
#include "nodes/node.h"
#include "trace/mail_fate.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace postino::testing {

using trace::NodeIndex;
using trace::QueueName;
using trace::RecipientStatus;

namespace {

std::size_t traceRecords(const trace::Trace& t) {
    return t.packets.size() + t.hops.size() + t.lines.size() + t.events.size() + t.queue.size();
}

std::string lowerAscii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// Only sends and the world's failures: nobody reads, moves or deletes mail, so the mailboxes at
// the end hold exactly what was delivered.
bool mailboxesOnlyGrow(const scenario::Scenario& s) {
    using scenario::ActionType;
    return std::all_of(s.actions.begin(), s.actions.end(), [](const scenario::Action& a) {
        return a.type != ActionType::CheckMail && a.type != ActionType::Read && a.type != ActionType::Flag &&
               a.type != ActionType::Move && a.type != ActionType::Delete && a.type != ActionType::SaveDraft;
    });
}

// The case a final bounce stands for, from its reason in Postfix's words.
std::string bounceCase(const std::string& reason) {
    if (contains(reason, "User unknown") || contains(reason, "unknown user")) return "unknown user";
    if (contains(reason, "delivery time expired")) return "lifetime expired";
    if (contains(reason, "type=MX: Host not found")) return "NXDOMAIN";
    if (contains(reason, "loops back to myself")) return "MX loops back to myself";
    if (contains(reason, "too many hops")) return "hop limit";
    if (contains(reason, "Quota exceeded")) return "mailbox full";
    if (contains(reason, "Relay access denied")) return "relay denied";
    if (contains(reason, "554 5.7.1 Service unavailable")) return "refused with 554 (smtp_error)";
    return "other bounce";
}

// A bounce or delay notice a queue manager made: its event names the mail it reports on.
struct BounceMade {
    std::string originalQueueId, sender;
    bool delayNotice = false;
};

}  // namespace

std::string runWithinBudget(world::World& w, const RunBudget& budget) {
    Simulator& sim = w.sim();
    const Time horizon = Time::zero() + budget.horizon;
    Time until = Time::zero();
    while (sim.pending() > 0) {
        until += Duration::seconds(60);
        w.run(until);
        if (sim.eventsRun() > budget.maxEvents)
            return fmt::format("more than {} events by {} s of simulated time", budget.maxEvents, until.toSeconds());
        if (traceRecords(w.trace()) > budget.maxTraceRecords)
            return fmt::format("more than {} trace records by {} s of simulated time", budget.maxTraceRecords,
                               until.toSeconds());
        if (sim.pending() > 0 && until >= horizon)
            return fmt::format("{} events still pending after {} s of simulated time", sim.pending(),
                               until.toSeconds());
    }
    w.run();  // nothing is pending: World::run returns at once
    return {};
}

void checkMailInvariants(world::World& w, const scenario::Scenario& s, Coverage& coverage) {
    const trace::Trace& t = w.trace();
    checkNothingLost(t);
    const std::vector<trace::RecipientFate> fates = trace::mailFates(t);

    using Key = std::pair<NodeIndex, std::string>;  // (node, queue id)
    std::map<Key, const trace::QueueRecord*> first, last;
    for (const trace::QueueRecord& r : t.queue) {
        first.emplace(Key{r.node, r.queueId}, &r);
        last[Key{r.node, r.queueId}] = &r;
    }

    // Mail still queued at the end waits, deferred, on a server that is down (a running server
    // always has a next attempt, and its lifetime ends the waiting).
    for (const trace::RecipientFate& f : fates) {
        if (!f.stillQueued) continue;
        INFO("still queued: queue id " << f.queueId << " on " << t.nodes[f.node].id << " for " << f.recipient
                                       << " (" << f.reason << ")");
        CHECK(w.node(f.node).isDown());
        const trace::QueueRecord* r = last.at(Key{f.node, f.queueId});
        CHECK((r->queue == QueueName::Deferred || r->queue == QueueName::Incoming));
    }

    // Bounces: made for a mail with a sender (never for a bounce), from the null sender, to
    // that sender alone.
    std::map<Key, BounceMade> made;
    // (A delay notice is told as a deferral: the mail still waits; a bounce as a bounce.)
    for (const trace::Event& e : t.events) {
        if (e.args.size() != 3) continue;
        const bool delay = contains(e.format, "delay notice");
        if (delay ? e.kind != trace::EventKind::Deferred : e.kind != trace::EventKind::Bounced) continue;
        if (!delay && !contains(e.format, "goes back to")) continue;
        INFO("event: " << e.text);
        CHECK(made.emplace(Key{e.node, e.args[2]}, BounceMade{e.args[0], e.args[1], delay}).second);
        coverage.cases[delay ? "delay notice" : "bounce made"]++;
    }
    for (const auto& [key, r] : first) {
        if (!r->isBounce) continue;
        INFO("bounce queue id " << key.second << " on " << t.nodes[key.first].id);
        CHECK(r->sender.empty());
        auto it = made.find(key);
        CHECK(it != made.end());
        if (it == made.end()) continue;
        auto original = first.find(Key{key.first, it->second.originalQueueId});
        CHECK(original != first.end());
        if (original == first.end()) continue;
        CHECK_FALSE(original->second->isBounce);
        CHECK_FALSE(original->second->sender.empty());
        CHECK(original->second->sender == it->second.sender);
        REQUIRE(r->recipients.size() == 1);
        CHECK(r->recipients[0].address == original->second->sender);
    }
    for (const auto& [key, b] : made) {
        INFO("a bounce was announced as queue id " << key.second << " on " << t.nodes[key.first].id);
        CHECK(first.count(key));
    }

    // Every delivery is in its mailbox once: the Delivered events, the fates and (when nothing
    // reads mail) the INBOXes agree message by message.
    using Delivery = std::tuple<NodeIndex, std::string, std::string>;  // node, mailbox, Message-ID
    std::multiset<Delivery> byFate, byEvent;
    for (const trace::RecipientFate& f : fates)
        if (f.status == RecipientStatus::Delivered) byFate.emplace(f.node, lowerAscii(f.recipient), f.messageId);
    for (const trace::Event& e : t.events)
        if (e.kind == trace::EventKind::Delivered) byEvent.emplace(e.node, e.mailbox, e.messageId);
    CHECK(byEvent == byFate);
    if (mailboxesOnlyGrow(s)) {
        std::multiset<Delivery> inBoxes;
        for (std::size_t i = 0; i < w.nodeCount(); ++i) {
            const mail::MailStore* store = w.storeOf(static_cast<net::NodeIndex>(i));
            if (!store) continue;
            for (const auto& [address, box] : store->mailboxes())
                if (const mail::Folder* inbox = box.findFolder("INBOX"))
                    for (const mail::StoredMessage& m : inbox->messages)
                        inBoxes.emplace(static_cast<NodeIndex>(i), address, mail::headerValue(m.data, "Message-ID"));
        }
        CHECK(inBoxes == byFate);
    }

    // Relayed mail is queued at the next hop, once per relay: a (message, recipient) has its first
    // queue entry plus one per relay, never more (a duplicate) nor fewer (lost on the way). And
    // the hop limit ends every loop.
    int hopLimit = 0;
    for (const scenario::Node& n : s.nodes)
        if (n.type == scenario::NodeType::MailServer) hopLimit = std::max(hopLimit, n.queue.hopCountLimit);
    const bool outages = std::any_of(t.events.begin(), t.events.end(),
                                     [](const trace::Event& e) { return e.kind == trace::EventKind::Outage; });
    // A server's forward table renames a recipient on the way: count its legs under the address
    // the forwards end at (at most one rename per server, so the loop is bounded).
    std::map<std::string, std::string> forwards;
    for (const scenario::Node& n : s.nodes)
        for (const auto& [from, to] : n.forward) forwards[lowerAscii(from)] = lowerAscii(to);
    const auto finalAddress = [&forwards, &s](std::string address) {
        address = lowerAscii(address);
        for (std::size_t i = 0; i <= s.nodes.size(); ++i) {
            const auto it = forwards.find(address);
            if (it == forwards.end()) break;
            address = it->second;
        }
        return address;
    };
    std::map<std::pair<std::string, std::string>, std::pair<int, int>> legs;  // (Message-ID, rcpt) -> entries, relays
    for (const trace::RecipientFate& f : fates) {
        auto& [entries, relays] = legs[{f.messageId, finalAddress(f.recipient)}];
        ++entries;
        relays += f.status == RecipientStatus::Relayed;
    }
    for (const auto& [id, n] : legs) {
        INFO("message " << id.first << " to " << id.second << ": " << n.first << " queue entries, " << n.second
                        << " relays");
        // A host switched off or a link cut just as the final "250" was on its way makes the
        // sender try again a mail the next hop already has: a duplicate, as with any real MTA
        // (RFC 5321 6.1). Without outages there is none.
        if (outages) CHECK(n.first >= 1 + n.second);
        else CHECK(n.first == 1 + n.second);
        CHECK(n.first <= hopLimit + 2);
        coverage.cases["longest relay chain"] =
            std::max<std::size_t>(coverage.cases["longest relay chain"], static_cast<std::size_t>(n.first));
    }

    // Retries keep the server's schedule: a deferred mail waits between the minimal and maximal
    // backoff, is not tried before its time, and is deferred only while its lifetime lasts.
    std::map<NodeIndex, const scenario::QueueSettings*> settings;
    for (std::size_t i = 0; i < s.nodes.size(); ++i)
        if (s.nodes[i].type == scenario::NodeType::MailServer)
            settings[static_cast<NodeIndex>(i)] = &s.nodes[i].queue;
    std::map<Key, Time> due;  // (node, queue id) -> its next attempt
    for (const trace::QueueRecord& r : t.queue) {
        const Key key{r.node, r.queueId};
        INFO("queue id " << r.queueId << " on " << t.nodes[r.node].id << " at " << r.time.toSeconds() << " s");
        if (r.queue == QueueName::Active && due.count(key)) CHECK(r.time >= due[key]);
        if (r.queue != QueueName::Deferred || r.nextAttempt == Time::max()) continue;
        const scenario::QueueSettings& q = *settings.at(r.node);
        const Duration wait = r.nextAttempt - r.time;
        CHECK(wait >= q.minimalBackoff);
        CHECK(wait <= std::max(q.minimalBackoff, q.maximalBackoff));
        CHECK(r.time - r.arrival < (r.isBounce ? q.bounceLifetime : q.maximalLifetime));
        due[key] = r.nextAttempt;
    }

    // "User unknown" only for an address no server has as a mailbox (an address is one mailbox,
    // whatever the case of its letters: servers fold it, as Postfix's local delivery does).
    std::set<std::string> mailboxes;
    for (const scenario::Node& n : s.nodes) {
        for (const scenario::MailUser& u : n.users) mailboxes.insert(lowerAscii(u.address));
        for (const scenario::SharedMailbox& m : n.sharedMailboxes) mailboxes.insert(lowerAscii(m.address));
    }
    for (const trace::RecipientFate& f : fates) {
        if (f.status != RecipientStatus::Bounced || bounceCase(f.reason) != "unknown user") continue;
        INFO("queue id " << f.queueId << " on " << t.nodes[f.node].id << (f.isBounce ? " (a bounce)" : "")
                         << " for " << f.recipient << ": " << f.reason);
        CHECK_FALSE(mailboxes.count(lowerAscii(f.recipient)));
    }

    // The summary adds up.
    const trace::MailCounts c = trace::countMail(t);
    CHECK(c.delivered + c.relayed + c.bounced + c.queued == c.recipients);
    CHECK(c.recipients == fates.size());

    ++coverage.runs;
    coverage.mails += c.mails;
    coverage.recipients += c.recipients;
    coverage.delivered += c.delivered;
    coverage.relayed += c.relayed;
    coverage.bounced += c.bounced;
    coverage.stillQueued += c.queued;
    coverage.bounceMails += c.bounces;
    for (const trace::RecipientFate& f : fates) {
        if (f.deferrals > 0 && !f.stillQueued &&
            (f.status == RecipientStatus::Delivered || f.status == RecipientStatus::Relayed))
            ++coverage.deferredThenDelivered;
        if (f.deferrals > 0) coverage.cases["deferred"]++;
        if (!f.stillQueued && f.status == RecipientStatus::Bounced) coverage.cases[bounceCase(f.reason)]++;
    }
    coverage.maxEvents = std::max(coverage.maxEvents, w.sim().eventsRun());
}

}  // namespace postino::testing
