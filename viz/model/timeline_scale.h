// The scrub bar's time axis and its zoom: linear, except that quiet waits of a minute or more
// (nothing in flight, no event: a queue waiting to retry, a lifetime running out) are drawn
// short, so a run of days keeps its busy moments visible and clickable. No drawing.
#pragma once

#include "core/time.h"
#include "model/trace_index.h"

#include <span>
#include <vector>

namespace postino::viz {

// One quiet wait the axis shortens.
struct QuietGap {
    Time start, end;
};

class TimelineScale {
public:
    static constexpr Duration kMinimumGap = Duration::seconds(60);

    TimelineScale() = default;  // an empty trace: everything at 0
    explicit TimelineScale(const TraceIndex& index, Duration minimumGap = kMinimumGap);

    // Where t sits along the whole run, 0 at time 0 and 1 at the end; increasing.
    double position(Time t) const;
    // The time at a position (the inverse of position(), within a nanosecond).
    Time timeAt(double position) const;
    std::span<const QuietGap> gaps() const { return m_gaps; }
    bool compressed() const { return !m_gaps.empty(); }
    Time end() const { return m_end; }

    // A gap of g seconds (g >= the minimum m) takes the room of m/4 × (1 + log10(g/m)) seconds:
    // longer waits still look longer, a five-day wait as much as 80 s of activity.
    static double gapWeight(double gapSeconds, double minimumSeconds);

private:
    // Piecewise linear: knot i is at time m_times[i] and weight m_weights[i] (seconds of room).
    std::vector<Time> m_times;
    std::vector<double> m_weights;
    std::vector<QuietGap> m_gaps;
    Time m_end;
};

// The part of the axis the scrub bar shows: [from, to] in positions, zoomed in around a point.
struct TimelineView {
    double from = 0, to = 1;

    static constexpr double kMaxZoom = 4096;
    double zoom() const { return 1.0 / (to - from); }
    bool zoomed() const { return to - from < 1.0 - 1e-9; }
    // Screen fraction (0 left, 1 right) of a position, and back.
    double fraction(double position) const { return (position - from) / (to - from); }
    double positionAt(double fraction) const { return from + fraction * (to - from); }
    // Multiplies the zoom by `factor` keeping the position under `fraction` in place; clamped to
    // [0, 1] and to 1x ... kMaxZoom.
    void zoomBy(double factor, double fraction);
    // Slides the view (same zoom) so `position` is inside it, with a margin of a tenth.
    void keepVisible(double position);
    void reset() { from = 0, to = 1; }
};

}  // namespace postino::viz
