// Mailboxes at the playhead, grouped by address: the server's stored mailbox first, then each
// device's own copy, folder by folder with read / flagged marks, so the POP3 / IMAP
// difference shows at a glance (POP3: the server empties; IMAP: every copy the same).
#include "fonts.h"
#include "i18n.h"
#include "message_mark.h"
#include "model/mailbox_groups.h"
#include "model/mailbox_view.h"
#include "panels.h"
#include "theme.h"
#include "wrapped_text.h"

#include "mail/mail_store.h"

#include <fmt/format.h>

#include <map>

namespace postino::viz {

namespace {

struct Cache {
    std::uint64_t lesson = 0;  // serial
    Time time = Time::max();
    std::vector<MailboxHolders> byAddress;
};

void drawFolder(const std::string& name, const std::vector<MessageAt>& messages) {
    std::size_t unread = 0;
    for (const auto& m : messages) unread += (m.flags & mail::flag::Seen) == 0;
    const std::string count = fmt::format("({}{})", trnf("{} message", "{} messages", static_cast<long>(messages.size()), messages.size()),
                                          unread ? trf(", {} unread", unread) : "");
    // The folder and its count on one line when they fit, else the count under the name (never cut).
    const std::string whole = fmt::format("{}  {}", tr(name.c_str()), count);
    const bool oneLine = ImGui::CalcTextSize(whole.c_str()).x + ImGui::GetTreeNodeToLabelSpacing() <= ImGui::GetContentRegionAvail().x;
    const bool open = ImGui::TreeNodeEx(fmt::format("{}###{}", oneLine ? whole : std::string(tr(name.c_str())), name).c_str(),
                                        name == "INBOX" ? ImGuiTreeNodeFlags_DefaultOpen : 0);
    if (!oneLine) {
        ImGui::Indent(ImGui::GetTreeNodeToLabelSpacing());
        ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
        textWrapped(count);
        ImGui::PopStyleColor();
        ImGui::Unindent(ImGui::GetTreeNodeToLabelSpacing());
    }
    if (!open) return;
    for (const auto& m : messages) {
        const bool seen = (m.flags & mail::flag::Seen) != 0;
        const MessageMarks marks = messageMarks(m.flags);
        const std::string subject = m.subject.empty() ? std::string(tr("(no subject)")) : m.subject;
        if (!seen) ImGui::PushFont(fonts().bold);
        // The unread mark in a cell of its own (empty when read), so read and unread subjects line up.
        markCell(marks.status, ImGui::GetColorU32(ImGuiCol_Text));
        ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
        // wrapped, so a long subject ("Undelivered Mail Returned to Sender") is never cut
        textWrapped(marks.flags + subject);
        if (!seen) ImGui::PopFont();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", fmt::format("{} {}\nUID {}, {} B{}", tr("From"), m.from, m.uid, m.size,
                                                seen ? std::string() : std::string("\n") + tr("not read yet"))
                                        .c_str());
    }
    if (messages.empty()) ImGui::TextDisabled("%s", tr("empty"));
    ImGui::TreePop();
}

class MailboxPanel final : public Panel {
public:
    const char* id() const override { return "mailboxes"; }
    const char* title() const override { return tr("Mailboxes"); }
    void reset() override { m_cache = Cache{}; }
    void draw(ViewContext& ctx) override;

private:
    Cache m_cache;  // the mailboxes at the playhead, rebuilt when it moves
};

}  // namespace

std::unique_ptr<Panel> makeMailboxPanel() { return std::make_unique<MailboxPanel>(); }

void MailboxPanel::draw(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    Cache& cache = m_cache;
    if (cache.lesson != ctx.lesson.serial() || cache.time != ctx.player.playhead()) {
        cache.lesson = ctx.lesson.serial();
        cache.time = ctx.player.playhead();
        cache.byAddress = mailboxesByAddress(t, cache.time, ctx.state.badges);
    }
    if (cache.byAddress.empty()) {
        // At the start, how to begin; later (a mail waiting in a queue), just what is so.
        mutedWrapped(ctx.player.playhead() == Time::zero() ? tr("No mail delivered yet: press Play (Space).")
                                                            : tr("No mail delivered yet."));
        return;
    }
    ImGui::BeginChild("mailboxes");
    for (const auto& [address, holders] : cache.byAddress) {
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted(address.c_str());
        ImGui::PopFont();
        ImGui::Indent();
        for (const MailboxAt& box : holders) {
            const MailboxAt* b = &box;
            ImGui::PushID(static_cast<int>(b->node));
            ImGui::PushID(address.c_str());
            const bool server = t.nodes[b->node].type == "mail_server";
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(server ? protocolColor(net::AppProtocol::Smtp)
                                                                     : protocolColor(net::AppProtocol::Imap)),
                               "%s", (server ? trf("on the server {}", t.nodes[b->node].id)
                                            : trf("on the device {}", t.nodes[b->node].id)).c_str());
            for (const auto& [folder, messages] : b->folders) drawFolder(folder, messages);
            ImGui::PopID();
            ImGui::PopID();
        }
        ImGui::Unindent();
        ImGui::Separator();
    }
    ImGui::EndChild();
}

}  // namespace postino::viz
