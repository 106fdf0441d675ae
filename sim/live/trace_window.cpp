#include "live/trace_window.h"

#include <vector>

namespace postino::live {

namespace {

template <typename T>
std::size_t trim(std::vector<T>& records, std::size_t window) {
    if (records.size() <= window + window / 4) return 0;
    const std::size_t drop = records.size() - window;
    records.erase(records.begin(), records.begin() + static_cast<std::ptrdiff_t>(drop));
    return drop;
}

}  // namespace

Trimmed trimToWindow(trace::Trace& trace, const TraceWindow& window) {
    Trimmed t;
    t.lines = trim(trace.lines, window.lines);
    t.events = trim(trace.events, window.events);
    t.records = trim(trace.hops, window.records) + trim(trace.mailboxRecords, window.records) +
                trim(trace.dnsCache, window.records) + trim(trace.queue, window.records) +
                trim(trace.drops, window.records) + trim(trace.linkStates, window.records) +
                trim(trace.mailPlaces, window.records) + trim(trace.carriedMail, window.records) +
                // The copies delivered are only for the viewer's message inspector, which live
                // mode never shows, and nothing looks back at them: none are kept.
                trim(trace.deliveredCopies, 0);
    // The mails by Message-ID: live mode draws no map, so once there are too many the index
    // starts afresh (new mail ids from 1; the records kept may name ids that are gone).
    if (trace.mails.size() > window.records + window.records / 4) {
        t.records += trace.mails.size();
        trace.mails.clear();
        trace.mailIds.clear();
    }
    return t;
}

}  // namespace postino::live
