// Works the window from a --drive script: each frame it sets ImGui's mouse and keys as the
// script's current step needs (move, click, drag, key, type, wait) and runs its "expect" checks.
#pragma once

#include "model/ui_script.h"

#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

namespace postino::viz {

class UiDriver {
public:
    // Reads the script; false with `error` set ("drive.txt:3: …") when it cannot.
    bool load(const std::string& path, std::string& error);
    // Call after the platform backend's NewFrame and before ImGui::NewFrame. `check` answers an
    // expect line: "" when it holds, else what was found.
    using Check = std::function<std::string(const std::vector<std::string>&)>;
    void beforeFrame(ImGuiIO& io, const Check& check);
    bool finished() const { return m_step >= m_script.steps.size() || !m_failure.empty(); }
    // "drive.txt:7: expected 2 nodes, the lesson has 1"; empty while all is well.
    const std::string& failure() const { return m_failure; }

private:
    // This frame's step: sets keys and typed text in io, and m_mouse / m_down.
    void takeStep(ImGuiIO& io, const Check& check);
    bool resolve(const UiTarget& target, ImVec2& out);
    void next() { ++m_step, m_phase = 0; }
    void fail(const std::string& what);

    UiScript m_script;
    std::string m_name;
    std::size_t m_step = 0;
    int m_phase = 0;
    ImVec2 m_mouse{-1, -1};
    ImVec2 m_from{}, m_to{};
    bool m_down = false;
    int m_settle = 2;    // frames to draw before the first step
    int m_keyDown = -1;  // the key held this frame (released the next)
    std::string m_failure;
};

}  // namespace postino::viz
