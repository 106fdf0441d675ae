// The simulator's pending-event set: (time, priority, insertion sequence) order, so ties
// are deterministic; cancellation by handle. Keys are ordered by event_queue_ladder.h.
// It stores callbacks and orders them; it never runs them (Simulator does).
#pragma once

#include "core/event_queue_ladder.h"
#include "core/time.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace postino {

using EventCallback = std::function<void()>;

// Identifies one scheduled event; stays valid (and harmless) after the event ran.
struct EventHandle {
    std::uint32_t slot = UINT32_MAX;
    std::uint32_t generation = 0;
    bool valid() const { return slot != UINT32_MAX; }
};

class EventQueue {
public:
    // Lower priority values run first among events at the same time; priorities are
    // clamped to +-(2^19 - 1). Any time is accepted, even one before the last popped
    // event: it is ordered among the pending ones like any other.
    EventHandle push(Time at, int priority, EventCallback fn);
    // Returns false if the event already ran or was cancelled.
    bool cancel(EventHandle h);
    bool isPending(EventHandle h) const;

    bool empty() const { return m_live == 0; }
    std::size_t size() const { return m_live; }
    // Time of the next live event; Time::max() when empty.
    Time nextTime();
    // Removes the next live event and hands back its time and callback.
    bool pop(Time& at, EventCallback& fn);

private:
    struct Slot {
        EventCallback fn;
        std::uint32_t generation = 0;
        bool live = false;
    };
    void recycle(std::uint32_t slot);
    void purgeCancelled();

    detail::EventLadder m_ladder;
    std::vector<Slot> m_slots;
    std::vector<std::uint32_t> m_freeSlots;
    std::uint64_t m_sequence = 0;
    std::size_t m_live = 0;
    std::size_t m_cancelledKeys = 0;  // keys of cancelled events still in the ladder
};

}  // namespace postino
