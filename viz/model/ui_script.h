// A UI script for --drive: lines a test writes to work the window with mouse and keys as a person
// would ("click tool:add-client", "drag node:client-1 node:mail-server-1", "type bob@x.example",
// "key Z ctrl", "expect nodes 2"), read into steps with located errors. No ImGui.
#pragma once

#include <string>
#include <vector>

namespace postino::viz {

// Where the mouse goes: a named place the window noted this frame ("tool:link", "node:client-1",
// "field:domains", "canvas"), optionally at a fraction of it ("canvas@0.3,0.5"; the centre
// otherwise), or a point in window pixels ("120,340").
struct UiTarget {
    std::string name;          // empty: a point in pixels
    float fx = 0.5f, fy = 0.5f;  // fraction of the named rectangle, or pixels when `name` is empty
    std::string text() const;  // as written
};

struct UiStep {
    enum class Kind { Move, Click, Drag, Key, Type, Wait, Expect };
    Kind kind = Kind::Wait;
    int line = 0;                  // 1-based, in the script
    UiTarget target, to;           // Move, Click: target; Drag: target -> to
    std::string key;               // Key: "Delete", "Escape", "Enter", "Tab", "Backspace", "A"…"Z", "0"…"9"
    bool ctrl = false, shift = false;
    std::string text;              // Type (with \n and \t read as a new line and a tab)
    int frames = 1;                // Wait
    std::vector<std::string> words;  // Expect: what to check, e.g. {"nodes", "2"}
};

struct UiScript {
    std::vector<UiStep> steps;
    std::string error;  // "drive.txt:3: unknown command 'clik' (one of move, click, …)"; empty when read
    bool ok() const { return error.empty(); }
};

// Reads a script; `name` is what errors call it (the file's path).
UiScript parseUiScript(const std::string& text, const std::string& name);

// The key names a script may press.
bool isUiKeyName(const std::string& key);

}  // namespace postino::viz
