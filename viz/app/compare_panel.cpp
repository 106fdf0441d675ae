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

// A short column (1024 x 768 with the map above): each message shrinks to its subject's first
// word with its mark, the words flowing along the line, so the server and every device fit
// without scrolling. The tooltip tells the whole subject and what the mark means.
struct Flow {
    float used = 0;  // width taken on the current line
};

std::string firstWord(const std::string& subject) {
    const std::size_t space = subject.find(' ');
    std::string word = subject.substr(0, space);
    std::size_t points = 0, cut = word.size();
    for (std::size_t b = 0; b < word.size(); ++b)
        if ((static_cast<unsigned char>(word[b]) & 0xC0) != 0x80 && points++ == 12) {
            cut = b;
            break;
        }
    if (cut < word.size() || space != std::string::npos) word = word.substr(0, cut) + "…";
    return word;
}

// One word of the flow: on this line when it fits, else on the next.
void flowText(Flow& flow, const std::string& text, ImU32 colour, bool bold, bool strike) {
    if (bold) ImGui::PushFont(fonts().bold);
    const float w = ImGui::CalcTextSize(text.c_str()).x, gap = ImGui::GetFontSize() * 0.6f;
    // After an item the cursor is back at the line's start: the region left is the whole line.
    if (flow.used > 0 && flow.used + gap + w <= ImGui::GetContentRegionAvail().x) {
        ImGui::SameLine(0, gap);
        flow.used += gap + w;
    } else {
        flow.used = w;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
    if (bold) ImGui::PopFont();
    if (strike) {
        const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
        const float y = (lo.y + hi.y) / 2 + 1;
        ImGui::GetWindowDrawList()->AddLine(ImVec2(lo.x, y), ImVec2(hi.x, y), colour, std::max(1.5f, ImGui::GetFontSize() * 0.1f));
    }
}

void drawMessageWord(const CompareMessage& m, Flow& flow) {
    using Gone = CompareMessage::Gone;
    const std::string subject = m.subject.empty() ? std::string(tr("(no subject)")) : m.subject;
    const std::string word = firstWord(subject);
    const char* meaning = "";
    switch (m.gone) {
        case Gone::No: {
            const bool unread = (m.flags & mail::flag::Seen) == 0;
            flowText(flow, unread ? "● " + word : word, m.fresh ? successColor() : ImGui::GetColorU32(ImGuiCol_Text), unread,
                     false);
            meaning = unread ? tr("not read yet") : tr("read");
            break;
        }
        case Gone::Moved:
            flowText(flow, fmt::format("→ {}: {}", m.movedTo, word), readerColorText(), false, false);
            break;
        case Gone::Deleted: flowText(flow, word, errorColor(), false, true); meaning = tr("deleted"); break;
        case Gone::Downloaded:
            flowText(flow, "⇩ " + word, mutedTextColor(), false, true);
            meaning = tr("downloaded by a device and removed from the server");
            break;
    }
    if (ImGui::IsItemHovered()) {
        const std::string where = m.gone == Gone::Moved ? trf("moved to the folder {}", m.movedTo) : std::string(meaning);
        ImGui::SetTooltip("%s\n%s", subject.c_str(), where.c_str());
    }
}

void drawHolder(const ViewContext& ctx, const CompareColumn& column, const CompareHolder& h, bool roomy, bool compact) {
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
    Flow flow;
    for (const CompareMessage& m : h.messages) {
        if (!m.cameFrom.empty()) continue;  // its old place already shows where it went
        if (m.folder != folder) {
            folder = m.folder;
            if (compact) flowText(flow, folder + ":", mutedTextColor(), false, false);
            else oneLine(trf("folder {}:", folder), mutedTextColor(), false);
        }
        if (compact) drawMessageWord(m, flow);
        else drawMessage(m, roomy);
    }
    (void)column;
    ImGui::Unindent(6);
    if (!compact) ImGui::Spacing();
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
    const char* legend = tr("● bold: unread · green: new since the last check · → moved to a folder · red, struck "
                            "through: deleted · ⇩ downloaded and removed from the server (POP3)");
    const float legendScale = 0.85f;  // the key to the marks, quieter than the mail
    ImGui::SetWindowFontScale(legendScale);
    const float legendH = wrappedSize(legend, ImGui::GetContentRegionAvail().x).y +
                          ImGui::GetStyle().ItemSpacing.y * 2;
    ImGui::SetWindowFontScale(1.0f);
    const auto n = static_cast<int>(cache.columns.size());
    // Narrow columns (three accounts at 1024 px) get smaller text, so subjects are not cut to a word.
    const float columnW = ImGui::GetContentRegionAvail().x / static_cast<float>(n);
    const float em = ImGui::GetFontSize();
    float textScale = std::clamp(columnW / (11.5f * em), 0.8f, 1.0f);
    const bool roomy = columnW >= 10 * em;
    // Compact when the columns' full lists would not fit the height left: the tallest column's
    // lines (a name and its messages per holder, its folders) against the table's height.
    const float tableH = ImGui::GetContentRegionAvail().y - legendH;
    std::size_t tallest = 0;
    for (const CompareColumn& col : cache.columns) {
        std::size_t lines = 3;  // the header: account, tag, how it reads
        for (const CompareHolder& h : col.holders) {
            std::size_t shown = 0, folders = 0;
            std::string folder = "INBOX";
            for (const CompareMessage& m : h.messages)
                if (m.cameFrom.empty()) {
                    ++shown;
                    if (m.folder != folder) folder = m.folder, ++folders;
                }
            lines += 1 + std::max<std::size_t>(1, shown + folders);
        }
        tallest = std::max(tallest, lines);
    }
    const bool compact = static_cast<float>(tallest) * ImGui::GetTextLineHeightWithSpacing() * textScale > tableH;
    if (compact) textScale = 0.8f;  // and the header keeps to one line: how each reads is the tag's tooltip
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
        for (std::size_t r = 0; r < col.readers.size(); ++r)
            if (compact && ImGui::IsItemHovered() && (col.readers[r] == Reader::Pop3Keep || col.readers[r] == Reader::Pop3))
                ImGui::SetTooltip("%s", col.readers[r] == Reader::Pop3Keep ? tr("leaves a copy on the server")
                                                                           : tr("download and delete"));
        for (Reader r : col.readers)
            if (!compact && (r == Reader::Pop3Keep || r == Reader::Pop3)) {
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
            drawHolder(ctx, col, h, roomy, compact);
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
