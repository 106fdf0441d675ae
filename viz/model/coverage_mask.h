// How much of a screen area is taken, on a coarse grid (one bit per cell): ranks candidate
// places for a label by how much they would cover, in a few word operations each, when none is
// free. Pure geometry, no drawing; it answers in whole cells (an edge touched is a cell taken).
#pragma once

#include <cstdint>
#include <vector>

namespace postino::viz {

class CoverageMask {
public:
    // Spans [x0, x1) × [y0, y1) with square cells at least `minCell` wide (wider when more than
    // `maxCols` columns would be needed); nothing taken. Keeps its buffer between uses.
    void reset(float x0, float y0, float x1, float y1, float minCell, int maxCols = 512);
    // Marks every cell the rectangle touches (the part inside the span).
    void add(float x0, float y0, float x1, float y1);
    // The area of the marked cells the rectangle touches, plus the area of it outside the span
    // (which counts as taken); stops counting once past `enough`.
    float covered(float x0, float y0, float x1, float y1, float enough = 3.4e38f) const;
    float cell() const { return m_cell; }

private:
    // The cells [first, last] a span [a, b) touches along one axis, clamped to `count`; false when none.
    bool cells(float a, float b, float origin, int count, int& first, int& last) const;
    float m_x0 = 0, m_y0 = 0, m_x1 = 0, m_y1 = 0, m_cell = 1, m_perCell = 1;
    int m_cols = 0, m_rows = 0, m_words = 1;  // m_words: 64-bit words per row
    std::vector<std::uint64_t> m_bits;        // row after row
};

}  // namespace postino::viz
