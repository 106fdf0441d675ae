// JSON (already syntax-checked) -> Scenario structs, field by field: types,
// required and unknown fields, per-value syntax, lower-casing, unit conversion.
// Must not check references between objects (scenario_validate does) and must
// not throw: every problem goes to Diagnostics.
#pragma once

#include "scenario/json_reader.h"
#include "scenario/scenario.h"

#include <optional>
#include <string_view>
#include <string>
#include <vector>

namespace postino::scenario {

// What the parse learned that the structs cannot hold. Every array element is
// kept (even a broken one) so indices in the structs equal JSON indices.
struct ParseAux {
    std::vector<bool> nodeTypeKnown;  // per node: "type" was valid
    bool nodesParsed = false;         // "nodes" was an array within limits
    bool linksParsed = false;
};

void parseScenario(const Json& root, Scenario& out, ParseAux& aux, Diagnostics& d);

// Parts, shared between scenario_parse.cpp and node_parse.cpp.
void parseNodes(const Json& nodes, const std::string& ptr, Scenario& out, ParseAux& aux, Diagnostics& d);
// "text" or {"en": "...", "it": "..."}; "en" required. Empty English text is
// refused unless allowEmpty.
std::optional<LocalizedText> parseLocalized(const Json& v, const std::string& ptr, Diagnostics& d, bool allowEmpty);
// Host name value: lower-cased, one trailing dot removed, RFC 1123 checked.
std::optional<std::string> parseHostname(const Json& v, const std::string& ptr, Diagnostics& d);
std::optional<std::string> parseMailAddress(const Json& v, const std::string& ptr, Diagnostics& d);
std::optional<std::uint32_t> parseIpv4Value(const Json& v, const std::string& ptr, Diagnostics& d);
// A reference to a node by id: a non-empty string (whether a node has that id is
// scenario_validate's check). An empty id is reported here, where its position is known.
std::optional<std::string> parseNodeRef(const Json& v, const std::string& ptr, Diagnostics& d);
std::optional<std::string> readNodeRef(const ObjectReader& r, std::string_view key, Need need);

}  // namespace postino::scenario
