// The event list (Packet Tracer's, better): time, node, protocol, what happened; filters by
// protocol and node; a click moves the playhead there; the current event follows the playhead.
#include "event_text.h"
#include "i18n.h"
#include "padlock.h"
#include "model/event_list.h"
#include "model/list_scroll.h"
#include "fonts.h"
#include "panels.h"
#include "reply_tooltip.h"
#include "theme.h"
#include "wrapped_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include <string>

namespace postino::viz {

namespace {

// The rows to draw. Wrapped rows differ in height, and Dear ImGui's clipper takes every row as
// tall as the first: the table's height came out short, so scrolled to the end the last row was
// cut off and the first slid under the header. A lesson's list is drawn whole, at its true
// height; only a very long one (a load test's) goes through the clipper.
class RowRange {
public:
    void begin(int count) {
        m_count = count;
        if (count > kDrawnWhole) m_clipper.emplace(), m_clipper->Begin(count);
    }
    void forceDisplay(int first, int end) {
        if (m_clipper) m_clipper->ForceDisplayRangeByIndices(first, end);
    }
    bool step() {
        if (m_clipper) {
            const bool more = m_clipper->Step();
            displayStart = m_clipper->DisplayStart, displayEnd = m_clipper->DisplayEnd;
            return more;
        }
        if (m_done) return false;
        displayStart = 0, displayEnd = m_count, m_done = true;
        return true;
    }
    bool whole() const { return !m_clipper; }
    int displayStart = 0, displayEnd = 0;

private:
    static constexpr int kDrawnWhole = 1000;
    int m_count = 0;
    bool m_done = false;
    std::optional<ImGuiListClipper> m_clipper;
};

class EventsPanel final : public Panel {
public:
    const char* id() const override { return "events"; }
    const char* title() const override { return tr("Events"); }
    void reset() override { *this = EventsPanel{}; }
    std::string emptyMessage(const ViewContext& ctx) const override {
        return ctx.lesson.trace().events.empty() ? tr("Nothing happens in this scenario: it has no actions.") : "";
    }
    void draw(ViewContext& ctx) override;

private:
    int m_protocolFilter = 0;  // 0 = all, else 1 + AppProtocol
    int m_nodeFilter = -1;     // -1 = all
    std::int64_t m_lastCurrent = -2;
    int m_scrollFrames = 0;
    float m_endRoom = 0;  // empty room after the last row, so the list can stop on a whole row

    // Scrolls a list drawn whole so the current row is in view and the top row is whole, not
    // half under the header; `tops`: each row's top and the end of the last row.
    void settleScroll(const std::vector<float>& tops, int scrollTo);
};

void EventsPanel::settleScroll(const std::vector<float>& tops, int scrollTo) {
    if (scrollTo < 0 || tops.size() < 2 || m_scrollFrames <= 0) return;
    const float header = tops.front() - ImGui::GetStyle().CellPadding.y;  // the frozen header's bottom
    const ListScroll to =
        scrollToShow(tops, std::max(1.0f, ImGui::GetWindowHeight() - header), static_cast<std::size_t>(scrollTo));
    m_endRoom = to.endRoom;
    ImGui::SetScrollY(to.scroll);
}

}  // namespace

std::unique_ptr<Panel> makeEventsPanel() { return std::make_unique<EventsPanel>(); }

void EventsPanel::draw(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    const float s = ctx.scale;
    static const net::AppProtocol kProtocols[] = {net::AppProtocol::Smtp, net::AppProtocol::Dns, net::AppProtocol::Pop3,
                                                  net::AppProtocol::Imap, net::AppProtocol::Http};
    std::string allProtocols = std::string(tr("All protocols"));
    // Each filter as wide as its longest choice, so the row fits narrow windows in every language.
    const float comboExtra = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().FramePadding.x;
    ImGui::SetNextItemWidth(std::max(ImGui::CalcTextSize(allProtocols.c_str()).x, ImGui::CalcTextSize("SMTP").x) + comboExtra);
    if (ImGui::BeginCombo("##protocol", m_protocolFilter == 0 ? allProtocols.c_str()
                                                               : protocolName(kProtocols[m_protocolFilter - 1]))) {
        if (ImGui::Selectable(allProtocols.c_str(), m_protocolFilter == 0)) m_protocolFilter = 0;
        for (int i = 0; i < 5; ++i)
            if (ImGui::Selectable(protocolName(kProtocols[i]), m_protocolFilter == i + 1)) m_protocolFilter = i + 1;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    const char* allNodes = tr("All nodes");
    float nodeWidth = ImGui::CalcTextSize(allNodes).x;
    for (const auto& n : t.nodes) nodeWidth = std::max(nodeWidth, ImGui::CalcTextSize(n.id.c_str()).x);
    ImGui::SetNextItemWidth(std::min(nodeWidth + comboExtra, 220 * s));
    if (ImGui::BeginCombo("##node", m_nodeFilter < 0 ? allNodes : t.nodes[static_cast<std::size_t>(m_nodeFilter)].id.c_str())) {
        if (ImGui::Selectable(allNodes, m_nodeFilter < 0)) m_nodeFilter = -1;
        for (std::size_t i = 0; i < t.nodes.size(); ++i)
            if (ImGui::Selectable(t.nodes[i].id.c_str(), m_nodeFilter == static_cast<int>(i))) m_nodeFilter = static_cast<int>(i);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::Checkbox(tr("Follow the playhead"), &ctx.selection.followPlayhead);

    const std::vector<std::uint32_t> rows = filterEvents(
        t, m_nodeFilter >= 0 ? std::optional<trace::NodeIndex>(static_cast<trace::NodeIndex>(m_nodeFilter)) : std::nullopt,
        m_protocolFilter > 0 ? std::optional<net::AppProtocol>(kProtocols[m_protocolFilter - 1]) : std::nullopt);
    if (rows.empty()) {
        ImGui::TextDisabled("%s", t.events.empty() ? tr("Nothing happens in this scenario: it has no actions.")
                                                   : tr("No event matches these filters."));
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("events", 4, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    // Wide enough for the last time of the run (a queue's lifetime runs to 432000 s and more).
    const std::string latest = fmt::format("{:.6f}", ctx.player.end().toSeconds());
    ImGui::TableSetupColumn(tr("Time (s)"), ImGuiTableColumnFlags_WidthFixed,
                            std::max(95 * s, ImGui::CalcTextSize(latest.c_str()).x + 14 * s));
    ImGui::TableSetupColumn(tr("Node"), ImGuiTableColumnFlags_WidthFixed, 130 * s);
    ImGui::TableSetupColumn(tr("Protocol"), ImGuiTableColumnFlags_WidthFixed,
                            std::max(75 * s, ImGui::CalcTextSize(tr("Protocol")).x + 12 * s));
    ImGui::TableSetupColumn(tr("What happened"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    const std::int64_t current = ctx.state.currentEvent;
    // Scroll to the current event when it changes (playing, stepping or seeking).
    // (Asked again for a few frames: the first frame of a table has no layout to scroll in yet.)
    if (current != m_lastCurrent) m_scrollFrames = 3;
    int scrollTo = -1;
    if (ctx.selection.followPlayhead && current >= 0 && m_scrollFrames > 0)
        for (std::size_t r = 0; r < rows.size(); ++r)
            if (rows[r] <= current) scrollTo = static_cast<int>(r);
    std::vector<float> tops;  // drawn whole: each row's top, then the end
    RowRange clipper;
    clipper.begin(static_cast<int>(rows.size()));
    if (scrollTo >= 0) clipper.forceDisplay(scrollTo, scrollTo + 1);
    while (clipper.step()) {
        for (int r = clipper.displayStart; r < clipper.displayEnd; ++r) {
            const std::uint32_t i = rows[static_cast<std::size_t>(r)];
            const trace::Event& e = t.events[i];
            const bool future = static_cast<std::int64_t>(i) > current;
            ImGui::TableNextRow();
            tops.push_back(ImGui::GetCursorPosY());
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableSetColumnIndex(0);
            // The chosen event, or else the one the playhead is at.
            const bool selected = ctx.selection.event >= 0 ? ctx.selection.event == static_cast<int>(i)
                                                           : static_cast<std::int64_t>(i) == current;
            if (ImGui::Selectable(fmt::format("{:.6f}", static_cast<double>(e.time.ns()) / 1e9).c_str(), selected,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                ctx.selection.event = static_cast<int>(i);
                ctx.selection.connection = e.connection;
                ctx.selection.node = e.node;
                ctx.selection.packet = packetOfEvent(t, e);
                ctx.player.pause();
                ctx.player.seek(e.time);
            }
            if (r == scrollTo) ImGui::SetScrollHereY(0.5f);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(t.nodes[e.node].id.c_str());
            ImGui::TableSetColumnIndex(2);
            const net::AppProtocol app = eventProtocol(t, e);
            if (app != net::AppProtocol::Other)
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(protocolColor(app)), "%s", protocolName(app));
            // TLS begun: a closed padlock; a handshake that failed: an open one, in the error colour.
            if (e.kind == trace::EventKind::TlsStarted || e.kind == trace::EventKind::TlsFailed) {
                if (app != net::AppProtocol::Other) ImGui::SameLine(0, 4 * s);
                const bool failed = e.kind == trace::EventKind::TlsFailed;
                padlockItem(failed, failed ? errorColor() : protocolColor(app), ImGui::GetColorU32(ImGuiCol_WindowBg));
            }
            ImGui::TableSetColumnIndex(3);
            const ImU32 color = eventColor(e.kind, future ? mutedTextColor() : ImGui::GetColorU32(ImGuiCol_Text));
            ImGui::PushStyleColor(ImGuiCol_Text, color);
            textWrapped(eventText(e));
            ImGui::PopStyleColor();
            quotedReplyTooltip(app == net::AppProtocol::Other ? net::AppProtocol::Smtp : app, e.text);  // the queue's words are SMTP's
            ImGui::PopID();
        }
    }
    if (clipper.whole()) {
        // The room after the last row, plain: no stripe, nothing to click.
        ImGui::TableNextRow(ImGuiTableRowFlags_None, m_endRoom);
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ImGui::GetColorU32(ImGuiCol_WindowBg));
        tops.push_back(ImGui::GetCursorPosY());
        settleScroll(tops, scrollTo);
    }
    ImGui::EndTable();
    m_lastCurrent = current;
    if (m_scrollFrames > 0) --m_scrollFrames;
}

}  // namespace postino::viz
