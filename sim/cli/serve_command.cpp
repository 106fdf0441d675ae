#include "cli/commands.h"

#include "live/live_server.h"
#include "live/live_tls.h"
#include "scenario/scenario_loader.h"
#include "world/world.h"

#include <cmath>
#include <ostream>

namespace postino::cli {

int serveCommand(const ServeCommandOptions& options, std::ostream& out, std::ostream& err) {
    const scenario::LoadResult loaded = scenario::loadScenarioFile(options.scenarioPath);
    if (!loaded.scenario) {
        for (const auto& e : loaded.errors) err << e.format() << '\n';
        return 2;
    }
    const std::optional<double>& forSeconds = options.live.forSeconds;
    if (forSeconds && (!std::isfinite(*forSeconds) || *forSeconds <= 0)) {
        err << "postino: --for must be a positive number of seconds\n";
        return 2;
    }
    scenario::Scenario scenario = *loaded.scenario;
    if (options.live.tls) {
        if (const std::string problem = live::enableTls(scenario, options.live.nodeId); !problem.empty()) {
            err << "postino: " << problem << '\n';
            return 2;
        }
    }
    out << scenario.title.get("en") << '\n';
    world::World world(scenario);
    return live::serve(world, options.live, out, err);
}

}  // namespace postino::cli
