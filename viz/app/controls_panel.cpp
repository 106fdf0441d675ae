// The player bar: restart, step back, play/pause, step forward, what a step is, speed,
// event-by-event mode, the clock, and the scrub bar with its milestone markers.
#include "event_text.h"
#include "i18n.h"
#include "model/markers.h"
#include "model/row_fit.h"
#include "model/timeline_scale.h"
#include "time_text.h"
#include "fonts.h"
#include "panels.h"
#include "theme.h"
#include "wrapped_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace postino::viz {

namespace {

// The scrub bar's axis (long quiet waits drawn short) and zoom, kept per lesson.
struct ScrubState {
    std::uint64_t lesson = 0;  // serial
    TimelineScale scale;
    TimelineView view;
    std::vector<Marker> markers;
    std::array<bool, kMarkerKinds> present{};
};

class ControlsPanel final : public Panel {
public:
    const char* id() const override { return "player"; }
    const char* title() const override { return tr("Player"); }
    ImGuiWindowFlags tileFlags() const override { return ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar; }
    void reset() override { m_scrub = ScrubState{}; }
    void draw(ViewContext& ctx) override;

private:
    void drawScrubBar(ViewContext& ctx, float width, float height);

    Granularity m_step = Granularity::Event;
    ScrubState m_scrub;
};

const char* markerName(MarkerKind k) {
    switch (k) {
        case MarkerKind::Submitted: return tr("mail submitted");
        case MarkerKind::Delivered: return tr("delivered to a mailbox");
        case MarkerKind::Error: return tr("refused");
        case MarkerKind::Deferred: return tr("deferred: stays in the queue");
        case MarkerKind::Retry: return tr("retry from the queue");
        case MarkerKind::Bounce: return tr("bounce: the mail goes back");
        case MarkerKind::Outage: return tr("something breaks or mends");
        case MarkerKind::Mailbox: return tr("a mailbox changes");
    }
    return "";
}

// One marker: a tick across the bar, with a head whose shape tells the kind without colour.
void drawMarker(ImDrawList* dl, MarkerKind kind, float x, float midY, float s) {
    ImU32 c = mutedTextColor();
    float h = 5 * s;
    switch (kind) {
        case MarkerKind::Delivered: c = successColor(), h = 9 * s; break;
        case MarkerKind::Error: c = errorColor(), h = 11 * s; break;
        case MarkerKind::Submitted: c = protocolColor(net::AppProtocol::Smtp), h = 7 * s; break;
        case MarkerKind::Mailbox: c = protocolColor(net::AppProtocol::Pop3), h = 6 * s; break;
        case MarkerKind::Deferred: c = warningColor(), h = 9 * s; break;
        case MarkerKind::Retry: c = retryColor(), h = 9 * s; break;
        case MarkerKind::Bounce: c = bounceColor(), h = 11 * s; break;
        case MarkerKind::Outage: c = outageColor(), h = 11 * s; break;
    }
    dl->AddLine(ImVec2(x, midY - h), ImVec2(x, midY + h), c, 2 * s);
    const float r = 3.5f * s;
    switch (kind) {
        case MarkerKind::Retry: dl->AddCircleFilled(ImVec2(x, midY - h), r, c); break;
        case MarkerKind::Bounce:  // a head pointing down: the mail comes back
            dl->AddTriangleFilled(ImVec2(x - r - s, midY - h - r), ImVec2(x + r + s, midY - h - r), ImVec2(x, midY - h + r), c);
            break;
        case MarkerKind::Outage: dl->AddRectFilled(ImVec2(x - r, midY + h - r), ImVec2(x + r, midY + h + r), c); break;
        case MarkerKind::Deferred:
            dl->AddRectFilled(ImVec2(x - r, midY - h - r * 0.5f), ImVec2(x + r, midY - h + r * 0.5f), c);
            break;
        default: break;
    }
}

void drawLegend(const ScrubState& scrub, float s) {
    for (int k = 0; k < kMarkerKinds; ++k) {
        if (!scrub.present[static_cast<std::size_t>(k)]) continue;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float lineH = ImGui::GetTextLineHeight();
        ImGui::Dummy(ImVec2(16 * s, lineH));
        drawMarker(ImGui::GetWindowDrawList(), static_cast<MarkerKind>(k), at.x + 8 * s, at.y + lineH / 2, lineH / 26);
        ImGui::SameLine();
        ImGui::TextUnformatted(markerName(static_cast<MarkerKind>(k)));
    }
}

void ControlsPanel::drawScrubBar(ViewContext& ctx, float width, float height) {
    Player& player = ctx.player;
    if (m_scrub.lesson != ctx.lesson.serial()) {
        m_scrub = ScrubState{};
        m_scrub.lesson = ctx.lesson.serial();
        m_scrub.scale = TimelineScale(ctx.index);
        m_scrub.markers = markers(ctx.index);
        for (const Marker& m : m_scrub.markers) m_scrub.present[static_cast<std::size_t>(m.kind)] = true;
    }
    TimelineScale& scale = m_scrub.scale;
    TimelineView& view = m_scrub.view;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("scrub", ImVec2(width, height));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float s = ctx.scale;
    if (player.playing() && view.zoomed()) view.keepVisible(scale.position(player.playhead()));
    const auto xOfPosition = [&](double position) { return p0.x + static_cast<float>(view.fraction(position)) * width; };
    const auto xOf = [&](Time t) { return xOfPosition(scale.position(t)); };
    const auto timeAtX = [&](float x) {
        const double f = std::clamp(static_cast<double>((x - p0.x) / width), 0.0, 1.0);
        return scale.timeAt(view.positionAt(f));
    };
    const float midY = p0.y + height * 0.5f;
    dl->PushClipRect(ImVec2(p0.x - 8 * s, p0.y), ImVec2(p0.x + width + 8 * s, p0.y + height), true);
    dl->AddRectFilled(ImVec2(p0.x, midY - 3 * s), ImVec2(p0.x + width, midY + 3 * s), linkColor(), 3 * s);
    const float playX = std::clamp(xOf(player.playhead()), p0.x, p0.x + width);
    dl->AddRectFilled(ImVec2(p0.x, midY - 3 * s), ImVec2(playX, midY + 3 * s), protocolColor(net::AppProtocol::Imap), 3 * s);
    // A long quiet wait drawn short: an axis break (two slanted strokes) where there is room for one.
    for (const QuietGap& g : scale.gaps()) {
        const float a = xOf(g.start), b = xOf(g.end);
        if (b < p0.x || a > p0.x + width || b - a < 12 * s) continue;
        const float c = (a + b) / 2;
        for (const float dx : {-2.5f * s, 2.5f * s})
            dl->AddLine(ImVec2(c + dx - 2 * s, midY + 6 * s), ImVec2(c + dx + 2 * s, midY - 6 * s), mapBackgroundColor(), 2 * s);
    }
    int nearest = -1;
    float nearestDx = 6 * s;
    const float mouseX = ImGui::GetIO().MousePos.x;
    for (std::size_t i = 0; i < m_scrub.markers.size(); ++i) {
        const Marker& m = m_scrub.markers[i];
        const float x = xOf(m.time);
        if (x < p0.x - 1 || x > p0.x + width + 1) continue;
        drawMarker(dl, m.kind, x, midY, s);
        if (std::abs(x - mouseX) < nearestDx) nearestDx = std::abs(x - mouseX), nearest = static_cast<int>(i);
    }
    dl->PopClipRect();
    if (playX >= p0.x && xOf(player.playhead()) <= p0.x + width) {
        dl->AddCircleFilled(ImVec2(playX, midY), 7 * s, highlightColor());
        dl->AddCircle(ImVec2(playX, midY), 7 * s, nodeOutlineColor(), 0, 1.5f * s);
    }
    if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) player.seek(timeAtX(mouseX));
    if (ImGui::IsItemHovered()) {
        const ImGuiIO& io = ImGui::GetIO();
        const float f = std::clamp((mouseX - p0.x) / width, 0.0f, 1.0f);
        if (io.MouseWheel != 0) view.zoomBy(io.MouseWheel > 0 ? 1.5 : 1 / 1.5, f);
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) view.reset();
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
        ImGui::TextUnformatted(clockText(timeAtX(mouseX), true).c_str());
        const trace::Trace& t = ctx.lesson.trace();
        if (nearest >= 0) {
            const Marker& m = m_scrub.markers[static_cast<std::size_t>(nearest)];
            const trace::Event& e = t.events[m.event];
            ImGui::Separator();
            ImGui::TextDisabled("%s  %s", clockText(e.time).c_str(), t.nodes[e.node].id.c_str());
            textWrappedColored(eventColor(e.kind, ImGui::GetColorU32(ImGuiCol_Text)), eventText(e));
        }
        ImGui::Separator();
        drawLegend(m_scrub, s);
        if (scale.compressed()) {
            ImGui::Separator();
            textWrapped(tr("Long quiet waits (a minute or more with nothing on the way) are drawn short."));
        }
        textWrappedDisabled(tr("Wheel: zoom the time line. Double-click: the whole run."));
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

}  // namespace

std::unique_ptr<Panel> makeControlsPanel() { return std::make_unique<ControlsPanel>(); }

void ControlsPanel::draw(ViewContext& ctx) {
    Player& player = ctx.player;
    const float s = ctx.scale;
    const ImVec2 button(44 * s, 0);
    // A narrow row (1024 px with large text, a long translation) makes room before anything is
    // cut: the word "Speed" goes first (− 0.01x + still reads as a speed; tooltips say it), then
    // "Pause at each event" gives way to a pause icon beside its checkbox, with the words as a
    // tooltip: never a bare checkbox.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float box = ImGui::GetFrameHeight();
    const char* stepNames[] = {tr("by event"), tr("by protocol line"), tr("by hop")};
    float stepW = 0;
    for (const char* name : stepNames) stepW = std::max(stepW, ImGui::CalcTextSize(name).x);
    // The combo as wide as its longest choice and its arrow, up to 170 px (a long translation
    // shows whole in the open list).
    stepW = std::min(stepW + 2 * style.FramePadding.x + box, 170 * s);
    const char* pauseIcon = "❚❚";
    const float fixed = 3 * button.x + 64 * s + stepW + 2 * box + ImGui::CalcTextSize("0.001x").x + box +
                        style.ItemInnerSpacing.x + ImGui::CalcTextSize(pauseIcon).x +
                        ImGui::CalcTextSize("t = 0000.000 s").x + 10 * style.ItemSpacing.x;
    const ControlsFit fit =
        fitControls(ImGui::GetContentRegionAvail().x, fixed, ImGui::CalcTextSize(tr("Speed")).x + style.ItemSpacing.x,
                    ImGui::CalcTextSize(tr("Pause at each event")).x - ImGui::CalcTextSize(pauseIcon).x);
    if (ImGui::Button("↺", button)) player.restart();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Restart from the beginning"));
    ImGui::SameLine();
    if (ImGui::Button("◀", button)) player.stepPrevious(m_step);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Step back (Left arrow)"));
    ImGui::SameLine();
    if (ImGui::Button(player.playing() ? "❚❚" : "▶", ImVec2(64 * s, 0))) player.toggle();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", player.playing() ? tr("Pause (Space)") : tr("Play (Space)"));
    ImGui::SameLine();
    if (ImGui::Button("▶▶", button)) player.stepNext(m_step);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Step forward (Right arrow)"));
    ImGui::SameLine();
    int step = static_cast<int>(m_step);
    ImGui::SetNextItemWidth(stepW);
    if (ImGui::Combo("##step", &step, stepNames, 3)) m_step = static_cast<Granularity>(step);
    ImGui::SameLine();
    if (fit.speedWord) {
        ImGui::TextUnformatted(tr("Speed"));
        ImGui::SameLine();
    }
    if (ImGui::Button("−")) player.slower();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Slower (Down arrow)"));
    ImGui::SameLine();
    const double speed = player.speed();
    ImGui::Text(speed < 1 ? "%.3gx" : "%.0fx", speed);
    if (!fit.speedWord && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Speed"));
    ImGui::SameLine();
    if (ImGui::Button("+")) player.faster();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Faster (Up arrow)"));
    ImGui::SameLine();
    bool paced = player.mode() == PlayMode::EventPaced;
    if (ImGui::Checkbox(fit.pauseWords ? tr("Pause at each event") : fmt::format("{}###paced", pauseIcon).c_str(),
                        &paced))
        player.setMode(paced ? PlayMode::EventPaced : PlayMode::Continuous);
    if (!fit.pauseWords && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Pause at each event"));
    ImGui::SameLine();
    // The clock, as long as the row has room for: microseconds, then words for a long run
    // ("1 h 20 min"), shorter forms when the window is narrow.
    {
        const double now = player.playhead().toSeconds(), end = player.end().toSeconds();
        const bool longRun = player.end() >= Time::zero() + Duration::seconds(7200);
        const std::string endWords = durationText(player.end() - Time::zero());
        std::vector<std::string> forms;
        if (longRun) {
            forms.push_back(fmt::format("t = {} / {}", clockText(player.playhead(), true), endWords));
            forms.push_back(fmt::format("t = {:.6f} s / {}", now, endWords));
            forms.push_back(fmt::format("t = {:.3f} s / {}", now, endWords));
        } else {
            forms.push_back(fmt::format("t = {:.6f} s / {:.6f} s", now, end));
            forms.push_back(fmt::format("t = {:.3f} s / {:.3f} s", now, end));
        }
        forms.push_back(fmt::format("t = {:.3f} s", now));
        const float room = ImGui::GetContentRegionAvail().x - (m_scrub.view.zoomed() ? 120 * s : 0);
        std::size_t pick = 0;
        while (pick + 1 < forms.size() && ImGui::CalcTextSize(forms[pick].c_str()).x > room) ++pick;
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(mutedTextColor()), "%s", forms[pick].c_str());
    }
    if (m_scrub.view.zoomed()) {
        ImGui::SameLine();
        if (ImGui::SmallButton(fmt::format("{} ×{:.0f}###whole", tr("Whole run"), m_scrub.view.zoom()).c_str()))
            m_scrub.view.reset();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("The time line is zoomed in: show the whole run again"));
    }
    drawScrubBar(ctx, ImGui::GetContentRegionAvail().x, 26 * s);
}

}  // namespace postino::viz
