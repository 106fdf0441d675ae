// Ticks for the scrub bar: the mail milestones of a trace (submitted, delivered, refused,
// deferred, retried, bounced, the world breaking or mending, mailbox changes) with their times.
// Reads the events only; no drawing.
#pragma once

#include "core/time.h"
#include "model/trace_index.h"

#include <cstdint>
#include <vector>

namespace postino::viz {

enum class MarkerKind {
    Submitted,  // MailSubmitted
    Delivered,  // Delivered
    Error,      // Rejected
    Deferred,   // Deferred: a mail stays in the queue
    Retry,      // Retrying: a deferred mail is tried again
    Bounce,     // Bounced: a recipient failed for good, a bounce goes back
    Outage,     // Outage: a node, link, server or mailbox breaks or mends
    Mailbox,    // Downloaded, MailboxChanged
};
inline constexpr int kMarkerKinds = 8;

struct Marker {
    Time time;
    MarkerKind kind = MarkerKind::Delivered;
    std::uint32_t event = 0;  // index into Trace::events

    bool operator==(const Marker&) const = default;
};

// In event order (which is time order).
std::vector<Marker> markers(const TraceIndex& index);

}  // namespace postino::viz
