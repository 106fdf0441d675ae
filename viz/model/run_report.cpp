#include "model/run_report.h"

#include "export/pcap_export.h"
#include "scenario/scenario_loader.h"
#include "trace/trace_text.h"
#include "world/world.h"

#include <memory>
#include <sstream>

namespace postino::viz {

namespace {
// The scenario at `path` loaded and, when it loads, simulated to its end (world null otherwise).
struct Run {
    scenario::LoadResult loaded;
    std::unique_ptr<world::World> world;
};
Run simulate(const std::string& path) {
    Run run{scenario::loadScenarioFile(path), nullptr};
    if (run.loaded.scenario) {
        run.world = std::make_unique<world::World>(*run.loaded.scenario);
        run.world->run(Time::max());
    }
    return run;
}
}  // namespace

std::string runReport(const std::string& path, bool transcript, bool packets) {
    const Run run = simulate(path);
    std::ostringstream out;
    if (!run.world) {
        out << "cannot run " << path << ":\n";
        for (const auto& e : run.loaded.errors) out << e.format() << '\n';
        return out.str();
    }
    trace::TextOptions options;
    options.transcript = transcript;
    options.packets = packets;
    trace::writeRunText(out, run.loaded.scenario->title.get("en"), run.world->trace(), options);
    return out.str();
}

std::string runPcapHex(const std::string& path) {
    const Run run = simulate(path);
    if (!run.world) return {};
    const std::string bytes = exporter::pcapBytes(run.world->trace());
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        hex += kDigits[static_cast<unsigned char>(c) >> 4];
        hex += kDigits[static_cast<unsigned char>(c) & 15];
    }
    return hex;
}

}  // namespace postino::viz
