// The frame-time figures --bench-frames (desktop) and ?bench=N (the page) print: the first two
// frames left out (font atlas, first layout), then percentiles of the rest.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace postino::viz {

struct FrameTimes {
    std::size_t count = 0;  // frames measured, the first two left out
    double p50 = 0, p90 = 0, p99 = 0, max = 0;  // milliseconds
};

// Nothing when two frames or fewer were measured.
std::optional<FrameTimes> frameTimes(std::vector<double> millis);

}  // namespace postino::viz
