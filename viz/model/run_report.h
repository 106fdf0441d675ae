// The text `postino run LESSON [--transcript]` prints, made by the same engine wherever the
// viewer runs: the browser page reports it so its tests compare it with tests/golden/.
#pragma once

#include <string>

namespace postino::viz {

// Loads and simulates the scenario at `path` and returns what `postino run` prints for it; on a
// scenario that does not load, its located errors, one a line, after "cannot run <path>:".
std::string runReport(const std::string& path, bool transcript);

}  // namespace postino::viz
