#include "map_layout.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <queue>
#include <tuple>

namespace postino::viz {

namespace {

std::vector<MapPoint> fromPositions(const scenario::Scenario& s) {
    float minX = 1e30f, maxX = -1e30f, minY = 1e30f, maxY = -1e30f;
    for (const auto& n : s.nodes) {
        minX = std::min(minX, static_cast<float>(n.position->first));
        maxX = std::max(maxX, static_cast<float>(n.position->first));
        minY = std::min(minY, static_cast<float>(n.position->second));
        maxY = std::max(maxY, static_cast<float>(n.position->second));
    }
    // Each axis fills the map; nodes all in one row (or one column) stand in its middle.
    const auto place = [](float v, float min, float max) { return max - min < 1e-6f ? 0.5f : (v - min) / (max - min); };
    std::vector<MapPoint> out;
    for (const auto& n : s.nodes)
        out.push_back({place(static_cast<float>(n.position->first), minX, maxX),
                       place(static_cast<float>(n.position->second), minY, maxY)});
    return out;
}

std::vector<std::vector<std::size_t>> adjacency(const scenario::Scenario& s) {
    const std::size_t n = s.nodes.size();
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < n; ++i) index[s.nodes[i].id] = i;
    std::vector<std::vector<std::size_t>> adj(n);
    for (const auto& l : s.links) {
        auto a = index.find(l.a), b = index.find(l.b);
        if (a == index.end() || b == index.end()) continue;
        adj[a->second].push_back(b->second);
        adj[b->second].push_back(a->second);
    }
    return adj;
}

std::size_t centreOf(const scenario::Scenario& s, const std::vector<std::vector<std::size_t>>& adj) {
    const std::size_t n = s.nodes.size();
    // The centre: the node from which every other is fewest links away (the graph centre),
    // routers first, then the most links, then the first in the file.
    const auto eccentricity = [&](std::size_t from) {
        std::vector<int> d(n, -1);
        std::queue<std::size_t> q;
        d[from] = 0;
        q.push(from);
        int far = 0;
        while (!q.empty()) {
            const std::size_t u = q.front();
            q.pop();
            far = std::max(far, d[u]);
            for (std::size_t v : adj[u])
                if (d[v] < 0) d[v] = d[u] + 1, q.push(v);
        }
        return far;
    };
    std::size_t root = 0;
    std::tuple<int, int, int> best{1 << 30, 0, 0};
    for (std::size_t i = 0; i < n; ++i) {
        const std::tuple<int, int, int> key{eccentricity(i), s.nodes[i].type == scenario::NodeType::Router ? 0 : 1,
                                            -static_cast<int>(adj[i].size())};
        if (key < best) best = key, root = i;
    }
    return root;
}

}  // namespace

std::size_t mapCentre(const scenario::Scenario& s) {
    return s.nodes.empty() ? 0 : centreOf(s, adjacency(s));
}

std::vector<MapPoint> layoutMap(const scenario::Scenario& s) {
    const std::size_t n = s.nodes.size();
    if (n == 0) return {};
    if (std::all_of(s.nodes.begin(), s.nodes.end(), [](const auto& node) { return node.position.has_value(); }))
        return n == 1 ? std::vector<MapPoint>{MapPoint{}} : fromPositions(s);

    const std::vector<std::vector<std::size_t>> adj = adjacency(s);
    const std::size_t root = centreOf(s, adj);
    // BFS tree from the centre; unreachable nodes hang off the root.
    std::vector<int> depth(n, -1), parent(n, -1);
    std::vector<std::vector<std::size_t>> children(n);
    std::queue<std::size_t> q;
    depth[root] = 0;
    q.push(root);
    while (!q.empty()) {
        const std::size_t u = q.front();
        q.pop();
        for (std::size_t v : adj[u])
            if (depth[v] < 0) {
                depth[v] = depth[u] + 1;
                parent[v] = static_cast<int>(u);
                children[u].push_back(v);
                q.push(v);
            }
    }
    for (std::size_t i = 0; i < n; ++i)
        if (depth[i] < 0) {
            depth[i] = 1;
            children[root].push_back(i);
        }
    // Leaves per subtree: each leaf gets its own row (or column) on its side of the map.
    std::vector<int> leaves(n, 0);
    const auto countLeaves = [&](auto&& self, std::size_t u) -> int {
        int sum = 0;
        for (std::size_t v : children[u]) sum += self(self, v);
        return leaves[u] = std::max(1, sum);
    };
    countLeaves(countLeaves, root);

    // A dumbbell: the first branch of the centre on the left, the last on the right (the
    // sender's side and the recipient's, as scenarios list them), single nodes between them
    // above and below the centre, bigger middle branches on the lighter side.
    enum Side { Left, Right, Top, Bottom };
    std::vector<std::vector<std::size_t>> sides(4);
    const std::vector<std::size_t>& branches = children[root];
    int leftLeaves = 0, rightLeaves = 0, vertical = 0;
    for (std::size_t k = 0; k < branches.size(); ++k) {
        const std::size_t b = branches[k];
        Side side;
        if (k == 0) side = Left;
        else if (k + 1 == branches.size()) side = Right;
        else if (children[b].empty()) side = (vertical++ % 2 == 0) ? Top : Bottom;
        else side = leftLeaves <= rightLeaves ? Left : Right;
        if (side == Left) leftLeaves += leaves[b];
        if (side == Right) rightLeaves += leaves[b];
        sides[side].push_back(b);
    }
    if (sides[Right].empty() && sides[Left].size() > 1) {  // one big side: split it
        sides[Right].push_back(sides[Left].back());
        sides[Left].pop_back();
    }

    std::vector<MapPoint> out(n);
    out[root] = {0.5f, 0.5f};
    int deepest = 1;
    for (int d : depth) deepest = std::max(deepest, d);
    const float step = 0.5f / static_cast<float>(deepest);
    // Places a subtree: depth runs away from the centre along one axis, leaves spread along the other.
    const auto place = [&](auto&& self, std::size_t u, float from, float to, int dir, bool horizontal) -> void {
        const float along = 0.5f + static_cast<float>(dir) * step * static_cast<float>(depth[u]);
        const float across = (from + to) / 2;
        out[u] = horizontal ? MapPoint{along, across} : MapPoint{across, along};
        float at = from;
        for (std::size_t v : children[u]) {
            const float share = (to - from) * static_cast<float>(leaves[v]) / static_cast<float>(leaves[u]);
            self(self, v, at, at + share, dir, horizontal);
            at += share;
        }
    };
    for (int side : {Left, Right}) {
        int total = 0;
        for (std::size_t b : sides[side]) total += leaves[b];
        float at = 0;
        for (std::size_t b : sides[side]) {
            const float share = static_cast<float>(leaves[b]) / static_cast<float>(total);
            place(place, b, at, at + share, side == Left ? -1 : 1, true);
            at += share;
        }
    }
    // A crowded side (more than three leaves in a column) staggers its leaves in two columns,
    // so each label gets room.
    for (int side : {Left, Right}) {
        std::vector<std::size_t> column;
        const auto collect = [&](auto&& self, std::size_t u) -> void {
            if (children[u].empty()) column.push_back(u);
            for (std::size_t v : children[u]) self(self, v);
        };
        for (std::size_t b : sides[side]) collect(collect, b);
        if (column.size() <= 3) continue;
        std::sort(column.begin(), column.end(), [&](std::size_t a, std::size_t b) { return out[a].y < out[b].y; });
        for (std::size_t k = 1; k < column.size(); k += 2)
            out[column[k]].x += (side == Left ? 1.0f : -1.0f) * step * 0.6f;
    }
    for (int side : {Top, Bottom}) {
        const std::size_t count = sides[side].size();
        for (std::size_t k = 0; k < count; ++k) {
            const float from = 0.5f - 0.15f * static_cast<float>(count) + 0.3f * static_cast<float>(k);
            place(place, sides[side][k], from, from + 0.3f, side == Top ? -1 : 1, false);
        }
    }
    // Fill the whole map: stretch the bounding box to [0,1] on both axes.
    float minX = 1, maxX = 0, minY = 1, maxY = 0;
    for (const MapPoint& p : out) {
        minX = std::min(minX, p.x), maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y), maxY = std::max(maxY, p.y);
    }
    for (MapPoint& p : out) {
        p.x = maxX - minX > 1e-4f ? (p.x - minX) / (maxX - minX) : 0.5f;
        p.y = maxY - minY > 1e-4f ? (p.y - minY) / (maxY - minY) : 0.5f;
    }
    return out;
}

}  // namespace postino::viz
