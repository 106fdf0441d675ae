// EventQueue's ordering core: a ladder queue (after Tang, Goh & Thng 2005) of (time, order)
// keys: unsorted top, rungs of time buckets split on demand, sorted bottom + heap; O(1) amortised.
// It only orders keys; it knows nothing of callbacks, handles or cancellation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace postino::detail {

struct EventKey {
    std::uint64_t time;  // nanoseconds with the sign bit flipped: unsigned order == Time order
    std::int64_t order;  // priority in the high bits, insertion sequence in the low bits
    std::uint32_t slot;  // where EventQueue keeps the callback
};

inline bool keyBefore(const EventKey& a, const EventKey& b) {
    return a.time < b.time || (a.time == b.time && a.order < b.order);
}

class EventLadder {
public:
    // While more keys exist, ahead(d) knows at least this many upcoming keys.
    static constexpr std::size_t kLookahead = 8;
    static constexpr std::size_t kMaxDepth = 24;  // 64-bit spans need <= 22 rungs of 8 buckets

    EventLadder() { m_rungs.reserve(kMaxDepth); }  // spawn() keeps pointers into rungs

    void push(const EventKey& k);
    // The smallest key, or nullptr when empty; valid until the next push or pop.
    const EventKey* peekMin();
    // Removes the smallest key into out; false when empty.
    bool popMin(EventKey& out);
    // The key that will come out d pops from now, when already known (else nullptr).
    const EventKey* ahead(std::size_t d) const {
        return d < m_bottom.size() ? &m_bottom[m_bottom.size() - 1 - d] : nullptr;
    }
    std::size_t size() const { return m_size; }
    // Drops every key for which dead(key) is true; returns how many were dropped.
    template <class Pred>
    std::size_t removeIf(Pred dead);

private:
    // One rung: count buckets of 2^shift ns from start. Bucket cur is being consumed:
    // its keys were handed to the next rung (or the bottom); keys arriving later that
    // fall past that rung's last time collect in it again and are consumed after it.
    struct Rung {
        std::uint64_t start = 0;
        std::uint64_t last = 0;  // last time this rung accepts; later keys belong to its parent
        unsigned shift = 0;
        std::uint32_t count = 0;
        std::uint32_t cur = 0;
        std::vector<std::vector<EventKey>> buckets;
    };
    bool refill();
    void spawn(std::vector<EventKey>& src, std::uint64_t mn, std::uint64_t mx, std::uint64_t parentLast);
    void maybeSpill();
    std::uint64_t bucketLast(const Rung& r, std::uint32_t b) const;
    bool heapIsMin() const {
        return !m_heap.empty() && (m_bottom.empty() || keyBefore(m_heap[0], m_bottom.back()));
    }
    void heapPush(const EventKey& k);
    void heapPopTop();
    void heapSiftDown(std::size_t i);

    std::vector<EventKey> m_top;     // keys later than every rung, unsorted
    std::vector<Rung> m_rungs;       // [0, m_depth) in use; deeper rungs are finer
    std::size_t m_depth = 0;
    std::vector<EventKey> m_bottom;  // sorted latest first: the next key is at the back
    std::vector<EventKey> m_heap;    // 4-ary min-heap of keys that arrived with time <= m_nearLast
    std::uint64_t m_nearLast = 0;    // keys up to this time go to bottom/heap; all others are later
    std::size_t m_spillFloor = 0;    // heap size under which spilling was found useless
    std::vector<std::uint32_t> m_counts;  // spawn()'s per-bucket tally
    std::size_t m_size = 0;
};

template <class Pred>
std::size_t EventLadder::removeIf(Pred dead) {
    std::size_t removed = 0;
    auto filter = [&](std::vector<EventKey>& v) {
        std::size_t w = 0;
        for (std::size_t r = 0; r < v.size(); ++r) {
            if (dead(v[r])) ++removed;
            else v[w++] = v[r];
        }
        v.resize(w);
    };
    filter(m_top);
    for (std::size_t i = 0; i < m_depth; ++i)
        for (std::uint32_t b = m_rungs[i].cur; b < m_rungs[i].count; ++b) filter(m_rungs[i].buckets[b]);
    filter(m_bottom);  // stays sorted
    filter(m_heap);
    for (std::size_t i = m_heap.size() / 4 + 1; i-- > 0;) heapSiftDown(i);
    m_size -= removed;
    return removed;
}

}  // namespace postino::detail
