// The pending-event set of the simulator: a 4-ary min-heap ordered by
// (time, priority, insertion sequence), so ties are deterministic; cancellation by handle.
// It stores callbacks and orders them; it never runs them (Simulator does).
#pragma once

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
    // Lower priority values run first among events at the same time.
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
    struct Key {
        std::int64_t time;
        std::int64_t order;  // priority in the high bits, sequence in the low bits
        std::uint32_t slot;
    };
    struct Slot {
        EventCallback fn;
        std::uint32_t generation = 0;
        bool live = false;
    };
    static bool before(const Key& a, const Key& b) {
        return a.time < b.time || (a.time == b.time && a.order < b.order);
    }
    void siftUp(std::size_t i);
    void siftDown(std::size_t i);
    void popTop();
    void dropCancelledTop();

    std::vector<Key> m_heap;
    std::vector<Slot> m_slots;
    std::vector<std::uint32_t> m_freeSlots;
    std::uint64_t m_sequence = 0;
    std::size_t m_live = 0;
};

}  // namespace postino
