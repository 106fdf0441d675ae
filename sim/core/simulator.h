// The discrete-event simulator: a clock, the pending events and a seeded RNG.
// An object, never a global; runs events in (time, priority, insertion) order.
// It knows nothing of networks or protocols.
#pragma once

#include "core/event_queue.h"
#include "core/rng.h"
#include "core/time.h"

#include <cstdint>

namespace postino {

class Simulator {
public:
    explicit Simulator(std::uint64_t seed = 1) : m_rng(seed) {}

    Time now() const { return m_now; }
    Rng& rng() { return m_rng; }

    EventHandle at(Time when, EventCallback fn, int priority = 0);
    EventHandle after(Duration delay, EventCallback fn, int priority = 0) {
        return at(m_now + delay, std::move(fn), priority);
    }
    bool cancel(EventHandle h) { return m_queue.cancel(h); }
    bool isPending(EventHandle h) const { return m_queue.isPending(h); }

    // Runs the next event; false when nothing is pending.
    bool step();
    // Runs every event with time <= limit, then leaves the clock at the last
    // event run (or at limit if the caller asks advanceClock). Returns events run.
    std::uint64_t runUntil(Time limit, bool advanceClock = false);
    std::uint64_t run() { return runUntil(Time::max()); }

    std::size_t pending() const { return m_queue.size(); }
    std::uint64_t eventsRun() const { return m_eventsRun; }

private:
    EventQueue m_queue;
    Rng m_rng;
    Time m_now;
    std::uint64_t m_eventsRun = 0;
};

}  // namespace postino
