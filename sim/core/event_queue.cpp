#include "core/event_queue.h"


namespace postino {

namespace {
constexpr std::size_t kArity = 4;
constexpr int kSequenceBits = 44;  // 17 trillion events per run before wrap
}

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
    // Priorities are small (|p| < 2^18); shift them above the sequence number.
    const std::int64_t order =
        (static_cast<std::int64_t>(priority) << kSequenceBits) + static_cast<std::int64_t>(m_sequence++);
    m_heap.push_back(Key{at.ns(), order, slot});
    siftUp(m_heap.size() - 1);
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
    return true;  // the heap key is dropped lazily when it reaches the top
}

void EventQueue::dropCancelledTop() {
    while (!m_heap.empty() && !m_slots[m_heap[0].slot].live) {
        Slot& s = m_slots[m_heap[0].slot];
        ++s.generation;
        m_freeSlots.push_back(m_heap[0].slot);
        popTop();
    }
}

Time EventQueue::nextTime() {
    dropCancelledTop();
    return m_heap.empty() ? Time::max() : Time::fromNanos(m_heap[0].time);
}

bool EventQueue::pop(Time& at, EventCallback& fn) {
    dropCancelledTop();
    if (m_heap.empty()) return false;
    const Key top = m_heap[0];
    popTop();
    Slot& s = m_slots[top.slot];
    at = Time::fromNanos(top.time);
    fn = std::move(s.fn);
    s.fn = nullptr;
    s.live = false;
    ++s.generation;
    m_freeSlots.push_back(top.slot);
    --m_live;
    return true;
}

void EventQueue::popTop() {
    m_heap[0] = m_heap.back();
    m_heap.pop_back();
    if (!m_heap.empty()) siftDown(0);
}

void EventQueue::siftUp(std::size_t i) {
    const Key k = m_heap[i];
    while (i > 0) {
        const std::size_t parent = (i - 1) / kArity;
        if (!before(k, m_heap[parent])) break;
        m_heap[i] = m_heap[parent];
        i = parent;
    }
    m_heap[i] = k;
}

void EventQueue::siftDown(std::size_t i) {
    const std::size_t n = m_heap.size();
    const Key k = m_heap[i];
    for (;;) {
        const std::size_t first = i * kArity + 1;
        if (first >= n) break;
        std::size_t best = first;
        const std::size_t last = std::min(first + kArity, n);
        for (std::size_t c = first + 1; c < last; ++c)
            if (before(m_heap[c], m_heap[best])) best = c;
        if (!before(m_heap[best], k)) break;
        m_heap[i] = m_heap[best];
        i = best;
    }
    m_heap[i] = k;
}

}  // namespace postino
