// The named places of the window for --drive scripts.
#include "ui_targets.h"

#include <map>

namespace postino::viz {

namespace {
struct Targets {
    bool on = false;
    std::map<std::string, UiRect, std::less<>> rects;
    std::map<std::string, UiRect, std::less<>> menuLabels;  // kept from frame to frame
};
Targets& targets() {
    static Targets t;
    return t;
}
}  // namespace

bool notingUiTargets() { return targets().on; }
void setNotingUiTargets(bool on) { targets().on = on; }

void clearUiTargets() { targets().rects.clear(); }

void noteUiTarget(std::string_view name, ImVec2 min, ImVec2 max) {
    if (!targets().on) return;
    auto& rects = targets().rects;
    const auto it = rects.find(name);
    if (it != rects.end()) it->second = {min, max};
    else rects.emplace(std::string(name), UiRect{min, max});
}

void noteLastItem(std::string_view name) {
    if (targets().on) noteUiTarget(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

bool beginMenuNoted(const char* label, std::string_view name, bool enabled) {
    const bool open = ImGui::BeginMenu(label, enabled);
    if (!targets().on) return open;
    auto& labels = targets().menuLabels;
    auto it = labels.find(name);
    if (!open) {
        const UiRect here{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        if (it != labels.end()) it->second = here;
        else it = labels.emplace(std::string(name), here).first;
    }
    if (it != labels.end()) noteUiTarget(name, it->second.min, it->second.max);
    return open;
}

std::optional<UiRect> findUiTarget(const std::string& name) {
    const auto& rects = targets().rects;
    const auto it = rects.find(name);
    if (it == rects.end()) return std::nullopt;
    return it->second;
}

std::string uiTargetNames() {
    std::string out;
    for (const auto& [name, rect] : targets().rects) out += (out.empty() ? "" : ", ") + name;
    return out;
}

}  // namespace postino::viz
