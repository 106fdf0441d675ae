// A collapsing header whose title is never cut: when it is wider than the panel its text shrinks
// (down to 75 %), and hovering it shows the whole title. Used by the inspectors' sections.
#pragma once

#include <imgui.h>

namespace postino::viz {

// ImGui::CollapsingHeader(label, flags) with the title fitted to the width; `label` may carry a
// "###id" suffix, which is not shown and not measured.
bool fittedHeader(const char* label, ImGuiTreeNodeFlags flags = 0);

}  // namespace postino::viz
