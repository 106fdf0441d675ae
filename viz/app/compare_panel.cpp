// POP3 and IMAP side by side at the playhead: one column per account, headed by the account and
// its protocol tag, holding the server's mailbox and each device's copy. Unread in bold, new
// ones marked, moved ones with an arrow to their folder, deleted ones struck through, and the
// mail POP3 took off the server marked "⇩", so the difference between the protocols jumps out.
// Drawing only: the columns come from compareAt (viz/model/mailbox_compare).
#include "fonts.h"
#include "i18n.h"
#include "model/mailbox_compare.h"
#include "panels.h"
#include "theme.h"
#include "wrapped_text.h"

#include "mail/mail_store.h"

#include <fmt/format.h>

#include <algorithm>

namespace postino::viz {

namespace {

struct CompareCache {
    Time time = Time::max();
    std::vector<CompareColumn> columns;
};

ImU32 readerColor(Reader r) {
    switch (r) {
        case Reader::Pop3:
        case Reader::Pop3Keep: return protocolColor(net::AppProtocol::Pop3);
        case Reader::Imap: return protocolColor(net::AppProtocol::Imap);
        case Reader::Web: return protocolColor(net::AppProtocol::Http);
    }
    return linkColor();
}

// A small coloured plate with white text, on the current line.
void chip(const char* text, ImU32 fill) {
    const ImVec2 ts = ImGui::CalcTextSize(text);
    const float em = ImGui::GetFontSize();
    const ImVec2 pad(em * 0.35f, em * 0.08f);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(at, ImVec2(at.x + ts.x + 2 * pad.x, at.y + ts.y + 2 * pad.y), fill, 4);
    dl->AddText(ImVec2(at.x + pad.x, at.y + pad.y), IM_COL32(255, 255, 255, 255), text);
    ImGui::Dummy(ImVec2(ts.x + 2 * pad.x, ts.y + 2 * pad.y));
}

// The longest start of `text` that fits `width` with "…" after it (whole UTF-8 characters).
std::string fitted(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    std::string cut = text;
    while (!cut.empty()) {
        do cut.pop_back();
        while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80);
        if (!cut.empty()) cut.pop_back();  // the lead byte of the character just cut
        if (ImGui::CalcTextSize((cut + "…").c_str()).x <= width) return cut + "…";
    }
    return "…";
}

// One line, cut with "…" when the column is narrow (the tooltip tells it whole); struck
// through when `strike`. True when hovered and cut.
bool oneLine(const std::string& text, ImU32 colour, bool strike) {
    const std::string shown = fitted(text, ImGui::GetContentRegionAvail().x);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopStyleColor();
    if (strike) {
        const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
        const float y = (lo.y + hi.y) / 2 + 1;
        ImGui::GetWindowDrawList()->AddLine(ImVec2(lo.x, y), ImVec2(hi.x, y), colour, std::max(1.5f, ImGui::GetFontSize() * 0.1f));
    }
    return shown != text;
}

ImU32 readerColorText() { return protocolColor(net::AppProtocol::Imap); }

void drawMessage(const CompareMessage& m, bool roomy) {
    using Gone = CompareMessage::Gone;
    const std::string subject = m.subject.empty() ? std::string(tr("(no subject)")) : m.subject;
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    switch (m.gone) {
        case Gone::No: {
            const bool unread = (m.flags & mail::flag::Seen) == 0;
            if (m.fresh) {
                chip(tr("new"), successColor());
                ImGui::SameLine(0, 4);
            }
            if (unread) ImGui::PushFont(fonts().bold);
            oneLine(unread && roomy ? "● " + subject : subject, text, false);
            if (unread) ImGui::PopFont();
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\n%s", subject.c_str(), unread ? tr("not read yet") : tr("read"));
            break;
        }
        case Gone::Moved:
            oneLine(fmt::format("→ {}: {}", m.movedTo, subject), readerColorText(), false);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\n%s", subject.c_str(), trf("moved to the folder {}", m.movedTo).c_str());
            break;
        case Gone::Deleted:
            oneLine(subject, errorColor(), true);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\n%s", subject.c_str(),
                                  m.movedTo.empty() ? tr("deleted")
                                                    : trf("deleted: now in {}", m.movedTo).c_str());
            break;
        case Gone::Downloaded:
            oneLine("⇩ " + subject, mutedTextColor(), true);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\n%s", subject.c_str(), tr("downloaded by a device and removed from the server"));
            break;
    }
}

void drawHolder(const ViewContext& ctx, const CompareColumn& column, const CompareHolder& h, bool roomy) {
    const trace::Trace& t = ctx.lesson.trace();
    const std::string& id = t.nodes[h.node].id;
    std::string name = id;
    for (const auto& n : ctx.lesson.scenario().nodes)
        if (n.id == id && !n.label.get(currentLanguage()).empty()) name = n.label.get(currentLanguage());
    // A narrow column: the device's short id ("bob-phone") says more than a cut caption ("Telefono di…").
    ImGui::PushFont(fonts().bold);
    if (ImGui::CalcTextSize(name.c_str()).x > ImGui::GetContentRegionAvail().x) name = id;
    ImGui::PopFont();
    ImGui::PushFont(fonts().bold);
    if (h.server) {  // wrapped: "Στον διακομιστή" is wider than a column at 1024 px
        ImGui::PushStyleColor(ImGuiCol_Text, protocolColor(net::AppProtocol::Smtp));
        textWrapped(tr("On the server"));
        ImGui::PopStyleColor();
    } else {
        oneLine(name, readerColor(h.reader), false);
    }
    ImGui::PopFont();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", (h.server ? t.nodes[h.node].hostname : name).c_str());
    ImGui::Indent(6);
    if (!h.server && h.reader == Reader::Web) {
        ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
        textWrapped(tr("holds nothing: the mail stays on the server"));
        ImGui::PopStyleColor();
    } else if (!h.seen) {
        ImGui::TextDisabled("%s", h.server ? tr("empty") : tr("not checked yet"));
    } else if (h.messages.empty()) {
        ImGui::TextDisabled("%s", tr("empty"));
    }
    std::string folder = "INBOX";
    for (const CompareMessage& m : h.messages) {
        if (!m.cameFrom.empty()) continue;  // its old place already shows where it went
        if (m.folder != folder) {
            folder = m.folder;
            oneLine(trf("folder {}:", folder), mutedTextColor(), false);
        }
        drawMessage(m, roomy);
    }
    (void)column;
    ImGui::Unindent(6);
    ImGui::Spacing();
}

class ComparePanel final : public Panel {
public:
    const char* id() const override { return "compare"; }
    const char* title() const override { return tr("Compare"); }
    void reset() override { m_cache = CompareCache{}; }
    bool wantsRoom() const override { return true; }
    void draw(ViewContext& ctx) override;

private:
    CompareCache m_cache;  // the columns at the playhead of the last frame
};

}  // namespace

void ComparePanel::draw(ViewContext& ctx) {
    CompareCache& cache = m_cache;
    if (cache.time != ctx.player.playhead()) {
        cache.time = ctx.player.playhead();
        cache.columns = compareAt(ctx.lesson.scenario(), ctx.lesson.trace(), cache.time);
    }
    if (cache.columns.empty()) {
        textWrappedColored(mutedTextColor(), tr("No device reads mail in this lesson: the comparison needs a device that "
                                                "checks mail with POP3 or IMAP, or a browser on a webmail."));
        return;
    }
    const char* legend = tr("● bold: unread · → moved to a folder · red, struck through: deleted · "
                            "⇩ downloaded and removed from the server (POP3)");
    const float legendScale = 0.85f;  // the key to the marks, quieter than the mail
    ImGui::SetWindowFontScale(legendScale);
    const float legendH = wrappedSize(legend, ImGui::GetContentRegionAvail().x).y +
                          ImGui::GetStyle().ItemSpacing.y * 2;
    ImGui::SetWindowFontScale(1.0f);
    const auto n = static_cast<int>(cache.columns.size());
    // Narrow columns (three accounts at 1024 px) get smaller text, so subjects are not cut to a word.
    const float columnW = ImGui::GetContentRegionAvail().x / static_cast<float>(n);
    const float em = ImGui::GetFontSize();
    const float textScale = std::clamp(columnW / (11.5f * em), 0.8f, 1.0f);
    const bool roomy = columnW >= 10 * em;
    if (!ImGui::BeginTable("compare", n,
                           ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_PadOuterX,
                           ImVec2(0, std::max(ImGui::GetContentRegionAvail().y - legendH, legendH))))
        return;
    ImGui::SetWindowFontScale(textScale);  // the table's own scrolling child window only
    ImGui::TableSetupScrollFreeze(0, 1);
    for (int c = 0; c < n; ++c) ImGui::TableSetupColumn(cache.columns[static_cast<std::size_t>(c)].account.c_str());
    // The header: each column's account, then its protocol tag(s).
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < n; ++c) {
        const CompareColumn& col = cache.columns[static_cast<std::size_t>(c)];
        ImGui::TableSetColumnIndex(c);
        ImGui::PushID(c);
        const std::string_view address = col.account;
        const auto at = address.find('@');
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted(std::string(address.substr(0, at)).c_str());
        ImGui::PopFont();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", col.account.c_str());
        for (std::size_t r = 0; r < col.readers.size(); ++r) {
            ImGui::SameLine(0, r ? 4 : 8);
            chip(readerTag(col.readers[r]), readerColor(col.readers[r]));
        }
        for (Reader r : col.readers)
            if (r == Reader::Pop3Keep || r == Reader::Pop3) {
                ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
                textWrapped(r == Reader::Pop3Keep ? tr("leaves a copy on the server") : tr("download and delete"));
                ImGui::PopStyleColor();
            }
        ImGui::PopID();
    }
    ImGui::TableNextRow();
    for (int c = 0; c < n; ++c) {
        const CompareColumn& col = cache.columns[static_cast<std::size_t>(c)];
        ImGui::TableSetColumnIndex(c);
        ImGui::PushID(c);
        for (const CompareHolder& h : col.holders) {
            ImGui::PushID(static_cast<int>(h.node));
            drawHolder(ctx, col, h, roomy);
            ImGui::PopID();
        }
        ImGui::PopID();
    }
    ImGui::SetWindowFontScale(1.0f);
    ImGui::EndTable();
    ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
    ImGui::SetWindowFontScale(legendScale);
    textWrapped(legend);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopStyleColor();
}

std::unique_ptr<Panel> makeComparePanel() { return std::make_unique<ComparePanel>(); }

}  // namespace postino::viz
