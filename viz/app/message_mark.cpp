#include "message_mark.h"

#include "fonts.h"

#include <algorithm>

namespace postino::viz {

float markCellWidth() {
    ImGui::PushFont(fonts().bold);
    const float w = ImGui::CalcTextSize("●").x;
    ImGui::PopFont();
    return w;
}

void markCell(std::string_view glyph, ImU32 colour, bool strike) {
    const float w = markCellWidth();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(w, ImGui::GetTextLineHeight()));
    if (glyph.empty()) return;
    ImGui::PushFont(fonts().bold);
    const ImVec2 size = ImGui::CalcTextSize(glyph.data(), glyph.data() + glyph.size());
    // Centred in the cell, and on the line (the bold font is larger than the line's).
    const ImVec2 p(at.x + (w - size.x) / 2, at.y + (ImGui::GetTextLineHeight() - size.y) / 2);
    ImGui::GetWindowDrawList()->AddText(p, colour, glyph.data(), glyph.data() + glyph.size());
    ImGui::PopFont();
    if (strike) {  // crossed out corner to corner, a little past the glyph
        const float cy = at.y + ImGui::GetTextLineHeight() / 2, r = w * 0.62f;
        const float cx = at.x + w / 2;
        ImGui::GetWindowDrawList()->AddLine(ImVec2(cx - r, cy + r), ImVec2(cx + r, cy - r), colour,
                                            std::max(1.5f, ImGui::GetFontSize() * 0.12f));
    }
}

}  // namespace postino::viz
