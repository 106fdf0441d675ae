#include "model/mailbox_history.h"

#include <algorithm>
#include <map>
#include <utility>

namespace postino::viz {

namespace {
bool countsMailbox(const trace::Event& e) { return e.mailboxCount >= 0 && !e.mailbox.empty(); }
}  // namespace

MailboxHistory::MailboxHistory(const std::vector<trace::Event>& events, std::size_t minInterval) {
    std::map<std::pair<trace::NodeIndex, std::string_view>, std::uint32_t> keyOf;
    for (const auto& e : events)
        if (countsMailbox(e)) keyOf.emplace(std::pair{e.node, std::string_view(e.mailbox)}, 0);
    m_keys.reserve(keyOf.size());
    for (auto& [k, index] : keyOf) {
        index = static_cast<std::uint32_t>(m_keys.size());
        m_keys.push_back({k.first, std::string(k.second)});
    }

    Time latest = Time::fromNanos(INT64_MIN);
    for (const auto& e : events) {
        if (!countsMailbox(e)) continue;
        latest = std::max(latest, e.time);
        m_changes.push_back({latest, keyOf.at({e.node, std::string_view(e.mailbox)}), e.mailboxCount});
    }

    const std::size_t k = m_keys.size();
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
