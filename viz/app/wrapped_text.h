// Wrapped prose for every panel: broken into lines by model/text_wrap (at spaces only, so an
// address, a reply code, a host name or a quoted word is never split), drawn with the look of
// ImGui::TextWrapped and measured the same way it is drawn. Use these, not ImGui's own wrap
// (TextWrapped, PushTextWrapPos with Text*, CalcTextSize with a wrap width).
#pragma once

#include <imgui.h>

#include <string_view>
#include <vector>

namespace postino::viz {

// Where Text*() would wrap at the cursor: the pushed PushTextWrapPos, else the region's right edge.
float wrapWidthHere();

// `text` as lines at most `width` wide in `font` at `size` (the current font when null); the
// views point into `text`. Remembered from frame to frame: a long list costs a lookup a row.
std::vector<std::string_view> wrappedLines(std::string_view text, float width, ImFont* font = nullptr, float size = 0);
// The size those lines take: the widest line, and one font size per line (ImGui's line height).
ImVec2 wrappedSize(std::string_view text, float width, ImFont* font = nullptr, float size = 0);

// Like ImGui::TextWrapped / TextDisabled / TextColored, wrapped at wrapWidthHere().
void textWrapped(std::string_view text);
void textWrappedDisabled(std::string_view text);
void textWrappedColored(ImU32 colour, std::string_view text);

}  // namespace postino::viz
