// When each step of a guided lesson fires in a run: its "at", or the time its "when" first
// (or n-th) happens in the Trace, matched against typed records (connections, DNS packets
// decoded, SMTP reply lines, events by kind, drops), never against sentences.
// Reads the Trace only; a "when" that never happens is reported, located by JSON Pointer.
#pragma once

#include "core/time.h"
#include "scenario/scenario.h"
#include "trace/trace.h"

#include <optional>
#include <string>
#include <vector>

namespace postino::lesson {

struct StepProblem {
    std::string pointer;  // "/steps/3/when"
    std::string message;
};

struct StepTimes {
    std::vector<std::optional<Time>> times;  // per step, in file order; nullopt: never fires
    std::vector<StepProblem> problems;       // one per step that never fires
};

// Every time `when` happens in the trace, in time order (ties in record order).
std::vector<Time> matchTimes(const scenario::StepWhen& when, const trace::Trace& trace);
// The time of its `occurrence`-th match, or nullopt.
std::optional<Time> findWhen(const scenario::StepWhen& when, const trace::Trace& trace);
// "DNS answer of type MX for recipient.example reaching mail-sender", for messages ("no …").
std::string describeWhen(const scenario::StepWhen& when);

// The last moment of the run a player can show: the latest hop arrival, connection open or close,
// packet, event or protocol line (the viewer's TraceIndex::endTime counts the same).
Time runEnd(const trace::Trace& trace);

// Each step's time; an "at" after runEnd or a "when" that never happens is a problem.
StepTimes resolveStepTimes(const scenario::Scenario& scenario, const trace::Trace& trace);

}  // namespace postino::lesson
