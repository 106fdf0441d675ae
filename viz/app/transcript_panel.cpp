// The transcript of one connection: what the client wrote and what the server answered, in
// two colours, up to the playhead; the newest line highlighted; a click moves the playhead there.
#include "i18n.h"
#include "fonts.h"
#include "panels.h"
#include "reply_tooltip.h"
#include "theme.h"
#include "wrapped_text.h"

#include <fmt/format.h>

namespace postino::viz {

namespace {

std::string connectionName(const trace::Trace& t, const trace::ConnectionRecord& c) {
    return fmt::format("#{} {} {} → {} ({} {})", c.id, tr(c.service.c_str()), t.nodes[c.client].id, t.nodes[c.server].id,
                       tr("port"), c.serverPort);
}

class TranscriptPanel final : public Panel {
public:
    const char* id() const override { return "transcript"; }
    const char* title() const override { return tr("Transcript"); }
    std::string emptyMessage(const ViewContext& ctx) const override {
        return ctx.lesson.trace().connections.empty() ? tr("No connection in this scenario.") : "";
    }
    void draw(ViewContext& ctx) override;
};

}  // namespace

std::unique_ptr<Panel> makeTranscriptPanel() { return std::make_unique<TranscriptPanel>(); }

void TranscriptPanel::draw(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    // The connection chosen (here, on the map, in the events); until one is, the one talking at the
    // playhead (its last line shown), else the current event's, else the last one opened.
    std::uint32_t chosen = ctx.selection.connection;
    if (chosen == 0) chosen = ctx.state.talking;
    if (chosen == 0 && ctx.state.currentEvent >= 0)
        chosen = t.events[static_cast<std::size_t>(ctx.state.currentEvent)].connection;
    if (chosen == 0)
        for (const auto& c : t.connections)
            if (c.opened <= ctx.player.playhead()) chosen = c.id;
    ImGui::SetNextItemWidth(-1);
    const std::string current = chosen ? connectionName(t, t.connection(chosen)) : std::string(tr("Choose a connection"));
    if (ImGui::BeginCombo("##connection", current.c_str())) {
        for (const auto& c : t.connections) {
            ImGui::PushID(static_cast<int>(c.id));
            const bool future = c.opened > ctx.player.playhead();
            if (future) ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
            if (ImGui::Selectable(connectionName(t, c).c_str(), c.id == chosen)) chosen = ctx.selection.connection = c.id;
            if (future) ImGui::PopStyleColor();
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    if (chosen == 0) {
        mutedWrapped(tr("No connection is open yet: press Play (Space)."));
        return;
    }
    std::vector<std::uint32_t> lines;
    for (std::uint32_t i = 0; i < ctx.state.linesShown && i < t.lines.size(); ++i)
        if (t.lines[i].connection == chosen) lines.push_back(i);
    if (lines.empty()) {
        mutedWrapped(tr("Nothing said on this connection yet."));
        return;
    }
    ImGui::BeginChild("lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PushFont(fonts().mono);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(lines.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const trace::LineRecord& l = t.lines[lines[static_cast<std::size_t>(r)]];
            ImGui::PushID(r);
            const bool newest = r + 1 == static_cast<int>(lines.size());
            ImGui::PushStyleColor(ImGuiCol_Text, l.fromClient ? clientLineColor() : serverLineColor());
            // A line that crossed inside TLS says so, as the command line's transcript does.
            const std::string text = fmt::format("{:>10.6f} {} {}{}", static_cast<double>(l.time.ns()) / 1e9,
                                                 l.fromClient ? "C:" : "S:", l.tls ? "[TLS] " : "", l.text);
            if (ImGui::Selectable(text.c_str(), newest)) {
                ctx.player.pause();
                ctx.player.seek(l.time);
            }
            ImGui::PopStyleColor();
            if (!l.fromClient) replyTooltip(t.connection(l.connection).app, l.text);
            else if (l.tls && ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                textWrapped(tr("Inside TLS: on the wire this line was encrypted; only the two ends could read it."));
                ImGui::EndTooltip();
            }
            ImGui::PopID();
        }
    }
    ImGui::PopFont();
    if (ctx.player.playing() || ctx.selection.followPlayhead) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
}

}  // namespace postino::viz
