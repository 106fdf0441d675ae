#include "core/event_queue_ladder.h"

#include <algorithm>
#include <bit>

namespace postino::detail {

namespace {
constexpr std::size_t kBottomMax = 32;     // a bucket this small is sorted into the bottom
constexpr std::size_t kPerBucket = 16;     // keys per bucket aimed at when a rung is spawned
constexpr std::size_t kMinBuckets = 8;     // each rung cuts the time span by >= 2^3
constexpr std::size_t kMaxBuckets = 1024;  // keeps the append tails of a rung in L1/L2
constexpr std::size_t kHeapSpill = 128;    // a heap this big is re-laddered if that helps
constexpr std::size_t kKeepCapacity = 1 << 16;  // emptied vectors above this are freed
constexpr std::size_t kArity = 4;

std::uint64_t saturatingAdd(std::uint64_t a, std::uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

void sortLatestFirst(std::vector<EventKey>& v) {
    const auto after = [](const EventKey& a, const EventKey& b) { return keyBefore(b, a); };
    // Bursts at one time arrive already in order: reversing is enough.
    if (std::is_sorted(v.begin(), v.end(), keyBefore)) std::reverse(v.begin(), v.end());
    else std::sort(v.begin(), v.end(), after);
}

void releaseIfHuge(std::vector<EventKey>& v) {
    if (v.empty() && v.capacity() > kKeepCapacity) std::vector<EventKey>().swap(v);
}
}  // namespace

void EventLadder::push(const EventKey& k) {
    ++m_size;
    if (k.time <= m_nearLast) {
        heapPush(k);
        if (m_heap.size() > kHeapSpill) maybeSpill();
        return;
    }
    // The coarsest rung whose non-current bucket holds k wins; a key in a current
    // bucket goes down to the next rung, or stays there if that rung ends earlier.
    std::vector<EventKey>* dst = &m_top;
    for (std::size_t i = 0; i < m_depth; ++i) {
        Rung& r = m_rungs[i];
        if (k.time > r.last) break;
        const std::uint64_t b = k.time >= r.start ? (k.time - r.start) >> r.shift : 0;
        if (b > r.cur) {
            dst = &r.buckets[b];
            break;
        }
        dst = &r.buckets[r.cur];
    }
    dst->push_back(k);
}

const EventKey* EventLadder::peekMin() {
    if (m_bottom.empty() && m_heap.empty() && !refill()) return nullptr;
    return heapIsMin() ? &m_heap[0] : &m_bottom.back();
}

bool EventLadder::popMin(EventKey& out) {
    if (m_bottom.empty() && m_heap.empty() && !refill()) return false;
    if (heapIsMin()) {
        out = m_heap[0];
        heapPopTop();
    } else {
        out = m_bottom.back();
        m_bottom.pop_back();
        // Top up early so that ahead() always sees kLookahead keys (for prefetching).
        if (m_bottom.size() < kLookahead && m_size > m_bottom.size() + m_heap.size() + 1) refill();
    }
    --m_size;
    return true;
}

std::uint64_t EventLadder::bucketLast(const Rung& r, std::uint32_t b) const {
    // (b << shift) + 2^shift - 1 < count << shift <= 2^64: no overflow before the add.
    const std::uint64_t off = (static_cast<std::uint64_t>(b) << r.shift) + ((std::uint64_t{1} << r.shift) - 1);
    return std::min(r.last, saturatingAdd(r.start, off));
}

// Finds the earliest non-empty bucket, splits it into a finer rung while it is big
// and spread out, then sorts it in front of the bottom (its keys are all later than
// the bottom's and the heap's). False when no key is left outside bottom and heap.
bool EventLadder::refill() {
    for (;;) {
        std::vector<EventKey>* src;
        std::uint64_t last;
        if (m_depth == 0) {
            if (m_top.empty()) return false;
            src = &m_top;
            last = UINT64_MAX;
        } else {
            Rung& r = m_rungs[m_depth - 1];
            while (r.cur < r.count && r.buckets[r.cur].empty()) ++r.cur;
            if (r.cur == r.count) {
                --m_depth;  // the parent's current bucket may have collected keys meanwhile
                continue;
            }
            src = &r.buckets[r.cur];
            last = bucketLast(r, r.cur);
        }
        std::uint64_t mn = UINT64_MAX, mx = 0;
        for (const EventKey& k : *src) {
            mn = std::min(mn, k.time);
            mx = std::max(mx, k.time);
        }
        if (src->size() <= kBottomMax || mn == mx || m_depth == kMaxDepth) {
            sortLatestFirst(*src);
            src->insert(src->end(), m_bottom.begin(), m_bottom.end());
            m_bottom.clear();
            m_bottom.swap(*src);
            releaseIfHuge(*src);
            m_nearLast = mx;
            if (m_heap.empty()) m_spillFloor = 0;
            return true;
        }
        spawn(*src, mn, mx, last);  // and look again at its first bucket
    }
}

// Spreads src (times mn..mx) over a new deepest rung that accepts times up to parentLast.
void EventLadder::spawn(std::vector<EventKey>& src, std::uint64_t mn, std::uint64_t mx, std::uint64_t parentLast) {
    if (m_rungs.size() == m_depth) m_rungs.emplace_back();
    Rung& r = m_rungs[m_depth++];
    const std::size_t want = std::clamp(src.size() / kPerBucket, kMinBuckets, kMaxBuckets);
    const unsigned bucketBits = static_cast<unsigned>(std::bit_width(want - 1));
    const std::uint64_t span = mx - mn;
    const unsigned spanBits = static_cast<unsigned>(std::bit_width(span));
    r.shift = spanBits > bucketBits ? spanBits - bucketBits : 0;
    r.count = static_cast<std::uint32_t>((span >> r.shift) + 1);
    r.start = mn;
    r.cur = 0;
    r.last = parentLast;
    r.last = bucketLast(r, r.count - 1);
    if (r.buckets.size() < r.count) r.buckets.resize(r.count);
    // Count first, so each bucket holds about what it needs (no doubling left over).
    m_counts.assign(r.count, 0);
    for (const EventKey& k : src) ++m_counts[(k.time - mn) >> r.shift];
    for (std::uint32_t b = 0; b < r.count; ++b) {
        std::vector<EventKey>& v = r.buckets[b];  // empty: a rung is reused only once drained
        if (v.capacity() > 2 * m_counts[b] + 64) std::vector<EventKey>().swap(v);
        v.reserve(m_counts[b] + m_counts[b] / 4);
    }
    for (const EventKey& k : src) r.buckets[(k.time - mn) >> r.shift].push_back(k);
    src.clear();
    releaseIfHuge(src);
}

// A heap grown big (e.g. the bottom spans seconds and microsecond events pile up
// inside it) is moved with the bottom into a new rung, unless all share one time.
void EventLadder::maybeSpill() {
    const std::size_t h = m_heap.size();
    if (h <= m_spillFloor || h * 4 < m_bottom.size()) return;
    std::uint64_t mn = UINT64_MAX, mx = 0;
    for (const auto* v : {&m_heap, &m_bottom})
        for (const EventKey& k : *v) {
            mn = std::min(mn, k.time);
            mx = std::max(mx, k.time);
        }
    if (mn == mx || mn == 0 || m_depth == kMaxDepth) {
        m_spillFloor = 2 * h;  // not worth retrying before the heap doubles
        return;
    }
    m_bottom.insert(m_bottom.end(), m_heap.begin(), m_heap.end());
    m_heap.clear();
    spawn(m_bottom, mn, mx, m_nearLast);
    m_nearLast = mn - 1;  // mn >= 1: keys at time 0 (INT64_MIN ns) always stay in the heap
    m_spillFloor = 0;
}

void EventLadder::heapPush(const EventKey& k) {
    std::size_t i = m_heap.size();
    m_heap.push_back(k);
    while (i > 0) {
        const std::size_t parent = (i - 1) / kArity;
        if (!keyBefore(k, m_heap[parent])) break;
        m_heap[i] = m_heap[parent];
        i = parent;
    }
    m_heap[i] = k;
}

void EventLadder::heapPopTop() {
    m_heap[0] = m_heap.back();
    m_heap.pop_back();
    if (!m_heap.empty()) heapSiftDown(0);
}

void EventLadder::heapSiftDown(std::size_t i) {
    const std::size_t n = m_heap.size();
    if (i >= n) return;
    const EventKey k = m_heap[i];
    for (;;) {
        const std::size_t first = i * kArity + 1;
        if (first >= n) break;
        std::size_t best = first;
        const std::size_t end = std::min(first + kArity, n);
        for (std::size_t c = first + 1; c < end; ++c)
            if (keyBefore(m_heap[c], m_heap[best])) best = c;
        if (!keyBefore(m_heap[best], k)) break;
        m_heap[i] = m_heap[best];
        i = best;
    }
    m_heap[i] = k;
}

}  // namespace postino::detail
