#include "trace/caption.h"

#include <algorithm>
#include <charconv>

namespace postino::trace {

namespace {
void appendNumber(std::string& out, std::uint32_t n) {
    char buf[12];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, r.ptr);
}
}  // namespace

void appendCaption(const Caption& c, std::uint32_t segIndex, std::uint32_t segCount, std::string& out) {
    const std::size_t at = std::min<std::size_t>(c.partsAt, c.text.size());
    out.append(c.text, 0, at);
    if (segCount > 1) {
        out += ' ';
        appendNumber(out, segIndex);
        out += '/';
        appendNumber(out, segCount);
    }
    out.append(c.text, at);
}

std::string captionText(const Caption& c, std::uint32_t segIndex, std::uint32_t segCount) {
    std::string out;
    appendCaption(c, segIndex, segCount, out);
    return out;
}

}  // namespace postino::trace
