// The Edit network mode: toolbar, canvas (nodes, links, problems in red), side panel.
#include "network_editor.h"

#include "event_text.h"
#include "i18n.h"
#include "map_layout.h"
#include "model/network_text.h"
#include "model/trust_text.h"
#include "node_icons.h"
#include "ui_targets.h"
#include "scenario/name_syntax.h"
#include "theme.h"
#include "wrapped_text.h"

#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace postino::viz {

using scenario::Node;
using scenario::NodeType;
using scenario::QueueSettings;
using Place = NetworkProblem::Place;

namespace {

constexpr float kWidth = 1000, kHeight = 700;  // editor units of a layout the editor makes

const char* typeLabel(NodeType t) {
    switch (t) {
        case NodeType::Client: return tr("Client");
        case NodeType::MailServer: return tr("Mail server");
        case NodeType::DnsServer: return tr("DNS server");
        case NodeType::Router: return tr("Router");
        case NodeType::Webmail: return tr("Webmail");
        case NodeType::Browser: return tr("Browser");
    }
    return "";
}

// What the editor calls a node: its label in the interface's language, else its id.
std::string editorName(const Node& n) {
    const std::string& label = n.label.get(currentLanguage());
    if (!label.empty()) return label;
    return n.id.empty() ? std::string("?") : n.id;
}

// Where each node stands, in its own units: its position, else where the viewer's layout puts it.
std::vector<MapPosition> positionsOf(const scenario::Scenario& s) {
    const std::vector<MapPoint> automatic = layoutMap(s);
    std::vector<MapPosition> out;
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        if (s.nodes[i].position) out.push_back(*s.nodes[i].position);
        else if (i < automatic.size()) out.push_back({automatic[i].x * kWidth, automatic[i].y * kHeight});
        else out.push_back({kWidth / 2, kHeight / 2});
    }
    return out;
}

float distanceToSegment(ImVec2 p, ImVec2 a, ImVec2 b) {
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len = dx * dx + dy * dy;
    float t = len > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len : 0;
    t = std::clamp(t, 0.0f, 1.0f);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// A field of the side panel; it is also a place a --drive script can click ("field:domains").
void noteField(const char* id) {
    if (!notingUiTargets()) return;
    while (*id == '#') ++id;
    noteLastItem(std::string("field:") + id);
}
bool inputText(const char* id, char* buffer, std::size_t size, ImGuiInputTextFlags flags = 0) {
    const bool changed = ImGui::InputText(id, buffer, size, flags);
    noteField(id);
    return changed;
}
bool inputMultiline(const char* id, char* buffer, std::size_t size, ImVec2 box) {
    const bool changed = ImGui::InputTextMultiline(id, buffer, size, box);
    noteField(id);
    return changed;
}

// A checkbox whose words wrap beside it in a narrow panel (a Greek label is long); a click on the
// words toggles it too. `id` names it for --drive scripts ("field:any_sender").
bool checkboxWrapped(const char* id, const char* label, bool* value) {
    bool changed = ImGui::Checkbox(id, value);
    noteField(id);
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(label);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (ImGui::IsItemClicked()) {
        *value = !*value;
        changed = true;
    }
    return changed;
}

template <std::size_t N>
void fill(std::array<char, N>& buffer, const std::string& text) {
    std::snprintf(buffer.data(), N, "%s", text.c_str());
}

}  // namespace

NetworkEditor& NetworkEditor::instance() {
    static NetworkEditor editor;
    return editor;
}

void NetworkEditor::attach(LessonDocument* doc) {
    m_doc = doc;
    m_node = m_link = m_drag = -1;
    m_bufferRevision = UINT64_MAX;
}

void NetworkEditor::menuItem() {
    bool on = m_active;
    if (ImGui::MenuItem(tr("Edit network"), nullptr, &on, m_doc != nullptr)) m_active = on;
}

scenario::Scenario newLessonScenario() { return emptyLesson(tr("New lesson")); }

void newLessonMenuItems(const std::filesystem::path& lessonsDir, const std::function<void(scenario::Scenario)>& start) {
    if (ImGui::MenuItem(tr("New lesson"))) start(newLessonScenario());
    if (!ImGui::BeginMenu(tr("New from a template"), !lessonsDir.empty())) return;
    static std::vector<std::filesystem::path> files;  // listed once: the shipped lessons do not change
    if (files.empty()) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(lessonsDir, ec))
            if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
    }
    std::filesystem::path chosen;
    for (const auto& f : files)
        if (ImGui::MenuItem(f.stem().string().c_str())) chosen = f;
    ImGui::EndMenu();
    if (chosen.empty()) return;
    scenario::LoadResult r = lessonFromTemplate(chosen.string());
    if (r.ok()) start(std::move(*r.scenario));
}

void startNetworkEditor(const std::string& removeNode, const std::string& selectNode) {
    NetworkEditor& editor = NetworkEditor::instance();
    editor.setActive(true);
    if (!removeNode.empty() && !editor.removeNode(removeNode))
        std::fprintf(stderr, "postino-viz: --edit-remove-node: no node %s in this lesson\n", removeNode.c_str());
    editor.selectFirstProblem();
    if (!selectNode.empty() && !editor.selectNode(selectNode))
        std::fprintf(stderr, "postino-viz: --node: no node %s in this lesson\n", selectNode.c_str());
}

bool NetworkEditor::selectNode(const std::string& id) {
    if (!m_doc) return false;
    const auto i = findNode(m_doc->scenario(), id);
    if (!i) return false;
    m_node = static_cast<int>(*i), m_link = -1;
    return true;
}

bool NetworkEditor::removeNode(const std::string& id) {
    if (!m_doc) return false;
    const auto i = findNode(m_doc->scenario(), id);
    if (!i) return false;
    m_node = static_cast<int>(*i), m_link = -1;
    deleteSelection();
    return true;
}

void NetworkEditor::selectFirstProblem() {
    if (!m_doc) return;
    for (const auto& p : m_doc->problems()) {
        if (p.place == Place::Node) m_node = static_cast<int>(p.index), m_link = -1;
        if (p.place == Place::Link) m_link = static_cast<int>(p.index), m_node = -1;
        if (p.place == Place::Node || p.place == Place::Link) return;
    }
}

void NetworkEditor::deleteSelection() {
    if (m_node >= 0 && static_cast<std::size_t>(m_node) < m_doc->scenario().nodes.size())
        m_doc->execute(std::make_unique<RemoveNodeCommand>(static_cast<std::size_t>(m_node)));
    else if (m_link >= 0 && static_cast<std::size_t>(m_link) < m_doc->scenario().links.size())
        m_doc->execute(std::make_unique<RemoveLinkCommand>(static_cast<std::size_t>(m_link)));
    m_node = m_link = -1;
}

bool NetworkEditor::drawOnMap(float s, bool force) {
    if (force && m_doc) m_active = true;
    if (!active()) return false;
    const auto& sc = m_doc->scenario();
    if (m_node >= static_cast<int>(sc.nodes.size())) m_node = -1;
    if (m_link >= static_cast<int>(sc.links.size())) m_link = -1;
    toolbar(s);
    // The side panel: about a third of a wide window, never more than 40 % of a narrow one.
    const float panelWidth = std::min(std::clamp(ImGui::GetContentRegionAvail().x * 0.3f, 320 * s, 480 * s),
                                      ImGui::GetContentRegionAvail().x * 0.4f);
    ImGui::BeginChild("##editor-canvas", ImVec2(ImGui::GetContentRegionAvail().x - panelWidth, 0));
    canvas(s);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##editor-panel", ImVec2(0, 0), true);
    sidePanel(s);
    ImGui::EndChild();
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.WantTextInput && (ImGui::IsKeyPressed(GLFW_KEY_DELETE, false) || ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE, false)))
        deleteSelection();
    if (!io.WantTextInput && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) m_tool = Tool::Select;
    return true;
}

void NetworkEditor::toolbar(float s) {
    // The buttons flow onto a second line when the map is narrow.
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    bool first = true;
    const auto place = [&](const char* label) {
        const float w = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        first = false;
    };
    // Each button is also a place a --drive script can click: "tool:select", "tool:add-client".
    const auto toolButton = [&](const char* label, bool on, const std::string& name) {
        place(label);
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        const bool pressed = ImGui::Button(label);
        if (notingUiTargets()) noteLastItem("tool:" + name);
        if (on) ImGui::PopStyleColor();
        return pressed;
    };
    if (toolButton(tr("Select and move"), m_tool == Tool::Select, "select")) m_tool = Tool::Select;
    if (toolButton(tr("Link"), m_tool == Tool::Link, "link")) m_tool = Tool::Link;
    place(tr("Add:"));
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", tr("Add:"));
    for (NodeType t : {NodeType::Client, NodeType::MailServer, NodeType::DnsServer, NodeType::Router, NodeType::Webmail,
                       NodeType::Browser}) {
        ImGui::PushID(static_cast<int>(t));
        if (toolButton(typeLabel(t), m_tool == Tool::Add && m_addType == t, std::string("add-") + scenario::nodeTypeName(t)))
            m_tool = Tool::Add, m_addType = t;
        ImGui::PopID();
    }
    ImGui::BeginDisabled(m_node < 0 && m_link < 0);
    if (toolButton(tr("Delete"), false, "delete")) deleteSelection();
    ImGui::EndDisabled();
    if (toolButton(tr("Done"), false, "done")) m_active = false;
    (void)s;
}

void NetworkEditor::canvas(float s) {
    const auto& sc = m_doc->scenario();
    const auto& problems = m_doc->problems();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::InvisibleButton("##editor", ImVec2(std::max(avail.x, 10.0f), std::max(avail.y, 10.0f)));
    const bool hovered = ImGui::IsItemHovered();
    noteLastItem("canvas");
    dl->AddRectFilled(p0, ImVec2(p0.x + avail.x, p0.y + avail.y), mapBackgroundColor());
    dl->PushClipRect(p0, ImVec2(p0.x + avail.x, p0.y + avail.y), true);

    std::vector<MapPosition> at = positionsOf(sc);
    if (m_drag >= 0 && m_tool == Tool::Select && m_dragMoved && static_cast<std::size_t>(m_drag) < at.size())
        at[static_cast<std::size_t>(m_drag)] = m_dragAt;
    if (m_drag < 0) {  // fit the nodes in the canvas, with room around them for the names
        // The frame is the nodes' extent; in the editor's own units (a new lesson, or a lesson laid
        // out by the viewer) it also takes the editor's whole area, so a node stays where it was
        // clicked and the view does not jump as nodes are added.
        float minX = kWidth / 2, minY = kHeight / 2, maxX = minX, maxY = minY;
        if (!at.empty()) minX = maxX = static_cast<float>(at[0].first), minY = maxY = static_cast<float>(at[0].second);
        for (const auto& p : at) {
            minX = std::min(minX, static_cast<float>(p.first)), maxX = std::max(maxX, static_cast<float>(p.first));
            minY = std::min(minY, static_cast<float>(p.second)), maxY = std::max(maxY, static_cast<float>(p.second));
        }
        if (at.size() < 2 || std::max(maxX - minX, maxY - minY) > kWidth / 20) {
            minX = std::min(minX, 0.0f), minY = std::min(minY, 0.0f);
            maxX = std::max(maxX, kWidth), maxY = std::max(maxY, kHeight);
        }
        float widestName = 0;
        for (const Node& n : sc.nodes) widestName = std::max(widestName, ImGui::CalcTextSize(editorName(n).c_str()).x);
        const float marginX = std::max(40 * s, widestName / 2 + 12 * s);
        const float marginY = 40 * s + ImGui::GetTextLineHeight();
        const float w = std::max(maxX - minX, 1e-3f), h = std::max(maxY - minY, 1e-3f);
        m_viewScale = std::min((avail.x - 2 * marginX) / w, (avail.y - 2 * marginY) / h);
        m_viewScale = std::max(m_viewScale, 1e-4f);  // positions keep only their proportions: any scale
        m_originX = minX, m_originY = minY;
        m_viewX = p0.x + (avail.x - w * m_viewScale) / 2, m_viewY = p0.y + (avail.y - h * m_viewScale) / 2;
    }
    const auto toScreen = [&](const MapPosition& m) {
        return ImVec2(m_viewX + (static_cast<float>(m.first) - m_originX) * m_viewScale,
                      m_viewY + (static_cast<float>(m.second) - m_originY) * m_viewScale);
    };
    // A place in the lesson's units, rounded to the finest power of ten under a pixel (whole
    // units in the editor's 1000 × 700; 0.001 in a lesson laid out in units of 1), so the file
    // reads [273, 350], not [273.1788330078125, 350].
    const double step = std::pow(10.0, std::floor(std::log10(1.0 / m_viewScale)));
    const auto toUnits = [&](ImVec2 p) {
        const auto round = [&](double v) { return std::round(v / step) * step; };
        return MapPosition{round((p.x - m_viewX) / m_viewScale + m_originX), round((p.y - m_viewY) / m_viewScale + m_originY)};
    };
    const float r = 24 * s;
    const ImGuiIO& io = ImGui::GetIO();
    int hoveredNode = -1, hoveredLink = -1;
    for (std::size_t i = 0; i < at.size(); ++i) {
        const ImVec2 c = toScreen(at[i]);
        if (std::hypot(io.MousePos.x - c.x, io.MousePos.y - c.y) < r) hoveredNode = static_cast<int>(i);
    }
    std::vector<std::pair<int, int>> ends;
    for (const auto& l : sc.links) {
        const auto a = findNode(sc, l.a), b = findNode(sc, l.b);
        ends.push_back({a ? static_cast<int>(*a) : -1, b ? static_cast<int>(*b) : -1});
    }
    if (hoveredNode < 0)
        for (std::size_t i = 0; i < ends.size(); ++i)
            if (ends[i].first >= 0 && ends[i].second >= 0 &&
                distanceToSegment(io.MousePos, toScreen(at[static_cast<std::size_t>(ends[i].first)]),
                                  toScreen(at[static_cast<std::size_t>(ends[i].second)])) < 6 * s)
                hoveredLink = static_cast<int>(i);

    // Mouse: what it does depends on the tool.
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        if (m_tool == Tool::Add && hoveredNode < 0) {
            m_doc->execute(std::make_unique<AddNodeCommand>(newNode(sc, m_addType, toUnits(io.MousePos))));
            m_node = static_cast<int>(m_doc->scenario().nodes.size()) - 1, m_link = -1;
        } else {
            m_node = hoveredNode, m_link = hoveredNode < 0 ? hoveredLink : -1;
            m_drag = hoveredNode, m_dragMoved = false;
        }
    }
    if (m_drag >= 0 && ImGui::IsMouseDragging(ImGuiMouseButton_Left) && m_tool == Tool::Select) {
        m_dragAt = toUnits(io.MousePos);
        m_dragMoved = true;
    }
    if (m_drag >= 0 && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {  // released: one command for the whole drag
        const auto i = static_cast<std::size_t>(m_drag);
        if (m_tool == Tool::Select && m_dragMoved && i < m_doc->scenario().nodes.size()) {
            const bool allPlaced = std::all_of(sc.nodes.begin(), sc.nodes.end(), [](const Node& n) { return n.position; });
            if (allPlaced) {
                m_doc->execute(std::make_unique<MoveNodeCommand>(i, m_dragAt, false));
            } else {  // the first drag in a lesson without positions saves the whole layout
                at[i] = m_dragAt;
                m_doc->execute(std::make_unique<PlaceNodesCommand>(at));
            }
        } else if (m_tool == Tool::Link && hoveredNode >= 0 && hoveredNode != m_drag) {
            const std::string& a = sc.nodes[i].id;
            const std::string& b = sc.nodes[static_cast<std::size_t>(hoveredNode)].id;
            const bool exists = std::any_of(sc.links.begin(), sc.links.end(), [&](const scenario::Link& l) {
                return (l.a == a && l.b == b) || (l.a == b && l.b == a);
            });
            if (!exists) {
                m_doc->execute(std::make_unique<AddLinkCommand>(newLink(a, b)));
                m_link = static_cast<int>(m_doc->scenario().links.size()) - 1, m_node = -1;
            }
        }
        m_drag = -1;
    }

    // Links (red when the loader names them), the one being drawn, then the nodes.
    for (std::size_t i = 0; i < ends.size(); ++i) {
        if (ends[i].first < 0 || ends[i].second < 0) continue;
        const bool bad = !problemsOf(problems, Place::Link, i).empty();
        const ImU32 colour = bad ? errorColor() : static_cast<int>(i) == m_link ? highlightColor() : linkColor();
        dl->AddLine(toScreen(at[static_cast<std::size_t>(ends[i].first)]), toScreen(at[static_cast<std::size_t>(ends[i].second)]),
                    colour, (static_cast<int>(i) == m_link || static_cast<int>(i) == hoveredLink ? 4.0f : 2.0f) * s);
    }
    if (m_tool == Tool::Link && m_drag >= 0)
        dl->AddLine(toScreen(at[static_cast<std::size_t>(m_drag)]), io.MousePos, highlightColor(), 2 * s);
    // Nodes as the map draws them, each named by its label (else its id) on a plate, at the
    // first place around its icon that meets no other name or icon.
    const std::size_t core = mapCentre(sc);
    std::vector<ImVec4> taken;  // icons and the names placed so far (x0, y0, x1, y1)
    for (std::size_t i = 0; i < at.size(); ++i) {
        const ImVec2 c = toScreen(at[i]);
        taken.push_back(ImVec4(c.x - r, c.y - r, c.x + r, c.y + r));
    }
    for (std::size_t i = 0; i < at.size(); ++i) {
        const Node& n = sc.nodes[i];
        const ImVec2 c = toScreen(at[i]);
        if (notingUiTargets()) noteUiTarget("node:" + n.id, ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r));
        const bool bad = !problemsOf(problems, Place::Node, i).empty();
        const bool selected = static_cast<int>(i) == m_node;
        if (selected) dl->AddCircleFilled(c, r * 1.3f, (highlightColor() & 0x00FFFFFF) | 0x50000000);
        if (bad) dl->AddCircle(c, r * 1.15f, errorColor(), 0, 3 * s);
        drawNodeIcon(dl, roleOf(n, i == core), c, r, selected || static_cast<int>(i) == hoveredNode, false, s);
        const std::string name = editorName(n);
        const ImVec2 ns = ImGui::CalcTextSize(name.c_str());
        const float pad = 3 * s;
        const ImVec2 candidates[] = {
            {c.x - ns.x / 2, c.y + r + pad},          // under
            {c.x - ns.x / 2, c.y - r - pad - ns.y},   // over
            {c.x + r + pad * 2, c.y - ns.y / 2},      // right
            {c.x - r - pad * 2 - ns.x, c.y - ns.y / 2},  // left
        };
        const float air = 4 * pad;  // names side by side keep a word's space between them
        const auto meets = [&](ImVec2 a) {
            return std::any_of(taken.begin(), taken.end(), [&](const ImVec4& o) {
                return a.x - air < o.z && a.x + ns.x + air > o.x && a.y - pad < o.w && a.y + ns.y + pad > o.y;
            });
        };
        ImVec2 nameAt = candidates[0];
        for (const ImVec2& candidate : candidates)
            if (!meets(candidate)) { nameAt = candidate; break; }
        taken.push_back(ImVec4(nameAt.x, nameAt.y, nameAt.x + ns.x, nameAt.y + ns.y));
        dl->AddRectFilled(ImVec2(nameAt.x - pad, nameAt.y), ImVec2(nameAt.x + ns.x + pad, nameAt.y + ns.y),
                          (mapBackgroundColor() & 0x00FFFFFF) | 0xE0000000, 3 * s);
        dl->AddText(nameAt, bad ? errorColor() : ImGui::GetColorU32(ImGuiCol_Text), name.c_str());
        if (bad) {  // a red "!" badge at the top right of the icon
            const ImVec2 b(c.x + r * 0.85f, c.y - r * 0.85f);
            dl->AddCircleFilled(b, 9 * s, errorColor());
            const ImVec2 es = ImGui::CalcTextSize("!");
            dl->AddText(ImVec2(b.x - es.x / 2, b.y - es.y / 2), IM_COL32(255, 255, 255, 255), "!");
        }
    }
    if (sc.nodes.empty()) {
        const char* hint = tr("An empty network: pick a kind of node under Add, then click here to place it.");
        float y = p0.y + 8 * s;
        for (std::string_view line : wrappedLines(hint, avail.x - 24 * s)) {
            dl->AddText(ImVec2(p0.x + 12 * s, y), mutedTextColor(), line.data(), line.data() + line.size());
            y += ImGui::GetTextLineHeightWithSpacing();
        }
    }
    dl->PopClipRect();

    // Hover: what a node or link is, and what the loader says about it.
    if (hovered && m_drag < 0 && (hoveredNode >= 0 || hoveredLink >= 0)) {
        ImGui::BeginTooltip();
        const bool node = hoveredNode >= 0;
        const std::size_t i = static_cast<std::size_t>(node ? hoveredNode : hoveredLink);
        if (node)
            ImGui::Text("%s  (%s)", sc.nodes[i].id.c_str(), typeLabel(sc.nodes[i].type));
        else
            ImGui::Text("%s", sc.links[i].id.c_str());
        for (const NetworkProblem* p : problemsOf(problems, node ? Place::Node : Place::Link, i))
            textWrappedColored(errorColor(), loadErrorMessage(p->error));
        ImGui::EndTooltip();
    }
    if (hovered) {
        const char* hint = m_tool == Tool::Link ? tr("Drag from one node to another to link them.")
                           : m_tool == Tool::Add ? tr("Click where the new node goes. Esc: back to Select.")
                                                 : tr("Click to select, drag to move, Delete to remove.");
        const ImVec2 hs = ImGui::CalcTextSize(hint);
        dl->AddText(ImVec2(p0.x + avail.x - hs.x - 8 * s, p0.y + avail.y - hs.y - 4 * s), mutedTextColor(), hint);
    }
}

void NetworkEditor::reloadBuffers() {
    const auto& sc = m_doc->scenario();
    m_bufferRevision = m_doc->revision();
    m_bufferNode = m_node;
    if (m_node < 0 || static_cast<std::size_t>(m_node) >= sc.nodes.size()) return;
    const Node& n = sc.nodes[static_cast<std::size_t>(m_node)];
    fill(m_id, n.id);
    fill(m_ip, scenario::formatIpv4(n.ip));
    fill(m_domains, domainsText(n.domains));
    fill(m_shared, sharedText(n.sharedMailboxes));
    fill(m_relayHost, n.relayHost);
    fill(m_relayClients, domainsText(n.relayClients));
    fill(m_relayDomains, domainsText(n.relayDomains));
    fill(m_quota, n.quotaBytes ? std::to_string(*n.quotaBytes / 1000) : std::string());
    fill(m_users, usersText(n.users));
    fill(m_accounts, accountsText(n));
    fill(m_zones, zonesText(n.zones));
    fill(m_dkim, dkimText(n.dkim));
    fill(m_forward, forwardsText(n.forward));
}

void NetworkEditor::commitNode(std::size_t i, Node node, const char* field) {
    if (node == m_doc->scenario().nodes[i]) return;  // a space typed between words: nothing to undo
    m_doc->execute(std::make_unique<SetNodeCommand>(i, std::move(node), field));
    m_bufferRevision = m_doc->revision();  // our own edit: the text being typed stays as it is
}

template <std::size_t N, typename Read>
void NetworkEditor::linesField(std::size_t i, const char* id, std::array<char, N>& buffer, float height, Read read,
                               const char* field) {
    if (!inputMultiline(id, buffer.data(), N, ImVec2(-1, height))) return;
    Node n = m_doc->scenario().nodes[i];
    read(n, std::string_view(buffer.data()));
    commitNode(i, std::move(n), field);
}

void NetworkEditor::sidePanel(float s) {
    if (m_doc->revision() != m_bufferRevision || m_node != m_bufferNode) reloadBuffers();
    const auto& sc = m_doc->scenario();
    if (m_node >= 0) nodeFields(static_cast<std::size_t>(m_node), s);
    else if (m_link >= 0) linkFields(static_cast<std::size_t>(m_link), s);
    else lessonFields(s);
    ImGui::Separator();
    const auto& problems = m_doc->problems();
    if (problems.empty()) {
        textWrappedColored(successColor(), tr("The network is complete: the lesson runs."));
        return;
    }
    textWrappedColored(errorColor(), trnf("One problem: the lesson runs again once it is solved.",
                                          "{} problems: the lesson runs again once they are solved.", problems.size(),
                                          problems.size()));
    for (std::size_t k = 0; k < problems.size() && k < 12; ++k) {
        const NetworkProblem& p = problems[k];
        std::string where;
        if (p.place == Place::Node && p.index < sc.nodes.size()) where = sc.nodes[p.index].id + ": ";
        if (p.place == Place::Link && p.index < sc.links.size()) where = sc.links[p.index].id + ": ";
        textWrappedDisabled(where + loadErrorMessage(p.error));
    }
}

void NetworkEditor::lessonFields(float) {
    // The title in the interface's language (English too while the lesson has no English title).
    const auto& sc = m_doc->scenario();
    const std::string& lang = currentLanguage();
    std::array<char, 256> buffer{};
    fill(buffer, sc.title.get(lang));
    ImGui::TextUnformatted(tr("Lesson title"));
    ImGui::SetNextItemWidth(-1);
    if (inputText("##title", buffer.data(), buffer.size())) {
        LessonInfo info{sc.title, sc.description, sc.seed};
        info.title.byLanguage[lang] = buffer.data();
        if (info.title.byLanguage["en"].empty()) info.title.byLanguage["en"] = buffer.data();
        m_doc->execute(std::make_unique<SetLessonInfoCommand>(std::move(info), "title"));
    }
    textWrappedDisabled(tr("Select a node or a link to edit it."));
}

void NetworkEditor::problemLines(Place place, std::size_t index, float) {
    for (const NetworkProblem* p : problemsOf(m_doc->problems(), place, index)) {
        // The file's field in short ("accounts 1 · server"), then the loader's words.
        std::string field;
        std::istringstream parts(p->field);
        for (std::string part; std::getline(parts, part, '/');) {
            const bool number = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
            field += number ? " " + std::to_string(std::stoul(part) + 1) : (field.empty() ? "" : " · ") + part;
        }
        if (!field.empty()) textWrappedDisabled(field);
        textWrappedColored(errorColor(), loadErrorMessage(p->error));
    }
}

void NetworkEditor::nodeFields(std::size_t i, float s) {
    const Node& current = m_doc->scenario().nodes[i];
    ImGui::TextUnformatted(typeLabel(current.type));
    problemLines(Place::Node, i, s);  // what is wrong first, where the eye is
    // The fields start after the widest label (in this language), but never past 45 % of the
    // panel; a label wider than that puts its field on the line under it, never cut.
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    float widest = 0;
    for (const char* label : {tr("Id"), tr("Host name"), tr("Caption"), tr("Address"), tr("DNS server"), tr("Mail server")})
        widest = std::max(widest, ImGui::CalcTextSize(label).x);
    const float labelWidth = std::min(widest + 2 * spacing, ImGui::GetContentRegionAvail().x * 0.45f);
    const auto row = [&](const char* label) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(label);
        if (ImGui::CalcTextSize(label).x + spacing <= labelWidth) ImGui::SameLine(labelWidth);
        ImGui::SetNextItemWidth(-1);
    };
    const auto textField = [&](const char* label, const char* id, std::string Node::*member) {
        std::array<char, 256> buffer{};
        fill(buffer, current.*member);
        row(label);
        if (inputText(id, buffer.data(), buffer.size())) {
            Node n = current;
            n.*member = buffer.data();
            commitNode(i, std::move(n), id);
        }
    };
    // The id is taken when the box is left (Enter, Tab, a click elsewhere): every link, account
    // and action that names the node is renamed with it, never to a half-typed name.
    row(tr("Id"));
    inputText("##id", m_id.data(), m_id.size());
    if (ImGui::IsItemDeactivatedAfterEdit() && current.id != m_id.data()) {
        Node n = current;
        n.id = m_id.data();
        commitNode(i, std::move(n), "");
    }
    textField(tr("Host name"), "##hostname", &Node::hostname);
    // The caption on the map, in the interface's language (English too while it has none).
    {
        const std::string& lang = currentLanguage();
        std::array<char, 256> buffer{};
        fill(buffer, current.label.get(lang));
        row(tr("Caption"));
        if (inputText("##label", buffer.data(), buffer.size())) {
            Node n = current;
            n.label.byLanguage[lang] = buffer.data();
            if (n.label.byLanguage["en"].empty()) n.label.byLanguage["en"] = buffer.data();
            if (std::string(buffer.data()).empty()) n.label.byLanguage.erase(lang);
            commitNode(i, std::move(n), "label");
        }
    }
    row(tr("Address"));
    if (inputText("##ip", m_ip.data(), m_ip.size())) {
        if (const auto ip = scenario::parseIpv4(m_ip.data()); ip && *ip != current.ip) {
            Node n = current;
            n.ip = *ip;
            commitNode(i, std::move(n), "ip");
        }
    }
    if (!scenario::parseIpv4(m_ip.data())) textWrappedColored(errorColor(), tr("Not an IPv4 address like 192.0.2.10."));
    if (current.type != NodeType::Router && current.type != NodeType::DnsServer)
        textField(tr("DNS server"), "##resolver", &Node::resolver);
    const float boxHeight = ImGui::GetTextLineHeight() * 5;
    switch (current.type) {
        case NodeType::Client:
        case NodeType::Browser:
            textWrappedDisabled(current.type == NodeType::Client
                                    ? tr("Accounts, one a line: address password server [imap|pop3] [starttls|tls|no-tls]")
                                    : tr("Accounts, one a line: address password webmail"));
            linesField(i, "##accounts", m_accounts, boxHeight, [](Node& n, std::string_view t) {
                n.accounts = parseAccounts(t, n.type == NodeType::Browser);
            }, "accounts");
            break;
        case NodeType::MailServer: mailServerFields(i, s); break;
        case NodeType::DnsServer:
            textWrappedDisabled(tr("Zones: a line \"zone example.org\", then its records: \"@ MX 10 mail.example.org\", \"mail A 192.0.2.25\" (\"ttl 300\" at the end: not the usual hour)"));
            linesField(i, "##zones", m_zones, boxHeight * 1.6f,
                       [](Node& n, std::string_view t) { n.zones = parseZones(t); }, "zones");
            break;
        case NodeType::Webmail: textField(tr("Mail server"), "##mailserver", &Node::mailServer); break;
        case NodeType::Router: break;
    }
}

void NetworkEditor::mailServerFields(std::size_t i, float) {
    const Node& current = m_doc->scenario().nodes[i];
    const float boxHeight = ImGui::GetTextLineHeight() * 4.5f;
    const auto listBox = [&](const char* hint, const char* id, auto& buffer, auto apply, const char* field) {
        textWrappedDisabled(hint);
        ImGui::SetNextItemWidth(-1);
        if (inputText(id, buffer.data(), buffer.size())) {
            Node n = current;
            apply(n, std::string_view(buffer.data()));
            commitNode(i, std::move(n), field);
        }
    };
    listBox(tr("Domains it receives mail for (commas between)"), "##domains", m_domains,
            [](Node& n, std::string_view t) { n.domains = parseDomains(t); }, "domains");
    textWrappedDisabled(tr("Users, one a line: address password"));
    linesField(i, "##users", m_users, boxHeight, [](Node& n, std::string_view t) { n.users = parseUsers(t); }, "users");
    textWrappedDisabled(tr("Shared mailboxes, one a line: the address, then its members"));
    linesField(i, "##shared", m_shared, boxHeight * 0.6f,
               [](Node& n, std::string_view t) { n.sharedMailboxes = parseShared(t); }, "shared_mailboxes");
    listBox(tr("Relay host: the node that takes all its outgoing mail (empty: none)"), "##relay", m_relayHost,
            [](Node& n, std::string_view t) {
                const auto w = parseDomains(t);
                n.relayHost = w.empty() ? "" : w.front();
            },
            "relay_host");
    listBox(tr("Relay clients: nodes that may send through it without a password"), "##relay-clients", m_relayClients,
            [](Node& n, std::string_view t) { n.relayClients = parseDomains(t); }, "relay_clients");
    listBox(tr("Relay domains: domains it takes mail for and passes on (a backup MX)"), "##relay-domains",
            m_relayDomains, [](Node& n, std::string_view t) { n.relayDomains = parseDomains(t); }, "relay_domains");

    // The quota, in kB; empty: the store's default.
    textWrappedDisabled(tr("Quota of each mailbox in kB (empty: the server's default)"));
    ImGui::SetNextItemWidth(-1);
    if (inputText("##quota", m_quota.data(), m_quota.size(), ImGuiInputTextFlags_CharsDecimal)) {
        const std::string text = m_quota.data();
        Node n = current;
        if (text.empty()) n.quotaBytes.reset();
        else if (const auto kb = std::strtoull(text.c_str(), nullptr, 10); kb > 0 && kb < (1ULL << 40)) n.quotaBytes = kb * 1000;
        commitNode(i, std::move(n), "quota_bytes");
    }

    // The words of its bounces, in a language the lesson offers.
    textWrappedDisabled(tr("Language of its bounces"));
    ImGui::SetNextItemWidth(-1);
    const auto& offered = languages();
    const auto chosen = std::find_if(offered.begin(), offered.end(), [&](const Language& l) { return l.code == current.language; });
    if (ImGui::BeginCombo("##bounce-language", chosen == offered.end() ? current.language.c_str() : chosen->nativeName)) {
        for (const Language& l : offered)
            if (ImGui::Selectable(l.nativeName, current.language == l.code) && current.language != l.code) {
                Node n = current;
                n.language = l.code;
                commitNode(i, std::move(n), "language");
            }
        ImGui::EndCombo();
    }

    // Open at first where the server has any of it on (lessons 14 to 16).
    const bool trusting = current.tls.enabled || current.checkSenders.any() || current.anySender ||
                          !current.dkim.empty() || !current.forward.empty();
    const bool trustOpen =
        ImGui::CollapsingHeader(tr("TLS, SPF, DKIM and DMARC"), trusting ? ImGuiTreeNodeFlags_DefaultOpen : 0);
    if (notingUiTargets()) noteLastItem("section:trust");
    if (trustOpen) trustFields(i);

    // The queue: when it tries again and when it gives up (Postfix's settings).
    if (!ImGui::CollapsingHeader(tr("Queue and retries"))) return;
    const auto seconds = [&](const char* label, const char* id, Duration QueueSettings::*member, int least) {
        int value = static_cast<int>(std::min<std::int64_t>((current.queue.*member).ns() / 1'000'000'000, INT32_MAX));
        textWrappedDisabled(label);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::InputInt(id, &value, 10, 60) && value >= least) {
            Node n = current;
            n.queue.*member = Duration::seconds(value);
            commitNode(i, std::move(n), id + 2);
        }
    };
    seconds(tr("First retry after (s)"), "##minimal_backoff", &QueueSettings::minimalBackoff, 1);
    seconds(tr("Longest wait between tries (s)"), "##maximal_backoff", &QueueSettings::maximalBackoff, 1);
    seconds(tr("Gives up and bounces after (s)"), "##maximal_lifetime", &QueueSettings::maximalLifetime, 0);
    seconds(tr("Warns the sender of a delay after (s, 0: never)"), "##delay_warning", &QueueSettings::delayWarning, 0);
    int hops = current.queue.hopCountLimit;
    textWrappedDisabled(tr("Most Received: lines before it calls it a loop"));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputInt("##hopcount_limit", &hops) && hops >= 1) {
        Node n = current;
        n.queue.hopCountLimit = hops;
        commitNode(i, std::move(n), "hopcount_limit");
    }
}

void NetworkEditor::trustFields(std::size_t i) {
    const Node& current = m_doc->scenario().nodes[i];
    const float boxHeight = ImGui::GetTextLineHeight() * 3.5f;
    const auto flag = [&](const char* id, const char* label, bool value, auto apply, const char* field) {
        if (checkboxWrapped(id, label, &value)) {
            Node n = current;
            apply(n, value);
            commitNode(i, std::move(n), field);
        }
    };
    textWrappedDisabled(tr("TLS: a certificate from the lesson's CA; STARTTLS on 25, 587, 110 and 143, TLS from the "
                           "first byte on 465, 993 and 995"));
    flag("##tls", tr("TLS on"), current.tls.enabled,
         [](Node& n, bool on) { n.tls = on ? scenario::ServerTls{true, false, scenario::CertificateFault::None} : scenario::ServerTls{}; },
         "tls");
    if (current.tls.enabled) {
        flag("##plaintext_auth", tr("Takes passwords in clear too"), current.tls.plaintextAuth,
             [](Node& n, bool on) { n.tls.plaintextAuth = on; }, "tls");
        const char* kinds[] = {tr("Certificate: good"), tr("Certificate: for another name"), tr("Certificate: expired")};
        const int chosen = static_cast<int>(current.tls.certificate);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##certificate", kinds[chosen])) {
            for (int k = 0; k < 3; ++k)
                if (ImGui::Selectable(kinds[k], k == chosen) && k != chosen) {
                    Node n = current;
                    n.tls.certificate = static_cast<scenario::CertificateFault>(k);
                    commitNode(i, std::move(n), "tls");
                }
            ImGui::EndCombo();
        }
    }
    textWrappedDisabled(tr("Checks the mail that arrives from the Internet (needs a DNS server):"));
    const auto check = [&](const char* name, bool scenario::SenderChecks::*member) {
        bool value = current.checkSenders.*member;
        if (ImGui::Checkbox(name, &value)) {
            Node n = current;
            n.checkSenders.*member = value;
            commitNode(i, std::move(n), "check_senders");
        }
        noteField((std::string("check_") + name).c_str());
    };
    check("SPF", &scenario::SenderChecks::spf);
    ImGui::SameLine();
    check("DKIM", &scenario::SenderChecks::dkim);
    ImGui::SameLine();
    check("DMARC", &scenario::SenderChecks::dmarc);
    flag("##any_sender", tr("Users may send as anyone"), current.anySender, [](Node& n, bool on) { n.anySender = on; },
         "any_sender");
    textWrappedDisabled(tr("DKIM keys it signs its users' mail with, one a line: domain selector [ed25519-sha256]"));
    linesField(i, "##dkim", m_dkim, boxHeight, [](Node& n, std::string_view t) { n.dkim = parseDkim(t); }, "dkim");
    textWrappedDisabled(tr("Forwards, one a line: an address of its domains, then where its mail goes"));
    linesField(i, "##forward", m_forward, boxHeight,
               [](Node& n, std::string_view t) { n.forward = parseForwards(t); }, "forward");
}

void NetworkEditor::linkFields(std::size_t i, float s) {
    const scenario::Link& current = m_doc->scenario().links[i];
    ImGui::TextUnformatted(trf("Link {} – {}", current.a, current.b).c_str());
    problemLines(Place::Link, i, s);
    double latency = current.latency.ns() / 1e6;
    double bandwidth = static_cast<double>(current.bandwidthBitsPerSecond) / 1e6;
    ImGui::TextUnformatted(tr("Latency"));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputDouble("##latency", &latency, 1, 10, "%.3f ms") && latency >= 0) {
        scenario::Link l = current;
        l.latency = Duration::nanos(static_cast<std::int64_t>(std::llround(latency * 1e6)));
        m_doc->execute(std::make_unique<SetLinkCommand>(i, l, "latency"));
    }
    ImGui::TextUnformatted(tr("Bandwidth"));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputDouble("##bandwidth", &bandwidth, 1, 100, "%.3f Mbit/s") && bandwidth > 0) {
        scenario::Link l = current;
        l.bandwidthBitsPerSecond = static_cast<std::int64_t>(std::llround(bandwidth * 1e6));
        m_doc->execute(std::make_unique<SetLinkCommand>(i, l, "bandwidth"));
    }
}

}  // namespace postino::viz
