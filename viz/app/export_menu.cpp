#include "export_menu.h"

#include "i18n.h"
#include "platform.h"
#include "theme.h"
#include "ui_targets.h"
#include "wrapped_text.h"

#include <fmt/format.h>
#include <imgui.h>

#include <cstdio>
#include <filesystem>
#include <utility>

namespace postino::viz {

namespace {

void tooltip(const std::string& text) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    textWrapped(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

// Why the file was not written, in the interface's language, with the path.
std::string problemText(const std::string& path, const WriteProblem& problem) {
    switch (problem.kind) {
        case WriteProblem::Kind::None: return {};
        case WriteProblem::Kind::NoFolder:
            return trf("Not exported: {} cannot be written because the folder {} does not exist.", path, problem.detail);
        case WriteProblem::Kind::IsFolder: return trf("Not exported: {} is a folder.", path);
        case WriteProblem::Kind::Other: return trf("Not exported: {} cannot be written: {}", path, problem.detail);
    }
    return {};
}

}  // namespace

ExportMenu& ExportMenu::instance() {
    static ExportMenu menu;
    return menu;
}

const std::optional<MessageExport>& ExportMenu::shownMessage(const Lesson& lesson, const Selection& selection) {
    // Only a message the inspector is showing now counts (it draws every frame while in view).
    const bool shown = selection.message.frame >= ImGui::GetFrameCount() - 1;
    const int carried = shown ? selection.message.carried : -1;
    const int copy = shown ? selection.message.copy : -1;
    if (m_message.lesson != lesson.serial() || m_message.carried != carried || m_message.copy != copy)
        m_message = {lesson.serial(), carried, copy, messageFile(lesson.trace(), carried, copy)};
    return m_message.message;
}

void ExportMenu::menu(const Lesson* lesson, const Selection& selection) {
    const bool loaded = lesson && lesson->ok();
    if (!beginMenuNoted(fmt::format("{}###export", tr("Export")).c_str(), "menu:export", loaded)) return;
    if (ImGui::MenuItem(tr("Transcript (.txt)")))
        start(transcriptFile(lesson->scenario(), lesson->trace(), lesson->path()));
    noteLastItem("export:transcript");
    if (ImGui::IsItemHovered()) tooltip(tr("The timeline and every connection's protocol lines, as the command "
                                          "line prints them with postino run --transcript."));
    if (ImGui::MenuItem(tr("Packets for Wireshark (.pcap)"))) start(pcapFile(lesson->trace(), lesson->path()));
    noteLastItem("export:pcap");
    const std::optional<MessageExport>& message = shownMessage(*lesson, selection);
    if (ImGui::MenuItem(tr("This message (.eml)"), nullptr, false, message.has_value())) start(message->file);
    noteLastItem("export:message");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        if (message)
            tooltip(fmt::format("“{}”\n{}", message->subject,
                                message->deliveredTo.empty() ? std::string(tr("as carried on this connection"))
                                                             : trf("as delivered into the mailbox of {}", message->deliveredTo)));
        else if (m_message.carried < 0)
            tooltip(tr("Choose a message in the Message inspector first: this exports the one it shows."));
        else
            tooltip(tr("This message never arrived whole: its connection ended in the middle of it."));
    }
    ImGui::EndMenu();
}

void ExportMenu::start(ExportFile file) {
    if (platform::download(file.fileName, file.bytes, file.mimeType)) return;  // the browser
    m_file = std::move(file);
    m_show = true;
}

void ExportMenu::drawWindow(float scale) {
    if (m_show) {
        ImGui::OpenPopup("###exportas");
        std::error_code ec;
        std::snprintf(m_path.data(), m_path.size(), "%s", (std::filesystem::current_path(ec) / m_file.fileName).string().c_str());
        m_replace = false;
        m_error.clear();
        m_show = false;
    }
    // Its height follows what it holds (an error line comes and goes): the buttons stay in view.
    ImGui::SetNextWindowSize(ImVec2(680 * scale, 0), ImGuiCond_Always);
    if (!ImGui::BeginPopupModal(fmt::format("{}###exportas", tr("Export as")).c_str(), nullptr)) return;
    ImGui::TextUnformatted(tr("Path of the file to write:"));
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputText("##path", m_path.data(), m_path.size(), ImGuiInputTextFlags_EnterReturnsTrue);
    noteLastItem("exportas:path");
    const std::string path = m_path.data();
    std::error_code ec;
    const bool exists = !path.empty() && std::filesystem::exists(path, ec);
    if (exists) {
        ImGui::Checkbox(tr("A file with this name exists: replace it"), &m_replace);
        noteLastItem("exportas:replace");
    }
    if (!m_error.empty()) textWrappedColored(errorColor(), m_error);
    const bool blocked = path.empty() || (exists && !m_replace);
    ImGui::BeginDisabled(blocked);
    bool write = ImGui::Button(tr("Export"));
    noteLastItem("exportas:export");
    write = write || (enter && !blocked);
    ImGui::EndDisabled();
    ImGui::SameLine();
    bool close = ImGui::Button(tr("Cancel"));
    if (write) {
        const WriteProblem problem = writeExportFile(path, m_file.bytes);
        m_error = problemText(path, problem);
        close = close || problem.ok();
    }
    if (close) {
        m_file = {};  // a pcap may be large: not kept once written or let go
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace postino::viz
