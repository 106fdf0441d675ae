#include "model/label_layout.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace postino::viz {

namespace {
constexpr int kMaxCells = 4096;
}

void LabelLayout::reset(LabelRect bounds, float gap) {
    m_bounds = bounds;
    m_gap = gap;
    const float w = std::max(1.0f, bounds.x1 - bounds.x0), h = std::max(1.0f, bounds.y1 - bounds.y0);
    m_cell = std::max(32.0f, std::sqrt(w * h / kMaxCells));
    m_cols = std::max(1, static_cast<int>(std::ceil(w / m_cell)));
    m_rows = std::max(1, static_cast<int>(std::ceil(h / m_cell)));
    const std::size_t cells = static_cast<std::size_t>(m_cols) * static_cast<std::size_t>(m_rows);
    if (m_grid.size() < cells) m_grid.resize(cells);
    for (std::size_t i = 0; i < cells; ++i) m_grid[i].clear();  // keeps their buffers
    m_rects.clear();
    m_seen.clear();
    m_obstacle.clear();
    m_stamp = 0;
}

int LabelLayout::cellX(float x) const {
    return std::clamp(static_cast<int>(std::floor((x - m_bounds.x0) / m_cell)), 0, m_cols - 1);
}
int LabelLayout::cellY(float y) const {
    return std::clamp(static_cast<int>(std::floor((y - m_bounds.y0) / m_cell)), 0, m_rows - 1);
}

void LabelLayout::insert(const LabelRect& r) {
    const auto id = static_cast<std::uint32_t>(m_rects.size());
    m_rects.push_back(r);
    m_seen.push_back(0);
    m_obstacle.push_back(0);
    for (int cy = cellY(r.y0); cy <= cellY(r.y1); ++cy)
        for (int cx = cellX(r.x0); cx <= cellX(r.x1); ++cx)
            m_grid[static_cast<std::size_t>(cy) * static_cast<std::size_t>(m_cols) + static_cast<std::size_t>(cx)].push_back(id);
}

void LabelLayout::addObstacle(const LabelRect& r) {
    insert(r);
    m_obstacle.back() = 1;
}

namespace {
// Does the segment a-b cross the rectangle (Liang-Barsky clipping)?
bool segmentCrosses(float ax, float ay, float bx, float by, const LabelRect& r) {
    float t0 = 0, t1 = 1;
    const float dx = bx - ax, dy = by - ay;
    const float p[4] = {-dx, dx, -dy, dy}, q[4] = {ax - r.x0, r.x1 - ax, ay - r.y0, r.y1 - ay};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
            continue;
        }
        const float t = q[i] / p[i];
        if (p[i] < 0) t0 = std::max(t0, t);
        else t1 = std::min(t1, t);
        if (t0 > t1) return false;
    }
    return true;
}
}  // namespace

bool LabelLayout::leaderClear(float x, float y, const LabelRect& box) const {
    const float ex = std::clamp(x, box.x0, box.x1), ey = std::clamp(y, box.y0, box.y1);
    const LabelRect span{std::min(x, ex), std::min(y, ey), std::max(x, ex), std::max(y, ey)};
    for (int cy = cellY(span.y0); cy <= cellY(span.y1); ++cy)
        for (int cx = cellX(span.x0); cx <= cellX(span.x1); ++cx)
            for (std::uint32_t id : m_grid[static_cast<std::size_t>(cy) * static_cast<std::size_t>(m_cols) + static_cast<std::size_t>(cx)])
                if (m_obstacle[id] && segmentCrosses(x, y, ex, ey, m_rects[id])) {
                    const LabelRect& o = m_rects[id];
                    if (x >= o.x0 && x <= o.x1 && y >= o.y0 && y <= o.y1) continue;  // it starts on the node it reaches
                    return false;
                }
    return true;
}

bool LabelLayout::free(const LabelRect& r) const {
    const float slack = m_gap;  // `r` is padded by half the gap; the label itself may touch the edge
    if (r.x0 + slack < m_bounds.x0 || r.y0 + slack < m_bounds.y0 || r.x1 - slack > m_bounds.x1 || r.y1 - slack > m_bounds.y1)
        return false;
    for (int cy = cellY(r.y0); cy <= cellY(r.y1); ++cy)
        for (int cx = cellX(r.x0); cx <= cellX(r.x1); ++cx)
            for (std::uint32_t id : m_grid[static_cast<std::size_t>(cy) * static_cast<std::size_t>(m_cols) + static_cast<std::size_t>(cx)])
                if (m_rects[id].overlaps(r)) return false;
    return true;
}

float LabelLayout::covered(const LabelRect& r) const {
    ++m_stamp;
    float area = 0;
    const auto clip = [](float a0, float a1, float b0, float b1) { return std::max(0.0f, std::min(a1, b1) - std::max(a0, b0)); };
    const float inside = clip(r.x0, r.x1, m_bounds.x0, m_bounds.x1) * clip(r.y0, r.y1, m_bounds.y0, m_bounds.y1);
    area += (r.x1 - r.x0) * (r.y1 - r.y0) - inside;  // off the map counts as covered
    for (int cy = cellY(r.y0); cy <= cellY(r.y1); ++cy)
        for (int cx = cellX(r.x0); cx <= cellX(r.x1); ++cx)
            for (std::uint32_t id : m_grid[static_cast<std::size_t>(cy) * static_cast<std::size_t>(m_cols) + static_cast<std::size_t>(cx)]) {
                if (m_seen[id] == m_stamp) continue;
                m_seen[id] = m_stamp;
                const LabelRect& o = m_rects[id];
                area += clip(r.x0, r.x1, o.x0, o.x1) * clip(r.y0, r.y1, o.y0, o.y1);
            }
    return area;
}

int LabelLayout::candidates(const LabelRequest& r, float gap, LabelRect (&out)[kCandidates]) {
    // The side of the link the label sits on: the normal that points up the screen (or
    // right for a vertical link), so labels of the two directions of one link part ways.
    float nx = -r.dy, ny = r.dx;
    if (ny > 0 || (ny == 0 && nx < 0)) nx = -nx, ny = -ny;
    const float hw = r.w / 2, hh = r.h / 2;
    // Distance from the dot to the box edge along a unit vector (u, v): the box's support.
    const auto reach = [&](float u, float v) { return std::abs(u) * hw + std::abs(v) * hh + gap + r.clearance; };
    const auto box = [&](float cx, float cy) { return LabelRect{cx - hw, cy - hh, cx + hw, cy + hh}; };
    const float side = reach(nx, ny), ahead = reach(r.dx, r.dy);
    // Beside the packet and a little ahead: it leans toward where the packet goes.
    const float lean = std::min(ahead, hw * 0.6f + gap);
    int n = 0;
    out[n++] = box(r.x + nx * side + r.dx * lean, r.y + ny * side + r.dy * lean);
    out[n++] = box(r.x - nx * side + r.dx * lean, r.y - ny * side + r.dy * lean);
    out[n++] = box(r.x + r.dx * ahead, r.y + r.dy * ahead);
    out[n++] = box(r.x + nx * side, r.y + ny * side);
    out[n++] = box(r.x - nx * side, r.y - ny * side);
    // Behind it, last: near a node or the map's edge there may be no room ahead.
    out[n++] = box(r.x + nx * side - r.dx * lean, r.y + ny * side - r.dy * lean);
    out[n++] = box(r.x - nx * side - r.dx * lean, r.y - ny * side - r.dy * lean);
    out[n++] = box(r.x - r.dx * ahead, r.y - r.dy * ahead);
    // Further off the link, clear of the icons at its ends (a short link between two nodes).
    const float far = side + r.h * 1.6f;
    out[n++] = box(r.x + nx * far, r.y + ny * far);
    out[n++] = box(r.x - nx * far, r.y - ny * far);
    return n;
}

namespace {
// A label never hides its own packet: a box slid back into the map may come over it.
bool hidesPacket(const LabelRequest& r, const LabelRect& c, float gap) {
    const float keep = gap * 0.5f + r.clearance;
    return r.x > c.x0 - keep && r.x < c.x1 + keep && r.y > c.y0 - keep && r.y < c.y1 + keep;
}

// A box that would leave the map slides back in (a packet near the edge).
LabelRect inside(LabelRect c, const LabelRect& b) {
    const float shiftX = std::max(0.0f, b.x0 - c.x0) - std::max(0.0f, c.x1 - b.x1);
    const float shiftY = std::max(0.0f, b.y0 - c.y0) - std::max(0.0f, c.y1 - b.y1);
    return {c.x0 + shiftX, c.y0 + shiftY, c.x1 + shiftX, c.y1 + shiftY};
}
}  // namespace

bool LabelLayout::fits(const LabelRect& c) const {
    return free({c.x0 - m_gap / 2, c.y0 - m_gap / 2, c.x1 + m_gap / 2, c.y1 + m_gap / 2});
}

void LabelLayout::place(std::span<const LabelRequest> requests, std::vector<LabelPlacement>& out) {
    out.assign(requests.size(), LabelPlacement{});
    std::uint32_t maxGroup = 0;
    for (const LabelRequest& r : requests) maxGroup = std::max(maxGroup, r.group);
    m_groupShown.assign(maxGroup + 1, 0);
    const auto groupShown = [&](std::uint32_t group) { return group != 0 && m_groupShown[group]; };
    LabelRect cand[kCandidates];
    // First pass: next to the packet (the next one back on a link before a far place for the
    // front one). Second pass, for what is still without a label: further out around the packet,
    // the leader line tells whose it is.
    // Then the same two with a shorter label (its start and "…"), on a crowded map.
    // The far and shortened places are tried for the first request of each group only (the
    // packet in front): on a map with thousands of packets most labels find no room, cheaply.
    for (int pass = 0; pass < 4; ++pass) {
        const bool near = pass % 2 == 0, shortened = pass >= 2;
        if (pass > 0) m_groupTried.assign(maxGroup + 1, 0);
        std::size_t tries = 0;
        for (std::size_t i = 0; i < requests.size(); ++i) {
            LabelRequest r = requests[i];
            if (out[i].shown || groupShown(r.group)) continue;
            if (pass > 0 && r.group != 0) {
                if (m_groupTried[r.group]) continue;
                m_groupTried[r.group] = 1;
            }
            if (pass > 0 && ++tries > kFallbackBudget) break;  // a map full of packets: the rest go without
            if (shortened) {
                if (r.shortW <= 0 || r.shortW >= r.w) continue;
                r.w = r.shortW;
            }
            bool found = false;
            LabelRect chosen;
            if (near) {
                const int n = candidates(r, m_gap, cand);
                for (int k = 0; k < n; ++k) cand[k] = inside(cand[k], m_bounds);
                for (int k = 0; k < n && !found; ++k)
                    if (fits(cand[k]) && !hidesPacket(r, cand[k], m_gap) && leaderClear(r.x, r.y, cand[k]))
                        found = true, chosen = cand[k];
                // A label that must show takes the least covered place only once nothing free is
                // left for it: after the far places and with its shorter form when it has one.
                const bool lastChance = pass == 2 || requests[i].shortW <= 0 || requests[i].shortW >= requests[i].w;
                if (!found && r.mustShow && lastChance) {
                    float least = FLT_MAX;
                    for (int k = 0; k < n; ++k)
                        if (const float c = covered(cand[k]); c < least) least = c, chosen = cand[k], found = true;
                }
            } else {
                // The nearest free place on a grid around the packet.
                static constexpr float kFx[] = {-1.2f, -0.85f, -0.65f, -0.5f, 0.0f, 0.5f, 0.65f, 0.85f, 1.2f};
                static constexpr float kFy[] = {-4.0f, -2.5f, -1.5f, 0.0f, 1.5f, 2.5f, 4.0f};
                float best = FLT_MAX;
                for (float fx : kFx)
                    for (float fy : kFy) {
                        if (fx == 0 && fy == 0) continue;
                        const float cx = r.x + fx * r.w, cy = r.y + fy * r.h;
                        const LabelRect c = inside({cx - r.w / 2, cy - r.h / 2, cx + r.w / 2, cy + r.h / 2}, m_bounds);
                        const float ddx = (c.x0 + c.x1) / 2 - r.x, ddy = (c.y0 + c.y1) / 2 - r.y;
                        const float d = ddx * ddx + ddy * ddy;
                        if (d < best && fits(c) && !hidesPacket(r, c, m_gap) && leaderClear(r.x, r.y, c))
                            best = d, chosen = c, found = true;
                    }
            }
            out[i].shortened = shortened;
            if (!found) continue;
            out[i].shown = true;
            out[i].box = chosen;
            insert(chosen);
            if (r.group != 0) m_groupShown[r.group] = 1;
        }
    }
}

}  // namespace postino::viz
