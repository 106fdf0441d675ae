// The topology map: nodes drawn by role with host name and IP, links, packets gliding along
// their links coloured by protocol with what they say (map_packets; bounces marked ↩), mailbox and queue badges, nodes switched
// off, servers answering errors, cut links. Pan (right drag), zoom (wheel), drag nodes.
#include "i18n.h"
#include "fonts.h"
#include "map_overlays.h"
#include "map_packets.h"
#include "node_icons.h"
#include "padlock.h"
#include "wrapped_text.h"
#include "panels.h"
#include "theme.h"

#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <map>

namespace postino::viz {

namespace {

// A node's name on the map and its sizes, in the fonts of the moment (kept while the language
// and the font sizes stay: names are measured once, not every frame).
struct NodeCaption {
    std::string title, sub;   // the name (label, else host name); host name and address
    float titlePx = 0, subPx = 0;
    ImVec2 titleSize, shrunkSize, subSize;  // the title at titlePx and at 0.85 of it
    std::size_t split = std::string::npos;  // a host's: the space whose two halves make the narrowest name
};

struct MapView {
    float zoom = 1.0f;
    ImVec2 pan{0, 0};
    int dragging = -1;
};

class MapPanel final : public Panel {
public:
    const char* id() const override { return "map"; }
    const char* title() const override { return tr("Network map"); }
    ImGuiWindowFlags tileFlags() const override { return ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse; }
    void reset() override { m_view = MapView{}, m_envelopes = EnvelopeScratch{}, m_captions.clear(), m_core = SIZE_MAX; }
    void draw(ViewContext& ctx) override;

private:
    MapView m_view;  // zoom, pan and the node being dragged
    EnvelopeScratch m_envelopes;
    PlacedRects m_placed;  // what is drawn on the map this frame, with its grid (buffers kept)
    PlacedRects m_icons;   // the node icons alone
    PlacedRects m_nameAir; // the names, each with the air it keeps around it
    std::size_t m_core = SIZE_MAX;  // the central router, drawn as the cloud
    std::vector<NodeCaption> m_captions;
    std::string m_captionsLang;
    float m_captionsBold = 0, m_captionsRegular = 0;  // the font sizes they were measured in
    const std::vector<NodeCaption>& captions(const scenario::Scenario& sc, const std::string& lang);
};

constexpr float kShrunkName = 0.85f;  // a name with no room at its size tries this much smaller

// A quiet line on the map (a hint): in the first of its corners or edges where it covers no icon,
// name or badge, on a plate of the map's colour so a link line under it never makes it
// unreadable. Where every place is taken it is left out: the map's own things come first, and
// the hint only says again what the other panels say.
void drawMapHint(ImDrawList* dl, const PlacedRects& placed, ImVec2 lo, ImVec2 hi, float s, const char* text) {
    const ImVec2 size = ImGui::CalcTextSize(text);
    const float pad = 8 * s, mx = 6 * s, my = 3 * s;
    const float left = lo.x + pad, right = hi.x - size.x - pad, middle = (lo.x + hi.x - size.x) / 2;
    const float top = lo.y + pad, bottom = hi.y - size.y - pad;
    if (right < left) return;  // narrower than the hint
    const ImVec2 spots[] = {{left, top}, {right, top}, {left, bottom}, {right, bottom}, {middle, top}, {middle, bottom}};
    for (const ImVec2& at : spots) {
        const ImVec2 a(at.x - mx, at.y - my), b(at.x + size.x + mx, at.y + size.y + my);
        if (placed.anyMeets(a, b)) continue;
        dl->AddRectFilled(a, b, (mapBackgroundColor() & 0x00FFFFFF) | 0xE6000000, 4 * s);
        dl->AddText(at, mutedTextColor(), text);
        return;
    }
}

// What a padlock on a packet means, beside a padlock like it.
void drawTlsTooltip(const ViewContext& ctx, const PacketInFlight& p) {
    const trace::Trace& t = ctx.lesson.trace();
    const bool open = p.secrecy == PacketSecrecy::Handshake;
    std::string text;
    if (open) {
        text = tr("TLS handshake: the two ends agree on keys and the server shows its certificate. Neither the "
                  "mail nor a password is in it.");
    } else if (p.connection > 0 && p.connection <= t.connections.size()) {
        const trace::ConnectionRecord& c = t.connections[p.connection - 1];
        text = trf("Encrypted (TLS): on this link it is scrambled bytes; only {} and {} can read what it carries.",
                   t.nodes[c.client].id, t.nodes[c.server].id);
    } else {
        text = tr("Encrypted (TLS): on this link it is scrambled bytes; only the two ends can read what it carries.");
    }
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    padlockItem(open, protocolColor(p.app), ImGui::GetColorU32(ImGuiCol_PopupBg));
    ImGui::SameLine();
    textWrapped(text);
    ImGui::PopTextWrapPos();
}

}  // namespace

std::unique_ptr<Panel> makeMapPanel() { return std::make_unique<MapPanel>(); }

const std::vector<NodeCaption>& MapPanel::captions(const scenario::Scenario& sc, const std::string& lang) {
    const float bold = fonts().bold->FontSize, regular = fonts().regular->FontSize;
    if (m_captions.size() == sc.nodes.size() && m_captionsLang == lang && m_captionsBold == bold &&
        m_captionsRegular == regular)
        return m_captions;
    m_captions.assign(sc.nodes.size(), NodeCaption{});
    m_captionsLang = lang;
    m_captionsBold = bold, m_captionsRegular = regular;
    for (std::size_t i = 0; i < sc.nodes.size(); ++i) {
        const scenario::Node& n = sc.nodes[i];
        NodeCaption& c = m_captions[i];
        const std::string& label = n.label.get(lang);
        c.title = label.empty() ? n.hostname : label;
        c.sub = label.empty() ? "" : n.hostname + "  ";
        c.sub += fmt::format("{}.{}.{}.{}", n.ip >> 24, (n.ip >> 16) & 255, (n.ip >> 8) & 255, n.ip & 255);
        // Hosts get a bold name; routers a smaller, plain one (they are many and close together).
        const bool router = n.type == scenario::NodeType::Router;
        ImFont* titleFont = router ? fonts().regular : fonts().bold;
        c.titlePx = (router ? 0.85f : 1.0f) * titleFont->FontSize;
        c.subPx = (router ? 0.85f : 1.0f) * fonts().regular->FontSize;
        c.titleSize = titleFont->CalcTextSizeA(c.titlePx, FLT_MAX, 0, c.title.c_str());
        c.shrunkSize = titleFont->CalcTextSizeA(c.titlePx * kShrunkName, FLT_MAX, 0, c.title.c_str());
        c.subSize = fonts().regular->CalcTextSizeA(c.subPx, FLT_MAX, 0, c.sub.c_str());
        float narrowest = FLT_MAX;
        for (std::size_t k = c.title.find(' '); !router && k != std::string::npos; k = c.title.find(' ', k + 1)) {
            const float w1 = titleFont->CalcTextSizeA(c.titlePx, FLT_MAX, 0, c.title.data(), c.title.data() + k).x;
            const float w2 = titleFont->CalcTextSizeA(c.titlePx, FLT_MAX, 0, c.title.data() + k + 1).x;
            if (std::max(w1, w2) < narrowest) narrowest = std::max(w1, w2), c.split = k;
        }
    }
    return m_captions;
}

void MapPanel::draw(ViewContext& ctx) {
    std::vector<MapPoint>& layout = ctx.layout;
    const float s = ctx.scale;
    const scenario::Scenario& sc = ctx.lesson.scenario();
    const trace::Trace& tr_ = ctx.lesson.trace();
    const std::string& lang = currentLanguage();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::InvisibleButton("canvas", avail, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
    dl->AddRectFilled(p0, ImVec2(p0.x + avail.x, p0.y + avail.y), mapBackgroundColor());
    dl->PushClipRect(p0, ImVec2(p0.x + avail.x, p0.y + avail.y), true);

    // Map space [0,1]^2 -> screen, with margins for icons and labels.
    // Room for the icons and for the two label lines under them.
    // A narrow map (1024 px, presenting) gives its sides less: labels slide inwards rather than be cut.
    const float marginX = std::min(110 * s, std::max(60 * s, avail.x * 0.12f)), marginTop = 40 * s, marginBottom = 75 * s;
    const ImVec2 inner(std::max(10.0f, avail.x - 2 * marginX), std::max(10.0f, avail.y - marginTop - marginBottom));
    const ImVec2 centre(p0.x + avail.x / 2 + m_view.pan.x,
                        p0.y + marginTop + inner.y / 2 + m_view.pan.y);
    const auto toScreen = [&](const MapPoint& m) {
        return ImVec2(centre.x + (m.x - 0.5f) * inner.x * m_view.zoom, centre.y + (m.y - 0.5f) * inner.y * m_view.zoom);
    };
    const float r = 24 * s * std::sqrt(m_view.zoom);

    // Interaction: wheel zooms, right drag pans, left drag moves a node, left click selects.
    ImGuiIO& io = ImGui::GetIO();
    if (hovered && io.MouseWheel != 0) m_view.zoom = std::clamp(m_view.zoom * (io.MouseWheel > 0 ? 1.1f : 1 / 1.1f), 0.4f, 4.0f);
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Right)) {
        m_view.pan.x += io.MouseDelta.x;
        m_view.pan.y += io.MouseDelta.y;
    }
    int hoveredNode = -1;
    for (std::size_t i = 0; i < layout.size(); ++i) {
        const ImVec2 c = toScreen(layout[i]);
        if (std::abs(io.MousePos.x - c.x) < r && std::abs(io.MousePos.y - c.y) < r) hoveredNode = static_cast<int>(i);
    }
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        m_view.dragging = hoveredNode;
        if (hoveredNode >= 0) ctx.selection.node = static_cast<std::size_t>(hoveredNode);
    }
    if (hovered && hoveredNode < 0 && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) m_view = MapView{};  // fit
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) m_view.dragging = -1;
    if (m_view.dragging >= 0 && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        MapPoint& m = layout[static_cast<std::size_t>(m_view.dragging)];
        m.x += io.MouseDelta.x / (inner.x * m_view.zoom);
        m.y += io.MouseDelta.y / (inner.y * m_view.zoom);
    }

    // Links, busy ones stronger.
    std::vector<int> linkBusy(tr_.links.size(), 0);
    for (const PacketInFlight& p : ctx.state.packets)
        if (p.link < linkBusy.size()) linkBusy[p.link] = 1;
    // A cut link: dashed red with scissors (drawn once the trace tells when links are cut).
    for (std::size_t i = 0; i < tr_.links.size(); ++i) {
        const auto& l = tr_.links[i];
        if (i < ctx.state.linkCut.size() && ctx.state.linkCut[i]) continue;
        dl->AddLine(toScreen(layout[l.a]), toScreen(layout[l.b]), linkBusy[i] ? nodeOutlineColor() : linkColor(),
                    (linkBusy[i] ? 3.0f : 2.0f) * s);
    }
    for (std::size_t i = 0; i < tr_.links.size() && i < ctx.state.linkCut.size(); ++i)
        if (ctx.state.linkCut[i]) drawCutLink(dl, toScreen(layout[tr_.links[i].a]), toScreen(layout[tr_.links[i].b]), s);

    // Packets in flight: their dots pass under the nodes and names, their captions go over all (map_packets).
    PacketsOnMap onMap{{}, {}, p0, avail, s};
    for (const MapPoint& m : layout) onMap.nodeAt.push_back(toScreen(m));
    int hoveredPacket = drawPacketDots(dl, ctx, onMap);

    // Nodes with their labels and mailbox badges. A label goes under its icon, or over it
    // when that would cover a label already placed (hosts first, routers last).
    if (m_core == SIZE_MAX) m_core = mapCentre(sc);  // the cloud: found once per lesson
    const std::size_t core = m_core;
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < sc.nodes.size() && i < layout.size(); ++i)
        if (sc.nodes[i].type != scenario::NodeType::Router) order.push_back(i);
    for (std::size_t i = 0; i < sc.nodes.size() && i < layout.size(); ++i)
        if (sc.nodes[i].type == scenario::NodeType::Router) order.push_back(i);
    PlacedRects& placed = m_placed;
    placed.reset(p0, ImVec2(p0.x + avail.x, p0.y + avail.y), 48 * s, 3 * s);
    const auto overlaps = [&](ImVec2 a, ImVec2 b) {
        if (a.y < p0.y || b.y > p0.y + avail.y) return true;  // off the map counts as covered
        return placed.anyMeets(a, b);
    };
    // How much of a rectangle others cover (off the map counts as covered), for the least bad place.
    const auto coveredArea = [&](ImVec2 a, ImVec2 b, float enough) {
        const float off = std::max(0.0f, p0.y - a.y) * (b.x - a.x) + std::max(0.0f, b.y - (p0.y + avail.y)) * (b.x - a.x);
        return off >= enough ? off : off + placed.takenArea(a, b, enough - off);
    };
    // Badges: one per mailbox a node holds at t (server mailboxes, device copies), "2 bob", stacked
    // right of the icon, else left of it (raised if need be), over it or under it: the first place that covers no icon,
    // tag or other badge (the least covered one else). Placed before the names, which keep off them.
    struct Badge {
        ImVec2 a, e;
        std::string text;
        bool empty;
        bool full;
    };
    std::vector<Badge> badges;
    // A server's queue: "✉ 2" over the top left corner of its icon, like a phone's badge.
    std::vector<std::pair<const QueueCount*, std::pair<ImVec2, ImVec2>>> queueBadges;
    std::vector<std::vector<ReaderTag>> tagsOf(sc.nodes.size());
    PlacedRects& icons = m_icons;  // the icons alone: whose a name or a badge seems to be
    icons.reset(p0, ImVec2(p0.x + avail.x, p0.y + avail.y), 48 * s);
    std::vector<MapRect> nearIcons;
    // A name or a badge block belongs to the icon nearest to it: a place nearer another icon (or
    // about as near) would read as that node's, so it does not count as free.
    const auto nearestIsOwn = [&](ImVec2 a, ImVec2 b, ImVec2 own) {
        const auto distance = [&](ImVec2 p) {
            const float dx = std::max({a.x - p.x, 0.0f, p.x - b.x}), dy = std::max({a.y - p.y, 0.0f, p.y - b.y});
            return std::sqrt(dx * dx + dy * dy);
        };
        const float mine = distance(own);
        for (const auto& [lo, hi] : nearIcons) {
            const ImVec2 centre((lo.x + hi.x) / 2, (lo.y + hi.y) / 2);
            if (std::abs(centre.x - own.x) < 0.5f && std::abs(centre.y - own.y) < 0.5f) continue;
            if (distance(centre) < mine + 4 * s) return false;
        }
        return true;
    };
    for (std::size_t i = 0; i < sc.nodes.size() && i < layout.size(); ++i) {
        const ImVec2 c = toScreen(layout[i]);
        const MapRect icon(ImVec2(c.x - r * 0.9f, c.y - r * 0.9f), ImVec2(c.x + r * 0.9f, c.y + r * 0.9f));
        placed.add(icon);
        icons.add(icon);
        if (const QueueCount* q = ctx.state.queueOf(static_cast<trace::NodeIndex>(i))) {
            const auto rect = queueBadgeRect(*q, c.x - r * 0.15f, c.y - r * 0.45f, s);
            placed.add(rect);
            queueBadges.emplace_back(q, rect);
        }
        tagsOf[i] = readerTags(sc.nodes[i], c, r, s);
        for (const ReaderTag& t : tagsOf[i]) placed.add(t.lo, t.hi);
    }
    for (std::size_t i = 0; i < sc.nodes.size() && i < layout.size(); ++i) {
        const ImVec2 c = toScreen(layout[i]);
        const std::size_t first = badges.size();
        float blockW = 0, blockH = 0;
        const auto held = ctx.state.badgesOf(static_cast<trace::NodeIndex>(i));
        // A device with one account that holds mail shows it by its envelope decks, which tell the
        // same count folder by folder; its badge stays only to say "0": the device holds nothing.
        if (sc.nodes[i].type == scenario::NodeType::Client && held.size() == 1 && held.front().count > 0) continue;
        for (const MailboxBadge& b : held) {
            const std::string_view local = b.mailbox.substr(0, b.mailbox.find('@'));
            std::string text = b.full ? fmt::format("{} {} ⚠", b.count, local) : fmt::format("{} {}", b.count, local);
            const ImVec2 bs = ImGui::CalcTextSize(text.c_str());
            const ImVec2 size(bs.x + 28 * s, bs.y + 4 * s);
            badges.push_back({ImVec2(0, blockH), size, std::move(text), b.count == 0, b.full});  // relative for now
            blockW = std::max(blockW, size.x);
            blockH += size.y + 3 * s;
        }
        if (badges.size() == first) continue;
        blockH -= 3 * s;
        const ImVec2 corners[] = {{c.x + r * 0.9f, c.y - r},
                                  {c.x - r * 0.9f - blockW, c.y - r},
                                  {c.x + r * 0.9f, c.y - blockH - r * 0.1f},  // raised: clear of a device's tag
                                  {c.x - r * 0.9f - blockW, c.y - blockH - r * 0.1f},
                                  {c.x - blockW / 2, c.y - r * 0.9f - 3 * s - blockH},
                                  {c.x - blockW / 2, c.y + r * 0.9f + 3 * s}};
        icons.gather(ImVec2(c.x - 2 * r - 2 * blockW, c.y - 2 * r - 2 * blockH), ImVec2(c.x + 2 * r + 2 * blockW, c.y + 2 * r + 2 * blockH),
                     nearIcons);
        const auto cornerAt = [&](ImVec2 corner) {
            return ImVec2(std::max(p0.x + 2 * s, std::min(corner.x, p0.x + avail.x - blockW - 2 * s)), corner.y);
        };
        ImVec2 at = cornerAt(corners[0]);
        bool free = false;
        for (const ImVec2& corner : corners) {
            const ImVec2 a = cornerAt(corner);
            if (!overlaps(a, ImVec2(a.x + blockW, a.y + blockH)) && nearestIsOwn(a, ImVec2(a.x + blockW, a.y + blockH), c)) {
                at = a, free = true;
                break;
            }
        }
        if (!free && mapCrowding().recording)
            mapCrowding().problems.push_back(fmt::format("the badges of {} cover something", sc.nodes[i].id));
        float least = FLT_MAX;
        for (std::size_t k = 0; !free && k < std::size(corners); ++k) {
            const ImVec2 a = cornerAt(corners[k]);
            if (const float covered = coveredArea(a, ImVec2(a.x + blockW, a.y + blockH), least); covered < least)
                least = covered, at = a;
        }
        for (std::size_t k = first; k < badges.size(); ++k) {
            Badge& b = badges[k];
            const float y = at.y + b.a.y;
            b.a = ImVec2(at.x, y);
            b.e = ImVec2(at.x + b.e.x, y + b.e.y);
            placed.add(b.a, b.e);
        }
    }
    PlacedRects& nameAir = m_nameAir;  // the names placed so far, with the air a name keeps around it
    nameAir.reset(p0, ImVec2(p0.x + avail.x, p0.y + avail.y), 48 * s);
    // Every icon first, then the names: no icon is ever drawn over a name placed before it.
    for (std::size_t i : order) {
        const scenario::Node& n = sc.nodes[i];
        const ImVec2 c = toScreen(layout[i]);
        const bool active = i < ctx.state.nodeActive.size() && ctx.state.nodeActive[i];
        const NodeCondition condition = i < ctx.state.conditions.size() ? ctx.state.conditions[i] : NodeCondition{};
        if (ctx.selection.node == i) dl->AddCircleFilled(c, r * 1.25f, (highlightColor() & 0x00FFFFFF) | 0x40000000);
        drawNodeIcon(dl, roleOf(n, i == core), c, r, active, condition.off, s);
        if (condition.off) drawNodeOff(dl, c, r, s);
        if (condition.smtpError && !condition.off) drawSmtpErrorTag(dl, c, r, condition.smtpError, s);
        drawReaderTags(dl, tagsOf[i], s);
    }
    const std::vector<NodeCaption>& nameOf = captions(sc, lang);
    for (std::size_t i : order) {
        const scenario::Node& n = sc.nodes[i];
        const ImVec2 c = toScreen(layout[i]);
        const NodeCondition condition = i < ctx.state.conditions.size() ? ctx.state.conditions[i] : NodeCondition{};
        const NodeCaption& caption = nameOf[i];
        const std::string& title = caption.title;
        const std::string& sub = caption.sub;
        const bool router = n.type == scenario::NodeType::Router;
        ImFont* titleFont = router ? fonts().regular : fonts().bold;
        const float titlePx = caption.titlePx, subPx = caption.subPx;
        const ImVec2 subSize = caption.subSize;
        const float gap = 8 * s;  // two labels side by side must not read as one
        const float gapY = 6 * s;  // nor two names one above the other
        {
            // The furthest candidate: right of the icon, the name's whole width and its air beyond.
            const float fullW = std::max(caption.titleSize.x, subSize.x);
            const float reachX = r + 4 * s + fullW + gap, reachY = r + 4 * s + 1.5f * (titlePx + subPx);
            // An icon nearer a candidate than this node's own lies within a radius of the reach.
            icons.gather(ImVec2(c.x - reachX - r, c.y - reachY - r), ImVec2(c.x + reachX + r, c.y + reachY + r), nearIcons);
        }
        // Under, over (each also slid a quarter of its width aside), right of, left of the icon: the
        // first place that covers nothing. A label wider than the room left of or right of its icon
        // slides inwards (tested where it will be drawn). Names keep a little air above and below, so
        // a name right under another never reads as that node's second line.
        // `findLeast`: also find the least covered place when none is free (only the last try needs it).
        const auto placeFor = [&](float w, float h, bool& fits, float& leastCovered, bool findLeast) {
            const float under = c.y + r + 2 * s, over = c.y - r - 2 * s - h;
            const ImVec2 candidates[] = {{c.x, under},         {c.x + w / 4, under}, {c.x - w / 4, under},
                                         {c.x, over},          {c.x + w / 4, over},  {c.x - w / 4, over},
                                         {c.x + r + 4 * s + w / 2, c.y - h / 2},
                                         {c.x - r - 4 * s - w / 2, c.y - h / 2}};
            const auto inside = [&](ImVec2 at) {
                at.x = std::clamp(at.x, p0.x + w / 2 + 4 * s, std::max(p0.x + w / 2 + 4 * s, p0.x + avail.x - w / 2 - 4 * s));
                return at;
            };
            ImVec2 at = inside(candidates[0]);
            fits = false;
            leastCovered = FLT_MAX;
            for (std::size_t k = 0; k < std::size(candidates); ++k) {
                const bool slid = k == 1 || k == 2 || k == 4 || k == 5;
                if (slid && router) continue;  // routers (many, close together) try the four plain places
                const ImVec2 where = inside(candidates[k]);
                const ImVec2 a(where.x - w / 2 - gap, where.y), b(where.x + w / 2 + gap, where.y + h);
                const bool nextToName = nameAir.anyMeets(a, b);
                if (!overlaps(a, b) && !nextToName && nearestIsOwn(ImVec2(a.x + gap, a.y), ImVec2(b.x - gap, b.y), c)) {
                    fits = true;
                    return where;
                }
                if (!findLeast || slid) continue;  // the slid places: only when free
                if (const float covered = coveredArea(a, b, leastCovered); covered < leastCovered) leastCovered = covered, at = where;
            }
            return at;
        };
        // On a crowded map the name gives up its second line (host name and address, still in the
        // node's tooltip), then shrinks, then splits in two lines at a space (narrower: "Portatile"
        // over "di Carol"; full size, then smaller), before it would cover anything; only then the
        // least bad place. Routers (many, close together) only shrink.
        const std::size_t split = caption.split;
        // The title's lines as drawn (the second empty on one line), and the size of each at `px`.
        std::string_view lines[2] = {title, {}};
        ImVec2 lineSize[2];
        bool fits = false;
        float covered = FLT_MAX;
        float px = titlePx;
        const auto setTitle = [&](float size, bool twoLines) {
            px = size;
            const std::string_view all(title);
            lines[0] = twoLines ? all.substr(0, split) : all;
            lines[1] = twoLines ? all.substr(split + 1) : std::string_view{};
            if (!twoLines && (size == caption.titlePx || size == caption.titlePx * kShrunkName)) {  // measured once
                lineSize[0] = size == caption.titlePx ? caption.titleSize : caption.shrunkSize;
                lineSize[1] = ImVec2(0, 0);
                return;
            }
            for (int k = 0; k < 2; ++k)
                lineSize[k] = lines[k].empty() ? ImVec2(0, 0)
                                               : titleFont->CalcTextSizeA(px, FLT_MAX, 0, lines[k].data(),
                                                                          lines[k].data() + lines[k].size());
        };
        setTitle(titlePx, false);
        bool withSub = true;
        float w = std::max(lineSize[0].x, subSize.x), h = lineSize[0].y + subSize.y + 2 * s;
        ImVec2 at = placeFor(w, h, fits, covered, false);
        if (!fits) {
            withSub = false;
            for (const float shrink : {1.0f, kShrunkName}) {
                setTitle(titlePx * shrink, false);
                w = lineSize[0].x, h = lineSize[0].y;
                at = placeFor(w, h, fits, covered, !router && shrink < 1.0f);
                if (fits) break;
            }
        }
        // Two lines are taken only where they fit; else the name stays on one line, at its least bad place.
        for (const float shrink : {1.0f, kShrunkName}) {
            if (fits || split == std::string::npos) break;
            bool twoFit = false;
            float ignored = 0;
            setTitle(titlePx * shrink, true);
            const float w2 = std::max(lineSize[0].x, lineSize[1].x), h2 = lineSize[0].y + lineSize[1].y;
            const ImVec2 at2 = placeFor(w2, h2, twoFit, ignored, false);
            if (twoFit) fits = true, at = at2, w = w2, h = h2;
            else if (shrink < 1.0f) setTitle(titlePx * shrink, false);  // back to the one line placed above
        }
        if (!fits && router) continue;  // a router gives way; hovering it still tells its name and address
        // (A name with no free place may still cover nothing but the air kept around names.)
        if (!fits && mapCrowding().recording && overlaps(ImVec2(at.x - w / 2, at.y), ImVec2(at.x + w / 2, at.y + h)))
            mapCrowding().problems.push_back(fmt::format("the name of {} covers something", n.id));
        placed.add(ImVec2(at.x - w / 2, at.y), ImVec2(at.x + w / 2, at.y + h));
        nameAir.add(ImVec2(at.x - w / 2 - gap, at.y - gapY), ImVec2(at.x + w / 2 + gap, at.y + h + gapY));
        // A soft plate of the map's colour: the links and packets passing behind never cut the words.
        dl->AddRectFilled(ImVec2(at.x - w / 2 - 3 * s, at.y), ImVec2(at.x + w / 2 + 3 * s, at.y + h),
                          (mapBackgroundColor() & 0x00FFFFFF) | 0xE6000000, 4 * s);
        const ImU32 titleColour = condition.off ? mutedTextColor() : ImGui::GetColorU32(ImGuiCol_Text);
        for (int k = 0; k < 2; ++k)
            if (!lines[k].empty())
                dl->AddText(titleFont, px, ImVec2(at.x - lineSize[k].x / 2, at.y + (k == 0 ? 0 : lineSize[0].y)),
                            titleColour, lines[k].data(), lines[k].data() + lines[k].size());
        if (withSub)
            dl->AddText(fonts().regular, subPx, ImVec2(at.x - subSize.x / 2, at.y + lineSize[0].y + 2 * s), mutedTextColor(),
                        sub.c_str());
    }

    for (const Badge& b : badges) {
        dl->AddRectFilled(b.a, b.e, b.full ? errorColor() : b.empty ? linkColor() : protocolColor(net::AppProtocol::Imap),
                          8 * s);
        drawEnvelope(dl, ImVec2(b.a.x + 12 * s, (b.a.y + b.e.y) / 2), 13 * s, IM_COL32(255, 255, 255, 255),
                     IM_COL32(40, 40, 40, 255), 1.0f * s);
        dl->AddText(ImVec2(b.a.x + 22 * s, b.a.y + 2 * s), IM_COL32(255, 255, 255, 255), b.text.c_str());
    }

    for (const auto& [q, rect] : queueBadges) drawQueueBadge(dl, *q, rect, s);
    drawMapEnvelopes(ctx, dl, [&](std::size_t i) { return toScreen(layout[i]); }, r, s, hovered,
                     MapArea{p0, ImVec2(p0.x + avail.x, p0.y + avail.y), placed}, m_envelopes);

    // Packets in flight, their captions laid out around what is placed already (map_packets).
    onMap.obstacles = placed.rects();  // a view: nothing more is placed while the labels are laid out
    hoveredPacket = drawPacketLabels(dl, ctx, onMap, hoveredPacket);
    dl->PopClipRect();

    if (hovered && hoveredPacket >= 0) {
        const PacketInFlight& p = ctx.state.packets[static_cast<std::size_t>(hoveredPacket)];
        const auto& hop = tr_.hops[p.hop];
        ImGui::BeginTooltip();
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted(p.label.c_str());
        ImGui::PopFont();
        // A TLS packet's summary would quote scrambled bytes: what it is says more.
        if (p.secrecy == PacketSecrecy::Plain) ImGui::TextUnformatted(std::string(p.summary).c_str());
        ImGui::TextDisabled("%s → %s, %u %s", tr_.nodes[p.from].id.c_str(), tr_.nodes[p.to].id.c_str(), hop.bytes,
                            tr("bytes on the wire"));
        if (p.secrecy != PacketSecrecy::Plain) drawTlsTooltip(ctx, p);
        if (p.bounce) {
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
            textWrappedColored(bounceColor(),
                               tr("↩ A bounce: a report that a mail could not be delivered, on its way back to the "
                                  "sender. It travels with the empty sender MAIL FROM:<>, so it never bounces itself."));
            ImGui::PopTextWrapPos();
        }
        ImGui::EndTooltip();
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            ctx.selection.packet = p.packetId;
            ctx.selection.connection = p.connection;
        }
    } else if (hovered && hoveredNode >= 0) {
        const auto node = static_cast<std::size_t>(hoveredNode);
        const scenario::Node& n = sc.nodes[node];
        ImGui::BeginTooltip();
        ImGui::Text("%s  %u.%u.%u.%u  (%s)", n.hostname.c_str(), n.ip >> 24, (n.ip >> 16) & 255u, (n.ip >> 8) & 255u,
                    n.ip & 255u, scenario::nodeTypeName(n.type));
        const NodeCondition condition = node < ctx.state.conditions.size() ? ctx.state.conditions[node] : NodeCondition{};
        if (condition.off)
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(errorColor()), "%s",
                               tr("Switched off: it sends nothing and answers nothing."));
        else if (condition.smtpError)
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(errorColor()), "%s",
                               trf("Answers every SMTP client with {}.", condition.smtpError).c_str());
        for (const MailboxBadge& b : ctx.state.badgesOf(static_cast<trace::NodeIndex>(node)))
            if (b.full)
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(errorColor()), "%s",
                                   trf("⚠ The mailbox of {} is full: mail to it is refused.",
                                               b.mailbox)
                                       .c_str());
        if (const QueueCount* q = ctx.state.queueOf(static_cast<trace::NodeIndex>(node))) {
            ImGui::TextUnformatted(queueSummary(*q).c_str());
            ImGui::TextDisabled("%s", tr("Click the server, then see the Queue tab."));
        }
        ImGui::EndTooltip();
    }
    if (hovered) {  // how to move around, quietly in the corner while the mouse is on the map
        const char* hint = tr("Wheel: zoom. Right drag: move the map. Drag a node to place it. Double-click: fit.");
        const ImVec2 hs = ImGui::CalcTextSize(hint);
        if (hs.x + 16 * s < avail.x)
            dl->AddText(ImVec2(p0.x + avail.x - hs.x - 8 * s, p0.y + avail.y - hs.y - 4 * s), mutedTextColor(), hint);
    }
    if (ctx.state.packets.empty() && ctx.player.playhead() == Time::zero())
        drawMapHint(dl, placed, p0, ImVec2(p0.x + avail.x, p0.y + avail.y), s, tr("No mail on the way yet: press Play (Space)."));
}

}  // namespace postino::viz
