// Places a --drive script can point at: while a script runs, the window notes where its tools,
// fields, canvas and nodes were drawn this frame under stable names ("tool:link", "node:client-1").
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>

namespace postino::viz {

// Whether places are noted (only while a script drives the window: no cost otherwise).
bool notingUiTargets();
void setNotingUiTargets(bool on);

// Forgets every place (at the start of a frame, once the script has used the last frame's).
void clearUiTargets();
// Notes the rectangle of `name` (the last one drawn wins).
void noteUiTarget(std::string_view name, ImVec2 min, ImVec2 max);
// The last item ImGui drew, under `name`.
void noteLastItem(std::string_view name);
// ImGui::BeginMenu with its label noted under `name`, open or not (once a menu opens, ImGui's
// last item is the menu's window: its label's place is kept from when it was closed).
bool beginMenuNoted(const char* label, std::string_view name, bool enabled = true);

struct UiRect {
    ImVec2 min, max;
};
std::optional<UiRect> findUiTarget(const std::string& name);
// Every name noted so far, for an error message ("tool:link, tool:select, …").
std::string uiTargetNames();

}  // namespace postino::viz
