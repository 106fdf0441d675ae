// The lesson: its title and description in the chosen language, and a legend of the
// protocol colours used on the map, in the lists and in the transcript (and of the padlocks on
// TLS packets, in a lesson with TLS); a guided lesson's
// narration above them, its question and score cards over the map (step_cards.h).
#include "i18n.h"
#include "fonts.h"
#include "padlock.h"
#include "panels.h"
#include "step_cards.h"
#include "theme.h"
#include "wrapped_text.h"

#include <fmt/format.h>

namespace postino::viz {

namespace {

class LessonPanel final : public Panel {
public:
    const char* id() const override { return "lesson"; }
    const char* title() const override { return tr("Lesson"); }
    void draw(ViewContext& ctx) override;
};

}  // namespace

std::unique_ptr<Panel> makeLessonPanel() { return std::make_unique<LessonPanel>(); }

void LessonPanel::draw(ViewContext& ctx) {
    const scenario::Scenario& s = ctx.lesson.scenario();
    const std::string& lang = currentLanguage();
    drawStepNarration(ctx);
    drawStepCards(ctx);
    ImGui::PushFont(fonts().bold);
    textWrapped(s.title.get(lang));
    ImGui::PopFont();
    const std::string& description = s.description.get(lang);
    if (!description.empty()) textWrapped(description);
    ImGui::Spacing();
    const net::AppProtocol legend[] = {net::AppProtocol::Smtp, net::AppProtocol::Dns, net::AppProtocol::Pop3,
                                       net::AppProtocol::Imap, net::AppProtocol::Http, net::AppProtocol::TcpControl};
    // The colour key flows: an item that would pass the tile's edge starts the next line.
    const float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
    bool first = true;
    for (net::AppProtocol p : legend) {
        const std::string item = fmt::format("■ {}", protocolName(p));
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + ImGui::CalcTextSize(item.c_str()).x > right) ImGui::NewLine();
        }
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(protocolColor(p)), "%s", item.c_str());
        first = false;
    }
    // A lesson with TLS: what the padlocks on its packets mean, on a line of their own.
    if (!ctx.index.tls().any()) return;
    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text), paper = ImGui::GetColorU32(ImGuiCol_WindowBg);
    const float lock = ImGui::GetTextLineHeight() * 0.62f + 2 + ImGui::GetStyle().ItemSpacing.x;
    first = true;
    for (const bool open : {false, true}) {
        const char* words = open ? tr("TLS handshake (partly in clear)") : tr("encrypted (TLS)");
        if (!first) {
            ImGui::SameLine(0, ImGui::GetFontSize());
            if (ImGui::GetCursorPosX() + lock + ImGui::CalcTextSize(words).x > right) ImGui::NewLine();
        }
        padlockItem(open, ink, paper);
        ImGui::SameLine();
        ImGui::TextUnformatted(words);
        first = false;
    }
}

}  // namespace postino::viz
