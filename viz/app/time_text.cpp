#include "time_text.h"

#include "i18n.h"

#include <fmt/format.h>

#include <cmath>

namespace postino::viz {

std::string durationText(Duration d) {
    const double seconds = std::max(0.0, d.toSeconds());
    if (seconds < 10) return trf("{} s", fmt::format("{:.1f}", seconds));
    if (seconds < 120) return trf("{} s", static_cast<long>(std::lround(seconds)));
    const auto minutes = static_cast<long>(std::lround(seconds / 60));
    if (minutes < 120) return trf("{} min", minutes);
    if (minutes < 48 * 60) return trf("{} h {} min", minutes / 60, minutes % 60);
    const long hours = std::lround(seconds / 3600);
    return trf("{} d {} h", hours / 24, hours % 24);
}

std::string clockText(Time t, bool withWords) {
    std::string out = fmt::format("{:.6f} s", static_cast<double>(t.ns()) / 1e9);
    if (withWords && t >= Time::zero() + Duration::seconds(7200))
        out += fmt::format(" ({})", durationText(t - Time::zero()));
    return out;
}

}  // namespace postino::viz
