#include "model/lesson_steps.h"

#include "lesson/step_times.h"

#include <algorithm>

namespace postino::viz {

LessonSteps::LessonSteps(const scenario::Scenario& scenario, const trace::Trace& trace)
    : m_scenario(&scenario), m_states(scenario.steps.size()) {
    const auto times = lesson::resolveStepTimes(scenario, trace);
    for (std::size_t i = 0; i < scenario.steps.size(); ++i)
        if (times.times[i]) m_steps.push_back({i, *times.times[i], scenario.steps[i].isQuestion()});
    std::stable_sort(m_steps.begin(), m_steps.end(),
                     [](const ResolvedStep& a, const ResolvedStep& b) { return a.time < b.time; });
    for (const auto& p : times.problems) m_problems.push_back(p.pointer + ": " + p.message);
}

std::size_t LessonSteps::questionCount() const {
    return static_cast<std::size_t>(std::count_if(m_steps.begin(), m_steps.end(), [](const auto& s) { return s.question; }));
}

std::optional<std::size_t> LessonSteps::narrationAt(Time t) const {
    std::optional<std::size_t> found;
    for (const auto& s : m_steps) {
        if (s.time > t) break;
        if (!s.question) found = s.index;
    }
    return found;
}

std::optional<std::size_t> LessonSteps::currentAt(Time t) const {
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < m_steps.size() && m_steps[i].time <= t; ++i) found = i;
    return found;
}

std::optional<std::size_t> LessonSteps::questionAt(Time t) const {
    for (const auto& s : m_steps)
        if (s.question && s.time == t) return s.index;
    return std::nullopt;
}

std::optional<std::size_t> LessonSteps::nextQuestion(Time t) const {
    for (const auto& s : m_steps)
        if (s.question && s.time >= t && !m_states[s.index].revealed) return s.index;
    return std::nullopt;
}

std::vector<Time> LessonSteps::stopTimes() const {
    std::vector<Time> out;
    for (const auto& s : m_steps)
        if (s.question && !m_states[s.index].revealed && (out.empty() || out.back() != s.time)) out.push_back(s.time);
    return out;
}

bool LessonSteps::mustPauseAt(Time t) const {
    for (const auto& s : m_steps)
        if (s.question && s.time == t && !m_states[s.index].revealed) return true;
    return false;
}

const scenario::Step* LessonSteps::step(std::size_t q) const {
    if (!m_scenario || q >= m_scenario->steps.size()) return nullptr;
    return &m_scenario->steps[q];
}

QuestionState LessonSteps::state(std::size_t q) const { return q < m_states.size() ? m_states[q] : QuestionState{}; }

bool LessonSteps::choose(std::size_t q, int k) {
    const scenario::Step* s = step(q);
    if (!s || !s->isQuestion() || k < 0 || k >= static_cast<int>(s->choices.size())) return false;
    QuestionState& st = m_states[q];
    if (m_mode == StepMode::SelfStudy) {
        if (st.revealed) return false;  // the first answer counts
        st.chosen = k;
        st.revealed = true;
    } else {
        st.chosen = k;
    }
    return true;
}

void LessonSteps::reveal(std::size_t q) {
    if (const scenario::Step* s = step(q); s && s->isQuestion()) m_states[q].revealed = true;
}

void LessonSteps::resetAnswers() { std::fill(m_states.begin(), m_states.end(), QuestionState{}); }

bool LessonSteps::isRight(std::size_t q) const {
    const scenario::Step* s = step(q);
    return s && s->isQuestion() && m_states[q].chosen && *m_states[q].chosen == s->answer;
}

StepScore LessonSteps::score() const {
    StepScore out;
    for (const auto& s : m_steps) {
        if (!s.question) continue;
        ++out.total;
        if (isRight(s.index)) ++out.right;
        else out.missed.push_back(s.index);
    }
    return out;
}

}  // namespace postino::viz
