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
                trim(trace.drops, window.records) + trim(trace.linkStates, window.records);
    return t;
}

}  // namespace postino::live
