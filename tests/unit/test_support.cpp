#include "test_support.h"

#include "trace/trace_json.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace postino::testing {

std::string sourcePath(const std::string& relative) { return std::string(POSTINO_SOURCE_DIR) + "/" + relative; }

scenario::Scenario loadLesson(const std::string& file) {
    auto result = scenario::loadScenarioFile(sourcePath("scenarios/" + file));
    INFO(result.formatErrors());
    REQUIRE(result.scenario);
    return *result.scenario;
}

std::vector<std::string> shippedLessons() {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(sourcePath("scenarios")))
        if (e.path().extension() == ".json" && e.path().filename() != "schema.json") files.push_back(e.path().filename().string());
    std::sort(files.begin(), files.end());
    return files;
}

std::string traceJson(const scenario::Scenario& s) {
    world::World w(s);
    w.run();
    std::ostringstream out;
    trace::writeTraceJson(out, w.trace());
    return out.str();
}

CommandResult runCommand(const std::string& command, bool mergeStderr) {
    CommandResult r;
    const std::string full = command + (mergeStderr ? " 2>&1" : "");
    FILE* pipe = popen(full.c_str(), "r");
    if (!pipe) return r;
    char buf[65536];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
    const int status = pclose(pipe);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool haveProgram(const std::string& name) { return runCommand("command -v " + name + " >/dev/null").status == 0; }

}  // namespace postino::testing
