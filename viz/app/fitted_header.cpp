#include "fitted_header.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace postino::viz {

bool fittedHeader(const char* label, ImGuiTreeNodeFlags flags) {
    const char* hidden = std::strstr(label, "###");
    const std::string shown(label, hidden ? hidden : label + std::strlen(label));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float fixed = ImGui::GetTreeNodeToLabelSpacing() + 2 * style.FramePadding.x;
    const float text = ImGui::CalcTextSize(shown.c_str()).x;
    const float room = ImGui::GetContentRegionAvail().x - fixed;
    const float scale = text > room && text > 0 ? std::clamp(room / text, 0.75f, 1.0f) : 1.0f;
    ImGui::SetWindowFontScale(scale);
    const bool open = ImGui::CollapsingHeader(label, flags);
    ImGui::SetWindowFontScale(1.0f);
    if (text * scale > room && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", shown.c_str());
    return open;
}

}  // namespace postino::viz
