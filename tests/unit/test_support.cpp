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

namespace {
std::string poString(const std::string& line) {
    const std::size_t open = line.find('"'), close = line.rfind('"');
    std::string out;
    for (std::size_t i = open + 1; open != std::string::npos && i < close; ++i) {
        if (line[i] != '\\' || i + 1 >= close) {
            out += line[i];
            continue;
        }
        const char c = line[++i];
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    }
    return out;
}
}  // namespace

std::map<std::string, std::vector<std::string>> readPoCatalog(const std::string& path) {
    std::map<std::string, std::vector<std::string>> out;
    std::ifstream in(path);
    std::string line, id;
    std::vector<std::string> forms;
    std::string* current = nullptr;
    auto flush = [&] {
        if (!id.empty()) out[id] = forms;
        id.clear();
        forms.clear();
        current = nullptr;
    };
    while (std::getline(in, line)) {
        if (line.rfind("msgid ", 0) == 0) {
            flush();
            id = poString(line);
            current = &id;
        } else if (line.rfind("msgid_plural ", 0) == 0) {
            current = nullptr;
        } else if (line.rfind("msgstr", 0) == 0) {
            forms.push_back(poString(line));
            current = &forms.back();
        } else if (!line.empty() && line[0] == '"' && current) {
            *current += poString(line);
        } else if (line.empty() || line[0] == '#') {
            if (!forms.empty() || (!line.empty() && line.rfind("#~", 0) == 0)) flush();
        }
    }
    flush();
    return out;
}

bool haveProgram(const std::string& name) { return runCommand("command -v " + name + " >/dev/null").status == 0; }

}  // namespace postino::testing
