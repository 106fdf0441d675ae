#include "model/frame_times.h"

#include <algorithm>

namespace postino::viz {

std::optional<FrameTimes> frameTimes(std::vector<double> millis) {
    if (millis.size() <= 2) return std::nullopt;
    millis.erase(millis.begin(), millis.begin() + 2);  // font atlas, first layout
    std::sort(millis.begin(), millis.end());
    const auto pct = [&](double p) {
        return millis[std::min(millis.size() - 1, static_cast<std::size_t>(p * static_cast<double>(millis.size())))];
    };
    return FrameTimes{millis.size(), pct(0.5), pct(0.9), pct(0.99), millis.back()};
}

}  // namespace postino::viz
