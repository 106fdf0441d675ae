#include "model/now_line.h"

namespace postino::viz {

NowLine nowLineAt(const SceneState& state, const trace::Trace& trace) {
    NowLine now;
    now.event = state.currentEvent;
    // A connection closing is housekeeping: on a map that has gone quiet, the sentence to say is
    // what happened before it (the mail queued, deferred, delivered), a few events back at most.
    if (state.packets.empty())
        for (std::int64_t e = now.event, back = 0; e > 0 && back < 8; --e, ++back) {
            if (trace.events[static_cast<std::size_t>(e)].kind != trace::EventKind::ConnectionClosed) {
                now.event = e;
                break;
            }
        }
    now.quiet = state.packets.empty();
    // Events are in time order; the current one is the last at or before t.
    const std::size_t next = static_cast<std::size_t>(state.currentEvent + 1);
    if (next < trace.events.size()) {
        now.nextEvent = static_cast<std::int64_t>(next);
        now.untilNext = trace.events[next].time - state.time;
    }
    if (!now.quiet) return now;
    for (const QueuedMailAt& q : state.queuedMails) {
        const trace::QueueRecord* r = q.record;
        if (!r || r->queue != trace::QueueName::Deferred || r->nextAttempt == Time::max() || r->nextAttempt < state.time)
            continue;
        if (!now.waitingMail || r->nextAttempt < now.waitingMail->nextAttempt) now.waitingMail = r;
    }
    if (now.waitingMail) now.untilRetry = now.waitingMail->nextAttempt - state.time;
    return now;
}

}  // namespace postino::viz
