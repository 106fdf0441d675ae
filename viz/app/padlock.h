// A padlock drawn with shapes (the bundled fonts have no padlock glyph): closed for a packet whose
// records are all encrypted, open for a TLS handshake. The map's packets, their tooltips, the
// events list and the packet inspector draw it; drawing only.
#pragma once

#include <imgui.h>

namespace postino::viz {

// A padlock `width` wide centred on `centre` (it is about 1.25 × width tall): body filled with
// `fill` (closed) or hollow in `fill` (open, its shackle lifted), outlined in `outline`.
void drawPadlock(ImDrawList* dl, ImVec2 centre, float width, ImU32 fill, ImU32 outline, bool open);

// A padlock as a text-sized item in the current line (lists, tooltips), in `colour` outlined in
// `background` (the window's, so it stands out from it).
void padlockItem(bool open, ImU32 colour, ImU32 background);

}  // namespace postino::viz
