// What the World writes into one host's settings from the scenario, as an administrator would:
// the host names of the peers the scenario names by node id, the name server's address
// (resolv.conf), a hosts file for a host without one, mynetworks. Reads the scenario only.
#pragma once

#include "net/network.h"
#include "nodes/node_context.h"
#include "scenario/scenario.h"

#include <string>
#include <unordered_map>

namespace postino::world {

// `byId` maps every node id of `scenario` to its index.
HostSettings hostSettings(const scenario::Scenario& scenario, net::NodeIndex index,
                          const std::unordered_map<std::string, net::NodeIndex>& byId);

}  // namespace postino::world
