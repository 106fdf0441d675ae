// The panels of the window, one per file, each owning its Begin/End and drawing inside the
// rectangle the App gives it. They read the ViewContext and change only selection and player.
#pragma once

#include "view_context.h"

#include <imgui.h>

namespace postino::viz {

struct PanelRect {
    ImVec2 pos, size;
};

void drawControlsPanel(ViewContext& ctx, const PanelRect& rect);
void drawMapPanel(ViewContext& ctx, const PanelRect& rect, std::vector<MapPoint>& layout);
void drawEventsPanel(ViewContext& ctx);      // inside a tab of the bottom window
void drawTranscriptPanel(ViewContext& ctx);  // inside a tab of the bottom window
void drawLessonPanel(ViewContext& ctx, const PanelRect& rect);
void drawMailboxPanel(ViewContext& ctx);     // inside a tab of the side window
void drawSequencePanel(ViewContext& ctx);    // inside a tab of the bottom window
void drawPacketPanel(ViewContext& ctx);      // inside a tab of the side window
void drawMessagePanel(ViewContext& ctx);     // inside a tab of the side window
void drawDnsPanel(ViewContext& ctx);         // inside a tab of the side window
void drawQueuePanel(ViewContext& ctx);       // inside a tab of the side window
void drawComparePanel(ViewContext& ctx);     // inside a tab of the side window

// A fixed tile: no move, no resize, no collapse, title translated with a stable ###id.
bool beginTile(const char* title, const char* id, const PanelRect& rect, ImGuiWindowFlags extra = 0);

}  // namespace postino::viz
