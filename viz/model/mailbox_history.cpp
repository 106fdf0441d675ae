#include "model/mailbox_history.h"

#include <algorithm>
#include <set>

namespace postino::viz {

namespace {

constexpr std::string_view kSharedPrefix = "Shared/";

// An event that says a node looked at a mailbox and found nothing (a POP3 phone after the
// laptop took everything): the mailbox shows, empty. Whatever a node holds comes from the
// records, which also tell where it belongs (an account's look at a shared mailbox counts 3
// for the account's address, though the mail is info@'s).
bool looksAtMailbox(const trace::Trace& trace, const trace::Event& e) {
    return e.mailboxCount == 0 && !e.mailbox.empty() && !holdsNoMail(trace, e.node);
}

}  // namespace

bool holdsNoMail(const trace::Trace& trace, trace::NodeIndex node) {
    return node < trace.nodes.size() && trace.nodes[node].type == "browser";
}

std::optional<Holding> HoldingRule::operator()(const trace::MailboxRecord& r) {
    std::string_view folder = r.folder;
    if (!folder.starts_with(kSharedPrefix)) return Holding{r.mailbox, r.folder};
    folder.remove_prefix(kSharedPrefix.size());
    const auto slash = folder.find('/');
    if (slash == std::string_view::npos || slash == 0) return Holding{r.mailbox, r.folder};
    const std::string_view shared = folder.substr(0, slash);
    auto it = m_sharedBy.find(std::pair{r.node, std::string(shared)});
    if (it == m_sharedBy.end()) it = m_sharedBy.emplace(std::pair{r.node, std::string(shared)}, r.mailbox).first;
    if (it->second != r.mailbox) return std::nullopt;
    return Holding{shared, folder.substr(slash + 1)};
}

MailboxHistory::MailboxHistory(const trace::Trace& trace, std::size_t minInterval) {
    // Every (node, address) ever held or looked at, sorted.
    std::map<std::pair<trace::NodeIndex, std::string>, std::uint32_t> keyOf;
    for (const auto& e : trace.events)
        if (looksAtMailbox(trace, e)) keyOf.emplace(std::pair{e.node, e.mailbox}, 0);
    {
        HoldingRule rule;
        for (const auto& r : trace.mailboxRecords)
            if (const auto h = rule(r); h && !holdsNoMail(trace, r.node)) keyOf.emplace(std::pair{r.node, std::string(h->address)}, 0);
    }
    m_keys.reserve(keyOf.size());
    for (auto& [k, index] : keyOf) {
        index = static_cast<std::uint32_t>(m_keys.size());
        m_keys.push_back({k.first, k.second});
    }

    // The two streams merged in time order (events first at equal times: a look introduces the
    // mailbox, the records that follow fill it).
    const std::size_t k = m_keys.size();
    std::vector<int> running(k, -1);
    std::vector<std::set<std::pair<std::string, std::uint32_t>>> held(k);
    HoldingRule rule;
    Time latest = Time::fromNanos(INT64_MIN);
    std::size_t ei = 0, ri = 0;
    const auto& events = trace.events;
    const auto& records = trace.mailboxRecords;
    while (ei < events.size() || ri < records.size()) {
        const bool takeEvent = ri == records.size() || (ei < events.size() && events[ei].time <= records[ri].time);
        if (takeEvent) {
            const trace::Event& e = events[ei++];
            if (!looksAtMailbox(trace, e)) continue;
            const std::uint32_t key = keyOf.find(std::pair{e.node, e.mailbox})->second;
            latest = std::max(latest, e.time);
            if (running[key] < 0) {
                running[key] = 0;
                m_changes.push_back({latest, key, 0});
            }
            continue;
        }
        const trace::MailboxRecord& r = records[ri++];
        const auto h = rule(r);
        if (!h || holdsNoMail(trace, r.node)) continue;
        const std::uint32_t key = keyOf.find(std::pair{r.node, std::string(h->address)})->second;
        latest = std::max(latest, r.time);
        auto& set = held[key];
        const std::pair<std::string, std::uint32_t> id{std::string(h->folder), r.uid};
        bool changed = running[key] < 0;
        if (r.op == trace::MailboxRecord::Op::Added) changed |= set.insert(id).second;
        else if (r.op == trace::MailboxRecord::Op::Removed) changed |= set.erase(id) > 0;
        if (!changed) continue;
        running[key] = static_cast<int>(set.size());
        m_changes.push_back({latest, key, running[key]});
    }

    m_interval = std::max<std::size_t>({minInterval, k, 1});
    std::vector<int> counts(k, -1);
    for (std::size_t i = 0; i < m_changes.size(); ++i) {
        if (i % m_interval == 0) m_snapshots.insert(m_snapshots.end(), counts.begin(), counts.end());
        counts[m_changes[i].key] = m_changes[i].count;
    }
    if (m_changes.size() % m_interval == 0) m_snapshots.insert(m_snapshots.end(), counts.begin(), counts.end());
}

void MailboxHistory::countsAt(Time t, std::vector<int>& out) const {
    const std::size_t k = m_keys.size();
    const auto applied = static_cast<std::size_t>(
        std::upper_bound(m_changes.begin(), m_changes.end(), t,
                         [](Time x, const Change& c) { return x < c.time; }) -
        m_changes.begin());
    const std::size_t snapshot = applied / m_interval;
    const auto first = m_snapshots.begin() + static_cast<std::ptrdiff_t>(snapshot * k);
    out.assign(first, first + static_cast<std::ptrdiff_t>(k));
    for (std::size_t i = snapshot * m_interval; i < applied; ++i) out[m_changes[i].key] = m_changes[i].count;
}

}  // namespace postino::viz
