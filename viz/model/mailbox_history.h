// How many messages each mailbox holds at any time t: the trace's mailbox counts
// (events with mailboxCount >= 0) replayed from periodic snapshots. Reads events only; never simulates.
#pragma once

#include "core/time.h"
#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace postino::viz {

// One mailbox as a node sees it: a server's stored mailbox, or a device's own copy.
struct MailboxKey {
    trace::NodeIndex node = 0;
    std::string address;
};

class MailboxHistory {
public:
    MailboxHistory() = default;
    // Snapshots every max(minInterval, number of mailboxes) changes, so memory stays
    // linear in the number of changes and a query costs O(log n + interval).
    explicit MailboxHistory(const std::vector<trace::Event>& events, std::size_t minInterval = 256);

    // Sorted by (node, address); countsAt() answers in this order.
    std::span<const MailboxKey> keys() const { return m_keys; }
    // out[k] = the count of keys()[k] after the last change at or before t; -1 before its first change.
    void countsAt(Time t, std::vector<int>& out) const;

    std::size_t changeCount() const { return m_changes.size(); }
    std::size_t snapshotInterval() const { return m_interval; }

private:
    struct Change {
        Time time;  // running maximum of the event times (the trace appends in time order)
        std::uint32_t key = 0;
        int count = 0;
    };
    std::vector<MailboxKey> m_keys;
    std::vector<Change> m_changes;
    std::size_t m_interval = 1;
    std::vector<int> m_snapshots;  // snapshot j (counts before change j * interval) at j * keys
};

}  // namespace postino::viz
