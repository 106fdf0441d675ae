// An edit of a lesson, undoable: each command changes the Scenario and puts back exactly what
// it changed. The document keeps them on its undo stack; the compose window adds actions, the
// network editor will add node, link and property commands the same way. No ImGui, no I/O.
#pragma once

#include "scenario/scenario.h"

#include <cstddef>
#include <memory>
#include <string>

namespace postino::viz {

// What an edit was, for the Edit menu ("Undo moving alice-laptop"): its kind, the thing it
// touched (a node or link id, a mail's subject) and, for a field edit, the field.
enum class EditKind { Other, AddAction, RemoveAction, AddNode, RemoveNode, MoveNode, PlaceNodes, AddLink, RemoveLink,
                      SetNode, SetLink, SetLessonInfo };
struct EditName {
    EditKind kind = EditKind::Other;
    std::string subject;
    std::string field;
    scenario::ActionType action = scenario::ActionType::Send;  // AddAction, RemoveAction
};

class EditCommand {
public:
    virtual ~EditCommand() = default;
    // Changes `s`. Called once when the command is done and again on each redo, always on the
    // scenario as it was just before (everything done after it has been undone).
    virtual void apply(scenario::Scenario& s) = 0;
    // Puts `s` back as it was before apply(), byte for byte once written.
    virtual void revert(scenario::Scenario& s) = 0;
    // Takes `next` (already applied) into this command so one undo reverts both, e.g. the
    // many small moves of one drag of a node; false (the default) keeps them apart.
    virtual bool absorb(EditCommand& /*next*/) { return false; }
    // What it is, once applied.
    virtual EditName name() const { return {}; }
};

// Adds an action after every action at the same time or earlier (the order the loader keeps).
class AddActionCommand final : public EditCommand {
public:
    explicit AddActionCommand(scenario::Action action) : m_action(std::move(action)) {}
    void apply(scenario::Scenario& s) override;
    void revert(scenario::Scenario& s) override;
    EditName name() const override { return {EditKind::AddAction, m_action.subject, {}, m_action.type}; }
    const scenario::Action& action() const { return m_action; }

private:
    scenario::Action m_action;
    std::size_t m_index = 0;  // where apply() put it
};

// Removes the action at `index`.
class RemoveActionCommand final : public EditCommand {
public:
    explicit RemoveActionCommand(std::size_t index) : m_index(index) {}
    void apply(scenario::Scenario& s) override;
    void revert(scenario::Scenario& s) override;
    EditName name() const override { return {EditKind::RemoveAction, m_removed.subject, {}, m_removed.type}; }

private:
    std::size_t m_index;
    scenario::Action m_removed;
};

}  // namespace postino::viz
