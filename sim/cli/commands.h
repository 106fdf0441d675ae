// The `postino` subcommands: each takes parsed options and returns an exit
// status (0 ok, 1 runtime failure such as an unwritable file, 2 invalid input).
// They print to the given streams; argument parsing lives in postino_main.cpp.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

namespace postino::cli {

struct RunOptions {
    std::string scenarioPath;
    std::optional<double> untilSeconds;
    bool transcript = false;
    bool packets = false;
    bool quiet = false;
    std::string traceJsonPath;
    std::string pcapPath;
    std::string exportMailDir;
};

struct ServeCommandOptions {
    std::string scenarioPath;
    std::string nodeId;
    std::string listenAddress = "127.0.0.1";
    int portBase = 10000;
    std::optional<double> forSeconds;
    std::optional<double> idleTimeout;  // seconds, for every service
    int maxConnections = 250;           // per service
};

int runCommand(const RunOptions& options, std::ostream& out, std::ostream& err);
int serveCommand(const ServeCommandOptions& options, std::ostream& out, std::ostream& err);
int validateCommand(const std::string& scenarioPath, std::ostream& out, std::ostream& err);

}  // namespace postino::cli
