// Helpers shared by the integration tests: load a lesson from scenarios/,
// run a command and capture its output, read a file.
// Test-only code; the engine never includes this.
#pragma once

#include "scenario/scenario_loader.h"

#include <map>
#include <string>
#include <vector>

namespace postino::testing {

std::string sourcePath(const std::string& relative);
scenario::Scenario loadLesson(const std::string& file);  // e.g. "02-cross-domain.json"
// The shipped lessons' file names in scenarios/ ("01-same-domain.json", …; not schema.json), sorted.
std::vector<std::string> shippedLessons();
// The trace JSON of simulating `s` (what must stay byte-identical).
std::string traceJson(const scenario::Scenario& s);
struct CommandResult {
    int status = -1;
    std::string output;  // stdout (stderr too when mergeStderr)
};
CommandResult runCommand(const std::string& command, bool mergeStderr = false);
std::string readFile(const std::string& path);
// A gettext catalog (po/it.po): msgid -> its msgstr forms (one, or one per plural form);
// obsolete (#~) entries left out, C escapes undone.
std::map<std::string, std::vector<std::string>> readPoCatalog(const std::string& path);
bool haveProgram(const std::string& name);

}  // namespace postino::testing
