#include "model/interval_index.h"

#include <algorithm>
#include <array>
#include <bit>

namespace postino::viz {

IntervalIndex::IntervalIndex(std::vector<TimedInterval> intervals) {
    std::array<DurationClass, 65> classes;
    for (const TimedInterval& iv : intervals) {
        if (iv.end <= iv.start) continue;
        const auto duration = static_cast<std::uint64_t>(iv.end.ns()) - static_cast<std::uint64_t>(iv.start.ns());
        DurationClass& c = classes[static_cast<std::size_t>(std::bit_width(duration))];
        c.longest = std::max(c.longest, static_cast<std::int64_t>(std::min<std::uint64_t>(duration, INT64_MAX)));
        c.byStart.push_back(iv);
        ++m_size;
    }
    for (DurationClass& c : classes) {
        if (c.byStart.empty()) continue;
        std::stable_sort(c.byStart.begin(), c.byStart.end(),
                         [](const TimedInterval& a, const TimedInterval& b) { return a.start < b.start; });
        m_classes.push_back(std::move(c));
    }
}

void IntervalIndex::containing(Time t, std::vector<std::uint32_t>& out) const {
    out.clear();
    const auto byStart = [](const TimedInterval& iv, Time x) { return iv.start < x; };
    for (const DurationClass& c : m_classes) {
        // Earliest start that can still reach t; saturate instead of overflowing.
        const std::int64_t from = t.ns() < INT64_MIN + c.longest ? INT64_MIN : t.ns() - c.longest;
        auto it = std::lower_bound(c.byStart.begin(), c.byStart.end(), Time::fromNanos(from), byStart);
        for (; it != c.byStart.end() && it->start <= t; ++it)
            if (t < it->end) out.push_back(it->id);
    }
    std::sort(out.begin(), out.end());
}

std::vector<std::uint32_t> IntervalIndex::containing(Time t) const {
    std::vector<std::uint32_t> out;
    containing(t, out);
    return out;
}

}  // namespace postino::viz
