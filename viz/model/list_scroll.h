// Where a list of rows of unequal height (wrapped text) under a frozen header scrolls to show one
// row: that row in the middle when it can be, the top row always whole (never half under the
// header), the last row whole at the end, with the room after it that this needs. Pure: pixels in.
#pragma once

#include <cstddef>
#include <vector>

namespace postino::viz {

struct ListScroll {
    float scroll = 0;   // from the first row's top
    float endRoom = 0;  // empty room to leave after the last row so `scroll` can be reached
};

// `tops`: each row's top and, last, the end of the last row (content y, growing); `view`: the
// height rows have under the header; `row` < tops.size() - 1.
ListScroll scrollToShow(const std::vector<float>& tops, float view, std::size_t row);

}  // namespace postino::viz
