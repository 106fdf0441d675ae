// The now line above the map: what a teacher would say aloud at this moment, large and bold, in
// the interface language: who acts and the current event's sentence, wrapped at spaces beside the
// name (two or three headline lines before a smaller font); below it, on a quiet map, what the
// world waits for (a deferred mail's next try, the next event) or how to start.
#include "event_text.h"
#include "fonts.h"
#include "i18n.h"
#include "model/now_fit.h"
#include "model/now_line.h"
#include "panels.h"
#include "theme.h"
#include "time_text.h"
#include "wrapped_text.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

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
    const float waitH = wait.empty() ? 0.0f : wrappedSize(wait, width).y + ImGui::GetStyle().ItemSpacing.y;
    if (now.event >= 0) {
        const trace::Event& e = ctx.lesson.trace().events[static_cast<std::size_t>(now.event)];
        const std::string who = nodeName(ctx, e.node);
        const std::string label = who.empty() ? std::string() : who + ":";
        const std::string what = eventText(e);
        const ImU32 colour = eventColor(e.kind, ImGui::GetColorU32(ImGuiCol_Text));
        // The sentence beside the node's name, as large as fits (model/now_fit).
        std::vector<NowFont> options;
        for (ImFont* f : {fonts().headline, fonts().bold, fonts().regular}) {
            const auto measure = [f](std::string_view t) {
                return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, t.data(), t.data() + t.size()).x;
            };
            // The name as wide as ImGui makes its item, and the gap SameLine leaves after it.
            const float indent =
                label.empty() ? 0.0f : std::floor(measure(label) + 0.99999f) + ImGui::GetStyle().ItemSpacing.x;
            options.push_back(NowFont{measure, f->FontSize, indent});
        }
        // A deferred mail's retry never gives way to a third headline line.
        const NowFit fit = fitNowLine(what, options, width, height, waitH, !now.waitingMail);
        ImFont* font = fit.font == 0 ? fonts().headline : fit.font == 1 ? fonts().bold : fonts().regular;
        const std::vector<std::string_view>& lines = fit.lines;
        ImGui::PushFont(font);
        if (!label.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
            ImGui::TextUnformatted(label.c_str());
            ImGui::PopStyleColor();
            ImGui::SameLine();
        }
        ImGui::BeginGroup();
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        for (std::string_view l : lines) ImGui::TextUnformatted(l.data(), l.data() + l.size());
        ImGui::PopStyleColor();
        ImGui::PopStyleVar();
        ImGui::EndGroup();
        ImGui::PopFont();
    }
    // The line under it is second: in a window too small for both it gives way.
    if (!wait.empty() && ImGui::GetCursorPosY() + waitH <= ImGui::GetWindowHeight()) {
        textWrappedColored(now.waitingMail ? retryColor() : mutedTextColor(), wait);
    }
}

}  // namespace postino::viz
