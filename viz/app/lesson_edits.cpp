#include "lesson_edits.h"

#include "core/data_dirs.h"
#include "platform.h"
#include "edit_names.h"
#include "event_text.h"
#include "fonts.h"
#include "i18n.h"
#include "network_editor.h"
#include "theme.h"
#include "ui_targets.h"
#include "wrapped_text.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

namespace postino::viz {

namespace {
bool pressedGlfw(int glfwKey) { return ImGui::IsKeyPressed(glfwKey, false); }

// Where Save As first suggests writing: beside a lesson of one's own ("my.json" -> "my-edited.json"),
// but a shipped lesson's copy goes to the folder the viewer was started in, never among the
// shipped lessons (read-only when installed, and each one a lesson of the menu).
std::string suggestedPath(const std::string& path) {
    std::error_code ec;
    if (path.empty()) return (std::filesystem::current_path(ec) / "new-lesson.json").string();  // never saved
    std::filesystem::path p(path);
    if (p.stem().string().ends_with("-edited")) return path;
    const std::string name = p.stem().string() + "-edited.json";
    const auto shipped = core::findData(core::DataKind::Lessons).found;
    if (!shipped.empty() && std::filesystem::equivalent(p.parent_path().empty() ? "." : p.parent_path(), shipped, ec))
        return (std::filesystem::current_path(ec) / name).string();
    return (p.parent_path() / name).string();
}

// Whether Save may write over `path`: a file of the user's, not a shipped lesson nor a lesson never saved.
bool savesInPlace(const std::string& path) {
    if (path.empty()) return false;
    std::error_code ec;
    const std::filesystem::path p(path);
    const auto shipped = core::findData(core::DataKind::Lessons).found;
    return shipped.empty() || !std::filesystem::equivalent(p.parent_path().empty() ? "." : p.parent_path(), shipped, ec);
}
// In the browser the file written lives in the page's memory: the browser downloads it as well.
void offerSavedFile(const std::string& path) {
    if (!platform::kBrowser) return;
    std::ifstream in(path, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    platform::download(std::filesystem::path(path).filename().string(), bytes, "application/json");
}
}  // namespace

void LessonEdits::reset(const Lesson& lesson) {
    m_doc = std::make_unique<LessonDocument>(lesson.scenario());
    NetworkEditor::instance().attach(m_doc.get());
    m_seenRevision = m_doc->revision();
    m_seenPath = m_doc->path();
    m_compose.reset();
    m_saveErrors.clear();
}

ComposeResult LessonEdits::sendFromFirstAccount(const std::string& to, Time playhead, Time end) {
    MailDraft draft;
    const auto accounts = m_doc ? lessonAccounts(m_doc->scenario()) : std::vector<LessonAccount>{};
    if (!accounts.empty()) draft.node = accounts.front().node, draft.from = accounts.front().address;
    draft.to = to;
    draft.subject = "Hello from the class";
    draft.body = "Sent from the window.\n";
    if (!m_doc) return {ComposeProblem::NoSender, {}, {}, {}};
    return sendMail(*m_doc, draft, playhead, end);
}

bool LessonEdits::takeChanged() {
    if (!m_doc || (m_doc->revision() == m_seenRevision && m_doc->path() == m_seenPath)) return false;
    m_seenRevision = m_doc->revision();
    m_seenPath = m_doc->path();  // saved elsewhere: the lesson on screen is that file now (Reload reads it)
    return true;
}

void LessonEdits::fileMenuItems() {
    if (ImGui::MenuItem(tr("Save"), "Ctrl+S", false, m_doc && dirty())) save();
    if (ImGui::MenuItem(tr("Save As…"), "Ctrl+Shift+S", false, m_doc != nullptr)) m_showSaveAs = true;
}

void LessonEdits::save() {
    if (!m_doc) return;
    if (!savesInPlace(m_doc->path())) {
        m_showSaveAs = true;
        return;
    }
    const scenario::SaveResult r = m_doc->saveAs(m_doc->path());
    if (!r.ok()) m_pendingSaveErrors = r.errors, m_showSaveAs = true;
    else offerSavedFile(m_doc->path());
}

void LessonEdits::editMenu() {
    if (!ImGui::BeginMenu(fmt::format("{}###edit", tr("Edit")).c_str())) return;
    // "Undo: moving alice-laptop": the item says what it takes back.
    const auto item = [](const char* verb, const EditName& name) {
        const std::string what = editText(name);
        return (what.empty() ? std::string(verb) : fmt::format("{}: {}", verb, what)) + "###" + verb;
    };
    if (ImGui::MenuItem(item(tr("Undo"), m_doc ? m_doc->undoName() : EditName{}).c_str(), "Ctrl+Z", false,
                        m_doc && m_doc->canUndo()))
        m_doc->undo();
    if (ImGui::MenuItem(item(tr("Redo"), m_doc ? m_doc->redoName() : EditName{}).c_str(), "Ctrl+Shift+Z", false,
                        m_doc && m_doc->canRedo()))
        m_doc->redo();
    ImGui::Separator();
    NetworkEditor::instance().menuItem();
    ImGui::EndMenu();
}

void LessonEdits::mailMenu() {
    if (!ImGui::BeginMenu(fmt::format("{}###mail", tr("Mail")).c_str())) return;
    if (ImGui::MenuItem(tr("Write a mail…"), "Ctrl+M", false, m_doc != nullptr)) m_compose.open(ComposeWindow::Tab::Mail);
    if (ImGui::MenuItem(tr("Check mail, read, flag, move or delete on a device…"), nullptr, false, m_doc != nullptr))
        m_compose.open(ComposeWindow::Tab::Device);
    ImGui::EndMenu();
}

void LessonEdits::handleKeys() {
    const ImGuiIO& io = ImGui::GetIO();
    if (!m_doc || !io.KeyCtrl) return;
    // Saving works while a field is being typed in (what was typed is already in the lesson);
    // Ctrl+Z there is the field's own undo.
    if (pressedGlfw(GLFW_KEY_S) && io.KeyShift) m_showSaveAs = true;
    else if (pressedGlfw(GLFW_KEY_S)) save();
    if (io.WantTextInput) return;
    if (pressedGlfw(GLFW_KEY_Z) && !io.KeyShift) m_doc->undo();
    else if ((pressedGlfw(GLFW_KEY_Z) && io.KeyShift) || pressedGlfw(GLFW_KEY_Y)) m_doc->redo();
    if (pressedGlfw(GLFW_KEY_M)) m_compose.open(ComposeWindow::Tab::Mail);
}

bool LessonEdits::confirmDiscard(std::function<void()> then) {
    if (!dirty() || m_letGo) return true;
    m_afterConfirm = std::move(then);
    m_showConfirm = true;
    return false;
}

void LessonEdits::drawWindows(const Lesson& lesson, Time playhead, Time end, float scale) {
    if (m_doc) m_compose.draw(*m_doc, lesson, playhead, end, scale);
    drawSaveAs(scale);
    drawConfirm(scale);
}

void LessonEdits::drawSaveAs(float scale) {
    if (m_showSaveAs && m_doc) {
        ImGui::OpenPopup("###saveas");
        std::snprintf(m_savePath.data(), m_savePath.size(), "%s", suggestedPath(m_doc->path()).c_str());
        m_saveErrors = std::exchange(m_pendingSaveErrors, {});
        m_replace = false;
    }
    m_showSaveAs = false;
    ImGui::SetNextWindowSize(ImVec2(680 * scale, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(fmt::format("{}###saveas", tr("Save the lesson as")).c_str(), nullptr)) return;
    // In the browser the file goes to the downloads: only its name matters.
    ImGui::TextUnformatted(platform::kBrowser ? tr("Name of the scenario file to download (.json):")
                                              : tr("Path of the scenario file to write (.json):"));
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputText("##path", m_savePath.data(), m_savePath.size(), ImGuiInputTextFlags_EnterReturnsTrue);
    noteLastItem("saveas:path");
    const std::string path = m_savePath.data();
    std::error_code ec;
    const bool exists = !path.empty() && std::filesystem::exists(path, ec) && path != m_doc->path();
    if (exists) ImGui::Checkbox(tr("A file with this name exists: replace it"), &m_replace);
    for (std::size_t i = 0; i < m_saveErrors.size() && i < 8; ++i) {
        if (i == 0) textWrappedColored(errorColor(), tr("Not saved: the loader would refuse the file."));
        ImGui::PushFont(fonts().mono);
        textWrapped(loadErrorText(m_saveErrors[i]));
        ImGui::PopFont();
    }
    ImGui::BeginDisabled(path.empty() || (exists && !m_replace));
    bool save = ImGui::Button(tr("Save"));
    noteLastItem("saveas:save");
    save = save || (enter && !(exists && !m_replace));
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(tr("Cancel"))) {
        m_afterConfirm = nullptr;
        ImGui::CloseCurrentPopup();
    }
    if (save && !path.empty()) {
        const scenario::SaveResult r = m_doc->saveAs(path);
        m_saveErrors = r.errors;
        if (r.ok()) {
            offerSavedFile(path);
            ImGui::CloseCurrentPopup();
            if (auto then = std::move(m_afterConfirm)) {
                m_afterConfirm = nullptr;
                then();
            }
        }
    }
    ImGui::EndPopup();
}

void LessonEdits::drawConfirm(float scale) {
    if (m_showConfirm) ImGui::OpenPopup("###unsaved");
    m_showConfirm = false;
    ImGui::SetNextWindowSize(ImVec2(560 * scale, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(fmt::format("{}###unsaved", tr("Unsaved changes")).c_str(), nullptr)) return;
    textWrapped(tr("This lesson has changes that are not saved. Save them before going on?"));
    ImGui::Spacing();
    if (ImGui::Button(tr("Save As…"))) {
        ImGui::CloseCurrentPopup();
        m_showSaveAs = true;  // m_afterConfirm runs once the file is written
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Discard the changes"))) {
        ImGui::CloseCurrentPopup();
        if (auto then = std::move(m_afterConfirm)) {
            m_afterConfirm = nullptr;
            m_letGo = true;
            then();
            m_letGo = false;
        }
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Cancel"))) {
        m_afterConfirm = nullptr;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace postino::viz
