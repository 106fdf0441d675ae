// The invariants every run must keep, beyond checkNothingLost: a run ends within a bounded number
// of events and a bounded trace; mail still queued waits on a server that is down, with its reason;
// every bounce goes from the null sender to the original sender and is never itself bounced;
// every delivery is in the mailbox exactly once; relayed mail arrives at the next hop; no mail
// circles past the hop limit. Also tallies what the runs exercised. Test-only code.
#pragma once

#include "scenario/scenario.h"
#include "world/world.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace postino::testing {

struct RunBudget {
    std::uint64_t maxEvents = 3'000'000;
    std::size_t maxTraceRecords = 3'000'000;     // packets + hops + lines + events + queue records
    Duration horizon = Duration::seconds(86400);  // simulated time by which every event must be over
};

// Runs the world in slices of simulated time until nothing is pending, or a budget is spent.
// Empty when the run ended; else what was exceeded.
std::string runWithinBudget(world::World& w, const RunBudget& budget = {});

// What a batch of runs went through, so a test can tell its generator reaches every case.
struct Coverage {
    std::size_t runs = 0, mails = 0, recipients = 0;
    std::size_t delivered = 0, relayed = 0, bounced = 0, stillQueued = 0, bounceMails = 0;
    std::size_t deferredThenDelivered = 0;     // a recipient deferred at least once, then delivered or relayed
    std::map<std::string, std::size_t> cases;  // "unknown user", "NXDOMAIN", "hop limit", ...
    std::uint64_t maxEvents = 0;  // the most simulator events one run needed
};

// Checks the invariants on a finished run of `s` (Catch2 CHECKs) and adds to `coverage`.
void checkMailInvariants(world::World& w, const scenario::Scenario& s, Coverage& coverage);

}  // namespace postino::testing
