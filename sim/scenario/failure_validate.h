// Whole-scenario checks of the actions that break the world and mend it: the node, link,
// mail server and mailbox each names, and their timelines (a node_up only for a node that is
// down then, no two outages of one node or link at once, no two smtp_error windows of one
// server or mailbox_full windows of one mailbox overlapping, no device acting while down).
// Must not re-check single values (failure_parse did) and must not throw.
#pragma once

#include "scenario/json_reader.h"
#include "scenario/scenario.h"
#include "scenario/scenario_parse.h"

#include <functional>
#include <string>

namespace postino::scenario {

// node_down, node_up, link_down, link_up, smtp_error, mailbox_full.
bool isFailureAction(ActionType t);
const char* failureActionName(ActionType t);

// The node with this id, or nullptr after reporting it unknown at `ptr` (scenario_validate's look-up).
using FindNode = std::function<const Node*(const std::string& id, const std::string& ptr)>;

void checkFailureActions(const Scenario& s, const ParseAux& aux, const FindNode& findNode, Diagnostics& d);

}  // namespace postino::scenario
