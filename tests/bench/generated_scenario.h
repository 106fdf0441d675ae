// A big generated mail world for the benchmarks: 50 clients at sender.example send one
// mail every 50 ms, half to recipient.example (MX look-up + relay), half locally.
#pragma once

#include "scenario/scenario.h"

namespace postino::bench {

scenario::Scenario generateMailScenario(int mails);

}  // namespace postino::bench
