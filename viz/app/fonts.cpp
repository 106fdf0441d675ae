#include "fonts.h"

#include <filesystem>

namespace postino::viz {

namespace {
Fonts g_fonts;

const ImWchar* glyphRanges() {
    static const ImWchar kRanges[] = {
        0x0020, 0x00FF,  // Basic Latin + Latin-1 (Italian, Spanish)
        0x0100, 0x017F,  // Latin Extended-A
        0x0370, 0x03FF,  // Greek and Coptic
        0x1F00, 0x1FFF,  // Greek Extended
        0x2000, 0x206F,  // punctuation: dashes, quotes, ellipsis
        0x2190, 0x21FF,  // arrows
        0x2200, 0x22FF,  // mathematical operators (minus sign)
        0x2300, 0x23FF,  // technical symbols (player buttons)
        0x2500, 0x257F,  // box drawing
        0x25A0, 0x25FF,  // geometric shapes
        0x2600, 0x26FF,  // symbols
        0x2700, 0x27BF,  // dingbats (envelope, check mark)
        0,
    };
    return kRanges;
}
}  // namespace

void loadDefaultFont(Fonts& out) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    out = Fonts{io.Fonts->AddFontDefault(), nullptr, nullptr, nullptr};
    out.bold = out.mono = out.headline = out.regular;
    g_fonts = out;
}

bool loadFonts(const std::string& fontDir, float pixelSize, Fonts& out, std::string& problem) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    const std::filesystem::path dir = fontDir;
    const auto load = [&](const char* file, float size) -> ImFont* {
        const std::filesystem::path path = dir / file;
        if (!std::filesystem::exists(path)) {
            problem = "font not found: " + path.string();
            return nullptr;
        }
        return io.Fonts->AddFontFromFileTTF(path.string().c_str(), size, nullptr, glyphRanges());
    };
    out.regular = load("DejaVuSans.ttf", pixelSize);
    out.bold = load("DejaVuSans-Bold.ttf", pixelSize * 1.15f);
    out.mono = load("DejaVuSansMono.ttf", pixelSize * 0.95f);
    out.headline = load("DejaVuSans-Bold.ttf", pixelSize * 1.4f);
    if (!out.regular || !out.bold || !out.mono || !out.headline) {
        loadDefaultFont(out);
        return false;
    }
    io.FontDefault = out.regular;
    g_fonts = out;
    return true;
}

const Fonts& fonts() { return g_fonts; }

}  // namespace postino::viz
