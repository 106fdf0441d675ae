// The one list of the window's panels and where each goes (a fixed tile or a tab of the bottom
// or inspector tab bar): App::frame draws them from it, the View menu and the --tab / --inspector
// options read it. Adding a panel: its class, its make function in panels.h, one line here.
#pragma once

#include "panel.h"

#include <memory>
#include <string>
#include <vector>

namespace postino::viz {

enum class PanelPlace { PlayerTile, NowTile, MapTile, LessonTile, BottomTab, InspectorTab };

struct PlacedPanel {
    PanelPlace place;
    std::unique_ptr<Panel> panel;
};

// Every panel, made anew, in the order of the registry (tabs appear in this order).
std::vector<PlacedPanel> makePanels();

// The ids of the panels at `place`, in order ("events", "transcript", "sequence").
std::vector<std::string> panelIds(PanelPlace place);

// "" when `name` is empty or the id of a panel at `place`; else an error naming the option and
// the valid names: `--tab: no panel "seqence"; choose one of: events, transcript, sequence`.
std::string checkPanelName(const std::string& option, const std::string& name, PanelPlace place);

}  // namespace postino::viz
