// The event list (Packet Tracer's, better): time, node, protocol, what happened; filters by
// protocol and node; a click moves the playhead there; the current event follows the playhead.
#include "event_text.h"
#include "i18n.h"
#include "fonts.h"
#include "panels.h"
#include "reply_tooltip.h"
#include "theme.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include <string>

namespace postino::viz {

namespace {

int g_protocolFilter = 0;  // 0 = all, else 1 + AppProtocol
int g_nodeFilter = -1;     // -1 = all

net::AppProtocol eventProtocol(const trace::Trace& t, const trace::Event& e) {
    if (e.kind == trace::EventKind::DnsQuery || e.kind == trace::EventKind::DnsAnswer ||
        e.kind == trace::EventKind::DnsCacheHit)
        return net::AppProtocol::Dns;
    if (e.connection) return t.connection(e.connection).app;
    return net::AppProtocol::Other;
}

// The packet that carries an event: the first one its node sends on its connection at or
// after the event's time (none for events without a connection).
std::optional<std::uint64_t> packetOf(const trace::Trace& t, const trace::Event& e) {
    if (!e.connection) return std::nullopt;
    auto it = std::lower_bound(t.packets.begin(), t.packets.end(), e.time,
                               [](const trace::PacketRecord& p, Time time) { return p.sent < time; });
    for (std::size_t n = 0; it != t.packets.end() && n < 10000; ++it, ++n)
        if (it->packet.connection == e.connection && it->origin == e.node)
            return static_cast<std::uint64_t>(it - t.packets.begin());
    return std::nullopt;
}

}  // namespace

void drawEventsPanel(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    const float s = ctx.scale;
    static const net::AppProtocol kProtocols[] = {net::AppProtocol::Smtp, net::AppProtocol::Dns, net::AppProtocol::Pop3,
                                                  net::AppProtocol::Imap, net::AppProtocol::Http};
    std::string allProtocols = std::string(tr("All protocols"));
    // Each filter as wide as its longest choice, so the row fits narrow windows in every language.
    const float comboExtra = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().FramePadding.x;
    ImGui::SetNextItemWidth(std::max(ImGui::CalcTextSize(allProtocols.c_str()).x, ImGui::CalcTextSize("SMTP").x) + comboExtra);
    if (ImGui::BeginCombo("##protocol", g_protocolFilter == 0 ? allProtocols.c_str()
                                                               : protocolName(kProtocols[g_protocolFilter - 1]))) {
        if (ImGui::Selectable(allProtocols.c_str(), g_protocolFilter == 0)) g_protocolFilter = 0;
        for (int i = 0; i < 5; ++i)
            if (ImGui::Selectable(protocolName(kProtocols[i]), g_protocolFilter == i + 1)) g_protocolFilter = i + 1;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    const char* allNodes = tr("All nodes");
    float nodeWidth = ImGui::CalcTextSize(allNodes).x;
    for (const auto& n : t.nodes) nodeWidth = std::max(nodeWidth, ImGui::CalcTextSize(n.id.c_str()).x);
    ImGui::SetNextItemWidth(std::min(nodeWidth + comboExtra, 220 * s));
    if (ImGui::BeginCombo("##node", g_nodeFilter < 0 ? allNodes : t.nodes[static_cast<std::size_t>(g_nodeFilter)].id.c_str())) {
        if (ImGui::Selectable(allNodes, g_nodeFilter < 0)) g_nodeFilter = -1;
        for (std::size_t i = 0; i < t.nodes.size(); ++i)
            if (ImGui::Selectable(t.nodes[i].id.c_str(), g_nodeFilter == static_cast<int>(i))) g_nodeFilter = static_cast<int>(i);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::Checkbox(tr("Follow the playhead"), &ctx.selection.followPlayhead);

    std::vector<std::uint32_t> rows;
    rows.reserve(t.events.size());
    for (std::uint32_t i = 0; i < t.events.size(); ++i) {
        const trace::Event& e = t.events[i];
        if (g_nodeFilter >= 0 && e.node != static_cast<trace::NodeIndex>(g_nodeFilter)) continue;
        if (g_protocolFilter > 0 && eventProtocol(t, e) != kProtocols[g_protocolFilter - 1]) continue;
        rows.push_back(i);
    }
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
    static std::int64_t lastCurrent = -2;
    static int scrollFrames = 0;
    if (current != lastCurrent) scrollFrames = 3;
    int scrollTo = -1;
    if (ctx.selection.followPlayhead && current >= 0 && scrollFrames > 0)
        for (std::size_t r = 0; r < rows.size(); ++r)
            if (rows[r] <= current) scrollTo = static_cast<int>(r);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    if (scrollTo >= 0) clipper.ForceDisplayRangeByIndices(scrollTo, scrollTo + 1);
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const std::uint32_t i = rows[static_cast<std::size_t>(r)];
            const trace::Event& e = t.events[i];
            const bool future = static_cast<std::int64_t>(i) > current;
            ImGui::TableNextRow();
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
                ctx.selection.packet = packetOf(t, e);
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
            ImGui::TableSetColumnIndex(3);
            const ImU32 color = eventColor(e.kind, future ? mutedTextColor() : ImGui::GetColorU32(ImGuiCol_Text));
            ImGui::PushStyleColor(ImGuiCol_Text, color);
            ImGui::TextWrapped("%s", eventText(e).c_str());
            ImGui::PopStyleColor();
            quotedReplyTooltip(app == net::AppProtocol::Other ? net::AppProtocol::Smtp : app, e.text);  // the queue's words are SMTP's
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    lastCurrent = current;
    if (scrollFrames > 0) --scrollFrames;
}

}  // namespace postino::viz
