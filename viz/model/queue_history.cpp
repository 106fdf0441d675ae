#include "model/queue_history.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace postino::viz {

QueueHistory::QueueHistory(const std::vector<trace::QueueRecord>& records) : m_records(&records) {
    // (node, queue id) -> the mail it names now; a new mail starts if the id comes back after removal.
    std::map<std::pair<trace::NodeIndex, std::string_view>, std::size_t> open;
    std::vector<Mail> mails;
    Time latest = Time::fromNanos(INT64_MIN);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const trace::QueueRecord& r = records[i];
        latest = std::max(latest, r.time);
        const auto key = std::pair{r.node, std::string_view(r.queueId)};
        auto it = open.find(key);
        if (it == open.end()) {
            it = open.emplace(key, mails.size()).first;
            mails.push_back(Mail{r.node, r.queueId, {}, {}, Time::max()});
        }
        Mail& m = mails[it->second];
        m.records.push_back(static_cast<std::uint32_t>(i));
        m.times.push_back(latest);
        if (r.queue == trace::QueueName::Removed) {
            m.removed = latest;
            open.erase(it);
        }
    }
    std::stable_sort(mails.begin(), mails.end(), [](const Mail& a, const Mail& b) {
        return std::tie(a.node, a.times.front(), a.queueId) < std::tie(b.node, b.times.front(), b.queueId);
    });
    m_mails = std::move(mails);
    std::vector<TimedInterval> lifetimes;
    lifetimes.reserve(m_mails.size());
    for (std::size_t i = 0; i < m_mails.size(); ++i)
        lifetimes.push_back({m_mails[i].times.front(), m_mails[i].removed, static_cast<std::uint32_t>(i)});
    m_lifetimes = IntervalIndex(std::move(lifetimes));
}

void QueueHistory::mailsAt(Time t, std::vector<QueuedMailAt>& out) const {
    out.clear();
    if (!m_records) return;
    m_lifetimes.containing(t, m_scratch);
    out.reserve(m_scratch.size());
    for (std::uint32_t id : m_scratch) {
        const Mail& m = m_mails[id];
        const auto n = static_cast<std::size_t>(std::upper_bound(m.times.begin(), m.times.end(), t) - m.times.begin());
        if (n == 0) continue;  // cannot happen: the interval starts at the first snapshot
        const trace::QueueRecord& r = (*m_records)[m.records[n - 1]];
        if (r.queue == trace::QueueName::Removed) continue;
        out.push_back({id, &r});
    }
}

void QueueHistory::countsAt(Time t, std::vector<QueueCount>& out) const {
    std::vector<QueuedMailAt> mails;
    mailsAt(t, mails);
    countsOf(mails, out);
}

void QueueHistory::countsOf(std::span<const QueuedMailAt> mails, std::vector<QueueCount>& out) {
    out.clear();
    for (const QueuedMailAt& m : mails) {
        if (out.empty() || out.back().node != m.record->node) out.push_back({m.record->node, 0, 0, 0});
        QueueCount& c = out.back();
        ++c.mails;
        c.deferred += m.record->queue == trace::QueueName::Deferred;
        c.bounces += m.record->isBounce;
    }
}

}  // namespace postino::viz
