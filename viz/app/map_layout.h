// Where each node sits on the map: the scenario's positions when every node has one,
// else a tree around the central router (the Internet), sender side left, recipient right.
#pragma once

#include "scenario/scenario.h"

#include <vector>

namespace postino::viz {

struct MapPoint {
    float x = 0.5f, y = 0.5f;
};

std::vector<MapPoint> layoutMap(const scenario::Scenario& scenario);
// The node the layout turns around: fewest links from every other (routers first). The map
// draws it as the Internet cloud when it is a router.
std::size_t mapCentre(const scenario::Scenario& scenario);

}  // namespace postino::viz
