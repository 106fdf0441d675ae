// The lesson being edited: the scenario as loaded plus the edits made to it, as commands on an
// undo/redo stack; whether it differs from the file (dirty); saving through the scenario
// writer (never a file the loader would refuse); and simulating it again, deterministically,
// from the same seed. An edit may leave a lesson the loader refuses (a network half built):
// the document holds it and lists its problems, and simulates and saves only what loads.
// No ImGui; it never reads the clock.
#pragma once

#include "model/edit_command.h"
#include "model/network_problems.h"
#include "scenario/scenario_loader.h"
#include "scenario/scenario_writer.h"
#include "world/world.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace postino::viz {

// A run of the edited scenario: the World (which owns the Trace), or why it could not run.
struct Simulation {
    std::unique_ptr<world::World> world;
    std::string error;  // "" when the world ran
    bool ok() const { return world != nullptr; }
};

class LessonDocument {
public:
    // The scenario as loaded from `scenario.sourcePath`: clean, nothing to undo.
    explicit LessonDocument(scenario::Scenario scenario);

    const scenario::Scenario& scenario() const { return m_scenario; }
    // Where it was loaded from or last saved to.
    const std::string& path() const { return m_scenario.sourcePath; }

    // Applies the command and puts it on the undo stack (the redo stack is dropped).
    void execute(std::unique_ptr<EditCommand> command);
    bool canUndo() const { return !m_done.empty(); }
    bool canRedo() const { return !m_undone.empty(); }
    // What undo and redo would take back or do again (kind Other when nothing).
    EditName undoName() const { return m_done.empty() ? EditName{} : m_done.back()->name(); }
    EditName redoName() const { return m_undone.empty() ? EditName{} : m_undone.back()->name(); }
    bool undo();  // false when there is nothing to undo
    bool redo();
    // The scenario differs from the file it was loaded from or saved to.
    bool dirty() const { return !m_cleanDepth || *m_cleanDepth != m_done.size(); }
    // Changes with every edit, undo and redo: a cache of anything derived can compare it.
    std::uint64_t revision() const { return m_revision; }

    // The loader's errors for the scenario as it would be saved (empty: it loads).
    std::vector<scenario::LoadError> validate() const;
    // The same errors, each placed on its node, link, action or step; kept until the next edit.
    const std::vector<NetworkProblem>& problems() const;
    bool loads() const { return problems().empty(); }
    // Writes the scenario to `path` when the loader accepts it; then path() is `path` and the
    // document is clean. Otherwise nothing is written and the errors say why.
    scenario::SaveResult saveAs(const std::string& path);

    // Builds the world from the scenario as edited and runs it to its end; a lesson that does
    // not load is not run: the error is the loader's first message.
    Simulation simulate() const;

private:
    scenario::Scenario m_scenario;
    std::vector<std::unique_ptr<EditCommand>> m_done;
    std::vector<std::unique_ptr<EditCommand>> m_undone;
    std::optional<std::size_t> m_cleanDepth = 0;  // m_done's size when clean; none once that state is gone
    std::uint64_t m_revision = 0;
    mutable std::vector<NetworkProblem> m_problems;
    mutable std::optional<std::uint64_t> m_problemsRevision;  // the revision m_problems belong to
};

// A lesson with nothing in it yet, titled `title` in English, never saved (no path): the start
// of "New lesson". It does not load until it has a node.
scenario::Scenario emptyLesson(const std::string& title);
// A copy of a shipped lesson to start from: loaded from `path`, its path cleared so saving asks
// for a new name. The errors when the file does not load.
scenario::LoadResult lessonFromTemplate(const std::string& path);

}  // namespace postino::viz
