// Which mails wait in each mail server's queue at any time t, and how they stand: the trace's
// QueueRecord snapshots indexed once per lesson (one lifetime interval per mail, its snapshots in
// time order), so a frame costs O(log n) plus the mails it shows. Reads the trace; never simulates.
#pragma once

#include "core/time.h"
#include "model/interval_index.h"
#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace postino::viz {

// One mail in a queue at t: its last snapshot at or before t (never a Removed one).
struct QueuedMailAt {
    std::uint32_t mail = 0;                      // index into QueueHistory's mails
    const trace::QueueRecord* record = nullptr;  // points into the trace

    bool operator==(const QueuedMailAt&) const = default;
};

// What the map's badge of one server says at t.
struct QueueCount {
    trace::NodeIndex node = 0;
    int mails = 0;     // mails in the queue (any of incoming, active, deferred, hold)
    int deferred = 0;  // of them, in the deferred queue (waiting for a retry)
    int bounces = 0;   // of them, bounces (null sender) on their way back

    bool operator==(const QueueCount&) const = default;
};

class QueueHistory {
public:
    QueueHistory() = default;
    // `records` (Trace::queue, in time order) must outlive the history.
    explicit QueueHistory(const std::vector<trace::QueueRecord>& records);

    // The mails in a queue at t: a mail is there from its first snapshot up to (not at) the
    // time of its Removed one. Ordered by node, then arrival. `out` is cleared first.
    void mailsAt(Time t, std::vector<QueuedMailAt>& out) const;
    // Per server holding mail at t, ascending node (servers with an empty queue left out).
    void countsAt(Time t, std::vector<QueueCount>& out) const;
    // The same from mailsAt()'s answer (no second look-up). `out` is cleared first.
    static void countsOf(std::span<const QueuedMailAt> mails, std::vector<QueueCount>& out);

    std::size_t mailCount() const { return m_mails.size(); }
    // The snapshots of one mail, in time order (indices into Trace::queue).
    const std::vector<std::uint32_t>& recordsOf(std::uint32_t mail) const { return m_mails.at(mail).records; }

private:
    struct Mail {
        trace::NodeIndex node = 0;
        std::string_view queueId;  // points into the trace
        std::vector<std::uint32_t> records;
        std::vector<Time> times;  // running maximum of the records' times
        Time removed = Time::max();
    };
    const std::vector<trace::QueueRecord>* m_records = nullptr;
    std::vector<Mail> m_mails;  // sorted by (node, first snapshot, queue id)
    IntervalIndex m_lifetimes;  // id: index into m_mails
    mutable std::vector<std::uint32_t> m_scratch;  // mailsAt's buffer (one thread, as the viewer)
};

}  // namespace postino::viz
