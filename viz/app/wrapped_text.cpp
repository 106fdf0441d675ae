// Wrapped text drawn as one ImGui item (like ImGui::TextEx), its lines cached across frames.
#include "wrapped_text.h"

#include "model/text_wrap.h"

#include <imgui_internal.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>

namespace postino::viz {

namespace {

// One wrapped text: where its lines start and end, and its widest line.
struct Wrapped {
    std::string text;
    const ImFont* font = nullptr;
    float size = 0, width = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> lines;
    float widest = 0;
    int usedInFrame = 0;
};

// Texts wrapped lately, by a hash of text, font, size and width. Entries not used for a few frames
// go once there are many (a resized window, a scrolled list).
class WrapCache {
public:
    const Wrapped& get(std::string_view text, ImFont* font, float size, float width) {
        const int frame = ImGui::GetFrameCount();
        if (frame != m_frame) {
            m_frame = frame;
            if (m_entries.size() > kKeep) std::erase_if(m_entries, [&](const auto& e) { return e.second.usedInFrame < frame - 2; });
        }
        std::uint64_t key = std::hash<std::string_view>{}(text);
        key = mix(key, reinterpret_cast<std::uintptr_t>(font));
        key = mix(key, bits(size));
        key = mix(key, bits(width));
        Wrapped& w = m_entries[key];
        if (w.font != font || w.size != size || w.width != width || w.text != text) fill(w, text, font, size, width);
        w.usedInFrame = frame;
        return w;
    }

private:
    static constexpr std::size_t kKeep = 4096;
    std::unordered_map<std::uint64_t, Wrapped> m_entries;
    int m_frame = -1;

    static std::uint64_t mix(std::uint64_t h, std::uint64_t v) { return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)); }
    static std::uint64_t bits(float f) {
        std::uint32_t u = 0;
        std::memcpy(&u, &f, sizeof u);
        return u;
    }
    static void fill(Wrapped& w, std::string_view text, ImFont* font, float size, float width) {
        w.text.assign(text);
        w.font = font, w.size = size, w.width = width;
        // Glyph advances add up (Dear ImGui 1.86 does no kerning), as wrapText needs.
        const TextWidth measure = [&](std::string_view s) {
            return font->CalcTextSizeA(size, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
        };
        w.lines.clear();
        w.widest = 0;
        for (std::string_view l : wrapText(w.text, width, measure)) {
            w.lines.emplace_back(static_cast<std::uint32_t>(l.data() - w.text.data()), static_cast<std::uint32_t>(l.size()));
            w.widest = std::max(w.widest, measure(l));
        }
    }
};

WrapCache& cache() {
    static WrapCache c;
    return c;
}

// The current font at its size (window scale included), or `font` at its own size.
void resolve(ImFont*& font, float& size) {
    if (!font) font = ImGui::GetFont(), size = size > 0 ? size : ImGui::GetFontSize();
    if (size <= 0) size = font->FontSize;
}

const Wrapped& lookup(std::string_view text, float width, ImFont* font, float size) {
    return cache().get(text, font, size, std::max(1.0f, width));
}

// ImGui::TextEx's wrapped branch, with our lines: one item as tall as its lines.
void draw(std::string_view text, ImU32 colour) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->SkipItems) return;
    const float wrapPos = window->DC.TextWrapPos < 0 ? 0.0f : window->DC.TextWrapPos;
    const float width = ImGui::CalcWrapWidthForPos(window->DC.CursorPos, wrapPos);
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const Wrapped& w = lookup(text, width, font, size);
    const ImVec2 pos(window->DC.CursorPos.x, window->DC.CursorPos.y + window->DC.CurrLineTextBaseOffset);
    const ImVec2 extent(std::floor(w.widest + 0.99999f), size * static_cast<float>(w.lines.size()));
    const ImRect bb(pos, ImVec2(pos.x + extent.x, pos.y + extent.y));
    ImGui::ItemSize(extent, 0.0f);
    if (!ImGui::ItemAdd(bb, 0)) return;
    const ImRect& clip = window->ClipRect;
    for (std::size_t i = 0; i < w.lines.size(); ++i) {
        const float y = pos.y + size * static_cast<float>(i);
        if (y + size < clip.Min.y) continue;
        if (y > clip.Max.y) break;
        const char* begin = w.text.data() + w.lines[i].first;
        window->DrawList->AddText(font, size, ImVec2(pos.x, y), colour, begin, begin + w.lines[i].second);
    }
}

}  // namespace

float wrapWidthHere() {
    const ImGuiWindow* window = ImGui::GetCurrentWindowRead();
    return ImGui::CalcWrapWidthForPos(window->DC.CursorPos, window->DC.TextWrapPos < 0 ? 0.0f : window->DC.TextWrapPos);
}

std::vector<std::string_view> wrappedLines(std::string_view text, float width, ImFont* font, float size) {
    resolve(font, size);
    const Wrapped& w = lookup(text, width, font, size);
    std::vector<std::string_view> out;
    out.reserve(w.lines.size());
    for (const auto& [at, length] : w.lines) out.push_back(text.substr(at, length));
    return out;
}

ImVec2 wrappedSize(std::string_view text, float width, ImFont* font, float size) {
    resolve(font, size);
    const Wrapped& w = lookup(text, width, font, size);
    return ImVec2(std::floor(w.widest + 0.99999f), size * static_cast<float>(w.lines.size()));
}

void textWrapped(std::string_view text) { draw(text, ImGui::GetColorU32(ImGuiCol_Text)); }

void textWrappedDisabled(std::string_view text) { draw(text, ImGui::GetColorU32(ImGuiCol_TextDisabled)); }

void textWrappedColored(ImU32 colour, std::string_view text) { draw(text, ImGui::GetColorU32(colour)); }

}  // namespace postino::viz
