// The text `postino run LESSON [--transcript]` prints, made by the same engine wherever the
// viewer runs: the browser page reports it so its tests compare it with tests/golden/.
#pragma once

#include <string>

namespace postino::viz {

// Loads and simulates the scenario at `path` and returns what `postino run` prints for it (with
// --transcript, --packets as asked); on a
// scenario that does not load, its located errors, one a line, after "cannot run <path>:".
std::string runReport(const std::string& path, bool transcript, bool packets = false);
// The pcap file `postino run PATH --pcap` writes, as lowercase hex (the page reports text);
// "" when the scenario does not load.
std::string runPcapHex(const std::string& path);

}  // namespace postino::viz
