// Writes a Scenario back as scenario JSON (docs/scenario-format.md) that the loader reads to an
// equal Scenario: readable key order, 2-space indent, defaults the loader would supply left out.
// saveScenarioFile validates the text with the loader before writing and never writes a file
// the loader would refuse. It must not change the Scenario or guess at fields it does not know.
#pragma once

#include "scenario/scenario.h"
#include "scenario/scenario_loader.h"

#include <string>
#include <vector>

namespace postino::scenario {

// The scenario as JSON text, ending with a newline. Actions are written in their order
// (the loader keeps the order of actions at the same time).
std::string writeScenarioText(const Scenario& scenario);

struct SaveResult {
    // The loader's located errors for the text that would have been written (nothing was
    // written then), or why the file could not be written; empty when the file was saved.
    std::vector<LoadError> errors;
    bool ok() const { return errors.empty(); }
};

// Writes the scenario to `path` (through a temporary file renamed over it, so a failed
// write leaves an existing file whole), after checking that the loader accepts the text.
SaveResult saveScenarioFile(const Scenario& scenario, const std::string& path);

}  // namespace postino::scenario
