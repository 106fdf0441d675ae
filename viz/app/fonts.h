// The bundled DejaVu fonts (Latin, Greek, arrows and shapes), loaded at the size the
// monitor's content scale asks for. Regular for text, bold for headings, mono for protocol lines.
#pragma once

#include <imgui.h>

#include <string>

namespace postino::viz {

struct Fonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImFont* mono = nullptr;
};

// Loads the fonts from `assetDir`/fonts at `pixelSize`; false (ImGui's default font
// is then used) when the files are missing, with `problem` saying which.
bool loadFonts(const std::string& assetDir, float pixelSize, Fonts& out, std::string& problem);
const Fonts& fonts();

}  // namespace postino::viz
