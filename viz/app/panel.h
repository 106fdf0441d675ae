// The base of every panel of the window: a stable id (the ###id, --tab / --inspector, the View
// menu), a translated title, its own state (cleared by reset() when a lesson loads) and an empty
// state. The base owns Begin/End or BeginTabItem/EndTabItem; a panel draws only its content.
#pragma once

#include "view_context.h"

#include <imgui.h>

#include <string>

namespace postino::viz {

struct PanelRect {
    ImVec2 pos, size;
};

class Panel {
public:
    virtual ~Panel() = default;
    // Stable and untranslated: "events", "map", "queue" (the ###id and the command-line name).
    virtual const char* id() const = 0;
    // Translated on every call: the language can change while the window is open.
    virtual const char* title() const = 0;
    // A lesson was loaded: forget everything kept from the last one (zoom, filters, caches).
    virtual void reset() {}
    // "" when the panel has something to show; else the sentence the base shows instead of draw().
    virtual std::string emptyMessage(const ViewContext&) const { return {}; }
    // Window flags of the panel as a fixed tile (no scroll bar for a canvas, no title bar).
    virtual ImGuiWindowFlags tileFlags() const { return 0; }
    // A tab that needs height to be read (the Compare columns): while it is open, the App gives
    // its tab bar a bigger share of the window.
    virtual bool wantsRoom() const { return false; }
    // The content, inside the window or tab the base opened.
    virtual void draw(ViewContext& ctx) = 0;

    // As a fixed tile at `rect`: Begin, the empty state or draw(), End.
    void drawTile(ViewContext& ctx, const PanelRect& rect);
    // As a tab of the current tab bar, its label's text at `labelScale`; `bringForward` selects it.
    // True when it is the open tab.
    bool drawTab(ViewContext& ctx, bool bringForward, float labelScale);

private:
    void drawBody(ViewContext& ctx);
};

// A fixed tile: no move, no resize, no collapse, title translated with a stable ###id.
bool beginTile(const char* title, const char* id, const PanelRect& rect, ImGuiWindowFlags extra = 0);

}  // namespace postino::viz
