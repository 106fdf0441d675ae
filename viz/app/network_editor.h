// The network editor: an Edit network mode drawn in the map's place. A toolbar picks what the
// mouse does (select and drag, link two nodes, add a node of a type); a side panel edits the
// selected node's or link's fields; every change is a command on the lesson document (undo,
// redo), and the loader's problems are marked in red on their node with the message on hover.
// It draws and takes input only; what an edit does lives in viz/model (network_edit).
#pragma once

#include "model/lesson_document.h"
#include "model/network_edit.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace postino::viz {

class NetworkEditor {
public:
    // The one editor of the window (the map panel and the Edit menu reach it).
    static NetworkEditor& instance();

    // The document of the lesson on screen (none: the editor is off).
    void attach(LessonDocument* doc);
    bool active() const { return m_active && m_doc; }
    void setActive(bool on) { m_active = on; }
    // The Edit menu's "Edit network" item.
    void menuItem();
    // Draws the editor where the map would be (the current ImGui window's free area); false when
    // the editor is off and the map draws itself.
    // `force`: draw even when off (a lesson with no node has no map to show).
    bool drawOnMap(float scale, bool force = false);
    // Selects and removes the node `id` as Delete would (for --edit-remove-node); false if none.
    bool removeNode(const std::string& id);
    // Selects the node `id` (for --node); false if none.
    bool selectNode(const std::string& id);
    // Selects the first node (or link) the loader finds a problem in, if any.
    void selectFirstProblem();

private:
    enum class Tool { Select, Link, Add };
    void toolbar(float s);
    void canvas(float s);
    void sidePanel(float s);
    void nodeFields(std::size_t i, float s);
    void mailServerFields(std::size_t i, float s);
    void trustFields(std::size_t i);  // a mail server's TLS, sender checks, DKIM keys and forwards
    void linkFields(std::size_t i, float s);
    void lessonFields(float s);
    void problemLines(NetworkProblem::Place place, std::size_t index, float s);
    void deleteSelection();
    void reloadBuffers();
    void commitNode(std::size_t i, scenario::Node node, const char* field);
    // A multi-line box of node i's fields: what is typed goes through `read` into a copy of the
    // node, committed as an edit of `field`.
    template <std::size_t N, typename Read>
    void linesField(std::size_t i, const char* id, std::array<char, N>& buffer, float height, Read read,
                    const char* field);

    LessonDocument* m_doc = nullptr;
    bool m_active = false;
    Tool m_tool = Tool::Select;
    scenario::NodeType m_addType = scenario::NodeType::Client;
    int m_node = -1;  // selected node
    int m_link = -1;  // selected link
    int m_drag = -1;  // node being dragged (or a link being drawn from)
    MapPosition m_dragAt{};
    bool m_dragMoved = false;
    // The view: editor units -> screen, frozen while dragging so nothing jumps.
    float m_viewScale = 1, m_viewX = 0, m_viewY = 0, m_originX = 0, m_originY = 0;
    // The side panel's text, read from the document again after an edit made elsewhere (undo).
    std::uint64_t m_bufferRevision = UINT64_MAX;
    int m_bufferNode = -2;
    std::array<char, 128> m_id{};
    std::array<char, 128> m_ip{};
    std::array<char, 512> m_domains{};
    std::array<char, 2048> m_shared{};
    std::array<char, 128> m_relayHost{};
    std::array<char, 512> m_relayClients{};
    std::array<char, 512> m_relayDomains{};
    std::array<char, 32> m_quota{};
    std::array<char, 4096> m_users{};
    std::array<char, 4096> m_accounts{};
    std::array<char, 8192> m_zones{};
    std::array<char, 2048> m_dkim{};
    std::array<char, 4096> m_forward{};
};

// File menu: "New lesson" (nothing in it yet) and "New from a template" (a copy of one of the
// lessons in `lessonsDir`, to be saved under a new name); `start` shows the scenario, edited.
void newLessonMenuItems(const std::filesystem::path& lessonsDir, const std::function<void(scenario::Scenario)>& start);
// The scenario "New lesson" starts from, titled in the interface's language.
scenario::Scenario newLessonScenario();

// --edit-network: the editor on, the node `removeNode` (if not empty) removed as Delete does, and
// the first node with a problem selected, or `selectNode` if given.
void startNetworkEditor(const std::string& removeNode, const std::string& selectNode = {});

}  // namespace postino::viz
