// Human-readable views of a Trace: the timeline (time, node, what happened), the
// per-connection transcript of protocol lines as C:/S: lines, and `postino run`'s whole text.
// Pure formatting of recorded data; it never re-simulates.
#pragma once

#include "trace/trace.h"

#include <ostream>
#include <string>

namespace postino::trace {

struct TextOptions {
    Time until = Time::max();  // leave out what happened later
    bool packets = false;      // also list every packet hop
    bool transcript = false;   // writeRunText: each connection's lines after the timeline
};

void writeTimeline(std::ostream& out, const Trace& trace, const TextOptions& options = {});
void writeTranscript(std::ostream& out, const Trace& trace, const TextOptions& options = {});
// One-paragraph summary: mails delivered, DNS queries, packets, bytes.
void writeSummary(std::ostream& out, const Trace& trace);
// What `postino run` prints (and the viewer's File > Export > Transcript writes): the title, the
// timeline, the transcript when options.transcript, the summary.
void writeRunText(std::ostream& out, const std::string& title, const Trace& trace, const TextOptions& options = {});

}  // namespace postino::trace
