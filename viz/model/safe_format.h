// Fills a translated fmt format string with its arguments without ever throwing: a translation
// that does not fit them (a lone brace, a missing field, a bad spec) falls back to the English
// source, and a source that does not fit either to its bare text. The viewer's trf() and
// eventText() format every translated sentence through here; no ImGui, no catalogs.
#pragma once

#include <fmt/args.h>
#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::viz::model {

// `format` filled with `args`, or nothing when they do not fit (fmt::format_error).
std::optional<std::string> tryFormat(std::string_view format, fmt::format_args args);
// The same for a trace phrase's arguments (already text, see trace::Phrase).
std::optional<std::string> tryFormat(std::string_view format, const std::vector<std::string>& args);

// `translated` filled with `args`; when that fails `english` filled with them; else `english` as it is.
std::string formatOr(std::string_view translated, std::string_view english, fmt::format_args args);

}  // namespace postino::viz::model
