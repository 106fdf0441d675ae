// The checks of a --drive script's "expect" lines, on the lesson document the window edits:
// counts of nodes, links, actions and problems, a node or link there or gone, a node's fields,
// whether the edits are saved. No ImGui.
#pragma once

#include "model/lesson_document.h"

#include <string>
#include <vector>

namespace postino::viz {

// "" when `words` (e.g. {"nodes", "2"}) hold for `doc`, else what was found instead
// ("expected 2 nodes, the lesson has 1"); an unknown check says which ones exist.
std::string checkUiExpectation(const LessonDocument* doc, const std::vector<std::string>& words);

}  // namespace postino::viz
