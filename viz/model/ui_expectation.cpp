// What "expect" can check in a --drive script.
#include "model/ui_expectation.h"

#include "model/network_edit.h"
#include "model/network_text.h"
#include "scenario/scenario_loader.h"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>

namespace postino::viz {

namespace {

bool number(const std::string& text, std::size_t& out) {
    return std::from_chars(text.data(), text.data() + text.size(), out).ec == std::errc();
}

std::string join(const std::vector<std::string>& words, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < words.size(); ++i) out += (out.empty() ? "" : " ") + words[i];
    return out;
}

}  // namespace

std::string checkUiExpectation(const LessonDocument* doc, const std::vector<std::string>& w) {
    if (w.empty()) return "nothing to check";
    if (!doc) return "no lesson is open for editing";
    const scenario::Scenario& s = doc->scenario();
    const std::string& what = w[0];
    const auto count = [&](const char* noun, std::size_t found) -> std::string {
        std::size_t expected = 0;
        if (w.size() != 2 || !number(w[1], expected)) return fmt::format("'expect {}' takes a number", what);
        if (expected == found) return {};
        return fmt::format("expected {} {}, the lesson has {}", expected, noun, found);
    };
    if (what == "nodes") return count("nodes", s.nodes.size());
    if (what == "links") return count("links", s.links.size());
    if (what == "actions") return count("actions", s.actions.size());
    if (what == "problems") {
        std::string found = count("problems", doc->problems().size());
        if (!found.empty() && !doc->problems().empty()) found += " (the first: " + doc->problems().front().error.format() + ")";
        return found;
    }
    if (what == "node" || what == "no-node") {
        if (w.size() < 2) return fmt::format("'expect {}' takes a node id", what);
        const auto i = findNode(s, w[1]);
        if (what == "no-node") return i ? fmt::format("expected no node {}, there is one", w[1]) : std::string();
        if (!i) return fmt::format("expected a node {}, there is none", w[1]);
        if (w.size() > 2 && scenario::nodeTypeName(s.nodes[*i].type) != w[2])
            return fmt::format("expected {} to be a {}, it is a {}", w[1], w[2], scenario::nodeTypeName(s.nodes[*i].type));
        return {};
    }
    if (what == "link") {
        if (w.size() != 3) return "'expect link' takes two node ids";
        for (const auto& l : s.links)
            if ((l.a == w[1] && l.b == w[2]) || (l.a == w[2] && l.b == w[1])) return {};
        return fmt::format("expected a link between {} and {}, there is none", w[1], w[2]);
    }
    if (what == "placed") {  // the node has a position saved with the lesson
        if (w.size() != 2) return "'expect placed' takes a node id";
        const auto i = findNode(s, w[1]);
        if (!i) return fmt::format("expected a node {}, there is none", w[1]);
        return s.nodes[*i].position ? std::string() : fmt::format("expected {} to have a position, it has none", w[1]);
    }
    if (what == "domains" || what == "users" || what == "accounts") {
        if (w.size() < 2) return fmt::format("'expect {}' takes a node id and the text", what);
        const auto i = findNode(s, w[1]);
        if (!i) return fmt::format("expected a node {}, there is none", w[1]);
        const scenario::Node& n = s.nodes[*i];
        std::string found = what == "domains" ? domainsText(n.domains) : what == "users" ? usersText(n.users) : accountsText(n);
        while (!found.empty() && found.back() == '\n') found.pop_back();
        for (char& c : found)
            if (c == '\n') c = '|';
        const std::string expected = join(w, 2);
        return found == expected ? std::string() : fmt::format("expected {} of {} to read '{}', they read '{}'", what, w[1], expected, found);
    }
    if (what == "dirty") {
        if (w.size() != 2 || (w[1] != "yes" && w[1] != "no")) return "'expect dirty' takes yes or no";
        const bool expected = w[1] == "yes";
        if (doc->dirty() == expected) return {};
        return expected ? "expected unsaved edits, everything is saved" : "expected everything saved, there are unsaved edits";
    }
    if (what == "saved") {  // saved to this file, which the loader reads
        if (w.size() != 2) return "'expect saved' takes a file path";
        if (doc->dirty()) return "expected the lesson saved, it has unsaved edits";
        std::error_code ec;
        if (!std::filesystem::exists(w[1], ec)) return fmt::format("expected a file {}, there is none", w[1]);
        const auto loaded = scenario::loadScenarioFile(w[1]);
        if (!loaded.ok()) return fmt::format("the saved file does not load: {}", loaded.errors.front().format());
        return {};
    }
    return fmt::format("unknown check '{}' (one of nodes, links, actions, problems, node, no-node, link, placed, domains, "
                       "users, accounts, dirty, saved)", what);
}

}  // namespace postino::viz
