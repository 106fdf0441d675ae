#include "cli/commands.h"

#include "scenario/scenario_budget.h"
#include "scenario/scenario_limits.h"
#include "scenario/scenario_loader.h"

#include <ostream>

namespace postino::cli {

int validateCommand(const std::string& scenarioPath, std::ostream& out, std::ostream& err) {
    const scenario::LoadResult loaded = scenario::loadScenarioFile(scenarioPath);
    if (!loaded.scenario) {
        for (const auto& e : loaded.errors) err << e.format() << '\n';
        return 2;
    }
    const auto& s = *loaded.scenario;
    out << scenarioPath << ": valid: \"" << s.title.get("en") << "\", " << s.nodes.size() << " nodes, "
        << s.links.size() << " links, " << s.actions.size() << " actions, about "
        << scenario::formatBytes(scenario::estimateMailBytes(s).total) << " of mail at most (the limit is "
        << scenario::formatBytes(static_cast<double>(scenario::kMaxScenarioMailBytes)) << ")\n";
    return 0;
}

}  // namespace postino::cli
