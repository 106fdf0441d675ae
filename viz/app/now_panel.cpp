// The now line above the map: what a teacher would say aloud at this moment, large, in the
// interface language: who acts and the current event's sentence; below it, on a quiet map, what
// the world waits for (a deferred mail's next try, the next event) or how to start.
#include "event_text.h"
#include "fonts.h"
#include "i18n.h"
#include "model/now_line.h"
#include "panels.h"
#include "theme.h"
#include "time_text.h"

#include <algorithm>
#include <cfloat>
#include <string>

namespace postino::viz {

namespace {

class NowPanel final : public Panel {
public:
    const char* id() const override { return "now"; }
    const char* title() const override { return tr("Now"); }
    ImGuiWindowFlags tileFlags() const override {
        return ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
    }
    void draw(ViewContext& ctx) override;
};

// The node's caption in the interface language ("Alice's laptop"), else its host name.
std::string nodeName(const ViewContext& ctx, trace::NodeIndex node) {
    const auto& nodes = ctx.lesson.scenario().nodes;
    if (node >= nodes.size()) return {};
    const std::string& caption = nodes[node].label.get(currentLanguage());
    return caption.empty() ? nodes[node].hostname : caption;
}

// What the quiet map waits for, or how the story starts or ends; "" while things move.
std::string waitText(const ViewContext& ctx, const NowLine& now) {
    if (now.event < 0)
        return now.nextEvent >= 0 ? trf("Press Play (Space): the story starts in {}.", durationText(now.untilNext))
                                  : std::string(tr("Press Play (Space) to start."));
    if (!now.quiet) return {};
    if (now.waitingMail)
        return trf("Nothing moves: {} tries the deferred mail {} again in {}.", nodeName(ctx, now.waitingMail->node),
                   now.waitingMail->queueId, durationText(now.untilRetry));
    if (now.nextEvent < 0) return tr("The end: nothing else happens in this lesson.");
    if (now.untilNext >= Duration::seconds(1)) return trf("Nothing moves until the next event, in {}.", durationText(now.untilNext));
    return {};
}

}  // namespace

std::unique_ptr<Panel> makeNowPanel() { return std::make_unique<NowPanel>(); }

void NowPanel::draw(ViewContext& ctx) {
    const NowLine now = nowLineAt(ctx.state, ctx.lesson.trace());
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = ImGui::GetContentRegionAvail().y;
    const std::string wait = waitText(ctx, now);
    const float waitH = wait.empty() ? 0.0f
                                     : ImGui::CalcTextSize(wait.c_str(), nullptr, false, width).y + ImGui::GetStyle().ItemSpacing.y;
    if (now.event >= 0) {
        const trace::Event& e = ctx.lesson.trace().events[static_cast<std::size_t>(now.event)];
        const std::string who = nodeName(ctx, e.node);
        const std::string what = eventText(e);
        const ImU32 colour = eventColor(e.kind, ImGui::GetColorU32(ImGuiCol_Text));
        // The largest font whose wrapped sentence leaves room for the line under it: headline,
        // bold, then regular (a long sentence in a narrow window is never cut).
        ImFont* font = fonts().regular;
        for (ImFont* f : {fonts().headline, fonts().bold}) {
            const std::string label = who.empty() ? std::string() : who + ": ";
            const float whoW = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, label.c_str()).x;
            const float textH = f->CalcTextSizeA(f->FontSize, FLT_MAX, std::max(1.0f, width - whoW), what.c_str()).y;
            if (textH + waitH <= height) {
                font = f;
                break;
            }
        }
        ImGui::PushFont(font);
        if (!who.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
            ImGui::TextUnformatted((who + ":").c_str());
            ImGui::PopStyleColor();
            ImGui::SameLine();
        }
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(what.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ImGui::PopFont();
    }
    // The line under it is second: in a window too small for both it gives way.
    if (!wait.empty() && ImGui::GetCursorPosY() + waitH <= ImGui::GetWindowHeight()) {
        ImGui::PushStyleColor(ImGuiCol_Text, now.waitingMail ? retryColor() : mutedTextColor());
        ImGui::TextWrapped("%s", wait.c_str());
        ImGui::PopStyleColor();
    }
}

}  // namespace postino::viz
