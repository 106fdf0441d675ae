// A router node: it only forwards packets, which the Network does for it.
// It exists so the topology, the trace and the map can name it.
#pragma once

#include "nodes/node.h"

namespace postino::world {

class RouterNode : public Node {
public:
    using Node::Node;
};

}  // namespace postino::world
