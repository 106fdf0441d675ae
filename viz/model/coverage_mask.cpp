#include "model/coverage_mask.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace postino::viz {

namespace {

// The bits [from, to] of one 64-bit word (0 <= from <= to <= 63).
std::uint64_t bitsBetween(int from, int to) {
    const std::uint64_t upTo = to == 63 ? ~std::uint64_t{0} : (std::uint64_t{1} << (to + 1)) - 1;
    return upTo & ~((std::uint64_t{1} << from) - 1);
}

}  // namespace

void CoverageMask::reset(float x0, float y0, float x1, float y1, float minCell, int maxCols) {
    m_x0 = x0, m_y0 = y0, m_x1 = std::max(x0, x1), m_y1 = std::max(y0, y1);
    maxCols = std::max(maxCols, 1);
    m_cell = std::max({minCell, (m_x1 - m_x0) / static_cast<float>(maxCols), 1.0f});
    m_perCell = 1.0f / m_cell;
    m_cols = std::clamp(static_cast<int>(std::ceil((m_x1 - m_x0) / m_cell)), 1, maxCols);
    m_rows = std::clamp(static_cast<int>(std::ceil((m_y1 - m_y0) / m_cell)), 1, 8192);
    m_words = (m_cols + 63) / 64;
    m_bits.assign(static_cast<std::size_t>(m_rows) * static_cast<std::size_t>(m_words), 0);
}

bool CoverageMask::cells(float a, float b, float origin, int count, int& first, int& last) const {
    if (!(b > a)) return false;
    const float n = static_cast<float>(count);
    const float lo = (a - origin) * m_perCell, hi = std::min((b - origin) * m_perCell, n);
    if (hi <= 0 || lo >= n) return false;
    first = lo <= 0 ? 0 : static_cast<int>(lo);  // floor, for lo >= 0
    const int whole = static_cast<int>(hi);
    last = static_cast<float>(whole) < hi ? whole : whole - 1;  // ceil(hi) - 1, for 0 < hi <= n
    return first <= last;
}

void CoverageMask::add(float x0, float y0, float x1, float y1) {
    int c0 = 0, c1 = 0, r0 = 0, r1 = 0;
    if (!cells(x0, x1, m_x0, m_cols, c0, c1) || !cells(y0, y1, m_y0, m_rows, r0, r1)) return;
    for (int r = r0; r <= r1; ++r) {
        std::uint64_t* row = &m_bits[static_cast<std::size_t>(r) * static_cast<std::size_t>(m_words)];
        for (int w = c0 / 64; w <= c1 / 64; ++w)
            row[w] |= bitsBetween(w == c0 / 64 ? c0 % 64 : 0, w == c1 / 64 ? c1 % 64 : 63);
    }
}

float CoverageMask::covered(float x0, float y0, float x1, float y1, float enough) const {
    const float w = std::max(0.0f, x1 - x0), h = std::max(0.0f, y1 - y0);
    // Outside the span: the strips beyond each side (a corner counted twice, as taken is taken).
    float area = (std::max(0.0f, m_x0 - x0) + std::max(0.0f, x1 - m_x1)) * h +
                 (std::max(0.0f, m_y0 - y0) + std::max(0.0f, y1 - m_y1)) * w;
    int c0 = 0, c1 = 0, r0 = 0, r1 = 0;
    if (area >= enough || !cells(x0, x1, m_x0, m_cols, c0, c1) || !cells(y0, y1, m_y0, m_rows, r0, r1)) return area;
    const float cellArea = m_cell * m_cell;
    for (int r = r0; r <= r1 && area < enough; ++r) {
        const std::uint64_t* row = &m_bits[static_cast<std::size_t>(r) * static_cast<std::size_t>(m_words)];
        int count = 0;
        for (int k = c0 / 64; k <= c1 / 64; ++k)
            count += std::popcount(row[k] & bitsBetween(k == c0 / 64 ? c0 % 64 : 0, k == c1 / 64 ? c1 % 64 : 63));
        area += static_cast<float>(count) * cellArea;
    }
    return area;
}

}  // namespace postino::viz
