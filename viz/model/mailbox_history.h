// How many messages each mailbox holds at any time t, counted the same way everywhere: a node
// counts what it holds in all the folders of a mailbox (the trace's mailbox records); a browser
// holds nothing; a device's view of a shared mailbox counts under the shared address, once.
// Replayed from periodic snapshots. Reads the trace only; never simulates.
#pragma once

#include "core/time.h"
#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postino::viz {

// One mailbox as a node sees it: a server's stored mailbox, or a device's own copy.
struct MailboxKey {
    trace::NodeIndex node = 0;
    std::string address;
};

// Where a mailbox record belongs: the mailbox (address) and its folder.
struct Holding {
    std::string_view address, folder;
};

// The one rule badges and the inspector share. A device's "Shared/info@shop.example/INBOX" is
// folder INBOX of info@shop.example; when two accounts of one device see the same shared
// mailbox, only the first one's copy counts. Feed it the records in trace order.
class HoldingRule {
public:
    // nullopt: not counted (another account of the node already shows this shared mailbox).
    std::optional<Holding> operator()(const trace::MailboxRecord& r);

private:
    std::map<std::pair<trace::NodeIndex, std::string>, std::string> m_sharedBy;  // -> account
};

// A node that never holds mail: a browser (webmail keeps the mail on the server).
bool holdsNoMail(const trace::Trace& trace, trace::NodeIndex node);

class MailboxHistory {
public:
    MailboxHistory() = default;
    // Snapshots every max(minInterval, number of mailboxes) changes, so memory stays
    // linear in the number of changes and a query costs O(log n + interval).
    explicit MailboxHistory(const trace::Trace& trace, std::size_t minInterval = 256);

    // Sorted by (node, address); countsAt() answers in this order.
    std::span<const MailboxKey> keys() const { return m_keys; }
    // out[k] = the count of keys()[k] after the last change at or before t; -1 before the node
    // first held that mailbox or looked at it and found nothing (then it counts 0).
    void countsAt(Time t, std::vector<int>& out) const;

    std::size_t changeCount() const { return m_changes.size(); }
    std::size_t snapshotInterval() const { return m_interval; }

private:
    struct Change {
        Time time;  // running maximum of the change times (the trace appends in time order)
        std::uint32_t key = 0;
        int count = 0;
    };
    std::vector<MailboxKey> m_keys;
    std::vector<Change> m_changes;
    std::size_t m_interval = 1;
    std::vector<int> m_snapshots;  // snapshot j (counts before change j * interval) at j * keys
};

}  // namespace postino::viz
