// The caption of one application write (or one DNS message): a short readable line of what
// it says ("EHLO laptop", "250 2.1.5 Ok", "DATA (Subject: Hello Bob)", "MX? recipient.example"),
// written by the simulation and stamped on each of its segments. Formatting only; no parsing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace postino::trace {

// At most this many code points, before a segment's " 3/12" is inserted.
constexpr std::size_t kCaptionMaxLength = 40;

struct Caption {
    std::string text;         // "DATA (Subject: Hello Bob)", "MAIL FROM:<alice@sender.example> +2"
    std::uint16_t partsAt = 0;  // where a segment's " 3/12" goes ("DATA| (Subject: ...)")

    bool operator==(const Caption&) const = default;
};

// The caption as one segment of its write shows it: "DATA 3/12 (Subject: Hello Bob)" for
// segment 3 of 12, the text alone for a write that fits one segment. Appends to `out`.
void appendCaption(const Caption& c, std::uint32_t segIndex, std::uint32_t segCount, std::string& out);
std::string captionText(const Caption& c, std::uint32_t segIndex, std::uint32_t segCount);

}  // namespace postino::trace
