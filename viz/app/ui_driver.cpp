// The --drive script's steps turned into ImGui input, one frame at a time.
#include "ui_driver.h"

#include "ui_targets.h"

#include <GLFW/glfw3.h>
#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace postino::viz {

namespace {

constexpr int kDragFrames = 8;  // the mouse moves from one place to the other in this many frames

int glfwKey(const std::string& name) {
    if (name == "Delete") return GLFW_KEY_DELETE;
    if (name == "Backspace") return GLFW_KEY_BACKSPACE;
    if (name == "Escape") return GLFW_KEY_ESCAPE;
    if (name == "Enter") return GLFW_KEY_ENTER;
    if (name == "Tab") return GLFW_KEY_TAB;
    if (name == "Space") return GLFW_KEY_SPACE;
    if (name == "Left") return GLFW_KEY_LEFT;
    if (name == "Right") return GLFW_KEY_RIGHT;
    return static_cast<unsigned char>(name[0]);  // GLFW's letters and digits are their ASCII codes
}

}  // namespace

bool UiDriver::load(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = fmt::format("{}: cannot open the file", path);
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    m_script = parseUiScript(text.str(), path);
    m_name = path;
    if (!m_script.ok()) {
        error = m_script.error;
        return false;
    }
    setNotingUiTargets(true);
    return true;
}

void UiDriver::fail(const std::string& what) {
    m_failure = fmt::format("{}:{}: {}", m_name, m_script.steps[m_step].line, what);
}

bool UiDriver::resolve(const UiTarget& target, ImVec2& out) {
    if (target.name.empty()) {
        out = ImVec2(target.fx, target.fy);
        return true;
    }
    const auto rect = findUiTarget(target.name);
    if (!rect) {
        fail(fmt::format("no place called '{}' on screen now (there are: {})", target.name, uiTargetNames()));
        return false;
    }
    out = ImVec2(rect->min.x + (rect->max.x - rect->min.x) * target.fx, rect->min.y + (rect->max.y - rect->min.y) * target.fy);
    return true;
}

void UiDriver::beforeFrame(ImGuiIO& io, const Check& check) {
    io.KeyCtrl = io.KeyShift = false;
    takeStep(io, check);
    io.MousePos = m_mouse;
    io.MouseDown[0] = m_down;
    clearUiTargets();  // this frame notes them again
}

void UiDriver::takeStep(ImGuiIO& io, const Check& check) {
    if (m_keyDown >= 0) {  // a key pressed last frame is let go in a frame of its own
        io.KeysDown[m_keyDown] = false, m_keyDown = -1;
        return;
    }
    // The first two frames settle (fonts, the first layout) and note the places; then the script starts.
    if (m_settle > 0) {
        --m_settle;
        return;
    }
    // Expect and wait steps take no input: several may follow one another in a frame.
    while (!finished()) {
        const UiStep& step = m_script.steps[m_step];
        if (step.kind == UiStep::Kind::Expect) {
            const std::string problem = check(step.words);
            if (!problem.empty()) {
                fail(problem);
                break;
            }
            next();
            continue;
        }
        switch (step.kind) {
            case UiStep::Kind::Move:
                if (resolve(step.target, m_mouse)) next();
                break;
            case UiStep::Kind::Click:
                if (m_phase == 0) {
                    if (resolve(step.target, m_mouse)) m_down = false, m_phase = 1;
                } else if (m_phase == 1) {
                    // Where the place is now: the frame after the move may have laid things out
                    // anew (a problem line gone above a field), as a person would see before pressing.
                    if (resolve(step.target, m_mouse)) m_down = true, m_phase = 2;
                } else {
                    m_down = false;
                    next();
                }
                break;
            case UiStep::Kind::Drag:
                if (m_phase == 0) {
                    if (resolve(step.target, m_from) && resolve(step.to, m_to)) m_mouse = m_from, m_down = false, m_phase = 1;
                } else if (m_phase <= kDragFrames + 1) {
                    const float t = static_cast<float>(m_phase - 1) / kDragFrames;
                    m_mouse = ImVec2(m_from.x + (m_to.x - m_from.x) * t, m_from.y + (m_to.y - m_from.y) * t);
                    m_down = true, ++m_phase;
                } else {
                    m_down = false;
                    next();
                }
                break;
            case UiStep::Kind::Key:
                m_keyDown = glfwKey(step.key);
                io.KeysDown[m_keyDown] = true;
                io.KeyCtrl = step.ctrl, io.KeyShift = step.shift;
                next();
                break;
            case UiStep::Kind::Type:
                io.AddInputCharactersUTF8(step.text.c_str());
                next();
                break;
            case UiStep::Kind::Wait:
                if (++m_phase >= step.frames) next();
                break;
            case UiStep::Kind::Expect: break;
        }
        break;  // one input step a frame
    }
}

}  // namespace postino::viz
