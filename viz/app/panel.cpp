// Panel: the window or tab around a panel's content, and its empty state.
#include "panel.h"

#include "wrapped_text.h"

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

void Panel::drawBody(ViewContext& ctx) {
    const std::string empty = emptyMessage(ctx);
    if (empty.empty()) {
        draw(ctx);
        return;
    }
    textWrappedDisabled(empty);
}

void Panel::drawTile(ViewContext& ctx, const PanelRect& rect) {
    if (beginTile(title(), id(), rect, tileFlags())) drawBody(ctx);
    ImGui::End();
}

bool Panel::drawTab(ViewContext& ctx, bool bringForward, float labelScale) {
    ImGui::SetWindowFontScale(labelScale);
    const bool open = ImGui::BeginTabItem(fmt::format("{}###{}", title(), id()).c_str(), nullptr,
                                          bringForward ? ImGuiTabItemFlags_SetSelected : 0);
    ImGui::SetWindowFontScale(1.0f);
    if (!open) return false;
    drawBody(ctx);
    ImGui::EndTabItem();
    return true;
}

}  // namespace postino::viz
