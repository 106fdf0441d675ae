#include "cli/commands.h"

#include "export/mail_export.h"
#include "export/pcap_export.h"
#include "scenario/scenario_budget.h"
#include "scenario/scenario_loader.h"
#include "trace/trace_json.h"
#include "trace/trace_text.h"
#include "world/world.h"

#include <cmath>
#include <fstream>
#include <new>
#include <ostream>

namespace postino::cli {

namespace {

// Builds the world, runs it and writes what the options ask for.
int runWorld(const RunOptions& options, const scenario::Scenario& s, Time until, std::ostream& out, std::ostream& err) {
    world::World world(s);
    world.run(until);
    const trace::Trace& trace = world.trace();

    if (!options.quiet) {
        trace::TextOptions text;
        text.until = until;
        text.packets = options.packets;
        text.transcript = options.transcript;
        trace::writeRunText(out, s.title.get("en"), trace, text);
    }
    int status = 0;
    if (!options.traceJsonPath.empty()) {
        std::ofstream file(options.traceJsonPath, std::ios::binary);
        if (file) trace::writeTraceJson(file, trace);
        if (!file) {
            err << "postino: cannot write the trace to " << options.traceJsonPath << '\n';
            status = 1;
        }
    }
    if (!options.pcapPath.empty()) {
        const std::string problem = exporter::writePcap(options.pcapPath, trace);
        if (!problem.empty()) {
            err << "postino: " << problem << '\n';
            status = 1;
        }
    }
    if (!options.exportMailDir.empty()) {
        const exporter::MailExportResult exported = exporter::exportMail(world, options.exportMailDir);
        if (!exported.error.empty()) {
            err << "postino: " << exported.error << '\n';
            status = 1;
        } else if (!options.quiet) {
            out << "Exported " << exported.messages << " messages and " << exported.mboxes << " mbox files to "
                << options.exportMailDir << '\n';
        }
    }
    return status;
}

}  // namespace

int runCommand(const RunOptions& options, std::ostream& out, std::ostream& err) {
    const scenario::LoadResult loaded = scenario::loadScenarioFile(options.scenarioPath);
    if (!loaded.scenario) {
        for (const auto& e : loaded.errors) err << e.format() << '\n';
        return 2;
    }
    Time until = Time::max();
    if (options.untilSeconds) {
        const double s = *options.untilSeconds;
        if (!std::isfinite(s) || s < 0 || s > 1e9) {
            err << "postino: --until must be a number of seconds between 0 and 1e9, got " << s << '\n';
            return 2;
        }
        until = Time::fromNanos(static_cast<std::int64_t>(std::llround(s * 1e9)));
    }

    try {
        return runWorld(options, *loaded.scenario, until, out, err);
    } catch (const std::bad_alloc&) {
        // A run keeps every message and packet in memory; validate's estimate is an upper bound
        // for the scenario, but the machine may still have less memory than the run needs.
        err << "postino: out of memory while simulating " << options.scenarioPath
            << ": the simulated world keeps every message and packet in memory, and this machine could not hold "
               "them (the scenario makes about "
            << scenario::formatBytes(scenario::estimateMailBytes(*loaded.scenario).total)
            << " of mail at most); try a scenario with fewer or smaller attachments, or --until to stop earlier\n";
        return 1;
    }
}

}  // namespace postino::cli
