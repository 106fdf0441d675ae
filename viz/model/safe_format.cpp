#include "model/safe_format.h"

#include <functional>

namespace postino::viz::model {

std::optional<std::string> tryFormat(std::string_view format, fmt::format_args args) {
    try {
        return fmt::vformat(format, args);
    } catch (const fmt::format_error&) {
        return std::nullopt;
    }
}

std::optional<std::string> tryFormat(std::string_view format, const std::vector<std::string>& args) {
    fmt::dynamic_format_arg_store<fmt::format_context> store;
    for (const std::string& a : args) store.push_back(std::cref(a));
    return tryFormat(format, fmt::format_args(store));
}

std::string formatOr(std::string_view translated, std::string_view english, fmt::format_args args) {
    if (auto text = tryFormat(translated, args)) return *std::move(text);
    if (auto text = tryFormat(english, args)) return *std::move(text);
    return std::string(english);
}

}  // namespace postino::viz::model
