// Sequence-set parsing and membership (RFC 3501 9: seq-number = nz-number / "*").
#include "imap/sequence_set.h"

#include <algorithm>
#include <utility>

namespace postino::imap {

namespace {

// nz-number (1..4294967295) or "*" (returned as 0). nullopt when invalid.
std::optional<std::uint32_t> parseNumber(std::string_view s) {
    if (s == "*") return 0u;
    if (s.empty() || s.size() > 10 || s[0] == '0') return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v > 0xFFFFFFFFull) return std::nullopt;
    return static_cast<std::uint32_t>(v);
}

}  // namespace

std::optional<SequenceSet> SequenceSet::parse(std::string_view text) {
    SequenceSet set;
    if (text.empty()) return std::nullopt;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        const std::string_view item = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
        const std::size_t colon = item.find(':');
        SeqRange r;
        if (colon == std::string_view::npos) {
            auto n = parseNumber(item);
            if (!n) return std::nullopt;
            r.first = r.last = *n;
        } else {
            auto a = parseNumber(item.substr(0, colon));
            auto b = parseNumber(item.substr(colon + 1));
            if (!a || !b) return std::nullopt;
            r.first = *a;
            r.last = *b;
        }
        set.m_ranges.push_back(r);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return set;
}

bool SequenceSet::contains(std::uint32_t n, std::uint32_t star) const {
    for (const SeqRange& r : m_ranges) {
        std::uint32_t a = r.first == 0 ? star : r.first;
        std::uint32_t b = r.last == 0 ? star : r.last;
        if (a > b) std::swap(a, b);
        if (n >= a && n <= b) return true;
    }
    return false;
}

std::uint32_t SequenceSet::maxExplicit() const {
    std::uint32_t m = 0;
    for (const SeqRange& r : m_ranges) {
        if (r.first > m) m = r.first;
        if (r.last > m) m = r.last;
    }
    return m;
}

bool SequenceSet::usesStar() const {
    for (const SeqRange& r : m_ranges)
        if (r.first == 0 || r.last == 0) return true;
    return false;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> SequenceSet::resolved(std::uint32_t star) const {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> r;
    r.reserve(m_ranges.size());
    for (const SeqRange& x : m_ranges) {
        std::uint32_t a = x.first == 0 ? star : x.first;
        std::uint32_t b = x.last == 0 ? star : x.last;
        if (a > b) std::swap(a, b);
        r.emplace_back(a, b);
    }
    std::sort(r.begin(), r.end());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
    for (const auto& x : r) {
        if (!merged.empty() && (x.first <= merged.back().second ||
                                (merged.back().second != 0xFFFFFFFFu && x.first == merged.back().second + 1))) {
            if (x.second > merged.back().second) merged.back().second = x.second;
        } else {
            merged.push_back(x);
        }
    }
    return merged;
}

bool inRanges(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ranges, std::uint32_t n) {
    auto it = std::upper_bound(ranges.begin(), ranges.end(), n,
                               [](std::uint32_t v, const std::pair<std::uint32_t, std::uint32_t>& r) { return v < r.first; });
    if (it == ranges.begin()) return false;
    --it;
    return n >= it->first && n <= it->second;
}

std::string formatNumberSet(const std::vector<std::uint32_t>& numbers) {
    std::string out;
    std::size_t i = 0;
    while (i < numbers.size()) {
        std::size_t j = i;
        while (j + 1 < numbers.size() && numbers[j] != 0xFFFFFFFFu && numbers[j + 1] == numbers[j] + 1) ++j;
        if (!out.empty()) out += ',';
        out += std::to_string(numbers[i]);
        if (j > i) out += ':' + std::to_string(numbers[j]);
        i = j + 1;
    }
    return out;
}

}  // namespace postino::imap
