#include "model/compare_fit.h"

#include "model/text_wrap.h"

#include <algorithm>

namespace postino::viz {

std::size_t flowLines(std::span<const float> widths, float gap, float width) {
    std::size_t lines = 0;
    float used = 0;
    for (const float w : widths) {
        if (lines > 0 && used + gap + w <= width) {
            used += gap + w;
        } else {
            ++lines;
            used = w;
        }
    }
    return lines;
}

std::size_t listsLines(const CompareColumn& column) {
    std::size_t lines = 3;  // the header: account and tag, how it reads (wrapped on two lines at most)
    for (const CompareHolder& h : column.holders) {
        std::size_t shown = 0, folders = 0;
        std::string folder = "INBOX";
        for (const CompareMessage& m : h.messages)
            if (m.cameFrom.empty()) {
                ++shown;
                if (m.folder != folder) folder = m.folder, ++folders;
            }
        lines += 1 + std::max<std::size_t>(1, shown + folders);  // its name, its messages or "empty"
    }
    return lines;
}

std::size_t wordsLines(const CompareColumn& column, const CompareRoom& room, float scale, const CompareMeasure& measure) {
    std::size_t lines = 1;  // the header: account and tag
    std::vector<float> widths;
    for (const CompareHolder& h : column.holders) {
        widths.clear();
        for (const CompareItem& it : compareWords(h, measure.noSubject)) widths.push_back(measure.width(it.text, it.bold) * scale);
        lines += 1 + std::max<std::size_t>(1, flowLines(widths, room.gap * scale, room.columnWidth - room.indent));
    }
    return lines;
}

std::size_t marksLines(const CompareColumn& column, const CompareRoom& room, float scale, const CompareMeasure& measure,
                       bool readsLine) {
    std::size_t lines = 1;  // the header: account and tag
    const auto regular = [&](std::string_view s) { return measure.width(s, false) * scale; };
    if (readsLine && measure.reads)
        if (const std::string reads = measure.reads(column); !reads.empty())
            lines += wrapText(reads, room.columnWidth, regular).size();
    std::vector<float> widths;
    const float nameWidth = marksNameWidth(column, room, measure);
    const std::vector<std::vector<CompareItem>> rows = compareMarkRows(column);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const CompareHolder& h = column.holders[r];
        const std::vector<CompareItem>& items = rows[r];
        if (items.empty()) {
            const float name = (measure.width(measure.name(column, h), true) + room.gap) * scale;
            const std::string note = measure.note(compareNote(h));
            const auto wrapped = wrapText(note, room.columnWidth - name, regular);
            lines += std::max<std::size_t>(1, wrapped.size());
            continue;
        }
        widths.clear();
        for (const CompareItem& it : items)  // a mark or a blank slot: a mark's cell; a folder's name: its width
            widths.push_back((it.message || it.text.empty() ? room.markWidth : measure.width(it.text, it.bold)) * scale);
        lines += std::max<std::size_t>(1, flowLines(widths, room.gap * scale, room.columnWidth - nameWidth * scale));
    }
    return lines;
}

float marksNameWidth(const CompareColumn& column, const CompareRoom& room, const CompareMeasure& measure) {
    float widest = 0;
    for (const CompareHolder& h : column.holders) widest = std::max(widest, measure.width(measure.name(column, h), true));
    return widest + room.gap;
}

CompareFit fitCompare(const std::vector<CompareColumn>& columns, const CompareRoom& room, const CompareMeasure& measure) {
    const auto fits = [&](auto lines, float scale) {
        std::size_t tallest = 0;
        for (const CompareColumn& c : columns) tallest = std::max(tallest, lines(c, scale));
        return static_cast<float>(tallest) * room.lineAt(scale) <= room.height;
    };
    if (fits([](const CompareColumn& c, float) { return listsLines(c); }, room.listsScale))
        return {CompareForm::Lists, room.listsScale};
    if (fits([&](const CompareColumn& c, float s) { return wordsLines(c, room, s, measure); }, room.smallScale))
        return {CompareForm::Words, room.smallScale};
    // The marks as large as they fit, from the Lists form's size down in steps of 5 %: first with
    // how each account is read (down to 90 %, no smaller for its sake), then without.
    const auto scaleAt = [&](int step) { return room.listsScale - 0.05f * static_cast<float>(step); };
    for (int step = 0; scaleAt(step) >= std::min(0.9f, room.listsScale) - 0.001f; ++step)
        if (fits([&](const CompareColumn& c, float s) { return marksLines(c, room, s, measure, true); }, scaleAt(step)))
            return {CompareForm::Marks, scaleAt(step), true};
    for (int step = 0; scaleAt(step) > room.smallScale + 0.001f; ++step)
        if (fits([&](const CompareColumn& c, float s) { return marksLines(c, room, s, measure); }, scaleAt(step)))
            return {CompareForm::Marks, scaleAt(step)};
    return {CompareForm::Marks, room.smallScale};
}

}  // namespace postino::viz
