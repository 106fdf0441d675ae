#include "map_overlays.h"

#include "fonts.h"
#include "i18n.h"
#include "theme.h"

#include "model/mailbox_compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace postino::viz {

namespace {

constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);

std::string bounceText(int n) { return fmt::format("↩ {}", n); }
std::string mailText(int n) { return fmt::format("✉ {}", n); }

}  // namespace

void drawCutLink(ImDrawList* dl, ImVec2 a, ImVec2 b, float s) {
    const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
    if (len < 1) return;
    const float dash = 8 * s, gap = 6 * s;
    for (float at = 0; at < len; at += dash + gap) {
        const float to = std::min(len, at + dash);
        dl->AddLine(ImVec2(a.x + dx * at / len, a.y + dy * at / len), ImVec2(a.x + dx * to / len, a.y + dy * to / len),
                    errorColor(), 2.5f * s);
    }
    const ImVec2 mid((a.x + b.x) / 2, (a.y + b.y) / 2);
    const ImVec2 ts = ImGui::CalcTextSize("✂");
    dl->AddCircleFilled(mid, ts.y * 0.75f, mapBackgroundColor());
    dl->AddText(ImVec2(mid.x - ts.x / 2, mid.y - ts.y / 2), errorColor(), "✂");
}

void drawNodeOff(ImDrawList* dl, ImVec2 c, float r, float s) {
    const float k = r * 0.75f;
    dl->AddLine(ImVec2(c.x - k, c.y - k), ImVec2(c.x + k, c.y + k), errorColor(), 3.0f * s);
    dl->AddLine(ImVec2(c.x + k, c.y - k), ImVec2(c.x - k, c.y + k), errorColor(), 3.0f * s);
    const char* text = tr("off");
    const ImVec2 ts = ImGui::CalcTextSize(text);
    const ImVec2 lo(c.x - ts.x / 2 - 5 * s, c.y - ts.y / 2 - 1 * s), hi(c.x + ts.x / 2 + 5 * s, c.y + ts.y / 2 + 1 * s);
    dl->AddRectFilled(lo, hi, outageColor(), 4 * s);
    dl->AddText(ImVec2(lo.x + 5 * s, lo.y + 1 * s), mapBackgroundColor(), text);
}

std::pair<ImVec2, ImVec2> drawSmtpErrorTag(ImDrawList* dl, ImVec2 c, float r, int code, float s) {
    const std::string text = std::to_string(code);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const ImVec2 hi(c.x - r * 0.65f, c.y + r * 0.25f + ts.y / 2 + 1 * s);
    const ImVec2 lo(hi.x - ts.x - 10 * s, hi.y - ts.y - 2 * s);
    dl->AddRectFilled(lo, hi, errorColor(), 4 * s);
    dl->AddText(ImVec2(lo.x + 5 * s, lo.y + 1 * s), kWhite, text.c_str());
    return {lo, hi};
}

std::pair<ImVec2, ImVec2> queueBadgeRect(const QueueCount& q, float right, float bottom, float s) {
    ImFont* font = fonts().bold;
    const float px = font->FontSize;
    const int others = q.mails - q.bounces;
    float w = others > 0 ? font->CalcTextSizeA(px, FLT_MAX, 0, mailText(others).c_str()).x + 12 * s : 0;
    if (q.bounces > 0) w += font->CalcTextSizeA(px, FLT_MAX, 0, bounceText(q.bounces).c_str()).x + 12 * s;
    const float h = px + 4 * s;
    return {ImVec2(right - w, bottom - h), ImVec2(right, bottom)};
}

void drawQueueBadge(ImDrawList* dl, const QueueCount& q, const std::pair<ImVec2, ImVec2>& rect, float s) {
    ImFont* font = fonts().bold;
    const float px = font->FontSize;
    const auto [lo, hi] = rect;
    const bool waiting = q.deferred > 0;
    const ImU32 fill = waiting ? warningColor() : nodeOutlineColor();
    const ImU32 text = waiting ? onWarningTextColor() : mapBackgroundColor();
    // "✉ 2" for the mails on their way, "↩ 1" on the bounce colour for the bounces among them.
    const int others = q.mails - q.bounces;
    const std::string mails = others > 0 ? mailText(others) : std::string();
    const float mailsW = others > 0 ? font->CalcTextSizeA(px, FLT_MAX, 0, mails.c_str()).x + 12 * s : 0;
    if (others > 0) {
        dl->AddRectFilled(lo, hi, fill, 8 * s);
        dl->AddText(font, px, ImVec2(lo.x + 6 * s, lo.y + 2 * s), text, mails.c_str());
    }
    if (q.bounces > 0) {
        const ImVec2 blo(lo.x + mailsW, lo.y), bhi = hi;
        dl->AddRectFilled(blo, bhi, bounceColor(), 8 * s, others > 0 ? ImDrawFlags_RoundCornersRight : 0);
        dl->AddText(font, px, ImVec2(blo.x + 6 * s, blo.y + 2 * s), kWhite, bounceText(q.bounces).c_str());
    }
    dl->AddRect(lo, hi, mapBackgroundColor(), 8 * s, 0, 1.5f * s);
}

std::vector<ReaderTag> readerTags(const scenario::Node& node, ImVec2 c, float r, float s) {
    std::vector<ReaderTag> tags;
    for (Reader reader : deviceReaders(node)) {
        const net::AppProtocol p = reader == Reader::Imap  ? net::AppProtocol::Imap
                                   : reader == Reader::Web ? net::AppProtocol::Http
                                                           : net::AppProtocol::Pop3;
        tags.push_back({{}, {}, readerTag(reader), protocolColor(p)});
    }
    ImFont* font = fonts().bold;
    const float px = font->FontSize * 0.78f;
    const float padX = 4 * s, padY = 1 * s, gap = 2 * s;
    // Stacked upwards from the icon's lower left corner, right-aligned on its left edge.
    const float right = c.x - r * 0.35f;
    float bottom = c.y + r * 0.75f;
    for (auto it = tags.rbegin(); it != tags.rend(); ++it) {
        const ImVec2 ts = font->CalcTextSizeA(px, FLT_MAX, 0, it->text);
        it->lo = ImVec2(right - ts.x - 2 * padX, bottom - ts.y - 2 * padY);
        it->hi = ImVec2(right, bottom);
        bottom = it->lo.y - gap;
    }
    return tags;
}

void drawReaderTags(ImDrawList* dl, const std::vector<ReaderTag>& tags, float s) {
    ImFont* font = fonts().bold;
    const float px = font->FontSize * 0.78f;
    for (const ReaderTag& t : tags) {
        dl->AddRectFilled(t.lo, t.hi, t.fill, 3 * s);
        dl->AddRect(t.lo, t.hi, mapBackgroundColor(), 3 * s, 0, 1.0f * s);
        dl->AddText(font, px, ImVec2(t.lo.x + 4 * s, t.lo.y + 1 * s), kWhite, t.text);
    }
}

std::string queueSummary(const QueueCount& q) {
    std::string out = trnf("{} mail in the queue", "{} mails in the queue", q.mails, q.mails);
    if (q.deferred > 0)
        out += "\n" + trnf("{} waiting for a retry", "{} waiting for a retry", q.deferred, q.deferred);
    if (q.bounces > 0)
        out += "\n" + trnf("{} bounce going back to its sender", "{} bounces going back to their senders",
                                                    q.bounces,
                                  q.bounces);
    return out;
}

MapCrowding& mapCrowding() {
    static MapCrowding crowding;
    return crowding;
}

void PlacedRects::reset(ImVec2 lo, ImVec2 hi, float cell, float takenCell) {
    m_keepsTaken = takenCell > 0;
    if (m_keepsTaken) m_taken.reset(lo.x, lo.y, hi.x, hi.y, takenCell);
    m_lo = lo;
    m_cell = std::max(cell, 1.0f);
    m_cols = std::clamp(static_cast<int>((hi.x - lo.x) / m_cell) + 1, 1, 256);
    m_rows = std::clamp(static_cast<int>((hi.y - lo.y) / m_cell) + 1, 1, 256);
    const auto cells = static_cast<std::size_t>(m_cols * m_rows);
    if (m_cells.size() < cells) m_cells.resize(cells);
    for (std::size_t i = 0; i < cells; ++i) m_cells[i].clear();
    m_rects.clear();
    m_seen.clear();
    m_query = 0;
}

int PlacedRects::cellX(float x) const { return std::clamp(static_cast<int>((x - m_lo.x) / m_cell), 0, m_cols - 1); }
int PlacedRects::cellY(float y) const { return std::clamp(static_cast<int>((y - m_lo.y) / m_cell), 0, m_rows - 1); }

void PlacedRects::add(ImVec2 a, ImVec2 b) {
    const auto id = static_cast<std::uint32_t>(m_rects.size());
    m_rects.emplace_back(a, b);
    m_seen.push_back(0);
    if (m_keepsTaken) m_taken.add(a.x, a.y, b.x, b.y);
    for (int y = cellY(a.y); y <= cellY(b.y); ++y)
        for (int x = cellX(a.x); x <= cellX(b.x); ++x) m_cells[static_cast<std::size_t>(y * m_cols + x)].push_back(id);
}

void PlacedRects::gather(ImVec2 lo, ImVec2 hi, std::vector<MapRect>& near) {
    near.clear();
    ++m_query;
    for (int y = cellY(lo.y); y <= cellY(hi.y); ++y)
        for (int x = cellX(lo.x); x <= cellX(hi.x); ++x)
            for (std::uint32_t id : m_cells[static_cast<std::size_t>(y * m_cols + x)]) {
                if (m_seen[id] == m_query) continue;
                m_seen[id] = m_query;
                const MapRect& r = m_rects[id];
                if (meets(r, lo, hi)) near.push_back(r);
            }
}

bool PlacedRects::anyMeets(ImVec2 lo, ImVec2 hi) const {
    for (int y = cellY(lo.y); y <= cellY(hi.y); ++y)
        for (int x = cellX(lo.x); x <= cellX(hi.x); ++x)
            for (std::uint32_t id : m_cells[static_cast<std::size_t>(y * m_cols + x)])
                if (meets(m_rects[id], lo, hi)) return true;
    return false;
}

float PlacedRects::takenArea(ImVec2 lo, ImVec2 hi, float enough) const {
    return m_keepsTaken ? m_taken.covered(lo.x, lo.y, hi.x, hi.y, enough) : 0.0f;
}

}  // namespace postino::viz
