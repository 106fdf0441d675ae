// The network editor's edits, as undoable commands on the lesson document's stack: add, remove
// and move a node, add and remove a link, replace a node's or a link's properties, the lesson's
// title and seed; and a new node of a type with a free id and address. Each puts the scenario
// back exactly on undo. Edits may leave a network that does not load yet (see network_problems.h).
// No ImGui, no I/O.
#pragma once

#include "model/edit_command.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace postino::viz {

using MapPosition = std::pair<double, double>;

// The nodes, links, actions and steps as they were: what a removal or a rename puts back.
struct NetworkSnapshot {
    std::vector<scenario::Node> nodes;
    std::vector<scenario::Link> links;
    std::vector<scenario::Action> actions;
    std::vector<scenario::Step> steps;
    static NetworkSnapshot of(const scenario::Scenario& s) { return {s.nodes, s.links, s.actions, s.steps}; }
    void restore(scenario::Scenario& s) const;
};

// A node of `type` ready to add: an id and host name not yet used ("mail-server-2"), a free
// address in 10.0.0.0/24 (else 10.0.1.0/24, …), at `position`. Its other fields are empty: a
// mail server without a domain, a client without an account are problems the editor shows.
scenario::Node newNode(const scenario::Scenario& s, scenario::NodeType type, std::optional<MapPosition> position);
// The index of the node with `id`, or none.
std::optional<std::size_t> findNode(const scenario::Scenario& s, const std::string& id);

// Adds a node at the end of the list.
class AddNodeCommand final : public EditCommand {
public:
    explicit AddNodeCommand(scenario::Node node) : m_node(std::move(node)) {}
    void apply(scenario::Scenario& s) override;
    void revert(scenario::Scenario& s) override;
    EditName name() const override { return {EditKind::AddNode, m_node.id, {}}; }

private:
    scenario::Node m_node;
};

// Removes the node at `index` with its links and what names it: actions done on it (and the
// link_down / link_up of its links), steps waiting for something on it, other nodes' relay
// clients. References another node needs (an account's server, a webmail's mail server, a
// resolver, a relay host) are emptied, so the loader shows on that node what is now missing.
class RemoveNodeCommand final : public EditCommand {
public:
    explicit RemoveNodeCommand(std::size_t index) : m_index(index) {}
    void apply(scenario::Scenario& s) override;
    void revert(scenario::Scenario& s) override;
    EditName name() const override { return {EditKind::RemoveNode, m_id, {}}; }

private:
    std::string m_id;  // the removed node's
    std::size_t m_index;
    NetworkSnapshot m_before;
};

// Puts the node at `index` at `to` on the map. The moves of one drag are one undo step: a move
// absorbs the next move of the same node while `dragging` (a new drag starts a new step).
class MoveNodeCommand final : public EditCommand {
public:
    MoveNodeCommand(std::size_t index, MapPosition to, bool dragging = true)
        : m_index(index), m_to(to), m_dragging(dragging) {}
    void apply(scenario::Scenario& s) override;
    void revert(scenario::Scenario& s) override;
    EditName name() const override { return {EditKind::MoveNode, m_id, {}}; }
    bool absorb(EditCommand& next) override;
    // Ends the drag: the next move of this node is a step of its own.
    void endDrag() { m_dragging = false; }

private:
    std::string m_id;
    std::size_t m_index;
    MapPosition m_to;
    bool m_dragging;
    std::optional<MapPosition> m_from;
};

// Gives every node its place at once (one undo step): what the editor does when a node is first
// dragged in a lesson whose nodes have no positions yet, so the whole layout is saved with it.
class PlaceNodesCommand final : public EditCommand {
public:
    explicit PlaceNodesCommand(std::vector<MapPosition> positions) : m_to(std::move(positions)) {}
    void apply(scenario::Scenario& s) override;
    void revert(scenario::Scenario& s) override;
    EditName name() const override { return {EditKind::PlaceNodes, {}, {}}; }

private:
    std::vector<MapPosition> m_to;  // one per node, in node order
    std::vector<std::optional<MapPosition>> m_from;
};

// Adds a link at the end of the list.
class AddLinkCommand final : public EditCommand {
public:
    explicit AddLinkCommand(scenario::Link link) : m_link(std::move(link)) {}
    void apply(scenario::Scenario& s) override;
    void revert(scenario::Scenario& s) override;
    EditName name() const override { return {EditKind::AddLink, m_link.id, {}}; }

private:
    scenario::Link m_link;
};
// A link between two nodes with the default latency and bandwidth, id "a--b".
scenario::Link newLink(const std::string& a, const std::string& b);

// Removes the link at `index` and the link_down / link_up actions that name it.
class RemoveLinkCommand final : public EditCommand {
public:
    explicit RemoveLinkCommand(std::size_t index) : m_index(index) {}
    void apply(scenario::Scenario& s) override;
    void revert(scenario::Scenario& s) override;
    EditName name() const override { return {EditKind::RemoveLink, m_id, {}}; }

private:
    std::string m_id;
    std::size_t m_index;
    NetworkSnapshot m_before;
};

// Replaces the node at `index` with `node`: any of its fields (host name, address, domains,
// users and passwords, accounts, DNS zones and records, …). A new id is carried to every place
// that names the node (links, other nodes, actions, steps). Successive edits of the same field
// (`field` not empty: the keystrokes of one text box) are one undo step.
class SetNodeCommand final : public EditCommand {
public:
    SetNodeCommand(std::size_t index, scenario::Node node, std::string field = {})
        : m_index(index), m_after(std::move(node)), m_field(std::move(field)) {}
    void apply(scenario::Scenario& s) override;
    void revert(scenario::Scenario& s) override;
    EditName name() const override { return {EditKind::SetNode, m_after.id, m_field}; }
    bool absorb(EditCommand& next) override;

private:
    std::size_t m_index;
    scenario::Node m_after;
    std::string m_field;
    NetworkSnapshot m_before;
};

// Replaces the link at `index` (ends, latency, bandwidth, MTU, id); the same field edited again
// is one undo step. A new id is carried to the link_down / link_up actions that name it.
class SetLinkCommand final : public EditCommand {
public:
    SetLinkCommand(std::size_t index, scenario::Link link, std::string field = {})
        : m_index(index), m_after(std::move(link)), m_field(std::move(field)) {}
    void apply(scenario::Scenario& s) override;
    void revert(scenario::Scenario& s) override;
    EditName name() const override { return {EditKind::SetLink, m_after.id, m_field}; }
    bool absorb(EditCommand& next) override;

private:
    std::size_t m_index;
    scenario::Link m_after;
    std::string m_field;
    scenario::Link m_before;
    std::vector<scenario::Action> m_actionsBefore;
};

// The lesson's title, description and seed.
struct LessonInfo {
    scenario::LocalizedText title;
    scenario::LocalizedText description;
    std::uint64_t seed = 1;
    bool operator==(const LessonInfo&) const = default;
};
class SetLessonInfoCommand final : public EditCommand {
public:
    explicit SetLessonInfoCommand(LessonInfo info, std::string field = {})
        : m_after(std::move(info)), m_field(std::move(field)) {}
    void apply(scenario::Scenario& s) override;
    void revert(scenario::Scenario& s) override;
    EditName name() const override { return {EditKind::SetLessonInfo, {}, m_field}; }
    bool absorb(EditCommand& next) override;

private:
    LessonInfo m_after;
    std::string m_field;
    LessonInfo m_before;
};

}  // namespace postino::viz
