// beginTile: the fixed windows of the tiled layout.
#include "fonts.h"
#include "panels.h"

#include <fmt/format.h>

namespace postino::viz {

bool beginTile(const char* title, const char* id, const PanelRect& rect, ImGuiWindowFlags extra) {
    ImGui::SetNextWindowPos(rect.pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(rect.size, ImGuiCond_Always);
    const std::string label = fmt::format("{}###{}", title, id);
    return ImGui::Begin(label.c_str(), nullptr,
                        ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                            ImGuiWindowFlags_NoBringToFrontOnFocus | extra);
}

}  // namespace postino::viz
