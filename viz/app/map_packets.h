// The packets in flight on the network map: a dot with an arrowhead toward where it goes,
// TCP control segments small and muted (or hidden), and the caption of the packet in front on
// each link and direction laid out around node icons, names, badges and other labels
// (model/label_layout). Drawing only; what crosses comes from SceneState.
#pragma once

#include "model/label_layout.h"
#include "view_context.h"

#include <imgui.h>

#include <span>
#include <utility>
#include <vector>

namespace postino::viz {

struct PacketsOnMap {
    std::vector<ImVec2> nodeAt;                        // each node's centre on screen
    std::span<const std::pair<ImVec2, ImVec2>> obstacles;  // icons, names, badges: never covered
    ImVec2 p0, size;                                   // the map area
    float scale = 1;
};

// The dots, drawn before the nodes so they pass under icons and names; returns the index (into
// ctx.state.packets) of the packet under the mouse, or -1. `obstacles` is not needed yet.
int drawPacketDots(ImDrawList* dl, const ViewContext& ctx, const PacketsOnMap& map);
// Then, over everything, the labels laid out around `obstacles`; returns the packet under the
// mouse (a label counts), else `hoveredPacket`.
int drawPacketLabels(ImDrawList* dl, const ViewContext& ctx, const PacketsOnMap& map, int hoveredPacket);

}  // namespace postino::viz
