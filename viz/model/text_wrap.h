// Where wrapped text breaks into lines: only at spaces and tabs (and at an explicit '\n'), so an address
// ("198.51.100.53"), a reply code ("250 2.0.0"), a host name or a quoted word never splits the way
// Dear ImGui's own wrap splits them (after '.', ',', '?', '"'). Only a word wider than a whole line
// is cut: after its last '/', '-' or '.' that fits, else between two UTF-8 characters (never
// inside one). Pure: text widths come from a callback; nothing is drawn here.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

namespace postino::viz {

using TextWidth = std::function<float(std::string_view)>;

// `text` as lines at most `maxWidth` wide (a line holds at least one character, however narrow
// the width). The lines are views into `text`: blanks (spaces, tabs) where a line breaks, and at
// the end of a line, are left out; blanks that open a paragraph stay when they fit. Empty text, and an empty
// paragraph between two '\n', give one empty line. Widths must add up: width(ab) = width(a) + width(b).
std::vector<std::string_view> wrapText(std::string_view text, float maxWidth, const TextWidth& width);

// The length in bytes of the UTF-8 character that starts at text[at] (1 for a stray byte), never
// running past the end of `text`.
std::size_t utf8CharLength(std::string_view text, std::size_t at);

}  // namespace postino::viz
