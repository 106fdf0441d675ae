// Which form the Compare tab takes in the room it has, so every account's server and devices
// show without scrolling: the whole lists, else each message's first word flowing along the
// line, else one line per place with one mark per message; and at which text size. Widths and
// heights in, the form out; viz/app/compare_panel.cpp measures and draws. No ImGui.
#pragma once

#include "model/compare_items.h"
#include "model/mailbox_compare.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace postino::viz {

enum class CompareForm : std::uint8_t {
    Lists,  // a line per message, its whole subject (cut with "…" on a narrow column)
    Words,  // per place, its messages' first words flowing along the lines
    Marks,  // per place one line: its short name, then a mark per message
};

// How many lines `widths` take flowed along lines `width` wide, `gap` between two on a line; an
// item wider than a line takes a line of its own. 0 when there are none.
std::size_t flowLines(std::span<const float> widths, float gap, float width);

// The room, measured by the panel. Widths of text are at text scale 1; they grow with the scale.
struct CompareRoom {
    float height = 0;       // the table's, its cells' padding taken off, under the legend in words
    float columnWidth = 0;  // one column's content width
    float fontSize = 0;     // at text scale 1
    float lineSpacing = 0;  // between two lines, whatever the scale
    float gap = 0;          // between two words or two marks on a line, at scale 1
    float indent = 0;       // Words: the messages' indent under the place's name
    float markWidth = 0;    // Marks: one mark's cell, at scale 1
    float listsScale = 1;   // the Lists form's text scale (smaller on narrow columns)
    float smallScale = 0.8f;  // the Words form's, and the Marks form's when its lines do not fit at listsScale
    float lineAt(float scale) const { return fontSize * scale + lineSpacing; }
};

// What the panel measures and translates for the fit; widths at text scale 1.
struct CompareMeasure {
    std::function<float(std::string_view text, bool bold)> width;
    std::function<std::string(const CompareColumn&, const CompareHolder&)> name;  // Marks: a place's short name (bold)
    std::function<std::string(CompareNote)> note;                                 // its words
    std::string noSubject;                                                        // "(no subject)"
    // How a column's devices read it, in words ("download and delete"), a line each; empty for IMAP.
    std::function<std::string(const CompareColumn&)> reads;
};

// The lines one column takes in each form, its header row included. Marks: a note (a place that
// shows no message) follows the place's own name and wraps at spaces.
std::size_t listsLines(const CompareColumn& column);
std::size_t wordsLines(const CompareColumn& column, const CompareRoom& room, float scale, const CompareMeasure& measure);
std::size_t marksLines(const CompareColumn& column, const CompareRoom& room, float scale, const CompareMeasure& measure,
                       bool readsLine = false);

// Marks: the width of a column's names, its widest short name and the gap after it, at scale 1;
// the marks of every place in the column start there.
float marksNameWidth(const CompareColumn& column, const CompareRoom& room, const CompareMeasure& measure);

struct CompareFit {
    CompareForm form = CompareForm::Lists;
    float scale = 1;         // the table's text scale
    bool readsLine = false;  // Marks: the header says how each account is read under its tag (Lists always does)
    bool operator==(const CompareFit&) const = default;
};

// The first that fits the height with every column: Lists at listsScale, Words at smallScale,
// then Marks at the largest size that fits from listsScale down by 5 % steps: with how each
// account is read under its tag ("leaves a copy on the server" tells Carol's POP3 from Bob's)
// down to 90 %, then without it; else Marks at smallScale (which then scrolls).
CompareFit fitCompare(const std::vector<CompareColumn>& columns, const CompareRoom& room, const CompareMeasure& measure);

}  // namespace postino::viz
