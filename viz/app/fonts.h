// The DejaVu fonts (Latin, Greek, arrows and shapes; Debian's or the source tree's copies),
// loaded at the size the monitor's content scale asks for. Regular for text, bold for headings, mono for protocol lines, headline for the now line.
#pragma once

#include <imgui.h>

#include <string>

namespace postino::viz {

struct Fonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImFont* mono = nullptr;
    ImFont* headline = nullptr;  // bold and larger: the now line a class reads from the back row
};

// Loads DejaVuSans, DejaVuSans-Bold and DejaVuSansMono from `fontDir` at `pixelSize`; false
// (ImGui's default font is then used) when a file is missing, with `problem` saying which.
bool loadFonts(const std::string& fontDir, float pixelSize, Fonts& out, std::string& problem);
// ImGui's built-in font for all three, when no DejaVu fonts can be found.
void loadDefaultFont(Fonts& out);
const Fonts& fonts();

}  // namespace postino::viz
