// wrapText: lines broken at spaces; a word wider than a line cut after a '/', '-' or '.', else
// between UTF-8 characters.
#include "text_wrap.h"

namespace postino::viz {

namespace {

constexpr std::size_t kNone = std::string_view::npos;

bool isCutAfter(char c) { return c == '/' || c == '-' || c == '.'; }
bool isBlank(char c) { return c == ' ' || c == '\t'; }

// Cuts the word p[begin, end) (wider than a line) into lines: every full piece goes to `out`;
// the last piece, which fits, is returned for the words after it to join. `restWidth` is its width.
std::size_t cutWord(std::string_view p, std::size_t begin, std::size_t end, float maxWidth, const TextWidth& width,
                    std::vector<std::string_view>& out, float& restWidth) {
    for (;;) {
        float w = 0;
        std::size_t fitEnd = begin, lastCut = kNone;
        for (std::size_t k = begin; k < end;) {
            const std::size_t n = utf8CharLength(p.substr(0, end), k);
            const float cw = width(p.substr(k, n));
            if (fitEnd > begin && w + cw > maxWidth) break;  // a line holds at least one character
            w += cw, k += n, fitEnd = k;
            if (n == 1 && isCutAfter(p[k - 1])) lastCut = k;
        }
        if (fitEnd == end) {
            restWidth = w;
            return begin;
        }
        const std::size_t cut = lastCut != kNone ? lastCut : fitEnd;
        out.push_back(p.substr(begin, cut - begin));
        begin = cut;
    }
}

// One paragraph (no '\n' in it) into `out`.
void wrapParagraph(std::string_view p, float maxWidth, const TextWidth& width, float spaceWidth,
                   std::vector<std::string_view>& out) {
    std::size_t i = p.find_first_not_of(" \t");
    if (i == kNone) {  // empty, or only spaces
        out.push_back(p.substr(0, 0));
        return;
    }
    std::size_t lineBegin = kNone, lineEnd = 0, gapBegin = 0;
    float lineWidth = 0;
    while (i < p.size()) {
        const std::size_t wordBegin = i;
        while (i < p.size() && !isBlank(p[i])) ++i;
        const std::size_t wordEnd = i;
        const float wordWidth = width(p.substr(wordBegin, wordEnd - wordBegin));
        const std::size_t gap = wordBegin - gapBegin;
        const float gapWidth = gap == 0 ? 0.0f
                               : p.substr(gapBegin, gap).find('\t') == kNone ? spaceWidth * static_cast<float>(gap)
                                                                            : width(p.substr(gapBegin, gap));
        if (lineBegin != kNone && lineWidth + gapWidth + wordWidth <= maxWidth) {
            lineEnd = wordEnd, lineWidth += gapWidth + wordWidth;
        } else {
            const bool first = lineBegin == kNone;
            if (!first) out.push_back(p.substr(lineBegin, lineEnd - lineBegin));
            if (first && gapWidth + wordWidth <= maxWidth) {  // the paragraph's indent stays
                lineBegin = 0, lineWidth = gapWidth + wordWidth;
            } else if (wordWidth <= maxWidth) {
                lineBegin = wordBegin, lineWidth = wordWidth;
            } else {
                lineBegin = cutWord(p, wordBegin, wordEnd, maxWidth, width, out, lineWidth);
            }
            lineEnd = wordEnd;
        }
        gapBegin = wordEnd;
        while (i < p.size() && isBlank(p[i])) ++i;
    }
    out.push_back(p.substr(lineBegin, lineEnd - lineBegin));
}

}  // namespace

std::size_t utf8CharLength(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t expected = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF8 ? 4 : 1;
    std::size_t n = 1;
    while (n < expected && at + n < text.size() && (static_cast<unsigned char>(text[at + n]) & 0xC0) == 0x80) ++n;
    return n;
}

std::vector<std::string_view> wrapText(std::string_view text, float maxWidth, const TextWidth& width) {
    std::vector<std::string_view> lines;
    const float spaceWidth = width(" ");
    std::size_t begin = 0;
    for (;;) {
        const std::size_t newline = text.find('\n', begin);
        std::string_view p = text.substr(begin, newline == kNone ? kNone : newline - begin);
        if (!p.empty() && p.back() == '\r') p.remove_suffix(1);
        wrapParagraph(p, maxWidth, width, spaceWidth, lines);
        // A '\n' that ends the text ends its last line; it does not open an empty one.
        if (newline == kNone || newline + 1 == text.size()) break;
        begin = newline + 1;
    }
    return lines;
}

}  // namespace postino::viz
