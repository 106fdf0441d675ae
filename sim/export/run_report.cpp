#include "export/run_report.h"

#include "trace/trace_text.h"

namespace postino::exporter {

void writeRunReport(std::ostream& out, const scenario::Scenario& scenario, const trace::Trace& trace,
                    const RunReportOptions& options) {
    out << scenario.title.get("en") << '\n';
    trace::TextOptions text;
    text.until = options.until;
    text.packets = options.packets;
    trace::writeTimeline(out, trace, text);
    if (options.transcript) trace::writeTranscript(out, trace, text);
    trace::writeSummary(out, trace);
}

}  // namespace postino::exporter
