// Big generated worlds for the benchmarks: 50 clients at sender.example sending one
// mail every 50 ms, half to recipient.example (MX look-up + relay), half locally; and a
// 10,000-node router star with a few mail clients (routing cost).
#pragma once

#include "scenario/scenario.h"

namespace postino::bench {

scenario::Scenario generateMailScenario(int mails);

// The same world with failures in the mix: one mail in ten goes to a user recipient.example does
// not have (550 5.1.1 at RCPT, a bounce back to the sender), and recipient.example's server answers
// 451 at the end of DATA for 0.2 s in every 2 s, so about one mail in twenty is deferred and
// delivered at its retry (mail-a's minimal backoff is 7 s, out of step with the 2 s windows).
scenario::Scenario generateFailureMixScenario(int mails);

// A star of `nodes` nodes (the documented maximum is 10,000): a hub router with a leaf router
// on every spoke; `senders` clients and one mail server hang off leaves, and each client sends
// one mail to a local user between 1 s and 2 s.
scenario::Scenario generateStarScenario(int nodes, int senders);

}  // namespace postino::bench
