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
    std::vector<bool> actionTimesKnown;  // per action: "at" (and "duration", when given) were valid
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

// failure_parse.cpp: a mail server's "queue" object, and the actions that break the world
// (node_down, node_up, link_down, link_up, smtp_error, mailbox_full).
void parseQueueSettings(const Json& v, const std::string& ptr, QueueSettings& out, Diagnostics& d);
// The failure action type named `type`, or nullopt when it is not one.
std::optional<ActionType> failureActionType(std::string_view type);
// Reads the fields of a failure action after "type" and "at" (action.type and action.at are
// set; `atSeconds` is the valid "at" or nullopt). Returns whether "duration", when given, is valid.
bool parseFailureAction(const ObjectReader& r, Action& action, std::optional<double> atSeconds);
// step_parse.cpp: a guided lesson's "steps" (narration and questions, at a time or on an event).
void parseSteps(const Json& v, const std::string& ptr, Scenario& out, Diagnostics& d);
// auth_parse.cpp: a mail server's "dkim" keys and "forward" aliases, a send action's "from_header"
// (the text as written, trimmed; nullopt when absent or invalid, which is reported).
void parseDkimKeys(const ObjectReader& r, Node& node, Diagnostics& d);
void parseForwards(const ObjectReader& r, Node& node, Diagnostics& d);
std::optional<std::string> parseFromHeader(const ObjectReader& r);
// "12 s", "0.25 s", "1000000 s": a number of seconds as messages write it.
std::string secondsText(double seconds);

}  // namespace postino::scenario
