// The text `postino run` prints for a finished run: the lesson's title, the timeline, the
// transcript when asked, the summary. The browser build reports the same text for its tests.
#pragma once

#include "core/time.h"
#include "scenario/scenario.h"
#include "trace/trace.h"

#include <ostream>

namespace postino::exporter {

struct RunReportOptions {
    Time until = Time::max();
    bool transcript = false;  // the protocol transcript after the timeline
    bool packets = false;     // one timeline line per packet
};

void writeRunReport(std::ostream& out, const scenario::Scenario& scenario, const trace::Trace& trace,
                    const RunReportOptions& options);

}  // namespace postino::exporter
