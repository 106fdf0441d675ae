// Fast, read-only queries over one finished Trace, built once: hops in flight and connections
// open at t, "last record at or before t", step points, busy spans, mailbox counts, queues,
// outages, bounce connections, which packets carry TLS. Never modifies the trace.
#pragma once

#include "core/time.h"
#include "model/interval_index.h"
#include "model/mail_whereabouts.h"
#include "model/mailbox_history.h"
#include "model/outage_history.h"
#include "model/queue_history.h"
#include "model/tls_packets.h"
#include "trace/trace.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace postino::viz {

// What one "step" moves to: the next teaching event, protocol line, or hop start/arrival.
enum class Granularity { Event, Line, Hop };

// A client line that opens a bounce: MAIL FROM with the null reverse-path (RFC 5321 4.5.5),
// "MAIL FROM:<>" with any case, spaces before "<" and parameters after it.
bool isNullSenderMailFrom(std::string_view line);

struct TimeSpan {
    Time start, end;  // half-open
};

class TraceIndex {
public:
    // The trace must outlive the index (the index keeps a reference). `linkChanges`: when links
    // are cut and mended (the trace has no record of it yet, so the viewer passes none).
    explicit TraceIndex(const trace::Trace& trace, std::span<const LinkChange> linkChanges = {});

    const trace::Trace& trace() const { return *m_trace; }
    // Time of the last record (event, line, packet, hop arrival, connection open/close); 0 if empty.
    Time endTime() const { return m_end; }

    // Hop indices with start <= t < arrival, ascending. `out` is cleared first.
    void hopsInFlight(Time t, std::vector<std::uint32_t>& out) const;
    std::vector<std::uint32_t> hopsInFlight(Time t) const;
    // Connection ids with opened <= t < closed, ascending. `out` is cleared first.
    void connectionsOpen(Time t, std::vector<std::uint32_t>& out) const;

    // Index into trace().events of the last event with time <= t; -1 if none.
    std::int64_t lastEventAt(Time t) const;
    // Number of protocol lines with time <= t (lines are appended in time order).
    std::size_t linesUpTo(Time t) const;
    // Number of hops that started at or before t; hopsByStart()[0, n) are those hops.
    std::size_t hopsStartedBy(Time t) const;
    std::span<const std::uint32_t> hopsByStart() const { return m_hopsByStart; }

    // Distinct times to step to, ascending: event times, line times, hop starts and arrivals.
    std::span<const Time> stepPoints(Granularity g) const { return m_steps[static_cast<std::size_t>(g)]; }
    std::optional<Time> nextStepPoint(Granularity g, Time after) const;    // first point > after
    std::optional<Time> previousStepPoint(Granularity g, Time before) const;  // last point < before
    bool isStepPoint(Granularity g, Time t) const;

    // The union of all hop intervals, as disjoint ascending spans: "something is in flight".
    std::span<const TimeSpan> busySpans() const { return m_busy; }
    const TimeSpan* busySpanAt(Time t) const;          // the span with start <= t < end, or nullptr
    std::optional<Time> nextBusyStart(Time after) const;  // first span start > after

    const MailboxHistory& mailboxes() const { return m_mailboxes; }
    const QueueHistory& queues() const { return m_queues; }
    const OutageHistory& outages() const { return m_outages; }
    const MailWhereabouts& whereabouts() const { return m_whereabouts; }  // where each mail is
    const LinkStates& linkStates() const { return m_outages; }
    const TlsPackets& tls() const { return m_tls; }  // each packet plain, TLS handshake or encrypted
    // The connection (1-based trace id) carries a bounce: its client wrote MAIL FROM:<>.
    bool isBounceConnection(std::uint32_t connection) const {
        return connection < m_bounceConnection.size() && m_bounceConnection[connection] != 0;
    }

private:
    const trace::Trace* m_trace;
    Time m_end;
    IntervalIndex m_hops;
    IntervalIndex m_connections;
    std::vector<Time> m_eventTimes;  // running maximum, so binary search is safe
    std::vector<Time> m_lineTimes;   // running maximum
    std::vector<std::uint32_t> m_hopsByStart;
    std::vector<Time> m_hopStarts;  // sorted, parallel to m_hopsByStart
    std::array<std::vector<Time>, 3> m_steps;
    std::vector<TimeSpan> m_busy;
    MailboxHistory m_mailboxes;
    QueueHistory m_queues;
    OutageHistory m_outages;
    MailWhereabouts m_whereabouts;
    TlsPackets m_tls;
    std::vector<std::uint8_t> m_bounceConnection;  // [connection id] -> 1 for a bounce
};

}  // namespace postino::viz
