#include "padlock.h"

#include <algorithm>
#include <cmath>

namespace postino::viz {

namespace {
constexpr float kPi = 3.14159265f;
}  // namespace

void drawPadlock(ImDrawList* dl, ImVec2 c, float w, ImU32 fill, ImU32 outline, bool open) {
    // In units of the width: the body from y = -0.05 to 0.6, the shackle's arc above it.
    const float r = 0.29f * w, thick = std::max(1.5f, 0.15f * w);
    const float bodyTop = c.y - 0.05f * w, bodyBottom = c.y + 0.6f * w;
    const float lift = open ? 0.28f * w : 0.0f;
    const float arcY = bodyTop - 0.2f * w - lift;
    const auto shackle = [&](ImU32 colour, float t) {
        // Open: the left leg hangs free above the body; closed: both legs go into it.
        dl->PathLineTo(ImVec2(c.x - r, open ? arcY + 0.08f * w : bodyTop + 0.05f * w));
        dl->PathArcTo(ImVec2(c.x, arcY), r, kPi, 2 * kPi, 12);
        dl->PathLineTo(ImVec2(c.x + r, bodyTop + 0.05f * w));
        dl->PathStroke(colour, 0, t);
    };
    shackle(outline, thick + std::max(1.5f, 0.08f * w));
    shackle(fill, thick);
    const ImVec2 a(c.x - 0.5f * w, bodyTop), b(c.x + 0.5f * w, bodyBottom);
    const float round = 0.12f * w;
    dl->AddRectFilled(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), outline, round);
    if (open) {
        const float t = std::max(1.5f, 0.12f * w);
        dl->AddRect(ImVec2(a.x + t * 0.5f, a.y + t * 0.5f), ImVec2(b.x - t * 0.5f, b.y - t * 0.5f), fill, round, 0, t);
    } else {
        dl->AddRectFilled(a, b, fill, round);
        // The keyhole, in the outline's colour.
        const ImVec2 k(c.x, bodyTop + 0.27f * w);
        dl->AddCircleFilled(k, 0.09f * w, outline, 10);
        dl->AddRectFilled(ImVec2(k.x - 0.035f * w, k.y), ImVec2(k.x + 0.035f * w, k.y + 0.2f * w), outline);
    }
}

void padlockItem(bool open, ImU32 colour, ImU32 background) {
    const float h = ImGui::GetTextLineHeight();
    const float w = h * 0.62f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(w + 2, h));
    // Centred in the line: the shape spans about -0.55 w to 0.6 w around its centre.
    drawPadlock(ImGui::GetWindowDrawList(), ImVec2(at.x + w * 0.5f + 1, at.y + h * 0.5f - 0.02f * w), w, colour,
                background, open);
}

}  // namespace postino::viz
