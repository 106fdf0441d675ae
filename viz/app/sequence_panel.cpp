// The sequence diagram (Wireshark's flow graph, better): a lifeline per node that talks, time
// flowing down one evenly spaced row per message (protocol lines, DNS, TCP open and close),
// arrows in the protocol's colour, what comes after the playhead faint; a click moves the playhead there.
#include "i18n.h"
#include "fonts.h"
#include "net/ipv4.h"
#include "panels.h"
#include "theme.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::viz {

namespace {

enum class RowKind : std::uint8_t { Line, Dns, Tcp };

// One arrow: a protocol line, a DNS message or a TCP control segment, from one node to another.
struct Row {
    Time time;
    std::uint32_t ref = 0;         // index into Trace::lines (Line) or Trace::packets (Dns, Tcp)
    std::uint32_t connection = 0;  // 0: none (DNS)
    trace::NodeIndex from = 0, to = 0;
    RowKind kind = RowKind::Line;
    net::AppProtocol app = net::AppProtocol::Other;
};

// The merged, time-ordered rows of one trace, built once per trace (a 10,000-mail trace has ~500k).
struct Rows {
    std::uint64_t lesson = 0;  // serial
    bool tcp = false;
    std::vector<Row> rows;
    std::vector<std::uint8_t> talks;  // per node: 1 when it sends or receives a row
};

struct SequenceView {
    float zoom = 1.0f;       // row height factor, Ctrl + wheel
    bool showTcp = true;     // SYN, SYN-ACK, ACK, FIN, RST
    bool showFuture = true;  // rows after the playhead, faint
    std::int64_t lastCurrent = -2;
    int followFrames = 0;  // frames left to keep the current row in place (scroll bars settle in the first)
    std::uint64_t lastLesson = 0;  // serial
    bool clicked = false;  // the playhead moved by a click here: do not scroll the row away from the mouse
};
SequenceView g_view;

constexpr float kMinZoom = 0.5f, kMaxZoom = 3.0f;

// TCP control segments worth an arrow: SYN, SYN-ACK, FIN, RST, and the pure ACKs that finish
// the handshake or acknowledge a FIN (so the three-way handshake shows its three arrows).
struct TcpFollow {
    std::uint32_t expectAck[2] = {0, 0};  // per side (0 client, 1 server): the ack number that closes a step
    bool waiting[2] = {false, false};
};

void addRows(const trace::Trace& t, bool tcp, Rows& out) {
    std::vector<Row> lines, packets;
    lines.reserve(t.lines.size());
    for (std::uint32_t i = 0; i < t.lines.size(); ++i) {
        const trace::LineRecord& l = t.lines[i];
        if (l.connection == 0 || l.connection > t.connections.size()) continue;
        const trace::ConnectionRecord& c = t.connection(l.connection);
        const trace::NodeIndex from = l.fromClient ? c.client : c.server, to = l.fromClient ? c.server : c.client;
        lines.push_back({l.time, i, l.connection, from, to, RowKind::Line, c.app});
    }
    std::map<std::uint32_t, trace::NodeIndex> byIp;
    for (trace::NodeIndex i = 0; i < t.nodes.size(); ++i) byIp.emplace(t.nodes[i].ip, i);
    std::vector<TcpFollow> follow(tcp ? t.connections.size() + 1 : 0);
    for (std::uint32_t i = 0; i < t.packets.size(); ++i) {
        const trace::PacketRecord& r = t.packets[i];
        const net::Packet& p = r.packet;
        if (p.app == net::AppProtocol::Dns) {
            const auto to = byIp.find(p.dstIp);
            if (to == byIp.end() || to->second == r.origin) continue;
            packets.push_back({r.sent, i, 0, r.origin, to->second, RowKind::Dns, net::AppProtocol::Dns});
            continue;
        }
        if (!tcp || p.transport != net::Transport::Tcp || p.connection == 0 || p.connection > t.connections.size())
            continue;
        const trace::ConnectionRecord& c = t.connection(p.connection);
        const int side = r.origin == c.client ? 0 : 1;
        TcpFollow& f = follow[p.connection];
        using namespace net::tcpflag;
        bool show = (p.flags & (Syn | Fin | Rst)) != 0;
        // A pure ACK is drawn when it is the one the peer waits for; any segment carrying that ack ends the wait.
        if (f.waiting[side] && (p.flags & Ack) && p.ack == f.expectAck[side]) {
            if (p.flags == Ack && p.payload.empty()) show = true;
            f.waiting[side] = false;
        }
        const int peer = 1 - side;
        if ((p.flags & Syn) && (p.flags & Ack)) f.expectAck[peer] = p.seq + 1, f.waiting[peer] = true;
        if (p.flags & Fin)
            f.expectAck[peer] = p.seq + static_cast<std::uint32_t>(p.payload.size()) + 1, f.waiting[peer] = true;
        if (show && p.app == net::AppProtocol::TcpControl)
            packets.push_back({r.sent, i, p.connection, r.origin, side == 0 ? c.server : c.client, RowKind::Tcp,
                               net::AppProtocol::TcpControl});
    }
    const auto byTime = [](const Row& a, const Row& b) { return a.time < b.time; };
    out.rows.clear();
    out.rows.reserve(lines.size() + packets.size());
    if (std::is_sorted(lines.begin(), lines.end(), byTime) && std::is_sorted(packets.begin(), packets.end(), byTime)) {
        // At equal times a line comes before the segment sent with it (the last reply before the FIN).
        std::merge(lines.begin(), lines.end(), packets.begin(), packets.end(), std::back_inserter(out.rows), byTime);
    } else {
        out.rows.insert(out.rows.end(), lines.begin(), lines.end());
        out.rows.insert(out.rows.end(), packets.begin(), packets.end());
        std::stable_sort(out.rows.begin(), out.rows.end(), byTime);
    }
    out.talks.assign(t.nodes.size(), 0);
    for (const Row& row : out.rows) out.talks[row.from] = out.talks[row.to] = 1;
}

const Rows& rowsOf(const TraceIndex& index, std::uint64_t lesson, bool tcp) {
    static Rows cache;
    const trace::Trace& t = index.trace();
    if (cache.lesson != lesson || cache.tcp != tcp) {
        cache.lesson = lesson;
        cache.tcp = tcp;
        addRows(t, tcp, cache);
    }
    return cache;
}

ImU32 withAlpha(ImU32 c, float a) {
    const auto alpha = static_cast<ImU32>(static_cast<float>((c >> IM_COL32_A_SHIFT) & 0xFF) * a);
    return (c & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
}

double seconds(Time t) { return static_cast<double>(t.ns()) / 1e9; }

// The text of a row as it is written on the wire (tabs shown as two spaces).
std::string rowText(const trace::Trace& t, const Row& row) {
    std::string text = row.kind == RowKind::Line ? t.lines[row.ref].text : t.packets[row.ref].packet.summary;
    std::replace(text.begin(), text.end(), '\t', ' ');
    return text;
}

// `text` cut to `width` pixels of the current font with an ellipsis.
std::string fitText(const std::string& text, float width) {
    const auto widthOf = [](std::string_view s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; };
    if (widthOf(text) <= width) return text;
    const char* ellipsis = "…";
    const float room = width - ImGui::CalcTextSize(ellipsis).x;
    std::size_t lo = 0, hi = text.size();  // text[0, lo) fits
    while (hi - lo > 1) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (widthOf(std::string_view(text).substr(0, mid)) <= room) lo = mid;
        else hi = mid;
    }
    while (lo > 0 && (static_cast<unsigned char>(text[lo]) & 0xC0) == 0x80) --lo;  // whole UTF-8 characters
    while (lo > 0 && text[lo - 1] == ' ') --lo;
    return text.substr(0, lo) + ellipsis;
}

void drawArrow(ImDrawList* dl, float x1, float x2, float y, ImU32 color, float thickness, float s) {
    const float dir = x2 >= x1 ? 1.0f : -1.0f;
    const float head = (7.0f + thickness * 1.5f) * s;
    const float half = (3.5f + thickness * 0.8f) * s;
    dl->AddCircleFilled(ImVec2(x1, y), thickness * 0.5f + 2.0f * s, color);
    dl->AddLine(ImVec2(x1, y), ImVec2(x2 - dir * head * 0.8f, y), color, thickness);
    dl->AddTriangleFilled(ImVec2(x2, y), ImVec2(x2 - dir * head, y - half), ImVec2(x2 - dir * head, y + half), color);
}

// The name boxes over the lifelines: centred on them, nudged sideways when a long name needs
// a short neighbour's room, names cut only when the boxes cannot fit side by side.
struct HeaderBox {
    float left = 0, width = 0;  // content x
    std::string text;
};

std::vector<HeaderBox> headerBoxes(const std::vector<std::string>& names, float firstCentre, float laneW,
                                   float areaLeft, float areaRight, float pad, float gap) {
    const std::size_t n = names.size();
    std::vector<HeaderBox> boxes(n);
    const auto centre = [&](std::size_t k) { return firstCentre + laneW * static_cast<float>(k); };
    for (std::size_t k = 0; k < n; ++k) {
        boxes[k].text = names[k];
        boxes[k].width = ImGui::CalcTextSize(names[k].c_str()).x + 2 * pad;
        boxes[k].left = centre(k) - boxes[k].width * 0.5f;
    }
    for (std::size_t k = 0; k < n; ++k)  // push right off the left neighbour
        boxes[k].left = std::max(boxes[k].left, k ? boxes[k - 1].left + boxes[k - 1].width + gap : areaLeft);
    for (std::size_t k = n; k-- > 0;)  // push left off the right neighbour
        boxes[k].left = std::min(boxes[k].left, (k + 1 < n ? boxes[k + 1].left - gap : areaRight) - boxes[k].width);
    bool fits = true;
    for (std::size_t k = 0; k < n && fits; ++k) {
        const float margin = std::min(pad, boxes[k].width * 0.5f);  // the lifeline leaves the box's bottom
        const float leftLimit = k ? boxes[k - 1].left + boxes[k - 1].width + gap : areaLeft;
        fits = boxes[k].left >= leftLimit - 0.5f && boxes[k].left <= centre(k) - margin &&
               boxes[k].left + boxes[k].width >= centre(k) + margin;
    }
    if (fits) return boxes;
    for (std::size_t k = 0; k < n; ++k) {
        boxes[k].text = fitText(names[k], laneW - gap - 2 * pad);
        boxes[k].width = ImGui::CalcTextSize(boxes[k].text.c_str()).x + 2 * pad;
        boxes[k].left = centre(k) - boxes[k].width * 0.5f;
    }
    return boxes;
}

// The packet that carries a protocol line: the first segment of that connection and side sent
// at the line's time (none when the write waited for the window).
std::optional<std::uint64_t> packetOfLine(const trace::Trace& t, const Row& row) {
    const auto first = std::partition_point(t.packets.begin(), t.packets.end(),
                                            [&](const trace::PacketRecord& p) { return p.sent < row.time; });
    for (auto it = first; it != t.packets.end() && it->sent == row.time; ++it)
        if (it->packet.connection == row.connection && it->origin == row.from && !it->packet.payload.empty())
            return static_cast<std::uint64_t>(it - t.packets.begin());
    return std::nullopt;
}

void select(ViewContext& ctx, const trace::Trace& t, const Row& row) {
    ctx.player.pause();
    ctx.player.seek(row.time);
    ctx.selection.connection = row.connection;
    ctx.selection.node = row.from;
    ctx.selection.packet = row.kind == RowKind::Line ? packetOfLine(t, row) : std::optional<std::uint64_t>(row.ref);
    ctx.selection.event = static_cast<int>(ctx.index.lastEventAt(row.time));
    g_view.clicked = true;
    g_view.followFrames = 0;
}

void rowTooltip(const trace::Trace& t, const Row& row) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 45.0f);
    const std::string text = row.kind == RowKind::Line ? t.lines[row.ref].text : t.packets[row.ref].packet.summary;
    if (text.empty()) ImGui::TextDisabled("%s", tr("(empty line)"));
    else ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PushFont(fonts().regular);
    const std::string when =
        fmt::format("{:.6f} s   {} → {}", seconds(row.time), t.nodes[row.from].id, t.nodes[row.to].id);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(mutedTextColor()), "%s", when.c_str());
    const std::string what = row.connection
                                 ? fmt::format("#{} {}", row.connection, tr(t.connection(row.connection).service.c_str()))
                                 : std::string(protocolName(row.app));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(protocolColor(row.app)), "%s", what.c_str());
    ImGui::TextDisabled("%s", tr("Click to move the playhead here"));
    ImGui::PopFont();
    ImGui::EndTooltip();
}

}  // namespace

void drawSequencePanel(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    const float s = ctx.scale;
    ImGuiIO& io = ImGui::GetIO();

    ImGui::Checkbox(tr("Follow the playhead"), &ctx.selection.followPlayhead);
    ImGui::SameLine();
    ImGui::Checkbox(tr("TCP open and close"), &g_view.showTcp);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("SYN, SYN-ACK and ACK open a connection; FIN and ACK close it."));
    ImGui::SameLine();
    ImGui::Checkbox(tr("Show what comes next"), &g_view.showFuture);
    {
        const char* hint = tr("Ctrl + wheel: row height");
        ImGui::SameLine();
        const float x = ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(hint).x;
        if (x > ImGui::GetCursorPosX()) {
            ImGui::SetCursorPosX(x);
            ImGui::TextDisabled("%s", hint);
        } else {
            ImGui::NewLine();
        }
    }

    const Rows& all = rowsOf(ctx.index, ctx.lesson.serial(), g_view.showTcp);
    const std::vector<Row>& rows = all.rows;
    if (rows.empty()) {
        ImGui::TextDisabled("%s", tr("No message is sent in this scenario."));
        return;
    }
    const Time now = ctx.player.playhead();
    const std::size_t shown = static_cast<std::size_t>(
        std::partition_point(rows.begin(), rows.end(), [&](const Row& r) { return r.time <= now; }) - rows.begin());
    const std::size_t count = g_view.showFuture ? rows.size() : shown;
    const std::int64_t current = static_cast<std::int64_t>(shown) - 1;

    // Lifelines left to right as on the map.
    std::vector<trace::NodeIndex> lanes;
    for (trace::NodeIndex i = 0; i < all.talks.size(); ++i)
        if (all.talks[i]) lanes.push_back(i);
    const auto mapX = [&](trace::NodeIndex n) { return n < ctx.layout.size() ? ctx.layout[n].x : 0.5f; };
    std::stable_sort(lanes.begin(), lanes.end(),
                     [&](trace::NodeIndex a, trace::NodeIndex b) { return mapX(a) < mapX(b); });
    std::vector<int> laneOf(t.nodes.size(), -1);
    for (std::size_t k = 0; k < lanes.size(); ++k) laneOf[lanes[k]] = static_cast<int>(k);

    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, mapBackgroundColor());
    const bool visible = ImGui::BeginChild("sequence", ImVec2(0, 0), true,
                                           ImGuiWindowFlags_HorizontalScrollbar |
                                               (io.KeyCtrl ? ImGuiWindowFlags_NoScrollWithMouse : 0));
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    if (!visible) {
        ImGui::EndChild();
        return;
    }
    ImGui::PushFont(fonts().mono);
    const float fh = ImGui::GetFontSize();
    const auto rowHeight = [&](float zoom) { return std::round(1.6f * fh * zoom); };
    const ImVec2 cursor = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();  // the visible part, without scroll bars
    float sx = ImGui::GetScrollX(), sy = ImGui::GetScrollY();
    const ImVec2 view(cursor.x + sx, cursor.y + sy);  // top left of the visible part
    const ImVec2 viewMax(view.x + avail.x, view.y + avail.y);
    const float pad = 8 * s;
    const float timeW = ImGui::CalcTextSize(fmt::format("{:.6f}", seconds(ctx.index.endTime())).c_str()).x + 2 * pad;
    const float boxPadX = 6 * s, boxPadY = 4 * s, headerH = fh + 2 * boxPadY + 2 * 6 * s;
    const float rowsViewH = std::max(1.0f, avail.y - headerH);

    // Ctrl + wheel: taller or shorter rows, the row under the mouse stays under it.
    float rowH = rowHeight(g_view.zoom);
    bool scrolled = false;
    if (ImGui::IsWindowHovered() && io.KeyCtrl && io.MouseWheel != 0) {
        const float zoom = std::clamp(g_view.zoom * std::pow(1.15f, io.MouseWheel), kMinZoom, kMaxZoom);
        const float newRowH = rowHeight(zoom);
        const float anchor = std::clamp(io.MousePos.y - view.y - headerH, 0.0f, rowsViewH);
        sy = (sy + anchor) / rowH * newRowH - anchor;
        g_view.zoom = zoom;
        rowH = newRowH;
        scrolled = true;
    }

    const float laneMinW = 110 * s;  // six lifelines fit the 1280x720 projector without scrolling
    const float lanesW = std::max(avail.x - timeW, laneMinW * static_cast<float>(lanes.size()));
    const float laneW = lanesW / static_cast<float>(lanes.size());
    const float contentW = timeW + lanesW;
    const float contentH = headerH + static_cast<float>(count) * rowH + rowH * 0.5f;
    ImGui::PushFont(fonts().bold);
    std::vector<std::string> names;
    for (const trace::NodeIndex n : lanes) names.push_back(t.nodes[n].id);
    const std::vector<HeaderBox> boxes =
        headerBoxes(names, timeW + laneW * 0.5f, laneW, timeW + 2 * s, contentW - 2 * s, boxPadX, 5 * s);
    ImGui::PopFont();

    // Follow the playhead: when the current row changes (playing, stepping, seeking elsewhere),
    // keep it visible; while playing it stays at the same height, the diagram scrolling under it.
    if (g_view.lastLesson != ctx.lesson.serial()) {
        g_view.lastLesson = ctx.lesson.serial();
        g_view.lastCurrent = -2;
    }
    const bool moved = current != g_view.lastCurrent;
    const float line = static_cast<float>(shown) * rowH;  // the playhead line, below the current row
    if (ctx.selection.followPlayhead && !scrolled && !g_view.clicked && (moved || ImGui::IsWindowAppearing())) {
        const bool inView = line - rowH >= sy && line <= sy + rowsViewH - rowH;
        if (ctx.player.playing() || !inView || ImGui::IsWindowAppearing()) g_view.followFrames = 3;
    }
    if (scrolled || !ctx.selection.followPlayhead) g_view.followFrames = 0;
    if (g_view.followFrames > 0) {
        sy = line - rowsViewH * 0.7f;
        scrolled = true;
        --g_view.followFrames;
    }
    g_view.clicked = false;
    g_view.lastCurrent = current;
    if (scrolled) {
        sy = std::clamp(sy, 0.0f, std::max(0.0f, contentH - avail.y));
        ImGui::SetScrollY(sy);
    }
    const ImVec2 origin(view.x - sx, view.y - sy);  // content (0, 0) on screen

    ImGui::InvisibleButton("diagram", ImVec2(std::max(1.0f, contentW), std::max(1.0f, contentH)));
    const bool hovered = ImGui::IsItemHovered();

    const float rowsTop = view.y + headerH;
    const float lanesLeft = view.x + timeW;
    const auto laneX = [&](int k) { return origin.x + timeW + laneW * (static_cast<float>(k) + 0.5f); };
    const auto rowTop = [&](std::size_t r) { return origin.y + headerH + static_cast<float>(r) * rowH; };
    const std::size_t first = static_cast<std::size_t>(std::max(0.0f, std::floor(sy / rowH)));
    const std::size_t last =
        std::min(count, static_cast<std::size_t>(std::max(0.0f, std::ceil((sy + rowsViewH) / rowH))) + 1);
    const bool withLabels = rowH >= 1.35f * fh;
    // Where text and arrow sit in a row: the label over the arrow, the pair centred.
    const float labelDy = withLabels ? std::floor((rowH - fh * 1.45f) * 0.5f) : 0.0f;
    const float arrowDy = withLabels ? labelDy + fh * 1.2f : std::floor(rowH * 0.5f);
    const float textDy = withLabels ? labelDy : std::floor((rowH - fh) * 0.5f);
    const std::size_t timeEvery = withLabels ? 1 : static_cast<std::size_t>(std::ceil(fh * 1.1f / rowH));

    std::int64_t hoveredRow = -1;
    int hoveredLane = -1;
    if (hovered && io.MousePos.y >= rowsTop) {
        const float r = std::floor((io.MousePos.y - origin.y - headerH) / rowH);
        if (r >= 0 && r < static_cast<float>(count)) hoveredRow = static_cast<std::int64_t>(r);
    } else if (hovered && io.MousePos.x >= lanesLeft) {
        for (std::size_t k = 0; k < boxes.size(); ++k)
            if (io.MousePos.x >= origin.x + boxes[k].left && io.MousePos.x < origin.x + boxes[k].left + boxes[k].width)
                hoveredLane = static_cast<int>(k);
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 background = mapBackgroundColor();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 muted = mutedTextColor();
    const ImU32 stripe = ImGui::GetColorU32(ImGuiCol_TableRowBgAlt);
    const ImU32 band = withAlpha(highlightColor(), currentTheme() == Theme::Dark ? 0.22f : 0.30f);
    const ImU32 hover = withAlpha(ImGui::GetColorU32(ImGuiCol_HeaderHovered), 0.30f);
    // Row backgrounds: stripes, the current row, the row under the mouse.
    const auto drawBand = [&](std::size_t r, float x0, float x1) {
        const float y0 = rowTop(r);
        const ImU32 c = static_cast<std::int64_t>(r) == current ? band : (r % 2 ? stripe : 0);
        if (c) dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y0 + rowH), c);
        if (static_cast<std::int64_t>(r) == hoveredRow) dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y0 + rowH), hover);
    };

    // The rows: bands, lifelines (cut around labels), arrows and their labels.
    dl->PushClipRect(ImVec2(lanesLeft, rowsTop), viewMax, true);
    for (std::size_t r = first; r < last; ++r) drawBand(r, lanesLeft, viewMax.x);
    const float visibleLeft = lanesLeft + pad, visibleRight = std::max(visibleLeft, viewMax.x - pad);
    const float lifeline = 1.5f * s;
    const ImU32 lifeColor = linkColor();
    // Below the rows (or with none) the lifelines run on to the bottom.
    const float below = last > first ? rowTop(last) : rowsTop;
    if (below < viewMax.y)
        for (std::size_t k = 0; k < lanes.size(); ++k) {
            const float x = laneX(static_cast<int>(k));
            dl->AddLine(ImVec2(x, below), ImVec2(x, viewMax.y), lifeColor, lifeline);
        }
    for (std::size_t r = first; r < last; ++r) {
        const Row& row = rows[r];
        const float y0 = rowTop(r);
        const bool future = r >= shown;
        const bool isCurrent = static_cast<std::int64_t>(r) == current;
        const bool chosen = (row.connection != 0 && row.connection == ctx.selection.connection) ||
                            (row.kind != RowKind::Line && ctx.selection.packet == row.ref);
        const int fromLane = laneOf[row.from], toLane = laneOf[row.to];
        const float x1 = laneX(fromLane), x2 = laneX(toLane);
        // The label: centred over the visible part of its arrow (or at the edge it is beyond),
        // kept inside the visible diagram, cut with an ellipsis when longer.
        float lx = 0, lw = 0;
        std::string label;
        if (withLabels) {
            const std::string full = rowText(t, row);
            const bool empty = full.empty();
            label = fitText(empty ? std::string(tr("(empty line)")) : full, visibleRight - visibleLeft);
            lw = ImGui::CalcTextSize(label.c_str()).x;
            const float a = std::max(std::min(x1, x2), visibleLeft), b = std::min(std::max(x1, x2), visibleRight);
            const float centre = a <= b ? (a + b) * 0.5f : (b < visibleLeft ? visibleLeft : visibleRight);
            lx = std::clamp(centre - lw * 0.5f, visibleLeft, std::max(visibleLeft, visibleRight - lw));
            ImU32 c = row.kind == RowKind::Tcp || empty ? muted : text;
            if (future) c = withAlpha(muted, 0.45f);
            dl->AddText(ImVec2(lx, y0 + labelDy), c, label.c_str());
        }
        for (std::size_t k = 0; k < lanes.size(); ++k) {
            const float x = laneX(static_cast<int>(k));
            if (withLabels && x > lx - 4 * s && x < lx + lw + 4 * s) {
                dl->AddLine(ImVec2(x, y0), ImVec2(x, y0 + labelDy), lifeColor, lifeline);
                dl->AddLine(ImVec2(x, y0 + labelDy + fh), ImVec2(x, y0 + rowH), lifeColor, lifeline);
            } else {
                dl->AddLine(ImVec2(x, y0), ImVec2(x, y0 + rowH), lifeColor, lifeline);
            }
        }
        float thickness = row.kind == RowKind::Tcp ? 1.2f : 2.0f;
        if (chosen || isCurrent) thickness += row.kind == RowKind::Tcp ? 1.0f : 1.5f;
        const ImU32 color = future ? withAlpha(protocolColor(row.app), 0.25f) : protocolColor(row.app);
        drawArrow(dl, x1, x2, y0 + arrowDy, color, thickness * s, s);
        // An arrow beyond the visible lifelines (scrolled sideways): a small pointer at that edge.
        if (std::max(x1, x2) < lanesLeft || std::min(x1, x2) > viewMax.x) {
            const bool right = x1 > viewMax.x;
            const float ex = right ? viewMax.x - 2 * s : lanesLeft + 2 * s, d = right ? -8 * s : 8 * s;
            const float ay = y0 + arrowDy;
            dl->AddTriangleFilled(ImVec2(ex, ay), ImVec2(ex + d, ay - 5 * s), ImVec2(ex + d, ay + 5 * s), color);
        }
    }
    // The playhead: a line between the last row it has reached and the next one.
    const float playY = rowTop(shown);
    dl->AddLine(ImVec2(lanesLeft, playY), ImVec2(viewMax.x, playY), highlightColor(), 2.5f * s);
    dl->PopClipRect();

    // The time column, fixed when scrolling sideways.
    dl->PushClipRect(ImVec2(view.x, rowsTop), ImVec2(lanesLeft, viewMax.y), true);
    dl->AddRectFilled(ImVec2(view.x, rowsTop), ImVec2(lanesLeft, viewMax.y), background);
    for (std::size_t r = first; r < last; ++r) {
        const float y0 = rowTop(r);
        drawBand(r, view.x, lanesLeft);
        if (r % timeEvery != 0) continue;
        const bool repeat = r > 0 && rows[r - 1].time == rows[r].time;  // same instant as the row above
        const std::string time = fmt::format("{:.6f}", seconds(rows[r].time));
        const float w = ImGui::CalcTextSize(time.c_str()).x;
        ImU32 c = repeat ? withAlpha(muted, 0.6f) : text;
        if (r >= shown) c = withAlpha(muted, repeat ? 0.3f : 0.55f);
        dl->AddText(ImVec2(lanesLeft - pad - w, y0 + textDy), c, time.c_str());
    }
    dl->AddTriangleFilled(ImVec2(lanesLeft - 9 * s, playY - 6 * s), ImVec2(lanesLeft, playY),
                          ImVec2(lanesLeft - 9 * s, playY + 6 * s), highlightColor());
    dl->AddLine(ImVec2(lanesLeft - 9 * s, playY), ImVec2(lanesLeft, playY), highlightColor(), 2.5f * s);
    dl->AddLine(ImVec2(lanesLeft - 0.5f, rowsTop), ImVec2(lanesLeft - 0.5f, viewMax.y), linkColor(), 1.0f);
    dl->PopClipRect();

    // The header: one box per lifeline, fixed when scrolling down.
    dl->PushClipRect(view, ImVec2(viewMax.x, rowsTop), true);
    dl->AddRectFilled(view, ImVec2(viewMax.x, rowsTop), ImGui::GetColorU32(ImGuiCol_TableHeaderBg));
    ImGui::PushFont(fonts().regular);
    {
        const char* label = tr("Time (s)");
        const float w = ImGui::CalcTextSize(label).x;
        const float y = view.y + (headerH - ImGui::GetFontSize()) * 0.5f;
        const ImVec2 at(std::max(view.x + 4 * s, lanesLeft - pad - w), y);
        dl->AddText(at, muted, label);
    }
    ImGui::PopFont();
    dl->PushClipRect(ImVec2(lanesLeft, view.y), ImVec2(viewMax.x, rowsTop), true);
    ImGui::PushFont(fonts().bold);
    for (std::size_t k = 0; k < lanes.size(); ++k) {
        const trace::NodeIndex n = lanes[k];
        const float x = laneX(static_cast<int>(k));
        const HeaderBox& box = boxes[k];
        const ImVec2 a(origin.x + box.left, view.y + 6 * s), b(origin.x + box.left + box.width, rowsTop - 6 * s);
        const bool isSelected = ctx.selection.node && *ctx.selection.node == n;
        dl->AddLine(ImVec2(x, b.y), ImVec2(x, rowsTop), lifeColor, lifeline);
        dl->AddRectFilled(a, b, nodeFillColor(), 4 * s);
        dl->AddRect(a, b, isSelected ? highlightColor() : nodeOutlineColor(), 4 * s, 0,
                    (isSelected || static_cast<int>(k) == hoveredLane ? 2.5f : 1.2f) * s);
        dl->AddText(ImVec2(a.x + boxPadX, a.y + boxPadY), text, box.text.c_str());
    }
    ImGui::PopFont();
    dl->PopClipRect();
    dl->AddLine(ImVec2(view.x, rowsTop - 0.5f), ImVec2(viewMax.x, rowsTop - 0.5f), linkColor(), 1.0f);
    dl->PopClipRect();

    if (shown == 0) {
        // Nothing has happened yet: say what to do, just under the playhead.
        ImGui::PushFont(fonts().regular);
        const char* message = tr("No message sent yet: press Play (Space).");
        const ImVec2 size = ImGui::CalcTextSize(message);
        const float x = std::max(view.x + 4 * s, lanesLeft + (viewMax.x - lanesLeft - size.x) * 0.5f);
        const float y = std::max(playY, rowsTop) + 10 * s;
        const ImVec2 a(x - 12 * s, y), b(x + size.x + 12 * s, y + size.y + 12 * s);
        dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_PopupBg), 6 * s);
        dl->AddRect(a, b, nodeOutlineColor(), 6 * s, 0, 1.2f * s);
        dl->AddText(ImVec2(x, a.y + 6 * s), text, message);
        ImGui::PopFont();
    }

    // Clicks: a row moves the playhead to its time and selects its connection; a header selects the node.
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        if (hoveredRow >= 0) select(ctx, t, rows[static_cast<std::size_t>(hoveredRow)]);
        else if (hoveredLane >= 0) ctx.selection.node = lanes[static_cast<std::size_t>(hoveredLane)];
    }
    if (hoveredRow >= 0 && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        rowTooltip(t, rows[static_cast<std::size_t>(hoveredRow)]);
    } else if (hoveredLane >= 0) {
        const trace::NodeInfo& node = t.nodes[lanes[static_cast<std::size_t>(hoveredLane)]];
        ImGui::PushFont(fonts().regular);
        ImGui::SetTooltip("%s\n%s  %s", node.id.c_str(), node.hostname.c_str(), net::formatIpv4(node.ip).c_str());
        ImGui::PopFont();
    }
    ImGui::PopFont();
    ImGui::EndChild();
}

}  // namespace postino::viz
