#include "map_packets.h"

#include "padlock.h"
#include "theme.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace postino::viz {

namespace {

// The scratch buffers of one frame, kept so a frame allocates nothing once warmed up.
struct Scratch {
    std::vector<std::size_t> front;  // per (link, direction): the packets ahead, or SIZE_MAX
    std::vector<std::size_t> order;  // packets that may get a label, best first
    std::vector<std::uint32_t> groups;  // of each in order: its link and direction + 1 (0: selected)
    std::vector<LabelRequest> requests;
    std::vector<std::size_t> shortLen;  // of each in order: the bytes of its shortened label
    std::vector<LabelPlacement> placements;
    std::vector<ImVec2> at, dir;
    LabelLayout layout;
};
Scratch g_scratch;

constexpr float kPadlockDots = 3.0f;  // a padlock's width, in dot radii

ImU32 withAlpha(ImU32 c, unsigned a) { return (c & 0x00FFFFFFu) | (static_cast<ImU32>(a) << 24); }

// TCP control segments show when the View menu says so, or when selected.
bool visibleOnMap(const ViewContext& ctx, const PacketInFlight& p) {
    return ctx.showTcpControl || p.app != net::AppProtocol::TcpControl || ctx.selection.packet == p.packetId;
}

}  // namespace

int drawPacketDots(ImDrawList* dl, const ViewContext& ctx, const PacketsOnMap& map) {
    const auto& packets = ctx.state.packets;
    const float s = map.scale;
    const ImGuiIO& io = ImGui::GetIO();
    Scratch& w = g_scratch;
    const std::size_t n = packets.size();
    w.at.resize(n);
    w.dir.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
        const PacketInFlight& p = packets[k];
        const ImVec2 a = map.nodeAt[p.from], b = map.nodeAt[p.to];
        const float f = static_cast<float>(p.progress);
        w.at[k] = ImVec2(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f);
        const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
        w.dir[k] = len > 0 ? ImVec2(dx / len, dy / len) : ImVec2(1, 0);
    }

    int hoveredPacket = -1;
    const float dot = 6 * s, small = 3.5f * s;
    for (std::size_t k = 0; k < n; ++k) {
        const PacketInFlight& p = packets[k];
        if (!visibleOnMap(ctx, p)) continue;
        const ImVec2 at = w.at[k], d = w.dir[k];
        const ImVec2 nrm(-d.y, d.x);
        if (p.app == net::AppProtocol::TcpControl) {  // quiet: a small muted dot with a small tip
            const ImU32 c = withAlpha(mutedTextColor(), 200);
            dl->AddCircleFilled(at, small, c);
            dl->AddTriangleFilled(ImVec2(at.x + d.x * small * 2.2f, at.y + d.y * small * 2.2f),
                                  ImVec2(at.x + nrm.x * small, at.y + nrm.y * small),
                                  ImVec2(at.x - nrm.x * small, at.y - nrm.y * small), c);
        } else if (p.bounce) {  // a bounce: a diamond in the bounce colour
            dl->AddQuadFilled(ImVec2(at.x, at.y - dot * 1.3f), ImVec2(at.x + dot * 1.3f, at.y), ImVec2(at.x, at.y + dot * 1.3f),
                              ImVec2(at.x - dot * 1.3f, at.y), bounceColor());
        } else {  // a dot with an arrowhead: where it goes is plain at a glance
            const ImU32 c = protocolColor(p.app);
            // A padlock is wider than the dot: its arrowhead reaches further out to show.
            const float reach = p.secrecy == PacketSecrecy::Plain ? 2.3f : kPadlockDots * 0.5f + 1.5f;
            const ImVec2 tip(at.x + d.x * dot * reach, at.y + d.y * dot * reach);
            const ImVec2 l(at.x + nrm.x * dot, at.y + nrm.y * dot), r(at.x - nrm.x * dot, at.y - nrm.y * dot);
            dl->AddTriangleFilled(tip, l, r, c);
            dl->AddTriangle(tip, l, r, mapBackgroundColor(), 1.0f * s);
            if (p.secrecy == PacketSecrecy::Plain) dl->AddCircleFilled(at, dot, c);
        }
        // TLS: the dot becomes a padlock, closed when no one on the way can read it, open for the
        // handshake (its records partly in clear).
        const bool tls = p.app != net::AppProtocol::TcpControl && p.secrecy != PacketSecrecy::Plain;
        if (tls)
            drawPadlock(dl, at, kPadlockDots * dot, p.bounce ? bounceColor() : protocolColor(p.app), mapBackgroundColor(),
                        p.secrecy == PacketSecrecy::Handshake);
        const float hit = p.app == net::AppProtocol::TcpControl ? small * 1.5f : tls ? dot * kPadlockDots * 0.6f : dot;
        if (std::abs(io.MousePos.x - at.x) <= hit && std::abs(io.MousePos.y - at.y) <= hit) hoveredPacket = static_cast<int>(k);
    }

    return hoveredPacket;
}

int drawPacketLabels(ImDrawList* dl, const ViewContext& ctx, const PacketsOnMap& map, int hoveredPacket) {
    const auto& packets = ctx.state.packets;
    const float s = map.scale;
    const ImGuiIO& io = ImGui::GetIO();
    Scratch& w = g_scratch;
    const std::size_t n = packets.size();
    if (w.at.size() != n) return hoveredPacket;  // drawPacketDots first
    // The packet in front on each link and direction carries the label (a TCP control one only
    // when selected); when its label finds no room, the next one back on that link tries.
    constexpr std::size_t kTries = 3;
    std::size_t links = 0;
    for (const PacketInFlight& p : packets) links = std::max<std::size_t>(links, p.link + 1);
    w.front.assign(links * 2 * kTries, SIZE_MAX);
    for (std::size_t k = 0; k < n; ++k) {
        const PacketInFlight& p = packets[k];
        if (p.app == net::AppProtocol::TcpControl || ctx.selection.packet == p.packetId) continue;
        std::size_t* slot = &w.front[(p.link * 2 + (p.from < p.to ? 0 : 1)) * kTries];
        std::size_t carry = k;  // insertion into the slot's few best, most advanced first
        for (std::size_t j = 0; j < kTries && carry != SIZE_MAX; ++j)
            if (slot[j] == SIZE_MAX || packets[carry].progress > packets[slot[j]].progress) std::swap(slot[j], carry);
    }
    w.order.clear();
    w.groups.clear();
    for (std::size_t k = 0; k < n; ++k)
        if (ctx.selection.packet == packets[k].packetId && visibleOnMap(ctx, packets[k])) {
            w.order.push_back(k);
            w.groups.push_back(0);
        }
    const std::size_t selectedCount = w.order.size();
    for (std::size_t j = 0; j < kTries; ++j)  // every link's front packet first, then the ones behind
        for (std::size_t slot = 0; slot < links * 2; ++slot)
            if (const std::size_t k = w.front[slot * kTries + j]; k != SIZE_MAX) {
                w.order.push_back(k);
                w.groups.push_back(static_cast<std::uint32_t>(slot + 1));
            }

    // Labels: laid out around the node icons, names and badges and around each other.
    LabelLayout& layout = w.layout;
    layout.reset({map.p0.x, map.p0.y, map.p0.x + map.size.x, map.p0.y + map.size.y}, 3 * s);
    for (const auto& [a, b] : map.obstacles) layout.addObstacle({a.x, a.y, b.x, b.y});
    const float padX = 5 * s, padY = 1.5f * s;
    w.requests.resize(w.order.size());
    w.shortLen.resize(w.order.size());
    constexpr std::size_t kShortPoints = 14, kShortReplyPoints = 26;
    const float ellipsisW = ImGui::CalcTextSize("…").x;
    for (std::size_t i = 0; i < w.order.size(); ++i) {
        const std::size_t k = w.order[i];
        const PacketInFlight& p = packets[k];
        const ImVec2 ts = ImGui::CalcTextSize(p.label.data(), p.label.data() + p.label.size());
        const float extra = p.bounce ? ImGui::CalcTextSize("↩ ").x : 0;
        // A shorter label for a crowded map: the first words and "…" (the tooltip has it all).
        // A reply keeps its codes whole and the first words of its reason ("550 5.1.1 … User unknown…").
        const bool reply = p.label.size() > 4 && std::isdigit(static_cast<unsigned char>(p.label[0])) &&
                           std::isdigit(static_cast<unsigned char>(p.label[1])) &&
                           std::isdigit(static_cast<unsigned char>(p.label[2])) && p.label[3] == ' ';
        const std::size_t shortPoints = reply ? kShortReplyPoints : kShortPoints;
        std::size_t cut = p.label.size(), points = 0;
        for (std::size_t b = 0; b < p.label.size(); ++b)
            if ((static_cast<unsigned char>(p.label[b]) & 0xC0) != 0x80 && points++ == shortPoints) {
                cut = b;
                break;
            }
        if (reply && cut < p.label.size())
            if (const std::size_t space = p.label.rfind(' ', cut); space != std::string::npos && space >= 3) cut = space;
        w.shortLen[i] = cut;
        // A refusal is what the class must see: an SMTP 4xx/5xx reply or a POP3 -ERR always shows
        // its (short) label, at the least covered place when no place is free.
        const bool refusal = (reply && (p.label[0] == '4' || p.label[0] == '5')) || p.label.rfind("-ERR", 0) == 0;
        const float shortW = cut < p.label.size()
                                 ? ImGui::CalcTextSize(p.label.data(), p.label.data() + cut).x + ellipsisW + extra + 2 * padX
                                 : 0;
        // A padlock reaches further from the packet's centre than a dot: about 0.62 of its width,
        // 0.9 with its shackle open (the layout keeps 3 px on top of the clearance).
        const float reachOf = p.secrecy == PacketSecrecy::Handshake ? 0.9f : 0.62f;
        const float clearance = p.secrecy != PacketSecrecy::Plain && p.app != net::AppProtocol::TcpControl
                                    ? reachOf * kPadlockDots * 6 * s - s
                                    : 0;
        w.requests[i] = {w.at[k].x, w.at[k].y, w.dir[k].x, w.dir[k].y, ts.x + extra + 2 * padX, ts.y + 2 * padY,
                         i < selectedCount || refusal, w.groups[i], shortW, clearance};
    }
    layout.place(w.requests, w.placements);
    for (std::size_t i = 0; i < w.order.size(); ++i) {
        if (!w.placements[i].shown) continue;
        const std::size_t k = w.order[i];
        const PacketInFlight& p = packets[k];
        const LabelRect& b = w.placements[i].box;
        const ImVec2 lo(b.x0, b.y0), hi(b.x1, b.y1);
        const bool selected = ctx.selection.packet == p.packetId;
        const bool control = p.app == net::AppProtocol::TcpControl;
        const ImU32 fill = control ? withAlpha(mutedTextColor(), 230) : p.bounce ? bounceColor() : protocolColor(p.app);
        // A thin leader from the dot to its label, so the pair reads as one.
        dl->AddLine(w.at[k], ImVec2(std::clamp(w.at[k].x, lo.x, hi.x), std::clamp(w.at[k].y, lo.y, hi.y)), withAlpha(fill, 110),
                    1.0f * s);
        dl->AddRectFilled(lo, hi, fill, 4 * s);
        if (selected) dl->AddRect(lo, hi, highlightColor(), 4 * s, 0, 2.5f * s);
        float x = lo.x + padX;
        if (p.bounce) {
            dl->AddText(ImVec2(x, lo.y + padY), IM_COL32(255, 255, 255, 255), "↩ ");
            x += ImGui::CalcTextSize("↩ ").x;
        }
        if (w.placements[i].shortened) {
            const char* end = p.label.data() + w.shortLen[i];
            dl->AddText(ImVec2(x, lo.y + padY), IM_COL32(255, 255, 255, 255), p.label.data(), end);
            dl->AddText(ImVec2(x + ImGui::CalcTextSize(p.label.data(), end).x, lo.y + padY), IM_COL32(255, 255, 255, 255), "…");
        } else {
            dl->AddText(ImVec2(x, lo.y + padY), IM_COL32(255, 255, 255, 255), p.label.data(), p.label.data() + p.label.size());
        }
        if (io.MousePos.x >= lo.x && io.MousePos.x <= hi.x && io.MousePos.y >= lo.y && io.MousePos.y <= hi.y)
            hoveredPacket = static_cast<int>(k);
    }
    return hoveredPacket;
}

}  // namespace postino::viz
