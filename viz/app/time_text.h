// Simulated times and waits in words a class reads at a glance: "42 s", "6 min", "1 h 6 min",
// "5 d 0 h" (units translated), and the player's clock with seconds to the microsecond.
#pragma once

#include "core/time.h"

#include <string>

namespace postino::viz {

// A wait or an age, rounded to the unit that matters: tenths of a second under ten seconds,
// seconds under two minutes, then minutes,
// hours and minutes, days and hours.
std::string durationText(Duration d);
// "4801.234567 s"; with `withWords`, "(1 h 20 min)" after it from two hours on.
std::string clockText(Time t, bool withWords = false);

}  // namespace postino::viz
