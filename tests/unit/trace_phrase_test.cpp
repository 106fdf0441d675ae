// Translatable events: each trace event keeps its English format and arguments beside the
// English text (the visualizer translates the format), so the format filled with the arguments
// must give back the text exactly, for every event of every lesson; nearly all events carry a
// format, and the Italian catalog translates every format the lessons use.
#include "test_support.h"

#include "trace/phrase.h"
#include "trace/terms.h"
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

// The English format an event's text was filled from: the plural one unless its count is 1.
const std::string& englishFormat(const trace::Event& e) {
    return e.pluralFormat.empty() || e.count == 1 ? e.format : e.pluralFormat;
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
            REQUIRE_NOTHROW(filled = trace::formatPhrase(englishFormat(e), e.args));
            CHECK(filled == e.text);
        }
        REQUIRE(lessonTotal > 0);
        CHECK(lessonWithFormat * 10 >= lessonTotal * 9);
        total += lessonTotal;
        withFormat += lessonWithFormat;
    }
    CHECK(withFormat * 10 >= total * 9);
}

TEST_CASE("every event format of the lessons has a translation in each language that fits its arguments", "[trace]") {
    for (const char* lang : {"it", "es", "el"}) {
        const auto catalog = testing::readPoCatalog(sourcePath(std::string("po/") + lang + ".po"));
        for (const std::string& lesson : lessonFiles()) {
            world::World w(loadLesson(lesson));
            w.run();
            for (const trace::Event& e : w.trace().events) {
                if (e.format.empty()) continue;
                INFO(lang << " " << lesson << ": " << e.format);
                auto it = catalog.find(e.format);
                REQUIRE(it != catalog.end());
                // it, es and el have two forms (Plural-Forms: nplurals=2), one for a plain sentence.
                CHECK(it->second.size() == (e.pluralFormat.empty() ? 1u : 2u));
                for (const std::string& form : it->second) {
                    CHECK_FALSE(form.empty());
                    CHECK_NOTHROW(trace::formatPhrase(form, e.args));
                }
                for (std::size_t i = 0; i < e.args.size(); ++i)
                    if ((e.termArgs >> i & 1u) && trace::isTerm(e.args[i])) {
                        INFO("the term " << e.args[i]);
                        CHECK(catalog.count(e.args[i]) == 1);
                    }
            }
        }
    }
}

TEST_CASE("phrasePlural: the English form the count picks, both formats and the count kept", "[trace]") {
    const trace::Phrase one = trace::phrasePlural("{} new message for {}", "{} new messages for {}", 1, 1, "bob");
    CHECK(one.text == "1 new message for bob");
    CHECK(one.format == "{} new message for {}");
    CHECK(one.plural == "{} new messages for {}");
    CHECK(one.count == 1);
    const trace::Phrase many = trace::phrasePlural("{} new message for {}", "{} new messages for {}", 0, 0, "bob");
    CHECK(many.text == "0 new messages for bob");
    CHECK(many.format == "{} new message for {}");  // the msgid is always the singular
    CHECK(many.count == 0);
    trace::Event e;
    e.setPhrase(many);
    CHECK(e.pluralFormat == "{} new messages for {}");
    CHECK(e.count == 0);
}

TEST_CASE("term: an argument that is an English word of ours is marked for translation", "[trace]") {
    const trace::Phrase p = trace::phrase("{} moves {} to {}", "alice", trace::term("INBOX"), trace::term("Trips"));
    CHECK(p.text == "alice moves INBOX to Trips");
    CHECK(p.args == std::vector<std::string>{"alice", "INBOX", "Trips"});
    CHECK(p.termArgs == 0b110u);
    CHECK(trace::phrase("{} connection closed", std::string("SMTP relay")).termArgs == 0u);
}

TEST_CASE("every connection kind of every lesson is a term the catalogs translate", "[trace]") {
    // A service name not in trace::kTerms would reach the sentences in English.
    for (const std::string& lesson : lessonFiles()) {
        world::World w(loadLesson(lesson));
        w.run();
        for (const trace::ConnectionRecord& c : w.trace().connections) {
            INFO(lesson << ": " << c.service);
            CHECK(trace::isTerm(c.service));
        }
        for (const trace::Event& e : w.trace().events)
            if (e.kind == trace::EventKind::ConnectionOpened || e.kind == trace::EventKind::ConnectionClosed) {
                INFO(lesson << ": " << e.format);
                CHECK((e.termArgs & 1u) == 1u);
            }
    }
}
