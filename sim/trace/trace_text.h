// Human-readable views of a Trace: the timeline (time, node, what happened)
// and the per-connection transcript of protocol lines as C:/S: lines.
// Pure formatting of recorded data; it never re-simulates.
#pragma once

#include "trace/trace.h"

#include <ostream>

namespace postino::trace {

struct TextOptions {
    Time until = Time::max();  // leave out what happened later
    bool packets = false;      // also list every packet hop
};

void writeTimeline(std::ostream& out, const Trace& trace, const TextOptions& options = {});
void writeTranscript(std::ostream& out, const Trace& trace, const TextOptions& options = {});
// One-paragraph summary: mails delivered, DNS queries, packets, bytes.
void writeSummary(std::ostream& out, const Trace& trace);

}  // namespace postino::trace
