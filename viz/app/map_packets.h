// The packets in flight on the network map: a dot with an arrowhead toward where it goes,
// TCP control segments small and muted (or hidden), and the caption of the packet in front on
// each link and direction laid out around node icons, names, badges and other labels
// (model/label_layout). Drawing only; what crosses comes from SceneState.
#pragma once

#include "model/label_layout.h"
#include "view_context.h"

#include <imgui.h>

#include <utility>
#include <vector>

namespace postino::viz {

struct PacketsOnMap {
    std::vector<ImVec2> nodeAt;                        // each node's centre on screen
    std::vector<std::pair<ImVec2, ImVec2>> obstacles;  // icons, names, badges: never covered
    ImVec2 p0, size;                                   // the map area
    float scale = 1;
    // Draw-list channels when the map splits its drawing into layers (-1: draw in the current one):
    // the dots go under the node icons and names, the labels over everything.
    int dotChannel = -1, labelChannel = -1;
};

// Draws them; returns the index (into ctx.state.packets) of the packet under the mouse, or -1.
int drawPacketsInFlight(ImDrawList* dl, const ViewContext& ctx, const PacketsOnMap& map);

}  // namespace postino::viz
