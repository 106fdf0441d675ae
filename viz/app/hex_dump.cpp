#include "hex_dump.h"

#include "fonts.h"
#include "theme.h"

#include <fmt/format.h>
#include <imgui.h>

#include <string>

namespace postino::viz {

void drawHexDump(std::string_view bytes, ByteRange lit) {
    ImGui::PushFont(fonts().mono);
    const float cw = ImGui::GetFont()->GetCharAdvance('0');  // unrounded, unlike CalcTextSize
    int perRow = 16;
    while (perRow > 4 && static_cast<float>(6 + perRow * 4 + 1) * cw > ImGui::GetContentRegionAvail().x) perRow /= 2;
    ImVec4 tint = ImGui::ColorConvertU32ToFloat4(highlightColor());
    tint.w = 0.45f;
    const ImU32 back = ImGui::GetColorU32(tint);
    const int rows = (static_cast<int>(bytes.size()) + perRow - 1) / perRow;
    ImGuiListClipper clipper;
    clipper.Begin(rows);
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            std::string line = fmt::format("{:04x}  ", r * perRow);
            std::string text;
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float h = ImGui::GetTextLineHeight();
            for (int i = 0; i < perRow; ++i) {
                const int b = r * perRow + i;
                if (b >= static_cast<int>(bytes.size())) break;
                const unsigned v = static_cast<unsigned char>(bytes[static_cast<std::size_t>(b)]);
                line += fmt::format("{:02x} ", v);
                text += v >= 0x20 && v < 0x7f ? static_cast<char>(v) : '.';
                if (b >= lit.start && b < lit.end) {
                    const float hx = at.x + static_cast<float>(6 + i * 3) * cw;
                    const float ax = at.x + static_cast<float>(6 + perRow * 3 + 1 + i) * cw;
                    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(hx, at.y), ImVec2(hx + 2 * cw, at.y + h), back);
                    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(ax, at.y), ImVec2(ax + cw, at.y + h), back);
                }
            }
            line.resize(static_cast<std::size_t>(6 + perRow * 3 + 1), ' ');
            ImGui::TextUnformatted((line + text).c_str());
        }
    }
    ImGui::PopFont();
}

}  // namespace postino::viz
