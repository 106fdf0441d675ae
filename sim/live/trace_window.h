// The bounded trace of live mode: a server that runs for days must not keep every
// protocol line and event. Only the newest records are kept (they are printed as they
// happen); packets and connections stay, since the network and sessions index them.
#pragma once

#include "trace/trace.h"

#include <cstddef>

namespace postino::live {

// Live mode prints every line and event as it happens and exports nothing, so the window
// only has to keep recent history for code that looks back; it is kept small.
struct TraceWindow {
    std::size_t lines = 2'000;   // protocol lines, live and simulated
    std::size_t events = 1'000;  // teaching events
    std::size_t records = 1'000;  // hops, mailbox changes, resolver cache entries, mail places, mails, each
};

struct Trimmed {
    std::size_t lines = 0, events = 0, records = 0;
    bool any() const { return lines || events || records; }
};

// Drops the oldest records of each kind once it holds a quarter more than its window,
// keeping the newest `window` (so each record is moved at most four times on average).
// Nothing in the simulated world keeps an index into these vectors (SmtpCarried finds its open
// record again by connection).
Trimmed trimToWindow(trace::Trace& trace, const TraceWindow& window);

}  // namespace postino::live
