// When a deferred mail is tried again and when it is given up, as Postfix's queue manager
// decides: the wait is the mail's age, kept between minimal_backoff_time and
// maximal_backoff_time (so it doubles at each failure); past maximal_queue_lifetime it bounces.
#pragma once

#include "core/time.h"
#include "scenario/scenario.h"

namespace postino::mta {

// The wait before the next attempt of a mail that arrived at `arrival` and failed at `now`.
Duration backoff(Time arrival, Time now, const scenario::QueueSettings& settings);

// Has a mail that arrived at `arrival` stayed longer than its lifetime (bounce_queue_lifetime
// for a bounce)? A lifetime of 0 means one attempt only, as in Postfix.
bool expired(Time arrival, Time now, bool isBounce, const scenario::QueueSettings& settings);

}  // namespace postino::mta
