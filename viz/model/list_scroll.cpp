// scrollToShow: centre the row, then stop on a whole row.
#include "list_scroll.h"

#include <algorithm>

namespace postino::viz {

ListScroll scrollToShow(const std::vector<float>& tops, float view, std::size_t row) {
    if (tops.size() < 2 || row + 1 >= tops.size()) return {};
    const float first = tops.front(), end = tops.back() - first;
    const float last = std::max(0.0f, end - view);  // the scroll that shows the end
    const float centre = (tops[row] + tops[row + 1]) * 0.5f - first - view * 0.5f;
    const float target = std::clamp(centre, 0.0f, last);
    // To the nearest row's top; at the end up to the next one, with room after the last row.
    float scroll = end;
    for (std::size_t k = 0; k + 1 < tops.size(); ++k) {
        const float top = tops[k] - first;
        if (top < target - 0.5f) continue;
        scroll = top;
        const float above = k > 0 ? tops[k - 1] - first : top;
        if (k > 0 && target < last && target - above < top - target) scroll = above;
        break;
    }
    return {scroll, std::max(0.0f, scroll - last)};
}

}  // namespace postino::viz
