// layoutHeader: the lifeline name boxes, on one line, on two, or asking for wider lanes.
#include "sequence_header.h"

#include <algorithm>
#include <cstdlib>

namespace postino::viz {

namespace {

float boxWidth(const std::vector<std::string>& lines, const TextWidth& width, float pad) {
    float w = 0;
    for (const std::string& l : lines) w = std::max(w, width(l));
    return w + 2 * pad;
}

// Centred boxes pushed off their neighbours; whether each still covers its lifeline and none overlap.
bool place(std::vector<HeaderBox>& boxes, float firstCentre, float laneW, float areaLeft, float areaRight, float pad,
           float gap) {
    const std::size_t n = boxes.size();
    const auto centre = [&](std::size_t k) { return firstCentre + laneW * static_cast<float>(k); };
    for (std::size_t k = 0; k < n; ++k) boxes[k].left = centre(k) - boxes[k].width * 0.5f;
    for (std::size_t k = 0; k < n; ++k)  // push right off the left neighbour
        boxes[k].left = std::max(boxes[k].left, k ? boxes[k - 1].left + boxes[k - 1].width + gap : areaLeft);
    for (std::size_t k = n; k-- > 0;)  // push left off the right neighbour
        boxes[k].left = std::min(boxes[k].left, (k + 1 < n ? boxes[k + 1].left - gap : areaRight) - boxes[k].width);
    for (std::size_t k = 0; k < n; ++k) {
        const float margin = std::min(pad, boxes[k].width * 0.5f);  // the lifeline leaves the box's bottom
        const float leftLimit = k ? boxes[k - 1].left + boxes[k - 1].width + gap : areaLeft;
        if (!(boxes[k].left >= leftLimit - 0.5f && boxes[k].left <= centre(k) - margin &&
              boxes[k].left + boxes[k].width >= centre(k) + margin))
            return false;
    }
    return true;
}

}  // namespace

std::pair<std::string, std::string> splitName(std::string_view name) {
    std::size_t best = std::string_view::npos;
    for (std::size_t i = 1; i + 1 < name.size(); ++i) {
        if (name[i] != '-' && name[i] != '.' && name[i] != '_' && name[i] != ' ') continue;
        const auto off = [&](std::size_t at) { return std::abs(static_cast<long>(2 * at) - static_cast<long>(name.size())); };
        if (best == std::string_view::npos || off(i) < off(best)) best = i;
    }
    if (best == std::string_view::npos) return {std::string(name), ""};
    // The separator ends the first line; a space is dropped.
    const std::size_t cut = name[best] == ' ' ? best : best + 1;
    return {std::string(name.substr(0, cut)), std::string(name.substr(best + 1))};
}

HeaderLayout layoutHeader(const std::vector<std::string>& names, const TextWidth& width, float firstCentre,
                          float laneWidth, float areaLeft, float areaRight, float pad, float gap) {
    HeaderLayout out;
    out.boxes.resize(names.size());
    for (std::size_t k = 0; k < names.size(); ++k) {
        out.boxes[k].lines = {names[k]};
        out.boxes[k].width = boxWidth(out.boxes[k].lines, width, pad);
    }
    if (place(out.boxes, firstCentre, laneWidth, areaLeft, areaRight, pad, gap)) return out;
    // Two lines for the names too wide for their lane.
    for (std::size_t k = 0; k < names.size(); ++k) {
        HeaderBox& b = out.boxes[k];
        if (b.width + gap <= laneWidth) continue;
        auto [first, second] = splitName(names[k]);
        if (second.empty()) continue;
        b.lines = {first, second};
        b.width = boxWidth(b.lines, width, pad);
        out.lines = 2;
    }
    out.fits = place(out.boxes, firstCentre, laneWidth, areaLeft, areaRight, pad, gap);
    float widest = 0;
    for (const HeaderBox& b : out.boxes) widest = std::max(widest, b.width);
    out.neededLaneWidth = out.fits ? laneWidth : widest + gap;
    return out;
}

}  // namespace postino::viz
