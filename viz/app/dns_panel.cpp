// DNS at the playhead: the zones each DNS server answers for (their A and MX records), and
// each resolver's cache with the seconds every entry has left: why the second mail asks nobody.
#include "fitted_header.h"
#include "fonts.h"
#include "i18n.h"
#include "panels.h"
#include "theme.h"
#include "wrapped_text.h"

#include <fmt/format.h>

#include <map>

namespace postino::viz {

namespace {

std::string ipText(std::uint32_t ip) {
    return fmt::format("{}.{}.{}.{}", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

void drawZones(const scenario::Scenario& s) {
    bool any = false;
    for (const scenario::Node& n : s.nodes) {
        if (n.type != scenario::NodeType::DnsServer) continue;
        any = true;
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted(fmt::format("{} ({})", n.hostname, ipText(n.ip)).c_str());
        ImGui::PopFont();
        for (const scenario::DnsZone& z : n.zones) {
            if (!ImGui::TreeNodeEx(fmt::format("{} {}", tr("zone"), z.origin).c_str(), ImGuiTreeNodeFlags_DefaultOpen))
                continue;
            ImGui::PushFont(fonts().mono);
            // A zone-file line when it fits; in a narrow inspector the name on one line and its
            // TTL, type and data indented under it (wrapped), so nothing is cut at the right.
            for (const scenario::DnsRecord& r : z.records) {
                const std::string data = r.type == scenario::RecordType::A
                                             ? fmt::format("A     {}", ipText(r.address))
                                             : fmt::format("MX    {} {}", r.preference, r.exchange);
                const std::string line = fmt::format("{:<28} {:>5}  {}", r.name, r.ttl, data);
                if (ImGui::CalcTextSize(line.c_str()).x <= ImGui::GetContentRegionAvail().x) {
                    ImGui::TextUnformatted(line.c_str());
                    continue;
                }
                textWrapped(r.name);
                ImGui::Indent();
                textWrapped(fmt::format("{:>5}  {}", r.ttl, data));
                ImGui::Unindent();
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
        drawZones(ctx.lesson.scenario());
    ImGui::EndChild();
}

}  // namespace postino::viz
