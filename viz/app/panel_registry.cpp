// The registry: every panel of the window and its place, in the order the tabs are shown.
#include "panel_registry.h"

#include "panels.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace postino::viz {

namespace {

struct Entry {
    PanelPlace place;
    std::unique_ptr<Panel> (*make)();
};

constexpr Entry kPanels[] = {
    {PanelPlace::PlayerTile, makeControlsPanel},
    {PanelPlace::NowTile, makeNowPanel},
    {PanelPlace::MapTile, makeMapPanel},
    {PanelPlace::LessonTile, makeLessonPanel},
    {PanelPlace::BottomTab, makeEventsPanel},
    {PanelPlace::BottomTab, makeTranscriptPanel},
    {PanelPlace::BottomTab, makeSequencePanel},
    {PanelPlace::BottomTab, makeComparePanel},
    {PanelPlace::InspectorTab, makeMailboxPanel},
    {PanelPlace::InspectorTab, makeMessagePanel},
    {PanelPlace::InspectorTab, makePacketPanel},
    {PanelPlace::InspectorTab, makeDnsPanel},
    {PanelPlace::InspectorTab, makeQueuePanel},
};

}  // namespace

std::vector<PlacedPanel> makePanels() {
    std::vector<PlacedPanel> out;
    for (const Entry& e : kPanels) out.push_back({e.place, e.make()});
    return out;
}

std::vector<std::string> panelIds(PanelPlace place) {
    std::vector<std::string> out;
    for (const Entry& e : kPanels)
        if (e.place == place) out.emplace_back(e.make()->id());
    return out;
}

std::string checkPanelName(const std::string& option, const std::string& name, PanelPlace place) {
    const std::vector<std::string> ids = panelIds(place);
    if (name.empty()) return {};
    for (const std::string& id : ids)
        if (id == name) return {};
    return fmt::format("{}: no panel \"{}\"; choose one of: {}", option, name, fmt::join(ids, ", "));
}

}  // namespace postino::viz
