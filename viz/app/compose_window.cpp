#include "compose_window.h"

#include "event_text.h"
#include "fonts.h"
#include "i18n.h"
#include "theme.h"
#include "ui_targets.h"
#include "wrapped_text.h"

#include <imgui.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace postino::viz {

namespace {

// The device an account is on, as the map names it.
std::string deviceName(const Lesson& lesson, const std::string& node) {
    for (const auto& n : lesson.scenario().nodes)
        if (n.id == node) {
            const std::string& label = n.label.get(currentLanguage());
            return label.empty() ? n.id : label;
        }
    return node;
}

std::string sizeText(std::uint64_t bytes) {
    if (bytes >= 1'000'000) return trf("{} MB", fmt::format("{:.1f}", static_cast<double>(bytes) / 1e6));
    if (bytes >= 1'000) return trf("{} kB", bytes / 1'000);
    return trf("{} bytes", bytes);
}

// A label in the left column, the field after it.
void fieldLabel(const char* text, float labelW) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    ImGui::SameLine(labelW);
}

// The window's one action, wide enough to find at a glance from the back of a room.
ImVec2 buttonSize(const char* text) {
    const float w = ImGui::CalcTextSize(text).x + ImGui::GetStyle().FramePadding.x * 2;
    return ImVec2(std::max(w, ImGui::GetFontSize() * 8), ImGui::GetFrameHeight() * 1.3f);
}

}  // namespace

void ComposeWindow::open(Tab tab) {
    m_open = true;
    m_focus = true;
    m_selectTab = true;
    m_tab = tab;
    m_last = {};
}

void ComposeWindow::reset() {
    m_from = m_account = 0;
    m_attachment = -1;
    m_last = {};
}

void ComposeWindow::accountCombo(const char* id, const std::vector<LessonAccount>& accounts, const Lesson& lesson,
                                 int& chosen) {
    chosen = std::clamp(chosen, 0, std::max(0, static_cast<int>(accounts.size()) - 1));
    const auto text = [&](const LessonAccount& a) { return fmt::format("{} · {}", a.address, deviceName(lesson, a.node)); };
    ImGui::SetNextItemWidth(-1);
    if (!ImGui::BeginCombo(id, accounts.empty() ? tr("This lesson has no accounts") : text(accounts[chosen]).c_str()))
        return;
    for (std::size_t i = 0; i < accounts.size(); ++i)
        if (ImGui::Selectable(text(accounts[i]).c_str(), static_cast<int>(i) == chosen)) chosen = static_cast<int>(i);
    ImGui::EndCombo();
}

void ComposeWindow::drawProblem() const {
    if (m_last.ok()) return;
    const std::string& d = m_last.detail;
    std::string text;
    switch (m_last.problem) {
        case ComposeProblem::None: return;
        case ComposeProblem::NoSender: text = tr("Choose the account to send from."); break;
        case ComposeProblem::UnknownSender: text = trf("{} is not an account of this device in the lesson.", d); break;
        case ComposeProblem::NoRecipient: text = tr("Write at least one address in To."); break;
        case ComposeProblem::BadAddress:
            text = trf("“{}” is not a mail address: write it like bob@recipient.example.", d);
            break;
        case ComposeProblem::TooManyRecipients: text = trf("Too many recipients: {} (at most 50).", d); break;
        case ComposeProblem::SubjectTooLong: text = tr("The subject is too long (at most 900 bytes)."); break;
        case ComposeProblem::BrowserAttachment:
            text = tr("The webmail's form cannot attach files: leave out the attachment, or send from a mail program.");
            break;
        case ComposeProblem::NeedsImap:
            text = trf("{} reads its mail over POP3, so the server never learns what the device does with a "
                       "message. Choose an IMAP account.", d);
            break;
        case ComposeProblem::BrowserCannot:
            text = tr("The webmail's pages can read and delete a message, but not flag or move it.");
            break;
        case ComposeProblem::NoIncoming: text = trf("{} has no way to read mail (neither POP3 nor IMAP).", d); break;
        case ComposeProblem::NoSubject: text = tr("Say which message: a word of its subject."); break;
        case ComposeProblem::NoFolder: text = tr("Say which folder to move it to."); break;
        case ComposeProblem::BeforeStart: text = tr("The playhead is before the start of the lesson."); break;
        case ComposeProblem::PastEnd: text = trf("The lesson ends at {} s: move the playhead back.", d); break;
        case ComposeProblem::Refused: text = tr("The lesson would not load with this change:"); break;
    }
    textWrappedColored(errorColor(), text);
    if (m_last.problem == ComposeProblem::Refused) {
        ImGui::PushFont(fonts().mono);
        for (std::size_t i = 0; i < m_last.errors.size() && i < 5; ++i) textWrapped(loadErrorText(m_last.errors[i]));
        ImGui::PopFont();
    }
}

bool ComposeWindow::draw(LessonDocument& doc, const Lesson& lesson, Time playhead, Time end, float scale) {
    if (!m_open) return false;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(620 * scale, vp->WorkSize.x * 0.9f), 0), ImGuiCond_Appearing);
    if (m_focus) ImGui::SetNextWindowFocus(), m_focus = false;
    bool changed = false;
    if (ImGui::Begin(fmt::format("{}###compose", tr("Write a mail")).c_str(), &m_open, ImGuiWindowFlags_NoCollapse)) {
        float labelW = 0;
        for (const char* l : {tr("From"), tr("To"), tr("Subject"), tr("Text"), tr("Attachment"), tr("Account"),
                              tr("What"), tr("Message"), tr("Folder"), tr("To folder"), tr("From: shown"),
                              tr("Envelope")})
            labelW = std::max(labelW, ImGui::CalcTextSize(l).x);
        labelW += ImGui::GetStyle().WindowPadding.x + ImGui::GetStyle().ItemSpacing.x * 2;
        if (ImGui::BeginTabBar("compose-tabs")) {
            const auto tab = [&](const char* title, Tab which) {
                const bool forward = m_selectTab && m_tab == which;
                return ImGui::BeginTabItem(title, nullptr, forward ? ImGuiTabItemFlags_SetSelected : 0);
            };
            if (tab(tr("Mail"), Tab::Mail)) {
                changed = drawMail(doc, lesson, playhead, end, labelW);
                ImGui::EndTabItem();
            }
            if (tab(tr("On a device"), Tab::Device)) {
                changed = drawDevice(doc, lesson, playhead, end, labelW) || changed;
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
            m_selectTab = false;
        }
    }
    ImGui::End();
    return changed;
}

bool ComposeWindow::drawMail(LessonDocument& doc, const Lesson& lesson, Time playhead, Time end, float labelW) {
    const auto accounts = lessonAccounts(doc.scenario());
    fieldLabel(tr("From"), labelW);
    accountCombo("##from", accounts, lesson, m_from);
    fieldLabel(tr("To"), labelW);
    ImGui::SetNextItemWidth(-(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x));
    ImGui::InputTextWithHint("##to", "bob@recipient.example, carol@recipient.example", m_to.data(), m_to.size());
    noteLastItem("compose:to");
    // The lesson's mailboxes, one click away: a student need not know them by heart.
    ImGui::SameLine();
    if (ImGui::BeginCombo("##pick", nullptr, ImGuiComboFlags_NoPreview | ImGuiComboFlags_PopupAlignLeft)) {
        ImGui::TextDisabled("%s", tr("Addresses in this lesson"));
        for (const std::string& address : lessonMailboxes(doc.scenario()))
            if (ImGui::Selectable(address.c_str())) {
                std::string to = m_to.data();
                while (!to.empty() && (to.back() == ' ' || to.back() == ',')) to.pop_back();
                to += (to.empty() ? "" : ", ") + address;
                std::snprintf(m_to.data(), m_to.size(), "%s", to.c_str());
            }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Addresses in this lesson"));
    fieldLabel(tr("Subject"), labelW);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##subject", m_subject.data(), m_subject.size());
    noteLastItem("compose:subject");
    fieldLabel(tr("Text"), labelW);
    ImGui::InputTextMultiline("##body", m_body.data(), m_body.size(),
                              ImVec2(-1, ImGui::GetTextLineHeight() * 5 + ImGui::GetStyle().FramePadding.y * 2));
    fieldLabel(tr("Attachment"), labelW);
    const auto files = bundledAttachments();
    m_attachment = std::clamp(m_attachment, -1, static_cast<int>(files.size()) - 1);
    const auto fileText = [&](int i) {
        if (i < 0) return std::string(tr("None"));
        const auto& f = files[static_cast<std::size_t>(i)];
        return fmt::format("{} ({})", f.name, sizeText(f.size));
    };
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##attachment", fileText(m_attachment).c_str())) {
        for (int i = -1; i < static_cast<int>(files.size()); ++i)
            if (ImGui::Selectable(fileText(i).c_str(), i == m_attachment)) m_attachment = i;
        ImGui::EndCombo();
    }
    // What a forger does (lesson 15): closed until opened, so an ordinary mail stays simple.
    if (ImGui::CollapsingHeader(tr("Pretend to be someone else"))) {
        textWrappedDisabled(tr("What a forger does. The reader sees the From: you write; the servers and SPF see the "
                               "envelope. The account's server refuses an envelope that is not the account's unless "
                               "it lets its users send as anyone."));
        fieldLabel(tr("From: shown"), labelW);
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##from-header", "Your Bank <security@bank.example>", m_fromHeader.data(),
                                 m_fromHeader.size());
        noteLastItem("compose:from-header");
        fieldLabel(tr("Envelope"), labelW);
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##mail-from", "security@bank.example", m_mailFrom.data(), m_mailFrom.size());
        noteLastItem("compose:mail-from");
    }
    ImGui::Spacing();
    textWrapped(trf("It leaves at {} s, where the player stands; the world is then simulated again.",
                            fmt::format("{:.3f}", playhead.toSeconds())));
    drawProblem();
    const bool send = ImGui::Button(tr("Send"), buttonSize(tr("Send")));
    noteLastItem("compose:send");
    if (!send || accounts.empty()) return false;
    MailDraft draft;
    draft.node = accounts[static_cast<std::size_t>(m_from)].node;
    draft.from = accounts[static_cast<std::size_t>(m_from)].address;
    draft.to = m_to.data();
    draft.subject = m_subject.data();
    draft.body = m_body.data();
    draft.attachment = m_attachment;
    draft.fromHeader = m_fromHeader.data();
    draft.mailFrom = m_mailFrom.data();
    m_last = sendMail(doc, draft, playhead, end);
    if (!m_last.ok()) return false;
    m_open = false;
    m_to[0] = m_subject[0] = m_body[0] = m_fromHeader[0] = m_mailFrom[0] = '\0';
    m_attachment = -1;
    return true;
}

bool ComposeWindow::drawDevice(LessonDocument& doc, const Lesson& lesson, Time playhead, Time end, float labelW) {
    // Only the accounts that read mail on their device (POP3, IMAP, or a browser's webmail).
    auto accounts = lessonAccounts(doc.scenario());
    std::erase_if(accounts, [](const LessonAccount& a) {
        return !a.browser && a.incoming == scenario::IncomingProtocol::None;
    });
    fieldLabel(tr("Account"), labelW);
    accountCombo("##account", accounts, lesson, m_account);
    fieldLabel(tr("What"), labelW);
    const char* whats[] = {tr("Check mail now"), tr("Read a message"), tr("Flag a message"), tr("Move a message"),
                           tr("Delete a message")};
    ImGui::SetNextItemWidth(-1);
    ImGui::Combo("##what", &m_deviceDo, whats, IM_ARRAYSIZE(whats));
    const bool onMessage = m_deviceDo != 0;
    ImGui::BeginDisabled(!onMessage);
    fieldLabel(tr("Message"), labelW);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##message", tr("a word of its subject"), m_message.data(), m_message.size());
    noteLastItem("compose:message");
    ImGui::EndDisabled();
    fieldLabel(tr("Folder"), labelW);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##in-folder", "INBOX", m_inFolder.data(), m_inFolder.size());
    noteLastItem("compose:folder");
    ImGui::BeginDisabled(m_deviceDo != 3);
    fieldLabel(tr("To folder"), labelW);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##folder", "Archive", m_folder.data(), m_folder.size());
    ImGui::EndDisabled();
    ImGui::Spacing();
    textWrapped(trf("It happens at {} s, where the player stands; the world is then simulated again.",
                            fmt::format("{:.3f}", playhead.toSeconds())));
    drawProblem();
    const bool doIt = ImGui::Button(tr("Do it"), buttonSize(tr("Do it")));
    noteLastItem("compose:do");
    if (!doIt || accounts.empty()) return false;
    DeviceRequest request;
    request.what = static_cast<DeviceDo>(m_deviceDo);
    request.node = accounts[static_cast<std::size_t>(m_account)].node;
    request.account = accounts[static_cast<std::size_t>(m_account)].address;
    if (onMessage) request.subject = m_message.data();
    request.folder = m_inFolder.data();
    if (m_deviceDo == 3) request.toFolder = m_folder.data();
    m_last = doOnDevice(doc, request, playhead, end);
    if (!m_last.ok()) return false;
    m_open = false;
    return true;
}

}  // namespace postino::viz
