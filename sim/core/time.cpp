#include "core/time.h"

#include <fmt/format.h>

namespace postino {

std::string formatSeconds(Time t) {
    const std::int64_t ns = t.ns();
    const std::int64_t us = (ns >= 0 ? ns : -ns) / 1000;
    return fmt::format("{}{}.{:06}", ns < 0 ? "-" : "", us / 1'000'000, us % 1'000'000);
}

}  // namespace postino
