#include "time_text.h"

#include "i18n.h"

#include <fmt/format.h>

#include <cmath>

namespace postino::viz {

namespace {

// A duration is one item: its spaces do not break ("72 s" never wraps into "72" / "s").
std::string unbroken(std::string text) {
    std::string out;
    out.reserve(text.size() + 4);
    for (char c : text) {
        if (c == ' ') out += "\u00A0";
        else out += c;
    }
    return out;
}

std::string durationWords(double seconds) {
    if (seconds < 10) return trf("{} s", fmt::format("{:.1f}", seconds));
    if (seconds < 120) return trf("{} s", static_cast<long>(std::lround(seconds)));
    const auto minutes = static_cast<long>(std::lround(seconds / 60));
    if (minutes < 120) return trf("{} min", minutes);
    if (minutes < 48 * 60) return trf("{} h {} min", minutes / 60, minutes % 60);
    const long hours = std::lround(seconds / 3600);
    return trf("{} d {} h", hours / 24, hours % 24);
}

}  // namespace

std::string durationText(Duration d) { return unbroken(durationWords(std::max(0.0, d.toSeconds()))); }

std::string clockText(Time t, bool withWords) {
    std::string out = fmt::format("{:.6f} s", static_cast<double>(t.ns()) / 1e9);
    if (withWords && t >= Time::zero() + Duration::seconds(7200))
        out += fmt::format(" ({})", durationText(t - Time::zero()));
    return out;
}

}  // namespace postino::viz
