// Prints JSON for people to read and edit: members in the order they were added, 2-space
// indent, and an object or array on one line when it fits (a position, an account, a link),
// else one member per line. Whole numbers print without ".0"; other numbers as the shortest
// text that reads back to the same double. Must not reorder members or change a value.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace postino::scenario {

using OrderedJson = nlohmann::ordered_json;

// `width`: the longest line an inline object or array may make (its indent and key included).
std::string layoutJson(const OrderedJson& value, std::size_t width = 100);

}  // namespace postino::scenario
