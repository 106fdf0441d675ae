#include "cli/commands.h"

#include "live/live_server.h"
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
    if (options.forSeconds && (!std::isfinite(*options.forSeconds) || *options.forSeconds <= 0)) {
        err << "postino: --for must be a positive number of seconds\n";
        return 2;
    }
    out << loaded.scenario->title.get("en") << '\n';
    world::World world(*loaded.scenario);
    live::ServeOptions serve;
    serve.nodeId = options.nodeId;
    serve.listenAddress = options.listenAddress;
    serve.portBase = options.portBase;
    serve.forSeconds = options.forSeconds;
    serve.idleTimeout = options.idleTimeout;
    serve.maxConnections = options.maxConnections;
    return live::serve(world, serve, out, err);
}

}  // namespace postino::cli
