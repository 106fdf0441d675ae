// One message's mark (● unread, ○ read, → moved, ⇩ downloaded …) drawn in a cell of its own, as
// the Mailboxes inspector and the Compare tab draw it: the glyph in the bold font, the cell as
// wide as a bold "●" so marks and the subjects after them line up. Drawing only.
#pragma once

#include <imgui.h>

#include <string_view>

namespace postino::viz {

// The width of one mark's cell at the current font size.
float markCellWidth();

// The mark at the cursor, as one item (hover it for a tooltip), `colour`, struck through when
// `strike`. An empty glyph keeps the cell empty.
void markCell(std::string_view glyph, ImU32 colour, bool strike = false);

}  // namespace postino::viz
