#include "cli/commands.h"

#include "lesson/step_times.h"
#include "scenario/scenario_budget.h"
#include "scenario/scenario_limits.h"
#include "scenario/scenario_loader.h"
#include "world/world.h"

#include <fstream>
#include <iterator>
#include <ostream>

namespace postino::cli {

namespace {

// A lesson with steps: the world is run once, each "when" must happen and each "at" come before
// the run ends, so a lesson cannot ship a step that never shows. Returns the located problems (none: all fire).
std::vector<scenario::LoadError> checkStepsFire(const std::string& path, const scenario::Scenario& s) {
    if (s.steps.empty()) return {};
    world::World world(s);
    world.run();
    const auto times = lesson::resolveStepTimes(s, world.trace());
    if (times.problems.empty()) return {};
    std::vector<std::pair<std::string, std::string>> pm;
    for (const auto& p : times.problems) pm.emplace_back(p.pointer, p.message);
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return scenario::locateErrors(text, path, pm);
}

}  // namespace

int validateCommand(const std::string& scenarioPath, std::ostream& out, std::ostream& err) {
    const scenario::LoadResult loaded = scenario::loadScenarioFile(scenarioPath);
    if (!loaded.scenario) {
        for (const auto& e : loaded.errors) err << e.format() << '\n';
        return 2;
    }
    const auto& s = *loaded.scenario;
    const auto stepErrors = checkStepsFire(scenarioPath, s);
    if (!stepErrors.empty()) {
        for (const auto& e : stepErrors) err << e.format() << '\n';
        return 2;
    }
    out << scenarioPath << ": valid: \"" << s.title.get("en") << "\", " << s.nodes.size() << " nodes, "
        << s.links.size() << " links, " << s.actions.size() << " actions, ";
    if (!s.steps.empty()) out << s.steps.size() << " steps, ";
    out << "about " << scenario::formatBytes(scenario::estimateMailBytes(s).total) << " of mail at most (the limit is "
        << scenario::formatBytes(static_cast<double>(scenario::kMaxScenarioMailBytes)) << ")\n";
    return 0;
}

}  // namespace postino::cli
