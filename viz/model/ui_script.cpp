// Reading a --drive script: one command a line, # comments, errors with the line and the word.
#include "model/ui_script.h"

#include "core/decimal.h"

#include <fmt/format.h>

#include <charconv>
#include <sstream>

namespace postino::viz {

namespace {

bool parseFloat(const std::string& text, float& out) {
    const char* end = text.data() + text.size();
    const auto r = postino::core::parseDecimal(text.data(), end, out);
    return r.ec == std::errc() && r.ptr == end;
}

// "canvas", "canvas@0.3,0.5", "120,340".
bool parseTarget(const std::string& word, UiTarget& out) {
    const auto pair = [](const std::string& text, float& a, float& b) {
        const auto comma = text.find(',');
        return comma != std::string::npos && parseFloat(text.substr(0, comma), a) && parseFloat(text.substr(comma + 1), b);
    };
    if (!word.empty() && (std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-')) {
        out.name.clear();
        return pair(word, out.fx, out.fy);
    }
    const auto at = word.find('@');
    out.name = word.substr(0, at);
    if (out.name.empty()) return false;
    if (at == std::string::npos) return true;
    return pair(word.substr(at + 1), out.fx, out.fy) && out.fx >= 0 && out.fx <= 1 && out.fy >= 0 && out.fy <= 1;
}

std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            const char c = text[++i];
            out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

std::string UiTarget::text() const {
    if (name.empty()) return fmt::format("{},{}", fx, fy);
    if (fx == 0.5f && fy == 0.5f) return name;
    return fmt::format("{}@{},{}", name, fx, fy);
}

bool isUiKeyName(const std::string& key) {
    static const char* const kNamed[] = {"Delete", "Backspace", "Escape", "Enter", "Tab", "Space", "Left", "Right"};
    for (const char* k : kNamed)
        if (key == k) return true;
    return key.size() == 1 && ((key[0] >= 'A' && key[0] <= 'Z') || (key[0] >= '0' && key[0] <= '9'));
}

UiScript parseUiScript(const std::string& text, const std::string& name) {
    UiScript script;
    std::istringstream lines(text);
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        std::istringstream in(line);
        std::string command;
        in >> command;
        UiStep step;
        step.line = number;
        std::vector<std::string> words;
        for (std::string w; in >> w;) words.push_back(w);
        const auto fail = [&](const std::string& what) {
            script.error = fmt::format("{}:{}: {}", name, number, what);
            script.steps.clear();
            return script;
        };
        const auto targetAt = [&](std::size_t i, UiTarget& out) {
            return i < words.size() && parseTarget(words[i], out);
        };
        if (command == "move" || command == "click") {
            step.kind = command == "move" ? UiStep::Kind::Move : UiStep::Kind::Click;
            if (words.size() != 1 || !targetAt(0, step.target))
                return fail(fmt::format("{} takes one place: a name (tool:link), name@x,y (canvas@0.3,0.5) or x,y in pixels",
                                        command));
        } else if (command == "drag") {
            step.kind = UiStep::Kind::Drag;
            if (words.size() != 2 || !targetAt(0, step.target) || !targetAt(1, step.to))
                return fail("drag takes two places: from and to");
        } else if (command == "key") {
            step.kind = UiStep::Kind::Key;
            if (words.empty() || !isUiKeyName(words[0]))
                return fail(fmt::format("key takes a key name (Delete, Backspace, Escape, Enter, Tab, Space, Left, Right, A…Z, 0…9), "
                                        "got '{}'", words.empty() ? std::string() : words[0]));
            step.key = words[0];
            for (std::size_t i = 1; i < words.size(); ++i) {
                if (words[i] == "ctrl") step.ctrl = true;
                else if (words[i] == "shift") step.shift = true;
                else return fail(fmt::format("key: '{}' is not a modifier (ctrl, shift)", words[i]));
            }
        } else if (command == "type") {
            step.kind = UiStep::Kind::Type;
            const auto rest = line.find("type") + 4;
            const auto start = line.find_first_not_of(" \t", rest);
            if (start == std::string::npos) return fail("type takes the text to type");
            step.text = unescape(line.substr(start));
        } else if (command == "wait") {
            step.kind = UiStep::Kind::Wait;
            int frames = 0;
            if (words.size() != 1 || std::from_chars(words[0].data(), words[0].data() + words[0].size(), frames).ec != std::errc() ||
                frames < 1 || frames > 10000)
                return fail("wait takes a number of frames, 1 to 10000");
            step.frames = frames;
        } else if (command == "expect") {
            step.kind = UiStep::Kind::Expect;
            if (words.empty()) return fail("expect takes what to check, e.g. 'expect nodes 2'");
            step.words = words;
        } else {
            return fail(fmt::format("unknown command '{}' (one of move, click, drag, key, type, wait, expect)", command));
        }
        script.steps.push_back(std::move(step));
    }
    return script;
}

}  // namespace postino::viz
