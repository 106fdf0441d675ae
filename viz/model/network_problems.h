// What keeps an edited lesson from loading, placed where the editor can mark it: the loader's
// own located errors for the scenario as it would be saved, each given the node, link, action
// or step it belongs to and the field inside it ("accounts/0/server"). A half-built network is
// fine to hold; it only cannot be simulated or saved until this list is empty. No ImGui.
#pragma once

#include "scenario/scenario.h"
#include "scenario/scenario_loader.h"

#include <optional>
#include <string>
#include <vector>

namespace postino::viz {

struct NetworkProblem {
    enum class Place { Lesson, Node, Link, Action, Step };
    Place place = Place::Lesson;
    std::size_t index = 0;  // into nodes, links, actions or steps (Lesson: unused)
    std::string field;      // the pointer inside that item without its leading '/', "" for the item itself
    scenario::LoadError error;  // the loader's words, its line, column and JSON Pointer in the written file
};

// Every problem of `s` (empty when it loads), in the loader's order. `path` names the file in
// the messages.
std::vector<NetworkProblem> networkProblems(const scenario::Scenario& s, const std::string& path);

// The problems of one node (or link): what the editor shows on it.
std::vector<const NetworkProblem*> problemsOf(const std::vector<NetworkProblem>& problems,
                                              NetworkProblem::Place place, std::size_t index);

}  // namespace postino::viz
