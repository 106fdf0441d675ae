// The edit stack, dirty state, saving and re-simulation of the lesson being edited.
#include "model/lesson_document.h"

#include <algorithm>
#include <exception>

namespace postino::viz {

void AddActionCommand::apply(scenario::Scenario& s) {
    const auto at = std::upper_bound(s.actions.begin(), s.actions.end(), m_action.at,
                                     [](Time t, const scenario::Action& a) { return t < a.at; });
    m_index = static_cast<std::size_t>(at - s.actions.begin());
    s.actions.insert(at, m_action);
}

void AddActionCommand::revert(scenario::Scenario& s) {
    s.actions.erase(s.actions.begin() + static_cast<std::ptrdiff_t>(m_index));
}

void RemoveActionCommand::apply(scenario::Scenario& s) {
    m_removed = s.actions.at(m_index);
    s.actions.erase(s.actions.begin() + static_cast<std::ptrdiff_t>(m_index));
}

void RemoveActionCommand::revert(scenario::Scenario& s) {
    s.actions.insert(s.actions.begin() + static_cast<std::ptrdiff_t>(m_index), m_removed);
}

LessonDocument::LessonDocument(scenario::Scenario scenario) : m_scenario(std::move(scenario)) {}

void LessonDocument::execute(std::unique_ptr<EditCommand> command) {
    command->apply(m_scenario);
    ++m_revision;
    m_undone.clear();
    if (m_cleanDepth && *m_cleanDepth > m_done.size()) m_cleanDepth.reset();  // the saved state was undone
    // A command may take the next into itself, unless it is the state last saved.
    if (!m_done.empty() && m_cleanDepth != m_done.size() && m_done.back()->absorb(*command)) return;
    m_done.push_back(std::move(command));
}

bool LessonDocument::undo() {
    if (m_done.empty()) return false;
    m_done.back()->revert(m_scenario);
    m_undone.push_back(std::move(m_done.back()));
    m_done.pop_back();
    ++m_revision;
    return true;
}

bool LessonDocument::redo() {
    if (m_undone.empty()) return false;
    m_undone.back()->apply(m_scenario);
    m_done.push_back(std::move(m_undone.back()));
    m_undone.pop_back();
    ++m_revision;
    return true;
}

std::vector<scenario::LoadError> LessonDocument::validate() const {
    std::vector<scenario::LoadError> out;
    for (const auto& p : problems()) out.push_back(p.error);
    return out;
}

const std::vector<NetworkProblem>& LessonDocument::problems() const {
    if (m_problemsRevision != m_revision) {
        m_problems = networkProblems(m_scenario, path());
        m_problemsRevision = m_revision;
    }
    return m_problems;
}

scenario::SaveResult LessonDocument::saveAs(const std::string& path) {
    scenario::SaveResult r = scenario::saveScenarioFile(m_scenario, path);
    if (r.ok()) {
        m_scenario.sourcePath = path;
        m_cleanDepth = m_done.size();
    }
    return r;
}

Simulation LessonDocument::simulate() const {
    Simulation run;
    if (!loads()) {
        run.error = problems().front().error.format();
        return run;
    }
    try {
        run.world = std::make_unique<world::World>(m_scenario);
        run.world->run();
    } catch (const std::exception& e) {
        run.world.reset();
        run.error = std::string("the simulation stopped: ") + e.what();
    }
    return run;
}

scenario::Scenario emptyLesson(const std::string& title) {
    scenario::Scenario s;
    s.title.byLanguage["en"] = title;
    return s;
}

scenario::LoadResult lessonFromTemplate(const std::string& path) {
    scenario::LoadResult r = scenario::loadScenarioFile(path);
    if (r.scenario) r.scenario->sourcePath.clear();
    return r;
}

}  // namespace postino::viz
