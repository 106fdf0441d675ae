// libFuzzer target for the scenario loader (JSON scanner, typed readers, validation, limits).
// The whole input is one scenario file.
// Invariants: ok exactly when there are no errors; at most kMaxReportedErrors + 1 errors, each
// with a message, a position inside the text (1-based line and column) or none, and a JSON
// Pointer; the same text gives the same result; actions come sorted by time; a scenario that
// validates builds a world (the constructor throws nothing).
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "fuzz_support.h"
#include "scenario/scenario_limits.h"
#include "scenario/scenario_loader.h"
#include "world/world.h"

using namespace postino;
using namespace postino::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(bytes), size);
    const scenario::LoadResult r = scenario::loadScenarioText(text, "fuzz.json");
    require(r.ok() == r.errors.empty(), "scenario: ok and errors disagree");
    require(r.errors.size() <= scenario::kMaxReportedErrors + 1, "scenario: more errors than the cap");
    const std::size_t lines = countLf(text) + 1;
    for (const scenario::LoadError& e : r.errors) {
        require(!e.message.empty(), "scenario: an error without a message");
        require(e.file == "fuzz.json", "scenario: an error names another file", e.file);
        require(e.line >= 0 && static_cast<std::size_t>(e.line) <= lines, "scenario: an error line outside the text",
                e.format());
        require(e.line == 0 || (e.column >= 1 && static_cast<std::size_t>(e.column) <= size + 1),
                "scenario: an error column outside the text", e.format());
        require(e.jsonPath.empty() || e.jsonPath[0] == '/', "scenario: a JSON Pointer without '/'", e.jsonPath);
        require(isValidUtf8(e.format()), "scenario: an error message that is not UTF-8", e.format());
    }
    const scenario::LoadResult again = scenario::loadScenarioText(text, "fuzz.json");
    require(again.formatErrors() == r.formatErrors(), "scenario: two loads of one text differ");
    if (!r.ok()) return 0;
    const auto& actions = r.scenario->actions;
    for (std::size_t i = 1; i < actions.size(); ++i)
        require(actions[i - 1].at <= actions[i].at, "scenario: actions not sorted by time");
    try {
        world::World w(*r.scenario);
        (void)w;
    } catch (const std::exception& e) {
        fail(std::string("scenario: validates but does not build a world: ") + e.what(), text);
    }
    return 0;
}
