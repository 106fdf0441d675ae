#include "model/trace_index.h"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace postino::viz {

namespace {

std::vector<Time> runningMaximum(std::vector<Time> times) {
    for (std::size_t i = 1; i < times.size(); ++i) times[i] = std::max(times[i], times[i - 1]);
    return times;
}

std::vector<Time> sortedUnique(std::vector<Time> times) {
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    return times;
}

std::size_t countUpTo(const std::vector<Time>& sorted, Time t) {
    return static_cast<std::size_t>(std::upper_bound(sorted.begin(), sorted.end(), t) - sorted.begin());
}

}  // namespace

bool isNullSenderMailFrom(std::string_view line) {
    constexpr std::string_view kVerb = "mail from:";
    if (line.size() < kVerb.size()) return false;
    for (std::size_t i = 0; i < kVerb.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != kVerb[i]) return false;
    line.remove_prefix(kVerb.size());
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    return line.starts_with("<>") && (line.size() == 2 || line[2] == ' ');
}

TraceIndex::TraceIndex(const trace::Trace& trace, std::span<const LinkChange> linkChanges)
    : m_trace(&trace), m_mailboxes(trace), m_queues(trace.queue), m_outages(trace, linkChanges), m_whereabouts(trace),
      m_tls(trace) {
    m_bounceConnection.assign(trace.connections.size() + 1, 0);
    for (const auto& l : trace.lines)
        if (l.fromClient && l.connection < m_bounceConnection.size() && isNullSenderMailFrom(l.text))
            m_bounceConnection[l.connection] = 1;

    const auto& hops = trace.hops;

    std::vector<TimedInterval> hopIntervals;
    hopIntervals.reserve(hops.size());
    std::vector<Time> hopPoints;
    hopPoints.reserve(hops.size() * 2);
    for (std::size_t i = 0; i < hops.size(); ++i) {
        hopIntervals.push_back({hops[i].start, hops[i].arrival, static_cast<std::uint32_t>(i)});
        hopPoints.push_back(hops[i].start);
        hopPoints.push_back(hops[i].arrival);
        m_end = std::max(m_end, hops[i].arrival);
    }
    m_hops = IntervalIndex(hopIntervals);

    m_hopsByStart.resize(hops.size());
    std::iota(m_hopsByStart.begin(), m_hopsByStart.end(), 0u);
    std::stable_sort(m_hopsByStart.begin(), m_hopsByStart.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return hops[a].start < hops[b].start; });
    m_hopStarts.reserve(hops.size());
    for (std::uint32_t h : m_hopsByStart) {
        const auto& hop = hops[h];
        m_hopStarts.push_back(hop.start);
        if (hop.arrival <= hop.start) continue;
        if (!m_busy.empty() && hop.start <= m_busy.back().end)
            m_busy.back().end = std::max(m_busy.back().end, hop.arrival);
        else
            m_busy.push_back({hop.start, hop.arrival});
    }

    std::vector<TimedInterval> connectionIntervals;
    for (const auto& c : trace.connections) {
        connectionIntervals.push_back({c.opened, c.closed, c.id});
        m_end = std::max(m_end, c.opened);
        if (c.closed != Time::max()) m_end = std::max(m_end, c.closed);
    }
    m_connections = IntervalIndex(std::move(connectionIntervals));

    std::vector<Time> eventTimes, lineTimes;
    eventTimes.reserve(trace.events.size());
    for (const auto& e : trace.events) eventTimes.push_back(e.time);
    lineTimes.reserve(trace.lines.size());
    for (const auto& l : trace.lines) lineTimes.push_back(l.time);
    for (const auto& p : trace.packets) m_end = std::max(m_end, p.sent);
    m_eventTimes = runningMaximum(eventTimes);
    m_lineTimes = runningMaximum(lineTimes);
    if (!m_eventTimes.empty()) m_end = std::max(m_end, m_eventTimes.back());
    if (!m_lineTimes.empty()) m_end = std::max(m_end, m_lineTimes.back());

    m_steps[static_cast<std::size_t>(Granularity::Event)] = sortedUnique(std::move(eventTimes));
    m_steps[static_cast<std::size_t>(Granularity::Line)] = sortedUnique(std::move(lineTimes));
    m_steps[static_cast<std::size_t>(Granularity::Hop)] = sortedUnique(std::move(hopPoints));
}

void TraceIndex::hopsInFlight(Time t, std::vector<std::uint32_t>& out) const { m_hops.containing(t, out); }

std::vector<std::uint32_t> TraceIndex::hopsInFlight(Time t) const { return m_hops.containing(t); }

void TraceIndex::connectionsOpen(Time t, std::vector<std::uint32_t>& out) const { m_connections.containing(t, out); }

std::int64_t TraceIndex::lastEventAt(Time t) const { return static_cast<std::int64_t>(countUpTo(m_eventTimes, t)) - 1; }

std::size_t TraceIndex::linesUpTo(Time t) const { return countUpTo(m_lineTimes, t); }

std::size_t TraceIndex::hopsStartedBy(Time t) const { return countUpTo(m_hopStarts, t); }

std::optional<Time> TraceIndex::nextStepPoint(Granularity g, Time after) const {
    const auto points = stepPoints(g);
    const auto it = std::upper_bound(points.begin(), points.end(), after);
    if (it == points.end()) return std::nullopt;
    return *it;
}

std::optional<Time> TraceIndex::previousStepPoint(Granularity g, Time before) const {
    const auto points = stepPoints(g);
    const auto it = std::lower_bound(points.begin(), points.end(), before);
    if (it == points.begin()) return std::nullopt;
    return *(it - 1);
}

bool TraceIndex::isStepPoint(Granularity g, Time t) const {
    const auto points = stepPoints(g);
    return std::binary_search(points.begin(), points.end(), t);
}

const TimeSpan* TraceIndex::busySpanAt(Time t) const {
    const auto it = std::upper_bound(m_busy.begin(), m_busy.end(), t,
                                     [](Time x, const TimeSpan& s) { return x < s.start; });
    if (it == m_busy.begin()) return nullptr;
    const TimeSpan& s = *(it - 1);
    return t < s.end ? &s : nullptr;
}

std::optional<Time> TraceIndex::nextBusyStart(Time after) const {
    const auto it = std::upper_bound(m_busy.begin(), m_busy.end(), after,
                                     [](Time x, const TimeSpan& s) { return x < s.start; });
    if (it == m_busy.end()) return std::nullopt;
    return it->start;
}

}  // namespace postino::viz
