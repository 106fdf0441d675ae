#include "mta/retry_schedule.h"

#include <algorithm>

namespace postino::mta {

Duration backoff(Time arrival, Time now, const scenario::QueueSettings& settings) {
    // Postfix qmgr_active_done(): delay = age, clamped to [minimal, maximal] backoff.
    const Duration age = now - arrival;
    return std::clamp(age, settings.minimalBackoff, std::max(settings.minimalBackoff, settings.maximalBackoff));
}

bool expired(Time arrival, Time now, bool isBounce, const scenario::QueueSettings& settings) {
    const Duration lifetime = isBounce ? settings.bounceLifetime : settings.maximalLifetime;
    return now - arrival >= lifetime;
}

}  // namespace postino::mta
