// Checks that need the whole scenario: unique ids, addresses and host names,
// link endpoints and connectivity, references between nodes (account.server,
// resolver, action.node/from), mail domain ownership, zone contents, the mailbox
// count, the failure actions (failure_validate.h), and the byte budget of the actions
// (scenario_budget.h).
// Must not re-check single-value syntax (scenario_parse did) and must not throw.
#pragma once

#include "scenario/json_reader.h"
#include "scenario/scenario.h"
#include "scenario/scenario_parse.h"

namespace postino::scenario {

void validateScenario(const Scenario& s, const ParseAux& aux, Diagnostics& d);

}  // namespace postino::scenario
