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
        return trf("Nothing moves: queue id {} waits in the deferred queue of {}; next try in {}.",
                   now.waitingMail->queueId, nodeName(ctx, now.waitingMail->node), durationText(now.untilRetry));
    if (now.nextEvent < 0) return tr("The end: nothing else happens in this lesson.");
    if (now.untilNext >= Duration::seconds(1)) return trf("Nothing moves until the next event, in {}.", durationText(now.untilNext));
    return {};
}

}  // namespace

std::unique_ptr<Panel> makeNowPanel() { return std::make_unique<NowPanel>(); }

void NowPanel::draw(ViewContext& ctx) {
    const NowLine now = nowLineAt(ctx.state, ctx.lesson.trace());
    const float width = ImGui::GetContentRegionAvail().x;
    if (now.event >= 0) {
        const trace::Event& e = ctx.lesson.trace().events[static_cast<std::size_t>(now.event)];
        const std::string who = nodeName(ctx, e.node);
        const std::string what = eventText(e);
        const ImU32 colour = eventColor(e.kind, ImGui::GetColorU32(ImGuiCol_Text));
        // One large line when it fits; else the ordinary bold size, wrapped (never cut).
        ImFont* font = fonts().headline;
        const std::string line = who.empty() ? what : who + ": " + what;
        if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, line.c_str()).x > width) font = fonts().bold;
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
    const std::string wait = waitText(ctx, now);
    if (!wait.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, now.waitingMail ? retryColor() : mutedTextColor());
        ImGui::TextWrapped("%s", wait.c_str());
        ImGui::PopStyleColor();
    }
}

}  // namespace postino::viz
