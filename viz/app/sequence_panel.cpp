// The sequence diagram (Wireshark's flow graph, better): a lifeline per node that talks, time
// flowing down one evenly spaced row per message (protocol lines, DNS, TCP open and close),
// arrows in the protocol's colour, what comes after the playhead faint; a click moves the playhead there.
#include "i18n.h"
#include "fonts.h"
#include "net/ipv4.h"
#include "panels.h"
#include "reply_tooltip.h"
#include "theme.h"
#include "wrapped_text.h"
#include "model/sequence_header.h"
#include "model/sequence_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::viz {

namespace {

using Row = SequenceRow;
using RowKind = SequenceRowKind;

constexpr float kMinZoom = 0.5f, kMaxZoom = 3.0f;

// One row's label as drawn this frame: its text (cut to fit), where it starts and how wide it is.
struct RowLabel {
    std::string text;
    float x = 0, width = 0;
    bool empty = false;  // an empty protocol line, shown as "(empty line)"
};

class SequencePanel final : public Panel {
public:
    const char* id() const override { return "sequence"; }
    const char* title() const override { return tr("Sequence"); }
    void reset() override { *this = SequencePanel{}; }
    std::string emptyMessage(const ViewContext& ctx) const override {
        const trace::Trace& t = ctx.lesson.trace();
        return t.lines.empty() && t.packets.empty() ? tr("No message is sent in this scenario.") : "";
    }
    void draw(ViewContext& ctx) override;

private:
    // The rows of the lesson on show, rebuilt when it or the TCP choice changes.
    const SequenceModel& model(const ViewContext& ctx) const;
    void select(ViewContext& ctx, const Row& row);

    float m_zoom = 1.0f;       // row height factor, Ctrl + wheel
    bool m_showTcp = true;     // SYN, SYN-ACK, ACK, FIN, RST
    bool m_showFuture = true;  // rows after the playhead, faint
    std::int64_t m_lastCurrent = -2;
    int m_followFrames = 0;  // frames left to keep the current row in place (scroll bars settle in the first)
    bool m_clicked = false;  // the playhead moved by a click here: do not scroll the row away from the mouse
    mutable std::unique_ptr<SequenceModel> m_model;
    mutable std::uint64_t m_modelLesson = 0;  // serial
    std::vector<RowLabel> m_labels;  // the rows in view this frame, from the first one drawn
};

const SequenceModel& SequencePanel::model(const ViewContext& ctx) const {
    if (!m_model || m_modelLesson != ctx.lesson.serial() || m_model->withTcp() != m_showTcp) {
        m_model = std::make_unique<SequenceModel>(ctx.lesson.trace(), m_showTcp);
        m_modelLesson = ctx.lesson.serial();
    }
    return *m_model;
}

ImU32 withAlpha(ImU32 c, float a) {
    const auto alpha = static_cast<ImU32>(static_cast<float>((c >> IM_COL32_A_SHIFT) & 0xFF) * a);
    return (c & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
}

double seconds(Time t) { return static_cast<double>(t.ns()) / 1e9; }

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

void SequencePanel::select(ViewContext& ctx, const Row& row) {
    ctx.player.pause();
    ctx.player.seek(row.time);
    ctx.selection.connection = row.connection;
    ctx.selection.node = row.from;
    ctx.selection.packet = m_model->packetOf(row);
    ctx.selection.event = static_cast<int>(ctx.index.lastEventAt(row.time));
    m_clicked = true;
    m_followFrames = 0;
}

void rowTooltip(const trace::Trace& t, const Row& row) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 45.0f);
    const std::string text = row.kind == RowKind::Line ? t.lines[row.ref].text : t.packets[row.ref].packet.summary;
    if (text.empty()) ImGui::TextDisabled("%s", tr("(empty line)"));
    else textWrapped(text);
    ImGui::PopTextWrapPos();
    ImGui::PushFont(fonts().regular);
    // A server's reply (or a DNS answer) says what it means, as in the transcript.
    const bool fromServer = row.kind == RowKind::Line ? !t.lines[row.ref].fromClient : row.app == net::AppProtocol::Dns;
    if (fromServer)
        if (const auto reply = trace::explainReply(row.app, text)) {
            ImGui::Separator();
            drawReplyExplanation(*reply);
            ImGui::Separator();
        }
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

std::unique_ptr<Panel> makeSequencePanel() { return std::make_unique<SequencePanel>(); }

void SequencePanel::draw(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    const float s = ctx.scale;
    ImGuiIO& io = ImGui::GetIO();

    // The options side by side while they fit, the next on a new line when one would be cut.
    const auto sameLineIfFits = [](const char* label) {
        const float w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
        ImGui::SameLine();
        if (ImGui::GetCursorPosX() + w > ImGui::GetContentRegionMax().x) ImGui::NewLine();
    };
    ImGui::Checkbox(tr("Follow the playhead"), &ctx.selection.followPlayhead);
    sameLineIfFits(tr("TCP open and close"));
    ImGui::Checkbox(tr("TCP open and close"), &m_showTcp);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("SYN, SYN-ACK and ACK open a connection; FIN and ACK close it."));
    sameLineIfFits(tr("Show what comes next"));
    ImGui::Checkbox(tr("Show what comes next"), &m_showFuture);
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

    const SequenceModel& all = model(ctx);
    const std::vector<Row>& rows = all.rows();
    if (rows.empty()) {
        mutedWrapped(tr("No message is sent in this scenario."));
        return;
    }
    const std::size_t shown = all.rowsUpTo(ctx.player.playhead());
    const std::size_t count = m_showFuture ? rows.size() : shown;
    const std::int64_t current = static_cast<std::int64_t>(shown) - 1;

    // Lifelines left to right as on the map.
    const std::vector<trace::NodeIndex> lanes =
        all.lifelines([&](trace::NodeIndex n) { return n < ctx.layout.size() ? ctx.layout[n].x : 0.5f; });
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
    const float boxPadX = 6 * s, boxPadY = 4 * s;

    // Lanes share the width; six lifelines fit the 1280x720 projector and five the 1024x768 one
    // without scrolling. Names that do not fit wrap into two lines; when even that is not enough
    // the lanes grow and the diagram scrolls sideways: a name is never cut.
    const float laneMinW = 84 * s;
    float lanesW = std::max(avail.x - timeW, laneMinW * static_cast<float>(lanes.size()));
    float laneW = lanesW / static_cast<float>(lanes.size());
    ImGui::PushFont(fonts().bold);
    std::vector<std::string> names;
    for (const trace::NodeIndex n : lanes) names.push_back(all.name(n));
    const TextWidth nameWidth = [](std::string_view v) { return ImGui::CalcTextSize(v.data(), v.data() + v.size()).x; };
    const auto layoutNames = [&] {
        return layoutHeader(names, nameWidth, timeW + laneW * 0.5f, laneW, timeW + 2 * s, timeW + lanesW - 2 * s,
                            boxPadX, 5 * s);
    };
    HeaderLayout header = layoutNames();
    if (!header.fits) {
        laneW = std::ceil(header.neededLaneWidth);
        lanesW = laneW * static_cast<float>(lanes.size());
        header = layoutNames();
    }
    const float nameLineH = ImGui::GetFontSize();
    ImGui::PopFont();
    const std::vector<HeaderBox>& boxes = header.boxes;
    const float headerH = fh + nameLineH * static_cast<float>(header.lines - 1) + 2 * boxPadY + 2 * 6 * s;
    const float rowsViewH = std::max(1.0f, avail.y - headerH);

    // Ctrl + wheel: taller or shorter rows, the row under the mouse stays under it.
    float rowH = rowHeight(m_zoom);
    bool scrolled = false;
    if (ImGui::IsWindowHovered() && io.KeyCtrl && io.MouseWheel != 0) {
        const float zoom = std::clamp(m_zoom * std::pow(1.15f, io.MouseWheel), kMinZoom, kMaxZoom);
        const float newRowH = rowHeight(zoom);
        const float anchor = std::clamp(io.MousePos.y - view.y - headerH, 0.0f, rowsViewH);
        sy = (sy + anchor) / rowH * newRowH - anchor;
        m_zoom = zoom;
        rowH = newRowH;
        scrolled = true;
    }

    const float contentW = timeW + lanesW;
    const float contentH = headerH + static_cast<float>(count) * rowH + rowH * 0.5f;

    // Follow the playhead: when the current row changes (playing, stepping, seeking elsewhere),
    // keep it visible; while playing it stays at the same height, the diagram scrolling under it.
    const bool moved = current != m_lastCurrent;
    const float line = static_cast<float>(shown) * rowH;  // the playhead line, below the current row
    if (ctx.selection.followPlayhead && !scrolled && !m_clicked && (moved || ImGui::IsWindowAppearing())) {
        const bool inView = line - rowH >= sy && line <= sy + rowsViewH - rowH;
        if (ctx.player.playing() || !inView || ImGui::IsWindowAppearing()) m_followFrames = 3;
    }
    if (scrolled || !ctx.selection.followPlayhead) m_followFrames = 0;
    if (m_followFrames > 0) {
        sy = line - rowsViewH * 0.7f;
        scrolled = true;
        --m_followFrames;
    }
    m_clicked = false;
    m_lastCurrent = current;
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
    // The labels in view: centred over the visible part of their arrow (or at the edge it is
    // beyond), kept inside the visible diagram, cut with an ellipsis when longer.
    m_labels.clear();
    for (std::size_t r = first; r < last && withLabels; ++r) {
        const Row& row = rows[r];
        const float x1 = laneX(laneOf[row.from]), x2 = laneX(laneOf[row.to]);
        RowLabel l;
        const std::string full = all.text(row);
        l.empty = full.empty();
        l.text = fitText(l.empty ? std::string(tr("(empty line)")) : full, visibleRight - visibleLeft);
        l.width = ImGui::CalcTextSize(l.text.c_str()).x;
        const float a = std::max(std::min(x1, x2), visibleLeft), b = std::min(std::max(x1, x2), visibleRight);
        const float centre = a <= b ? (a + b) * 0.5f : (b < visibleLeft ? visibleLeft : visibleRight);
        l.x = std::clamp(centre - l.width * 0.5f, visibleLeft, std::max(visibleLeft, visibleRight - l.width));
        m_labels.push_back(std::move(l));
    }
    // Each TCP handshake in view framed as one step: SYN, SYN-ACK, ACK between the two lifelines,
    // wide enough to hold their labels.
    for (const HandshakeGroup& g : all.handshakes()) {
        if (g.ack < first || g.syn >= last || g.ack >= count) continue;
        const int a = laneOf[rows[g.syn].from], b = laneOf[rows[g.syn].to];
        if (a < 0 || b < 0) continue;
        std::vector<SpanX> held;
        for (std::size_t r : {g.syn, g.synAck, g.ack})
            if (r >= first && r < first + m_labels.size())
                held.push_back({m_labels[r - first].x, m_labels[r - first].x + m_labels[r - first].width});
        const SpanX frame = handshakeFrame(laneX(a), laneX(b), held, 8 * s);
        const float xa = frame.left, xb = frame.right;
        const float ya = rowTop(g.syn) + 2 * s, yb = rowTop(g.ack) + rowH - 2 * s;
        dl->AddRect(ImVec2(xa, ya), ImVec2(xb, yb), withAlpha(muted, 0.55f), 6 * s, 0, 1.2f * s);
        const char* word = tr("TCP handshake");
        const float px = fonts().regular->FontSize * 0.8f;
        const float w = fonts().regular->CalcTextSizeA(px, FLT_MAX, 0, word).x;
        if (xb + 6 * s + w < viewMax.x)
            dl->AddText(fonts().regular, px, ImVec2(xb + 6 * s, ya), muted, word);
    }
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
        float lx = 0, lw = 0;
        if (withLabels) {
            const RowLabel& l = m_labels[r - first];
            lx = l.x, lw = l.width;
            ImU32 c = row.kind == RowKind::Tcp || l.empty ? muted : text;
            if (future) c = withAlpha(muted, 0.45f);
            dl->AddText(ImVec2(lx, y0 + labelDy), c, l.text.c_str());
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
        // Each line centred in the box; a one-line name in a two-line header halfway down.
        const float top = a.y + boxPadY + nameLineH * 0.5f * static_cast<float>(header.lines - static_cast<int>(box.lines.size()));
        for (std::size_t l = 0; l < box.lines.size(); ++l) {
            const float w = ImGui::CalcTextSize(box.lines[l].c_str()).x;
            dl->AddText(ImVec2(a.x + (box.width - w) * 0.5f, top + nameLineH * static_cast<float>(l)), text,
                        box.lines[l].c_str());
        }
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
        if (hoveredRow >= 0) select(ctx, rows[static_cast<std::size_t>(hoveredRow)]);
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
