#include "model/run_report.h"

#include "scenario/scenario_loader.h"
#include "trace/trace_text.h"
#include "world/world.h"

#include <sstream>

namespace postino::viz {

std::string runReport(const std::string& path, bool transcript) {
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
    trace::writeRunText(out, loaded.scenario->title.get("en"), world.trace(), options);
    return out.str();
}

}  // namespace postino::viz
