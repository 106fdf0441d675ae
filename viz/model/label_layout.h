// Where the map writes the labels of packets in flight: beside or ahead of each packet along
// its link, never over a node's icon, name or badge (the obstacles) nor over another label;
// a label with no free place is dropped, except the one that must show (the selected packet).
// Pure screen geometry, no drawing: a uniform grid keeps 2,000 packets cheap.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace postino::viz {

struct LabelRect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool overlaps(const LabelRect& o) const { return x0 < o.x1 && x1 > o.x0 && y0 < o.y1 && y1 > o.y0; }
};

struct LabelRequest {
    float x = 0, y = 0;    // the packet on screen
    float dx = 1, dy = 0;  // where it goes (unit vector on screen)
    float w = 0, h = 0;    // the label's box
    bool mustShow = false;  // placed even where every candidate is covered (least covered)
    std::uint32_t group = 0;  // at most one label per group (0: none), e.g. one per link and direction
    float shortW = 0;         // the width of a shortened label, tried last on a crowded map; 0: none
    float clearance = 0;      // room kept around the packet beyond the gap (a padlock is larger than a dot)
};

struct LabelPlacement {
    bool shown = false;
    bool shortened = false;  // placed at shortW: draw the label's start and "…"
    LabelRect box;
};

class LabelLayout {
public:
    // `bounds`: the map area (labels stay inside); `gap`: free space kept around a dot and
    // between labels. Obstacles and already placed labels are kept for the next call.
    void reset(LabelRect bounds, float gap);
    void addObstacle(const LabelRect& r);
    // Places the requests in order (earlier ones get the better places; a request whose group
    // already shows a label is skipped); writes one placement per request into `out`.
    void place(std::span<const LabelRequest> requests, std::vector<LabelPlacement>& out);
    // The candidate boxes tried for one request, best first (for tests and the arrow).
    static constexpr int kCandidates = 10;
    // Labels tried in each of the costlier passes (far, shortened) per frame; a lesson's map has
    // far fewer links, a 200-node world keeps its frame cheap.
    static constexpr std::size_t kFallbackBudget = 48;
    static int candidates(const LabelRequest& r, float gap, LabelRect (&out)[kCandidates]);

private:
    bool free(const LabelRect& r) const;
    bool fits(const LabelRect& label) const;  // free with the gap around it
    // The leader from the packet to the box crosses no obstacle (a node's icon or name).
    bool leaderClear(float x, float y, const LabelRect& box) const;
    float covered(const LabelRect& r) const;
    void insert(const LabelRect& r);
    int cellX(float x) const;
    int cellY(float y) const;

    LabelRect m_bounds;
    float m_gap = 4;
    float m_cell = 64;
    int m_cols = 1, m_rows = 1;
    std::vector<LabelRect> m_rects;
    std::vector<std::vector<std::uint32_t>> m_grid;  // per cell: indices into m_rects
    mutable std::vector<std::uint32_t> m_seen;       // per rect: last query stamp
    std::vector<std::uint8_t> m_obstacle;            // per rect: an obstacle (not a label)
    mutable std::uint32_t m_stamp = 0;
    std::vector<std::uint8_t> m_groupShown;    // per group: its label is placed
    std::vector<std::uint8_t> m_groupTried;    // per group, in the far and shortened passes
};

}  // namespace postino::viz
