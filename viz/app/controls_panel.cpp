// The player bar: restart, step back, play/pause, step forward, what a step is, speed,
// event-by-event mode, the clock, and the scrub bar with its milestone markers.
#include "i18n.h"
#include "model/markers.h"
#include "fonts.h"
#include "panels.h"
#include "theme.h"

#include <fmt/format.h>

#include <algorithm>

namespace postino::viz {

namespace {

Granularity g_step = Granularity::Event;

std::string clockText(Time t) { return fmt::format("{:.6f} s", static_cast<double>(t.ns()) / 1e9); }

void drawScrubBar(ViewContext& ctx, float width, float height) {
    Player& player = ctx.player;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("scrub", ImVec2(width, height));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float s = ctx.scale;
    const double end = std::max<double>(1.0, static_cast<double>(player.end().ns()));
    const auto xOf = [&](Time t) { return p0.x + static_cast<float>(static_cast<double>(t.ns()) / end) * width; };
    const float midY = p0.y + height * 0.5f;
    dl->AddRectFilled(ImVec2(p0.x, midY - 3 * s), ImVec2(p0.x + width, midY + 3 * s), linkColor(), 3 * s);
    dl->AddRectFilled(ImVec2(p0.x, midY - 3 * s), ImVec2(xOf(player.playhead()), midY + 3 * s),
                      protocolColor(net::AppProtocol::Imap), 3 * s);
    static std::vector<Marker> cache;
    static std::uint64_t cachedFor = 0;  // lesson serial
    if (cachedFor != ctx.lesson.serial()) cache = markers(ctx.index), cachedFor = ctx.lesson.serial();
    for (const Marker& m : cache) {
        const float x = xOf(m.time);
        ImU32 c = mutedTextColor();
        float h = 5 * s;
        switch (m.kind) {
            case MarkerKind::Delivered: c = successColor(), h = 9 * s; break;
            case MarkerKind::Error: c = errorColor(), h = 11 * s; break;
            case MarkerKind::Submitted: c = protocolColor(net::AppProtocol::Smtp), h = 7 * s; break;
            case MarkerKind::Mailbox: c = protocolColor(net::AppProtocol::Pop3), h = 6 * s; break;
        }
        dl->AddLine(ImVec2(x, midY - h), ImVec2(x, midY + h), c, 2 * s);
    }
    const float hx = xOf(player.playhead());
    dl->AddCircleFilled(ImVec2(hx, midY), 7 * s, highlightColor());
    dl->AddCircle(ImVec2(hx, midY), 7 * s, nodeOutlineColor(), 0, 1.5f * s);
    if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        const float f = std::clamp((ImGui::GetIO().MousePos.x - p0.x) / width, 0.0f, 1.0f);
        player.seek(Time::fromNanos(static_cast<std::int64_t>(static_cast<double>(f) * end)));
    }
    if (ImGui::IsItemHovered()) {
        const float f = std::clamp((ImGui::GetIO().MousePos.x - p0.x) / width, 0.0f, 1.0f);
        ImGui::SetTooltip("%s", clockText(Time::fromNanos(static_cast<std::int64_t>(static_cast<double>(f) * end))).c_str());
    }
}

}  // namespace

void drawControlsPanel(ViewContext& ctx, const PanelRect& rect) {
    if (!beginTile(tr("Player"), "player", rect, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) {
        ImGui::End();
        return;
    }
    Player& player = ctx.player;
    const float s = ctx.scale;
    const ImVec2 button(44 * s, 0);
    if (ImGui::Button("↺", button)) player.restart();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Restart from the beginning"));
    ImGui::SameLine();
    if (ImGui::Button("◀", button)) player.stepPrevious(g_step);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Step back (Left arrow)"));
    ImGui::SameLine();
    if (ImGui::Button(player.playing() ? "❚❚" : "▶", ImVec2(64 * s, 0))) player.toggle();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", player.playing() ? tr("Pause (Space)") : tr("Play (Space)"));
    ImGui::SameLine();
    if (ImGui::Button("▶▶", button)) player.stepNext(g_step);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Step forward (Right arrow)"));
    ImGui::SameLine();
    const char* stepNames[] = {tr("by event"), tr("by protocol line"), tr("by hop")};
    int step = static_cast<int>(g_step);
    ImGui::SetNextItemWidth(170 * s);
    if (ImGui::Combo("##step", &step, stepNames, 3)) g_step = static_cast<Granularity>(step);
    ImGui::SameLine();
    ImGui::TextUnformatted(tr("Speed"));
    ImGui::SameLine();
    if (ImGui::Button("−")) player.slower();
    ImGui::SameLine();
    const double speed = player.speed();
    ImGui::Text(speed < 1 ? "%.3gx" : "%.0fx", speed);
    ImGui::SameLine();
    if (ImGui::Button("+")) player.faster();
    ImGui::SameLine();
    bool paced = player.mode() == PlayMode::EventPaced;
    if (ImGui::Checkbox(tr("Pause at each event"), &paced))
        player.setMode(paced ? PlayMode::EventPaced : PlayMode::Continuous);
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(mutedTextColor()), "t = %s / %s",
                       clockText(player.playhead()).c_str(), clockText(player.end()).c_str());
    drawScrubBar(ctx, ImGui::GetContentRegionAvail().x, 26 * s);
    ImGui::End();
}

}  // namespace postino::viz
