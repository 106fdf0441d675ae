#include "model/markers.h"

#include <optional>

namespace postino::viz {

namespace {

std::optional<MarkerKind> markerKind(trace::EventKind k) {
    using trace::EventKind;
    switch (k) {
        case EventKind::MailSubmitted: return MarkerKind::Submitted;
        case EventKind::Delivered: return MarkerKind::Delivered;
        case EventKind::Rejected:
        case EventKind::TlsFailed: return MarkerKind::Error;
        case EventKind::Deferred: return MarkerKind::Deferred;
        case EventKind::Retrying: return MarkerKind::Retry;
        case EventKind::Bounced: return MarkerKind::Bounce;
        case EventKind::Outage: return MarkerKind::Outage;
        case EventKind::Downloaded:
        case EventKind::MailboxChanged: return MarkerKind::Mailbox;
        default: return std::nullopt;
    }
}

}  // namespace

std::vector<Marker> markers(const TraceIndex& index) {
    std::vector<Marker> out;
    const auto& events = index.trace().events;
    for (std::size_t i = 0; i < events.size(); ++i)
        if (const auto kind = markerKind(events[i].kind))
            out.push_back({events[i].time, *kind, static_cast<std::uint32_t>(i)});
    return out;
}

}  // namespace postino::viz
