// The simulated world's calendar: simulated time 0 is Monday 2026-03-02 09:00:00 UTC. The mails'
// Date: lines, Message-IDs and the certificates' validity checks all count from it.
#pragma once

#include "core/time.h"

#include <cstdint>

namespace postino {

inline constexpr std::int64_t kSimulationStartUnix = 1772442000;  // 2026-03-02 09:00:00 UTC

// Unix seconds of a simulated moment.
inline constexpr std::int64_t unixSeconds(Time t) { return kSimulationStartUnix + t.ns() / 1'000'000'000; }

}  // namespace postino
