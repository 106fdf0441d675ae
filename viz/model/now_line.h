// What a teacher would say aloud at time t: the event that just happened and, while the network
// is quiet, what the world is waiting for (a deferred mail's next attempt, the next event).
// Derived from a SceneState and its trace; no drawing, no translation.
#pragma once

#include "core/time.h"
#include "model/scene_state.h"
#include "trace/trace.h"

#include <cstdint>

namespace postino::viz {

struct NowLine {
    // The sentence to show: the last event at or before t (on a quiet map the last one that is not
    // a connection closing, within a few events); -1: none yet.
    std::int64_t event = -1;
    bool quiet = false;           // no packet is in flight at t
    std::int64_t nextEvent = -1;  // the first event after t; -1: the story is over
    Duration untilNext;           // how long until it (0 without one)
    // Quiet and a mail waits in a queue for another try: the one tried soonest (its snapshot).
    const trace::QueueRecord* waitingMail = nullptr;
    Duration untilRetry;          // how long until that try
};

// `state` must have been built for its own time from an index over `trace`.
NowLine nowLineAt(const SceneState& state, const trace::Trace& trace);

}  // namespace postino::viz
