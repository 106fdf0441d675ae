// Where the sequence diagram's lifeline names go: one box per lifeline, centred over it, nudged
// sideways when a long name needs a short neighbour's room, wrapped into two lines at a '-', '.',
// '_' or space when one line does not fit, and never cut: when even two lines do not fit, it says
// how wide the lanes must be (the diagram then scrolls sideways). Pure: text widths come from a callback.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postino::viz {

struct HeaderBox {
    float left = 0, width = 0;       // x in the diagram's content
    std::vector<std::string> lines;  // the name on one or two lines
};

struct HeaderLayout {
    std::vector<HeaderBox> boxes;
    int lines = 1;       // the header's text lines: 1, or 2 when a name is wrapped
    bool fits = true;    // false: the boxes would overlap; widen the lanes to neededLaneWidth
    float neededLaneWidth = 0;  // the lane width at which every box fits in its own lane
};

using TextWidth = std::function<float(std::string_view)>;

// `names` left to right; lane k's centre is firstCentre + laneWidth * k; boxes stay within
// [areaLeft, areaRight]; `pad` inside a box on each side, `gap` between boxes.
HeaderLayout layoutHeader(const std::vector<std::string>& names, const TextWidth& width, float firstCentre,
                          float laneWidth, float areaLeft, float areaRight, float pad, float gap);

// A name on two lines, broken at the separator nearest its middle ("alice-" / "laptop",
// "mail." / "example.org"); {name, ""} when it has no separator to break at.
std::pair<std::string, std::string> splitName(std::string_view name);

}  // namespace postino::viz
