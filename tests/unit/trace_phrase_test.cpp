// Translatable events: each trace event keeps its English format and arguments beside the
// English text (the visualizer translates the format), so the format filled with the arguments
// must give back the text exactly, for every event of every lesson; nearly all events carry a
// format, and the Italian catalog translates every format the lessons use.
#include "test_support.h"

#include "trace/phrase.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace postino;
using namespace postino::testing;

namespace {

// The lesson files: scenarios/NN-name.json.
std::vector<std::string> lessonFiles() {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(sourcePath("scenarios"))) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() == ".json" && !name.empty() && name[0] >= '0' && name[0] <= '9')
            out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The text of one PO string line ("...") with its C escapes undone.
std::string poString(const std::string& line) {
    const std::size_t open = line.find('"'), close = line.rfind('"');
    std::string out;
    for (std::size_t i = open + 1; i < close; ++i) {
        if (line[i] != '\\' || i + 1 >= close) {
            out += line[i];
            continue;
        }
        const char c = line[++i];
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    }
    return out;
}

// msgid -> msgstr of a simple PO file (no plurals or contexts needed here); empty when absent.
std::map<std::string, std::string> readPo(const std::string& path) {
    std::map<std::string, std::string> out;
    std::ifstream in(path);
    std::string line, id, str, *current = nullptr;
    auto flush = [&] {
        if (!id.empty()) out[id] = str;
        id.clear();
        str.clear();
        current = nullptr;
    };
    while (std::getline(in, line)) {
        if (line.rfind("msgid ", 0) == 0) {
            flush();
            id = poString(line);
            current = &id;
        } else if (line.rfind("msgstr ", 0) == 0) {
            str = poString(line);
            current = &str;
        } else if (!line.empty() && line[0] == '"' && current) {
            *current += poString(line);
        } else if (line.empty() || line[0] == '#') {
            if (current == &str) flush();
        }
    }
    flush();
    return out;
}

}  // namespace

TEST_CASE("phrase: format, arguments as text, and the English sentence", "[trace]") {
    const trace::Phrase p = trace::phrase("{} sends {} message{{s}} to {}", std::string("alice"), 3, 'x');
    CHECK(p.format == "{} sends {} message{{s}} to {}");
    CHECK(p.args == std::vector<std::string>{"alice", "3", "x"});
    CHECK(p.text == "alice sends 3 message{s} to x");
    CHECK(trace::formatPhrase(p.format, p.args) == p.text);

    const trace::Phrase none = trace::phrase("packet dropped");
    CHECK(none.args.empty());
    CHECK(none.text == "packet dropped");

    const trace::Phrase reply = trace::untranslated("250 2.0.0 Ok");
    CHECK(reply.format.empty());
    CHECK(reply.text == "250 2.0.0 Ok");

    trace::Event e;
    e.setPhrase(trace::phrase("queue id {} waits", "AB12"));
    CHECK(e.text == "queue id AB12 waits");
    CHECK(e.format == "queue id {} waits");
    CHECK(e.args == std::vector<std::string>{"AB12"});

    // A translation may reorder the arguments; one that asks for a missing one throws.
    CHECK(trace::formatPhrase("{1} <- {0}", {"a", "b"}) == "b <- a");
    CHECK_THROWS_AS(trace::formatPhrase("{} {} {}", {"a", "b"}), fmt::format_error);
}

TEST_CASE("every lesson event: format filled with its arguments is the text", "[trace]") {
    const std::vector<std::string> lessons = lessonFiles();
    REQUIRE(!lessons.empty());
    std::size_t total = 0, withFormat = 0;
    for (const std::string& lesson : lessons) {
        INFO(lesson);
        world::World w(loadLesson(lesson));
        w.run();
        std::size_t lessonTotal = 0, lessonWithFormat = 0;
        for (const trace::Event& e : w.trace().events) {
            ++lessonTotal;
            if (e.format.empty()) {
                CHECK(e.args.empty());
                continue;
            }
            ++lessonWithFormat;
            INFO(e.format);
            std::string filled;
            REQUIRE_NOTHROW(filled = trace::formatPhrase(e.format, e.args));
            CHECK(filled == e.text);
        }
        REQUIRE(lessonTotal > 0);
        CHECK(lessonWithFormat * 10 >= lessonTotal * 9);
        total += lessonTotal;
        withFormat += lessonWithFormat;
    }
    CHECK(withFormat * 10 >= total * 9);
}

TEST_CASE("every event format of the lessons has an Italian translation that fits its arguments", "[trace]") {
    const std::map<std::string, std::string> italian = readPo(sourcePath("po/it.po"));
    for (const std::string& lesson : lessonFiles()) {
        world::World w(loadLesson(lesson));
        w.run();
        for (const trace::Event& e : w.trace().events) {
            if (e.format.empty()) continue;
            INFO(lesson << ": " << e.format);
            auto it = italian.find(e.format);
            REQUIRE(it != italian.end());
            CHECK_FALSE(it->second.empty());
            CHECK_NOTHROW(trace::formatPhrase(it->second, e.args));
        }
    }
}
