#include "model/timeline_scale.h"

#include <algorithm>
#include <cmath>

namespace postino::viz {

double TimelineScale::gapWeight(double gapSeconds, double minimumSeconds) {
    return minimumSeconds / 4 * (1 + std::log10(std::max(1.0, gapSeconds / minimumSeconds)));
}

TimelineScale::TimelineScale(const TraceIndex& index, Duration minimumGap) : m_end(index.endTime()) {
    // Every moment something happens: event times and the edges of the busy spans.
    std::vector<Time> points(index.stepPoints(Granularity::Event).begin(), index.stepPoints(Granularity::Event).end());
    for (const TimeSpan& s : index.busySpans()) points.push_back(s.start), points.push_back(s.end);
    points.push_back(Time::zero());
    points.push_back(m_end);
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    while (!points.empty() && points.back() > m_end) points.pop_back();

    m_times.push_back(Time::zero());
    m_weights.push_back(0);
    const double minimum = minimumGap.toSeconds();
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        const Time a = points[i], b = points[i + 1];
        if (a < Time::zero() || b - a < minimumGap || index.busySpanAt(a)) continue;
        // A long quiet wait: the linear stretch before it, then the wait shortened.
        const double before = m_weights.back() + (a - m_times.back()).toSeconds();
        m_times.push_back(a);
        m_weights.push_back(before);
        m_times.push_back(b);
        m_weights.push_back(before + gapWeight((b - a).toSeconds(), minimum));
        m_gaps.push_back({a, b});
    }
    if (m_times.back() < m_end) {
        m_weights.push_back(m_weights.back() + (m_end - m_times.back()).toSeconds());
        m_times.push_back(m_end);
    }
}

double TimelineScale::position(Time t) const {
    if (m_times.size() < 2 || m_weights.back() <= 0) return 0;
    if (t <= Time::zero()) return 0;
    if (t >= m_end) return 1;
    const auto it = std::upper_bound(m_times.begin(), m_times.end(), t);
    const std::size_t i = static_cast<std::size_t>(it - m_times.begin()) - 1;
    const double span = (m_times[i + 1] - m_times[i]).toSeconds();
    const double f = span > 0 ? (t - m_times[i]).toSeconds() / span : 0;
    return (m_weights[i] + f * (m_weights[i + 1] - m_weights[i])) / m_weights.back();
}

Time TimelineScale::timeAt(double position) const {
    if (m_times.size() < 2 || m_weights.back() <= 0 || position <= 0) return Time::zero();
    if (position >= 1) return m_end;
    const double w = position * m_weights.back();
    const auto it = std::upper_bound(m_weights.begin(), m_weights.end(), w);
    const std::size_t i = std::min(static_cast<std::size_t>(it - m_weights.begin()), m_weights.size() - 1) - 1;
    const double room = m_weights[i + 1] - m_weights[i];
    const double f = room > 0 ? (w - m_weights[i]) / room : 0;
    const double ns = static_cast<double>((m_times[i + 1] - m_times[i]).ns()) * f;
    return std::min(m_end, m_times[i] + Duration::nanos(static_cast<std::int64_t>(std::llround(ns))));
}

void TimelineView::zoomBy(double factor, double fraction) {
    const double width = std::clamp((to - from) / factor, 1.0 / kMaxZoom, 1.0);
    const double anchor = positionAt(fraction);
    from = anchor - fraction * width;
    to = from + width;
    if (from < 0) from = 0, to = width;
    if (to > 1) to = 1, from = 1 - width;
}

void TimelineView::keepVisible(double position) {
    const double width = to - from, margin = width / 10;
    if (position < from + margin) from = std::max(0.0, position - margin);
    else if (position > to - margin) from = std::min(1.0 - width, position + margin - width);
    to = from + width;
}

}  // namespace postino::viz
