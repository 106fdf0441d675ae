// IMAP sequence sets ("1:4,7,9:*") for message sequence numbers and UIDs, and the compact
// UID sets of COPYUID/APPENDUID. RFC 3501 9 (sequence-set, seq-number), RFC 4315 (uid-set).
// Syntax and membership only: it knows nothing about mailboxes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postino::imap {

struct SeqRange {
    std::uint32_t first = 0;  // 0 stands for "*"
    std::uint32_t last = 0;
};

class SequenceSet {
public:
    // nullopt for anything that is not a valid sequence-set (0, empty items, overflow...).
    static std::optional<SequenceSet> parse(std::string_view text);

    // Is `n` in the set when "*" means `star` (the largest number in use; 0 if none)?
    // A range is unordered: "4:2" is "2:4"; "9:*" always holds `star` (RFC 3501 6.4.8).
    bool contains(std::uint32_t n, std::uint32_t star) const;
    // The largest number written explicitly (0 when only "*" appears).
    std::uint32_t maxExplicit() const;
    bool usesStar() const;
    const std::vector<SeqRange>& ranges() const { return m_ranges; }
    // The set as sorted, merged, inclusive [first, last] ranges with "*" = `star`, for
    // fast look-ups with inRanges() (a 64 KiB set has ~13,000 items).
    std::vector<std::pair<std::uint32_t, std::uint32_t>> resolved(std::uint32_t star) const;

private:
    std::vector<SeqRange> m_ranges;
};

bool inRanges(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ranges, std::uint32_t n);

// "1:3,7,9:10" for these numbers, in the given order (runs of +1 steps become ranges).
std::string formatNumberSet(const std::vector<std::uint32_t>& numbers);

}  // namespace postino::imap
