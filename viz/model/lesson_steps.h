// A guided lesson's steps at the playhead: each step resolved once to its time in the trace
// (lesson/step_times.h), the narration in force at t, the question there, the times the player
// must stop at, and each question's state in teacher or self-study mode, with the score.
// No ImGui, no clock: the app asks and draws; the player stops where stopTimes() says.
#pragma once

#include "core/time.h"
#include "scenario/scenario.h"
#include "trace/trace.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace postino::viz {

// Teacher: the class answers aloud, a Reveal shows the answer. Self-study: the student picks a
// choice, which reveals right or wrong with the explanation; a score at the end.
enum class StepMode { Teacher, SelfStudy };

struct ResolvedStep {
    std::size_t index = 0;  // into Scenario::steps
    Time time;
    bool question = false;
};

struct QuestionState {
    std::optional<int> chosen;  // the choice picked (self-study; in teacher mode the class's, if marked)
    bool revealed = false;      // answer and explanation shown: the question no longer stops the player
};

struct StepScore {
    int right = 0, total = 0;
    std::vector<std::size_t> missed;  // scenario step indices: answered wrong or not at all
};

class LessonSteps {
public:
    LessonSteps() = default;
    // Resolves every step against the trace; a step whose "when" never happens is left out and
    // its problem kept in problems() (the loader cannot know; postino validate refuses it).
    LessonSteps(const scenario::Scenario& scenario, const trace::Trace& trace);

    bool empty() const { return m_steps.empty(); }
    // In time order, ties in file order.
    const std::vector<ResolvedStep>& steps() const { return m_steps; }
    const std::vector<std::string>& problems() const { return m_problems; }
    std::size_t questionCount() const;

    // The last narration step at or before t (a question in between does not end it).
    std::optional<std::size_t> narrationAt(Time t) const;
    // Position (in steps()) of the last step of any kind at or before t: "step 3 of 7".
    std::optional<std::size_t> currentAt(Time t) const;
    // A question whose time is exactly t (the first one, when several share it).
    std::optional<std::size_t> questionAt(Time t) const;
    // The first question not yet revealed at or after t.
    std::optional<std::size_t> nextQuestion(Time t) const;
    // Times the player must stop at: every question not yet revealed.
    std::vector<Time> stopTimes() const;
    // Whether a player at t must wait here: a question at t not yet revealed.
    bool mustPauseAt(Time t) const;

    StepMode mode() const { return m_mode; }
    void setMode(StepMode mode) { m_mode = mode; }  // answers are kept
    // State of the question at scenario step index `q` (a default state for other indices).
    QuestionState state(std::size_t q) const;
    // Self-study: picks choice k and reveals (once: a second pick changes nothing). Teacher:
    // marks the class's answer without revealing. False when k is not a choice or q no question.
    bool choose(std::size_t q, int k);
    void reveal(std::size_t q);
    void resetAnswers();
    // Self-study score: right of total; missed are wrong or unanswered.
    StepScore score() const;
    bool isRight(std::size_t q) const;

private:
    const scenario::Step* step(std::size_t q) const;
    const scenario::Scenario* m_scenario = nullptr;
    std::vector<ResolvedStep> m_steps;
    std::vector<std::string> m_problems;
    std::vector<QuestionState> m_states;  // per scenario step
    StepMode m_mode = StepMode::Teacher;
};

}  // namespace postino::viz
