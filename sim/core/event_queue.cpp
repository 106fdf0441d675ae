#include "core/event_queue.h"

#include <algorithm>

namespace postino {

namespace {
constexpr int kSequenceBits = 44;  // 17 trillion events per run before wrap
constexpr int kPriorityLimit = (1 << 19) - 1;
constexpr std::size_t kPrefetchAhead = detail::EventLadder::kLookahead - 1;  // pops before use
constexpr std::size_t kPurgeMin = 4096;    // cancelled keys tolerated before a sweep

constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;
std::uint64_t toKeyTime(Time t) { return static_cast<std::uint64_t>(t.ns()) ^ kSignBit; }
Time fromKeyTime(std::uint64_t k) { return Time::fromNanos(static_cast<std::int64_t>(k ^ kSignBit)); }
}  // namespace

EventHandle EventQueue::push(Time at, int priority, EventCallback fn) {
    std::uint32_t slot;
    if (!m_freeSlots.empty()) {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(m_slots.size());
        m_slots.emplace_back();
    }
    Slot& s = m_slots[slot];
    s.fn = std::move(fn);
    s.live = true;
    const std::int64_t p = std::clamp(priority, -kPriorityLimit, kPriorityLimit);
    const std::int64_t order = p * (std::int64_t{1} << kSequenceBits) + static_cast<std::int64_t>(m_sequence++);
    m_ladder.push(detail::EventKey{toKeyTime(at), order, slot});
    ++m_live;
    return EventHandle{slot, s.generation};
}

bool EventQueue::isPending(EventHandle h) const {
    return h.slot < m_slots.size() && m_slots[h.slot].generation == h.generation && m_slots[h.slot].live;
}

bool EventQueue::cancel(EventHandle h) {
    if (!isPending(h)) return false;
    Slot& s = m_slots[h.slot];
    s.live = false;
    s.fn = nullptr;  // release captured state now
    --m_live;
    // The key stays in the ladder (its slot is not reused) until it surfaces or a
    // sweep drops it; sweeps keep dead keys from outnumbering live ones.
    if (++m_cancelledKeys > kPurgeMin && m_cancelledKeys > m_live) purgeCancelled();
    return true;
}

void EventQueue::recycle(std::uint32_t slot) {
    ++m_slots[slot].generation;  // stale handles stop matching
    m_freeSlots.push_back(slot);
}

void EventQueue::purgeCancelled() {
    m_ladder.removeIf([this](const detail::EventKey& k) {
        if (m_slots[k.slot].live) return false;
        recycle(k.slot);
        return true;
    });
    m_cancelledKeys = 0;
}

Time EventQueue::nextTime() {
    for (;;) {
        const detail::EventKey* k = m_ladder.peekMin();
        if (k == nullptr) return Time::max();
        if (m_slots[k->slot].live) return fromKeyTime(k->time);
        detail::EventKey dead;
        m_ladder.popMin(dead);
        recycle(dead.slot);
        --m_cancelledKeys;
    }
}

bool EventQueue::pop(Time& at, EventCallback& fn) {
    detail::EventKey k;
    for (;;) {
        if (!m_ladder.popMin(k)) return false;
        // The bottom tier knows the next keys: fetch their slots before they are needed.
#if defined(__GNUC__)
        if (const detail::EventKey* next = m_ladder.ahead(kPrefetchAhead)) {
            const char* p = reinterpret_cast<const char*>(&m_slots[next->slot]);
            __builtin_prefetch(p, 1);
            __builtin_prefetch(p + sizeof(Slot) - 1, 1);  // a slot may straddle two lines
        }
#endif
        if (m_slots[k.slot].live) break;
        recycle(k.slot);
        --m_cancelledKeys;
    }
    Slot& s = m_slots[k.slot];
    at = fromKeyTime(k.time);
    fn = std::move(s.fn);
    s.fn = nullptr;
    s.live = false;
    recycle(k.slot);
    --m_live;
    return true;
}

}  // namespace postino
