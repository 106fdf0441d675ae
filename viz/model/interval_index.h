// Which half-open time intervals [start, end) contain a time t, without scanning them all.
// Knows nothing about packets or connections: it stores ids and times only.
#pragma once

#include "core/time.h"

#include <cstdint>
#include <vector>

namespace postino::viz {

struct TimedInterval {
    Time start, end;  // half-open: start <= t < end; end may be Time::max() (never ends)
    std::uint32_t id = 0;
};

// Intervals are grouped by duration class (durations in [2^(k-1), 2^k) ns), each class
// sorted by start. A query looks, per class, only at starts in [t - longest, t]; within a
// class durations differ by less than 2x, so the scan stays close to the size of the answer.
class IntervalIndex {
public:
    IntervalIndex() = default;
    explicit IntervalIndex(std::vector<TimedInterval> intervals);  // empty ones (end <= start) are dropped

    // Appends the ids of the intervals containing t to `out`, in ascending id order
    // (`out` is cleared first).
    void containing(Time t, std::vector<std::uint32_t>& out) const;
    std::vector<std::uint32_t> containing(Time t) const;

    std::size_t size() const { return m_size; }

private:
    struct DurationClass {
        std::int64_t longest = 0;  // ns
        std::vector<TimedInterval> byStart;
    };
    std::vector<DurationClass> m_classes;  // only non-empty classes
    std::size_t m_size = 0;
};

}  // namespace postino::viz
