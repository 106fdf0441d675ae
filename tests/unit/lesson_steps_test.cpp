// Guided lessons: the "steps" format (narration and questions, at a time or on a trace event),
// its located errors, each "when" resolved against a real run, `postino validate` refusing a step
// that never fires, the trace unchanged by steps, the step model (narration at t, stops,
// teacher and self-study answers, the score) and the player stopping exactly at a question.
#include "test_support.h"

#include "lesson/step_times.h"
#include "model/lesson_steps.h"
#include "model/player.h"
#include "model/trace_index.h"
#include "scenario/scenario_loader.h"
#include "trace/trace_json.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <tuple>
#include <filesystem>
#include <tuple>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace postino;
using namespace postino::viz;

namespace {

// Lesson 02 with its "steps" replaced by `steps` (JSON text of the array).
std::string lesson02With(const std::string& steps) {
    std::string text = testing::readFile(testing::sourcePath("scenarios/02-cross-domain.json"));
    const auto at = text.find("\"steps\"");
    REQUIRE(at != std::string::npos);
    text = text.substr(0, at) + "\"steps\": " + steps + "\n}\n";
    return text;
}

std::string errorsOf(const std::string& text) {
    const auto r = scenario::loadScenarioText(text, "x.json");
    REQUIRE_FALSE(r.ok());
    return r.formatErrors();
}

constexpr const char* kQuestion = R"({"at": 2, "question": "Which record?", "choices": ["A", "MX", "NS"],
  "answer": 1, "explain": "MX names the mail host."})";

}  // namespace

TEST_CASE("steps: lesson 02 loads its narration and questions", "[steps]") {
    const auto s = testing::loadLesson("02-cross-domain.json");
    REQUIRE(s.steps.size() >= 4);
    int questions = 0;
    for (const auto& step : s.steps) {
        CHECK((step.at.has_value() != step.when.has_value()));
        if (step.isQuestion()) {
            ++questions;
            CHECK(step.choices.size() >= 2);
            CHECK(step.answer < static_cast<int>(step.choices.size()));
        } else {
            CHECK_FALSE(step.say.get("en").empty());
        }
    }
    CHECK(questions >= 2);
    REQUIRE(s.steps[1].when);
    CHECK(s.steps[1].when->event == scenario::StepEvent::MailAccepted);
    CHECK(s.steps[1].when->node == "mail-sender");
}

TEST_CASE("steps: every problem is a located error saying where and what", "[steps]") {
    // Each entry: the steps array, then a piece of the one error it must give.
    const std::pair<std::string, std::string> cases[] = {
        {R"([{"at": 2, "question": "Q?", "choices": ["a", "b", "c"], "answer": 4, "explain": "e"}])",
         "/steps/0/answer: 4 is not a choice (there are 3; the first is 0)"},
        {R"([{"at": 2, "question": "Q?", "choices": ["a"], "answer": 0, "explain": "e"}])",
         "/steps/0/choices: a question offers 2 to 5 choices, this one has 1"},
        {R"([{"at": 1, "say": "x"}, {"when": {"event": "delivered", "node": "mail-recipent"}, "say": "y"}])",
         "/steps/1/when/node: unknown node \"mail-recipent\": no node has this id (did you mean \"mail-recipient\"?)"},
        {R"([{"at": 1, "say": {"it": "ciao"}}])", "/steps/0/say: missing the English text \"en\""},
        {R"([{"at": 1, "when": {"event": "delivered"}, "say": "x"}])", "/steps/0/when: a step fires either at a time"},
        {R"([{"say": "x"}])", "/steps/0: a step needs \"at\""},
        {R"([{"at": 1}])", "/steps/0: a step needs \"say\""},
        {R"([{"at": 1, "say": "x", "question": "q"}])", "/steps/0/say: a step either says something"},
        {R"([{"when": {"event": "mx_answer"}, "say": "x"}])", "/steps/0/when/event: unknown event \"mx_answer\""},
        {R"([{"when": {"event": "dns_answer", "record": "TXT"}, "say": "x"}])",
         "/steps/0/when/record: expected the record type \"A\" or \"MX\", got \"TXT\""},
        {R"([{"when": {"event": "delivered", "port": 25}, "say": "x"}])", "(\"port\" is for connection_opened)"},
        {R"([{"at": 1, "say": "x", "answer": 1}])", "a narration step only says its \"say\""},
        {R"([{"at": 2, "question": "Q?", "choices": ["a", "b"], "answer": 0}])", "/steps/0: missing required field \"explain\""},
        {R"({"at": 1})", "/steps: expected an array"},
    };
    for (const auto& [steps, expected] : cases) {
        INFO(steps);
        const std::string errors = errorsOf(lesson02With(steps));
        INFO(errors);
        CHECK(errors.find(expected) != std::string::npos);
        CHECK(errors.find("x.json:") == 0);  // with its line and column
    }
    CHECK(scenario::loadScenarioText(lesson02With(std::string("[") + kQuestion + "]"), "x.json").ok());
}

TEST_CASE("steps: each when resolves to the time it happens in the trace", "[steps]") {
    const auto s = testing::loadLesson("02-cross-domain.json");
    world::World w(s);
    w.run();
    const auto& t = w.trace();
    auto when = [&](const std::string& json) {
        const auto loaded = scenario::loadScenarioText(lesson02With("[{\"when\": " + json + ", \"say\": \"x\"}]"), "x.json");
        REQUIRE(loaded.ok());
        return lesson::findWhen(*loaded.scenario->steps[0].when, t);
    };
    // The transcript: MX answer at mail-sender 1.123855, accepted 1.081823, relay opened 1.2729..,
    // delivered 1.634160 and 20.508042, the second submission at 20 s.
    const auto mx = when(R"({"event": "dns_answer", "record": "MX", "node": "mail-sender"})");
    REQUIRE(mx);
    CHECK(mx->toSeconds() == Approx(1.123855).margin(1e-6));
    CHECK(when(R"({"event": "dns_query", "record": "MX"})")->toSeconds() == Approx(1.082823).margin(1e-6));
    CHECK(when(R"({"event": "dns_answer", "record": "A", "name": "mail.recipient.example"})")->toSeconds() ==
          Approx(1.164885).margin(1e-6));
    CHECK(when(R"({"event": "mail_accepted", "node": "mail-sender"})")->toSeconds() == Approx(1.081823).margin(1e-6));
    CHECK(when(R"({"event": "delivered", "mailbox": "bob@recipient.example", "occurrence": 2})")->toSeconds() ==
          Approx(20.508042).margin(1e-6));
    CHECK(when(R"({"event": "mail_submitted", "occurrence": 2})")->toSeconds() == Approx(20.0));
    const auto relay = when(R"({"event": "connection_opened", "port": 25})");
    REQUIRE(relay);
    CHECK(relay->toSeconds() > 1.164885);
    CHECK(relay->toSeconds() < 1.272915);
    CHECK(when(R"({"event": "smtp_reply", "code": 354, "node": "mail-recipient"})"));
    // A multi-line reply counts once: the second 250 is MAIL FROM's, after the EHLO's six lines.
    const auto ehlo = when(R"({"event": "smtp_reply", "code": 250, "node": "alice-laptop"})");
    const auto mailFrom = when(R"({"event": "smtp_reply", "code": 250, "node": "alice-laptop", "occurrence": 2})");
    REQUIRE(ehlo);
    REQUIRE(mailFrom);
    CHECK(*mailFrom > *ehlo);
    CHECK(when(R"({"event": "dns_cache_hit", "node": "mail-sender"})")->toSeconds() == Approx(20.038767).margin(1e-6));
    // What never happens here.
    CHECK_FALSE(when(R"({"event": "bounced"})"));
    CHECK_FALSE(when(R"({"event": "smtp_reply", "code": 550})"));
    CHECK_FALSE(when(R"({"event": "dns_answer", "record": "MX", "node": "alice-laptop"})"));
    CHECK_FALSE(when(R"({"event": "delivered", "occurrence": 3})"));
    CHECK_FALSE(when(R"({"event": "packet_lost"})"));
}

TEST_CASE("steps: a when the run never satisfies is reported, and postino validate refuses it", "[steps][cli]") {
    const std::string text = lesson02With(R"([{"at": 1, "say": "x"},
    {"when": {"event": "bounced", "node": "mail-sender"}, "say": "never"},
    {"when": {"event": "delivered", "occurrence": 3}, "say": "never either"},
    {"at": 500, "say": "after the end"}])");
    const auto loaded = scenario::loadScenarioText(text, "x.json");
    REQUIRE(loaded.ok());  // the loader cannot know: it does not run the world
    world::World w(*loaded.scenario);
    w.run();
    const auto times = lesson::resolveStepTimes(*loaded.scenario, w.trace());
    REQUIRE(times.problems.size() == 3);
    CHECK(times.problems[0].pointer == "/steps/1/when");
    CHECK(times.problems[0].message.find("never happens in the lesson's run: no bounced event at mail-sender") !=
          std::string::npos);
    CHECK(times.problems[1].message.find("happens only 2 times") != std::string::npos);
    CHECK(times.problems[2].pointer == "/steps/3/at");
    CHECK(times.problems[2].message.find("the lesson's run ends at 20.687100 s") != std::string::npos);
    CHECK(lesson::runEnd(w.trace()).toSeconds() == Approx(20.6871).margin(1e-6));

    char path[] = "/tmp/postino-steps-XXXXXX.json";
    const int fd = mkstemps(path, 5);
    REQUIRE(fd >= 0);
    close(fd);
    std::ofstream(path) << text;
    const auto r = testing::runCommand(std::string(POSTINO_BINARY) + " validate " + path, true);
    std::remove(path);
    CHECK(r.status == 2);
    INFO(r.output);
    CHECK(r.output.find(std::string(path) + ":") == 0);
    CHECK(r.output.find("/steps/1/when: this never happens") != std::string::npos);
    CHECK(r.output.find("/steps/2/when:") != std::string::npos);
    CHECK(r.output.find("/steps/3/at: the lesson's run ends") != std::string::npos);
}

TEST_CASE("steps: every shipped lesson's steps resolve and speak the four languages", "[steps][lessons]") {
    for (const std::string& name : testing::shippedLessons()) {
        INFO(name);
        const auto s = testing::loadLesson(name);
        world::World w(s);
        w.run();
        // postino validate's end of the run is the player's.
        CHECK(lesson::runEnd(w.trace()) == TraceIndex(w.trace()).endTime());
        if (s.steps.empty()) continue;
        const auto times = lesson::resolveStepTimes(s, w.trace());
        for (const auto& p : times.problems) FAIL_CHECK(p.pointer << ": " << p.message);
        auto fourLanguages = [&](const scenario::LocalizedText& text, const std::string& where) {
            for (const char* lang : {"en", "it", "es", "el"}) {
                INFO(where << " in " << lang);
                const auto it = text.byLanguage.find(lang);
                CHECK((it != text.byLanguage.end() && !it->second.empty()));
            }
            // po/GLOSSARY.md's first rule: a text about submission or relay never uses the delivery verb.
            const std::string& en = text.get("en");
            if (en.find("submi") == std::string::npos && en.find("relay") == std::string::npos) return;
            // The glossary's word for a bounce (es "aviso de no entrega", el "ειδοποίηση μη παράδοσης") names
            // a failed delivery, not the submission: it does not count.
            const auto withoutBounceWord = [](std::string text, const std::string& word) {
                for (std::size_t at; (at = text.find(word)) != std::string::npos;) text.erase(at, word.size());
                return text;
            };
            for (const auto& [lang, stem, bounceWord] :
                 {std::tuple<std::string, std::string, std::string>{"it", "consegn", "mancato recapito"},
                  {"es", "entreg", "no entrega"}, {"el", "παραδ", "μη παράδοσ"}}) {
                INFO(where << " in " << lang << ": " << text.get(lang));
                CHECK(withoutBounceWord(text.get(lang), bounceWord).find(stem) == std::string::npos);
            }
        };
        for (std::size_t i = 0; i < s.steps.size(); ++i) {
            const auto& step = s.steps[i];
            const std::string at = "/steps/" + std::to_string(i);
            if (!step.isQuestion()) {
                fourLanguages(step.say, at + "/say");
                continue;
            }
            fourLanguages(step.question, at + "/question");
            fourLanguages(step.explain, at + "/explain");
            for (std::size_t k = 0; k < step.choices.size(); ++k)
                fourLanguages(step.choices[k], at + "/choices/" + std::to_string(k));
        }
    }
}

TEST_CASE("steps: steps do not change the simulation, byte for byte", "[steps]") {
    auto s = testing::loadLesson("02-cross-domain.json");
    REQUIRE_FALSE(s.steps.empty());
    const std::string with = testing::traceJson(s);
    s.steps.clear();
    CHECK(testing::traceJson(s) == with);
}

TEST_CASE("steps model: narration in force, questions, stops and answers", "[steps][viz]") {
    const auto s = testing::loadLesson("02-cross-domain.json");
    world::World w(s);
    w.run();
    LessonSteps steps(s, w.trace());
    REQUIRE(steps.problems().empty());
    REQUIRE(steps.steps().size() == s.steps.size());
    CHECK(steps.questionCount() == 2);
    const Time q1 = steps.steps()[1].time, q2 = [&] {
        for (const auto& r : steps.steps())
            if (r.question && r.index != 1) return r.time;
        return Time::zero();
    }();
    CHECK(steps.steps()[1].question);
    CHECK(q1.toSeconds() == Approx(1.081823).margin(1e-6));
    CHECK(q2.toSeconds() == Approx(19.5));

    // Narration: the opening line until the MX answer's narration, through the question.
    CHECK(steps.narrationAt(Time::zero()) == std::optional<std::size_t>(0));
    CHECK(steps.narrationAt(q1) == std::optional<std::size_t>(0));
    CHECK(steps.narrationAt(Time::fromNanos(1'150'000'000)) == std::optional<std::size_t>(2));
    CHECK(steps.questionAt(q1) == std::optional<std::size_t>(1));
    CHECK_FALSE(steps.questionAt(q1 + Duration::nanos(1)));
    CHECK(steps.nextQuestion(Time::zero()) == std::optional<std::size_t>(1));
    CHECK(steps.stopTimes() == std::vector<Time>{q1, q2});
    CHECK(steps.mustPauseAt(q1));

    SECTION("teacher mode: the class's answer is marked, Reveal settles it") {
        CHECK(steps.choose(1, 0));
        CHECK(steps.state(1).chosen == std::optional<int>(0));
        CHECK_FALSE(steps.state(1).revealed);
        CHECK(steps.mustPauseAt(q1));
        steps.reveal(1);
        CHECK_FALSE(steps.mustPauseAt(q1));
        CHECK(steps.stopTimes() == std::vector<Time>{q2});
        CHECK(steps.nextQuestion(Time::zero()) == std::optional<std::size_t>(5));
        CHECK_FALSE(steps.choose(1, 7));
        CHECK_FALSE(steps.choose(0, 0));  // narration is no question
    }
    SECTION("self-study: a pick reveals, counts once, survives a seek back, and the score names the misses") {
        steps.setMode(StepMode::SelfStudy);
        CHECK(steps.choose(1, 1));  // right
        CHECK(steps.state(1).revealed);
        CHECK_FALSE(steps.choose(1, 0));  // the first answer counts
        CHECK(steps.isRight(1));
        // Seeking back before it and playing again: it keeps its answer and stops no more.
        CHECK(steps.state(1).chosen == std::optional<int>(1));
        CHECK_FALSE(steps.mustPauseAt(q1));
        CHECK(steps.choose(5, 0));  // wrong
        const auto score = steps.score();
        CHECK(score.right == 1);
        CHECK(score.total == 2);
        CHECK(score.missed == std::vector<std::size_t>{5});
        steps.setMode(StepMode::Teacher);  // switching keeps the answers
        CHECK(steps.isRight(1));
        steps.resetAnswers();
        CHECK(steps.score().right == 0);
        CHECK(steps.stopTimes().size() == 2);
    }
}

TEST_CASE("steps model: a lesson without steps has none", "[steps][viz]") {
    auto s = testing::loadLesson("01-same-domain.json");
    s.steps.clear();  // the shipped lesson has steps: this one is the same world without them
    world::World w(s);
    w.run();
    LessonSteps none(s, w.trace());
    CHECK(none.empty());
    CHECK(none.stopTimes().empty());
    CHECK_FALSE(none.narrationAt(Time::fromNanos(100'000'000'000)));
    CHECK(none.score().total == 0);
}

TEST_CASE("player: stops exactly at a question when playing or stepping across it", "[steps][viz]") {
    const auto s = testing::loadLesson("02-cross-domain.json");
    world::World w(s);
    w.run();
    TraceIndex index(w.trace());
    LessonSteps steps(s, w.trace());
    const Time q1 = steps.steps()[1].time;

    for (PlayMode mode : {PlayMode::Continuous, PlayMode::EventPaced}) {
        Player player(index);
        player.setMode(mode);
        player.setStops(steps.stopTimes());
        player.setSpeedPreset(12);  // 10x: one frame crosses many events
        player.play();
        for (int i = 0; i < 1000 && player.playing(); ++i) player.advance(0.25);
        CHECK_FALSE(player.playing());
        CHECK(player.playhead() == q1);
        // Continue without answering (teacher mode): play goes on from the stop itself.
        player.play();
        player.advance(0.01);
        CHECK(player.playhead() > q1);
        // Seek back: an unanswered question stops again; a revealed one does not.
        player.seek(Time::zero());
        steps.reveal(1);
        player.setStops(steps.stopTimes());
        player.play();
        for (int i = 0; i < 100000 && player.playing(); ++i) player.advance(0.25);
        CHECK(player.playhead().toSeconds() == Approx(19.5));  // the second question, in a quiet stretch
        steps.resetAnswers();
    }

    // Stepping by hop from before the question lands on it, not past it.
    Player player(index);
    player.setStops(steps.stopTimes());
    player.seek(q1 - Duration::nanos(1));
    for (int i = 0; i < 10 && player.playhead() < q1; ++i) player.stepNext(Granularity::Event);
    CHECK(player.playhead() == q1);
    player.stepNext(Granularity::Event);
    CHECK(player.playhead() > q1);
}

TEST_CASE("steps: tls_started and tls_failed wait for a handshake's end at either side", "[steps][tls]") {
    std::string text = testing::readFile(testing::sourcePath("tests/corpus/tls/02-with-tls.json"));
    const auto close = text.rfind('}');
    REQUIRE(close != std::string::npos);
    auto whenIn = [&](const std::string& json) {
        const std::string withStep =
            text.substr(0, close) + ", \"steps\": [{\"when\": " + json + ", \"say\": \"x\"}]\n}\n";
        const auto loaded = scenario::loadScenarioText(withStep, "x.json");
        REQUIRE(loaded.ok());
        world::World w(*loaded.scenario);
        w.run();
        return lesson::findWhen(*loaded.scenario->steps[0].when, w.trace());
    };
    // Alice's submission on 587 is the first handshake; the relay's on port 25 the second.
    const auto first = whenIn(R"({"event": "tls_started", "node": "alice-laptop"})");
    const auto atServer = whenIn(R"({"event": "tls_started", "node": "mail-sender"})");
    const auto relay = whenIn(R"({"event": "tls_started", "node": "mail-recipient"})");
    REQUIRE(first);
    REQUIRE(atServer);
    REQUIRE(relay);
    CHECK(first->toSeconds() > 1.0);
    CHECK(*relay > *first);
    CHECK(whenIn(R"({"event": "tls_started", "occurrence": 3})"));
    CHECK_FALSE(whenIn(R"({"event": "tls_failed"})"));
}
