// DNS at the playhead: the zones each DNS server answers for (their A, MX and TXT records, and the
// DKIM key records the world published in them: trace::Trace::publishedRecords), and
// each resolver's cache with the seconds every entry has left: why the second mail asks nobody.
#include "fitted_header.h"
#include "fonts.h"
#include "i18n.h"
#include "panels.h"
#include "theme.h"
#include "wrapped_text.h"
#include "model/network_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>

namespace postino::viz {

namespace {

std::string ipText(std::uint32_t ip) {
    return fmt::format("{}.{}.{}.{}", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

void drawZones(const scenario::Scenario& s, const trace::Trace& t) {
    bool any = false;
    for (const scenario::Node& n : s.nodes) {
        const auto nodeIndex = static_cast<trace::NodeIndex>(&n - s.nodes.data());
        if (n.type != scenario::NodeType::DnsServer) continue;
        any = true;
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted(fmt::format("{} ({})", n.hostname, ipText(n.ip)).c_str());
        ImGui::PopFont();
        for (const scenario::DnsZone& z : n.zones) {
            if (!ImGui::TreeNodeEx(fmt::format("{} {}", tr("zone"), z.origin).c_str(), ImGuiTreeNodeFlags_DefaultOpen))
                continue;
            ImGui::PushFont(fonts().mono);
            // The records as a zone file's columns: name, TTL, type, data. TTL and type keep their
            // width; the name keeps its own when the row has room, and the data column wraps (in a
            // narrow inspector the name wraps too), each under itself, so nothing is cut or misaligned.
            float nameW = 0;
            for (const scenario::DnsRecord& r : z.records) nameW = std::max(nameW, ImGui::CalcTextSize(r.name.c_str()).x);
            const float ttlW = ImGui::CalcTextSize("86400").x, typeW = ImGui::CalcTextSize("TXT").x;
            const float spacing = ImGui::GetStyle().CellPadding.x * 8;
            const bool nameFits =
                nameW + ttlW + typeW + ImGui::CalcTextSize("192.0.2.25").x + spacing <= ImGui::GetContentRegionAvail().x;
            if (ImGui::BeginTable("records", 4, ImGuiTableFlags_SizingFixedFit)) {
                if (nameFits) ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, nameW);
                else ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
                ImGui::TableSetupColumn("ttl", ImGuiTableColumnFlags_WidthFixed, ttlW);
                ImGui::TableSetupColumn("type", ImGuiTableColumnFlags_WidthFixed, typeW);
                ImGui::TableSetupColumn("data", ImGuiTableColumnFlags_WidthStretch, 1.0f);
                for (const scenario::DnsRecord& r : z.records) {
                    ImGui::TableNextRow();
                    ImGui::TableSetColumnIndex(0);
                    textWrapped(r.name);
                    ImGui::TableSetColumnIndex(1);
                    const std::string ttl = std::to_string(r.ttl);
                    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ttlW - ImGui::CalcTextSize(ttl.c_str()).x);
                    ImGui::TextUnformatted(ttl.c_str());
                    ImGui::TableSetColumnIndex(2);
                    ImGui::TextUnformatted(scenario::recordTypeName(r.type));
                    ImGui::TableSetColumnIndex(3);
                    textWrapped(r.type == scenario::RecordType::A ? ipText(r.address) : recordDataText(r));
                }
                for (const trace::PublishedRecord& r : t.publishedRecords) {
                    if (r.node != nodeIndex || r.zone != z.origin) continue;
                    const std::string ttl = std::to_string(r.ttl);
                    ImGui::TableNextRow();
                    ImGui::TableSetColumnIndex(0);
                    textWrapped(r.name);
                    ImGui::TableSetColumnIndex(1);
                    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ttlW - ImGui::CalcTextSize(ttl.c_str()).x);
                    ImGui::TextUnformatted(ttl.c_str());
                    ImGui::TableSetColumnIndex(2);
                    ImGui::TextUnformatted(r.type.c_str());
                    ImGui::TableSetColumnIndex(3);
                    // A key is one long word: cut at the column's width (mono font), as a zone file folds it.
                    const auto perLine = static_cast<std::size_t>(
                        std::max(16.0f, ImGui::GetContentRegionAvail().x / ImGui::CalcTextSize("M").x));
                    for (std::size_t at = 0; at < r.data.size(); at += perLine)
                        ImGui::TextUnformatted(r.data.substr(at, perLine).c_str());
                }
                ImGui::EndTable();
            }
            ImGui::PopFont();
            ImGui::TreePop();
        }
    }
    if (!any) mutedWrapped(tr("This scenario has no DNS server."));
}

class DnsPanel final : public Panel {
public:
    const char* id() const override { return "dns"; }
    const char* title() const override { return tr("DNS"); }
    void draw(ViewContext& ctx) override;
};

}  // namespace

std::unique_ptr<Panel> makeDnsPanel() { return std::make_unique<DnsPanel>(); }

void DnsPanel::draw(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    const Time now = ctx.player.playhead();
    ImGui::BeginChild("dns");
    if (fittedHeader(tr("Resolver caches"), ImGuiTreeNodeFlags_DefaultOpen)) {
        // The newest entry per (resolver, question) learned by now.
        std::map<std::pair<trace::NodeIndex, std::string>, const trace::DnsCacheRecord*> cache;
        for (const trace::DnsCacheRecord& r : t.dnsCache) {
            if (r.time > now) break;
            cache[{r.node, r.question}] = &r;
        }
        if (cache.empty()) mutedWrapped(tr("Nothing cached yet: no mail server has asked DNS."));
        trace::NodeIndex last = static_cast<trace::NodeIndex>(-1);
        for (const auto& [key, r] : cache) {
            if (key.first != last) {
                last = key.first;
                ImGui::PushFont(fonts().bold);
                ImGui::TextUnformatted(t.nodes[key.first].id.c_str());
                ImGui::PopFont();
            }
            const double age = static_cast<double>((now - r->time).ns()) / 1e9;
            const double left = static_cast<double>(r->ttl) - age;
            const bool expired = left <= 0;
            // The time left first, so a long answer wraps without hiding it.
            ImGui::Bullet();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(expired ? errorColor() : successColor()), "%s",
                               expired ? tr("expired")
                                       : trf("{:.0f} s left", left).c_str());
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, expired ? mutedTextColor() : ImGui::GetColorU32(ImGuiCol_Text));
            textWrapped(fmt::format("{} → {}", r->question, r->answer));
            ImGui::PopStyleColor();
        }
    }
    if (fittedHeader(tr("Zones on the DNS servers"), ImGuiTreeNodeFlags_DefaultOpen))
        drawZones(ctx.lesson.scenario(), t);
    ImGui::EndChild();
}

}  // namespace postino::viz
