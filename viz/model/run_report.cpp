#include "model/run_report.h"

#include "export/pcap_export.h"
#include "scenario/scenario_loader.h"
#include "trace/trace_text.h"
#include "world/world.h"

#include <sstream>

namespace postino::viz {

std::string runReport(const std::string& path, bool transcript, bool packets) {
    const scenario::LoadResult loaded = scenario::loadScenarioFile(path);
    std::ostringstream out;
    if (!loaded.scenario) {
        out << "cannot run " << path << ":\n";
        for (const auto& e : loaded.errors) out << e.format() << '\n';
        return out.str();
    }
    world::World world(*loaded.scenario);
    world.run(Time::max());
    trace::TextOptions options;
    options.transcript = transcript;
    options.packets = packets;
    trace::writeRunText(out, loaded.scenario->title.get("en"), world.trace(), options);
    return out.str();
}

std::string runPcapHex(const std::string& path) {
    const scenario::LoadResult loaded = scenario::loadScenarioFile(path);
    if (!loaded.scenario) return {};
    world::World world(*loaded.scenario);
    world.run(Time::max());
    const std::string bytes = exporter::pcapBytes(world.trace());
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
