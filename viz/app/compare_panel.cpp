// POP3 and IMAP side by side at the playhead: one column per account, headed by the account and
// its protocol tag, holding the server's mailbox and each device's copy, in the form that fits
// the tab's height (fitCompare): every subject on its line (unread in bold, new ones marked,
// moved ones with an arrow to their folder, deleted ones struck through, the mail POP3 took off
// the server marked "⇩"); else each subject's first word; else one line per place, its short
// name and one mark per message (the Mailboxes inspector's marks, the subject on hover), so the
// difference between the protocols jumps out even at 1024 x 768.
// Drawing only: columns from compareAt, items from compare_items, the form from compare_fit.
#include "fonts.h"
#include "i18n.h"
#include "message_mark.h"
#include "model/compare_fit.h"
#include "model/compare_items.h"
#include "model/mailbox_compare.h"
#include "panels.h"
#include "theme.h"
#include "wrapped_text.h"

#include "mail/mail_store.h"
#include "trace/phrase.h"  // N_

#include <fmt/format.h>

#include <algorithm>
#include <array>

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

ImU32 toneColor(CompareTone tone) {
    switch (tone) {
        case CompareTone::Text: return ImGui::GetColorU32(ImGuiCol_Text);
        case CompareTone::Fresh: return successColor();
        case CompareTone::Moved: return protocolColor(net::AppProtocol::Imap);
        case CompareTone::Deleted: return errorColor();
        case CompareTone::Downloaded:
        case CompareTone::Folder: return mutedTextColor();
    }
    return ImGui::GetColorU32(ImGuiCol_Text);
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

void strikeLastItem(ImU32 colour) {
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    const float y = (lo.y + hi.y) / 2 + 1;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(lo.x, y), ImVec2(hi.x, y), colour, std::max(1.5f, ImGui::GetFontSize() * 0.1f));
}

// One line, cut with "…" when the column is narrow (the tooltip tells it whole); struck
// through when `strike`.
void oneLine(const std::string& text, ImU32 colour, bool strike) {
    const std::string shown = fitted(text, ImGui::GetContentRegionAvail().x);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopStyleColor();
    if (strike) strikeLastItem(colour);
}

std::string subjectOf(const CompareMessage& m) {
    return m.subject.empty() ? std::string(tr("(no subject)")) : m.subject;
}

// What became of a message, in words: the tooltip's line under its subject.
std::string fateOf(const CompareMessage& m) {
    using Gone = CompareMessage::Gone;
    switch (m.gone) {
        case Gone::No: {
            const std::string read = (m.flags & mail::flag::Seen) ? tr("read") : tr("not read yet");
            return m.fresh ? read + "\n" + tr("new since the last check") : read;
        }
        case Gone::Moved: return trf("moved to the folder {}", m.movedTo);
        case Gone::Deleted: return m.movedTo.empty() ? std::string(tr("deleted")) : trf("deleted: now in {}", m.movedTo);
        case Gone::Downloaded: return tr("downloaded by a device and removed from the server");
    }
    return {};
}

// The whole subject and what became of the message, when the last item is hovered.
void messageTooltip(const CompareMessage& m) {
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", subjectOf(m).c_str(), fateOf(m).c_str());
}

// The Lists form: one line per message, its whole subject.
void drawMessage(const CompareMessage& m, bool roomy) {
    using Gone = CompareMessage::Gone;
    const std::string subject = subjectOf(m);
    switch (m.gone) {
        case Gone::No: {
            const bool unread = (m.flags & mail::flag::Seen) == 0;
            if (m.fresh) {
                chip(tr("new"), successColor());
                ImGui::SameLine(0, 4);
            }
            if (unread) ImGui::PushFont(fonts().bold);
            oneLine(unread && roomy ? "● " + subject : subject, ImGui::GetColorU32(ImGuiCol_Text), false);
            if (unread) ImGui::PopFont();
            break;
        }
        case Gone::Moved: oneLine(fmt::format("→ {}: {}", m.movedTo, subject), toneColor(CompareTone::Moved), false); break;
        case Gone::Deleted: oneLine(subject, toneColor(CompareTone::Deleted), true); break;
        case Gone::Downloaded: oneLine("⇩ " + subject, toneColor(CompareTone::Downloaded), true); break;
    }
    messageTooltip(m);
}

// The Words form: each message shrinks to its subject's first word with its mark, the words
// flowing along the line.
struct Flow {
    float used = 0;  // width taken on the current line
};

// One word of the flow: on this line when it fits, else on the next.
void flowText(Flow& flow, const std::string& text, ImU32 colour, bool bold, bool strike) {
    const float gap = ImGui::GetFontSize() * 0.6f;  // in the regular font, as compare_fit counts it
    if (bold) ImGui::PushFont(fonts().bold);
    const float w = ImGui::CalcTextSize(text.c_str()).x;
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
    if (strike) strikeLastItem(colour);
}

// A place's caption in the scenario's words ("Dana's phone"), else its id.
std::string placeLabel(const ViewContext& ctx, const CompareHolder& h) {
    const trace::Trace& t = ctx.lesson.trace();
    const std::string& id = t.nodes[h.node].id;
    for (const auto& n : ctx.lesson.scenario().nodes)
        if (n.id == id && !n.label.get(currentLanguage()).empty()) return n.label.get(currentLanguage());
    return id;
}

// The words lesson ids use for devices ("bob-laptop"), so a short name reads in the interface's language.
constexpr const char* kDeviceWords[] = {N_("laptop"), N_("phone"), N_("tablet"), N_("desktop"), N_("pc"), N_("browser")};

// The Marks form's name of a place: "server", or the device's id without the account's user
// ("laptop", translated when it is one of the device words).
std::string shortName(const ViewContext& ctx, const CompareColumn& column, const CompareHolder& h) {
    if (h.server) return tr("server");
    std::string name = shortPlaceName(ctx.lesson.trace().nodes[h.node].id, column.account);
    for (const char* word : kDeviceWords)
        if (name == word) return tr(word);
    return name;
}

// What a place shows when it shows no message, in words.
std::string noteText(CompareNote note) {
    switch (note) {
        case CompareNote::None: return {};
        case CompareNote::Empty: return tr("empty");
        case CompareNote::NotChecked: return tr("not checked yet");
        case CompareNote::HoldsNothing: return tr("holds nothing: the mail stays on the server");
    }
    return {};
}

// How a column's POP3 devices read it, a line each ("download and delete", "leaves a copy on the
// server"); empty for IMAP and webmail, whose tag says it all.
std::string readsText(const CompareColumn& column) {
    std::string out;
    for (Reader r : column.readers)
        if (r == Reader::Pop3Keep || r == Reader::Pop3) {
            if (!out.empty()) out += '\n';
            out += r == Reader::Pop3Keep ? tr("leaves a copy on the server") : tr("download and delete");
        }
    return out;
}

// The Lists and Words forms: the place's name on its line, its messages under it.
void drawHolder(const ViewContext& ctx, const CompareHolder& h, bool roomy, bool words) {
    std::string name = placeLabel(ctx, h);
    // A narrow column: the device's short id ("bob-phone") says more than a cut caption ("Telefono di…").
    ImGui::PushFont(fonts().bold);
    if (ImGui::CalcTextSize(name.c_str()).x > ImGui::GetContentRegionAvail().x) name = ctx.lesson.trace().nodes[h.node].id;
    if (h.server) {  // wrapped: "Στον διακομιστή" is wider than a column at 1024 px
        ImGui::PushStyleColor(ImGuiCol_Text, protocolColor(net::AppProtocol::Smtp));
        textWrapped(tr("On the server"));
        ImGui::PopStyleColor();
    } else {
        oneLine(name, readerColor(h.reader), false);
    }
    ImGui::PopFont();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", (h.server ? ctx.lesson.trace().nodes[h.node].hostname : name).c_str());
    ImGui::Indent(6);  // compare_fit's CompareRoom::indent
    const CompareNote note = compareNote(h);
    if (note == CompareNote::HoldsNothing) textWrappedColored(mutedTextColor(), noteText(note));
    else if (note != CompareNote::None) ImGui::TextDisabled("%s", noteText(note).c_str());
    if (words) {
        Flow flow;
        for (const CompareItem& it : compareWords(h, tr("(no subject)"))) {
            flowText(flow, it.text, toneColor(it.tone), it.bold, it.strike);
            if (it.message) messageTooltip(*it.message);
        }
    } else {
        std::string folder = "INBOX";
        for (const CompareMessage& m : h.messages) {
            if (!m.cameFrom.empty()) continue;  // its old place already shows where it went
            if (m.folder != folder) {
                folder = m.folder;
                oneLine(trf("folder {}:", folder), mutedTextColor(), false);
            }
            drawMessage(m, roomy);
        }
    }
    ImGui::Unindent(6);
    if (!words) ImGui::Spacing();
}

// The Marks form: one line for the place, its short name in a column `nameWidth` wide, then a mark
// per message in its column's slot (a folder's name before its own), on more lines only when
// they do not fit. `items`: the holder's row of compareMarkRows.
void drawMarksLine(const ViewContext& ctx, const CompareColumn& column, const CompareHolder& h,
                   const std::vector<CompareItem>& items, float nameWidth) {
    const float x0 = ImGui::GetCursorPosX(), room = ImGui::GetContentRegionAvail().x - nameWidth;
    const float gap = ImGui::GetFontSize() * 0.6f;  // as compare_fit counts it
    ImGui::PushFont(fonts().bold);
    ImGui::PushStyleColor(ImGuiCol_Text, h.server ? protocolColor(net::AppProtocol::Smtp) : readerColor(h.reader));
    ImGui::TextUnformatted(shortName(ctx, column, h).c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", (h.server ? trf("on the server {}", ctx.lesson.trace().nodes[h.node].hostname)
                                          : placeLabel(ctx, h)).c_str());
    float used = -1;  // nothing placed yet
    const auto place = [&](float w) {
        if (used >= 0 && used + gap + w <= room) {
            ImGui::SameLine(0, gap);
            used += gap + w;
            return;
        }
        if (used < 0) ImGui::SameLine();
        ImGui::SetCursorPosX(x0 + nameWidth);
        used = w;
    };
    if (items.empty()) {  // the note after the name, wrapped at spaces (as compare_fit counts it)
        ImGui::SameLine(0, gap);
        textWrappedDisabled(noteText(compareNote(h)));
        return;
    }
    for (const CompareItem& it : items) {
        if (!it.message && it.text.empty()) {  // a slot this place lacks: left blank
            place(markCellWidth());
            markCell("", 0);
            continue;
        }
        if (!it.message) {  // a folder's name
            place(ImGui::CalcTextSize(it.text.c_str()).x);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(toneColor(it.tone)), "%s", it.text.c_str());
            continue;
        }
        place(markCellWidth());
        markCell(it.text, toneColor(it.tone), it.strike);
        messageTooltip(*it.message);
    }
}

// The Marks form's key: each mark as it is drawn, then its words; an entry never split.
struct LegendEntry {
    const char* mark;
    CompareTone tone;
    bool strike;
    const char* words;
};

std::array<LegendEntry, 6> marksLegend() {
    return {{{"●", CompareTone::Text, false, tr("unread")},
             {"○", CompareTone::Text, false, tr("read")},
             {"●", CompareTone::Fresh, false, tr("new since the last check")},
             {"→", CompareTone::Moved, false, tr("moved to a folder")},
             {"●", CompareTone::Deleted, true, tr("deleted")},
             {"⇩", CompareTone::Downloaded, false, tr("downloaded and removed from the server (POP3)")}}};
}

float legendEntryWidth(const LegendEntry& e) {
    return markCellWidth() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(e.words).x;
}

// The key's height in the current font: its entries flowed along the region's width.
float marksLegendHeight() {
    std::vector<float> widths;
    for (const LegendEntry& e : marksLegend()) widths.push_back(legendEntryWidth(e));
    const std::size_t lines = flowLines(widths, ImGui::GetFontSize(), ImGui::GetContentRegionAvail().x);
    return static_cast<float>(lines) * ImGui::GetTextLineHeightWithSpacing();
}

void drawMarksLegend() {
    const float width = ImGui::GetContentRegionAvail().x, gap = ImGui::GetFontSize();
    float used = -1;
    for (const LegendEntry& e : marksLegend()) {
        const float w = legendEntryWidth(e);
        if (used >= 0 && used + gap + w <= width) {
            ImGui::SameLine(0, gap);
            used += gap + w;
        } else {
            used = w;
        }
        markCell(e.mark, toneColor(e.tone), e.strike);
        ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(mutedTextColor()), "%s", e.words);
    }
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
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    ImGui::SetWindowFontScale(legendScale);
    const float wordsLegendH = wrappedSize(legend, ImGui::GetContentRegionAvail().x).y + spacing * 2;
    const float marksLegendH = marksLegendHeight() + spacing;
    ImGui::SetWindowFontScale(1.0f);
    const auto n = static_cast<int>(cache.columns.size());
    const ImGuiStyle& style = ImGui::GetStyle();
    const float columnW = ImGui::GetContentRegionAvail().x / static_cast<float>(n);
    const float em = ImGui::GetFontSize();
    // The room each form has, at text scale 1; the widths of the Marks form's names.
    CompareRoom room;
    room.height = ImGui::GetContentRegionAvail().y - wordsLegendH - 4 * style.CellPadding.y;
    room.columnWidth = columnW - 2 * style.CellPadding.x - 1;
    room.fontSize = em;
    room.lineSpacing = style.ItemSpacing.y;
    room.gap = em * 0.6f;
    room.indent = 6;
    room.markWidth = markCellWidth();
    // Narrow columns (three accounts at 1024 px) get smaller text, so subjects are not cut to a word.
    room.listsScale = std::clamp(columnW / (11.5f * em), 0.8f, 1.0f);
    room.smallScale = 0.8f;
    const CompareMeasure measure{
        [](std::string_view text, bool bold) {
            if (bold) ImGui::PushFont(fonts().bold);
            const float w = ImGui::CalcTextSize(text.data(), text.data() + text.size()).x;
            if (bold) ImGui::PopFont();
            return w;
        },
        [&ctx](const CompareColumn& col, const CompareHolder& h) { return shortName(ctx, col, h); }, noteText,
        tr("(no subject)"), readsText};
    const CompareFit fit = fitCompare(cache.columns, room, measure);
    std::vector<float> nameWidths;  // Marks: each column's names, measured here at text scale 1
    if (fit.form == CompareForm::Marks)
        for (const CompareColumn& col : cache.columns) nameWidths.push_back(marksNameWidth(col, room, measure) * fit.scale);
    const bool roomy = columnW >= 10 * em;
    // How each account is read, under its tag; else the tag's tooltip.
    const bool oneLineHeader = fit.form != CompareForm::Lists && !fit.readsLine;
    const float legendH = fit.form == CompareForm::Marks ? marksLegendH : wordsLegendH;
    if (!ImGui::BeginTable("compare", n,
                           ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_PadOuterX,
                           ImVec2(0, std::max(ImGui::GetContentRegionAvail().y - legendH, legendH))))
        return;
    ImGui::SetWindowFontScale(fit.scale);  // the table's own scrolling child window only
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
            const bool pop3 = col.readers[r] == Reader::Pop3Keep || col.readers[r] == Reader::Pop3;
            if (oneLineHeader && pop3 && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", col.readers[r] == Reader::Pop3Keep ? tr("leaves a copy on the server")
                                                                           : tr("download and delete"));
        }
        if (const std::string reads = readsText(col); !oneLineHeader && !reads.empty()) textWrappedColored(mutedTextColor(), reads);
        ImGui::PopID();
    }
    ImGui::TableNextRow();
    for (int c = 0; c < n; ++c) {
        const CompareColumn& col = cache.columns[static_cast<std::size_t>(c)];
        ImGui::TableSetColumnIndex(c);
        ImGui::PushID(c);
        const bool marks = fit.form == CompareForm::Marks;
        const std::vector<std::vector<CompareItem>> rows = marks ? compareMarkRows(col) : std::vector<std::vector<CompareItem>>{};
        const float nameWidth = marks ? nameWidths[static_cast<std::size_t>(c)] : 0;
        for (std::size_t r = 0; r < col.holders.size(); ++r) {
            const CompareHolder& h = col.holders[r];
            ImGui::PushID(static_cast<int>(h.node));
            if (fit.form == CompareForm::Marks) drawMarksLine(ctx, col, h, rows[r], nameWidth);
            else drawHolder(ctx, h, roomy, fit.form == CompareForm::Words);
            ImGui::PopID();
        }
        ImGui::PopID();
    }
    ImGui::SetWindowFontScale(1.0f);
    ImGui::EndTable();
    ImGui::SetWindowFontScale(legendScale);
    if (fit.form == CompareForm::Marks) drawMarksLegend();
    else textWrappedColored(mutedTextColor(), legend);
    ImGui::SetWindowFontScale(1.0f);
}

std::unique_ptr<Panel> makeComparePanel() { return std::make_unique<ComparePanel>(); }

}  // namespace postino::viz
