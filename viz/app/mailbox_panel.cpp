// Mailboxes at the playhead, grouped by address: the server's stored mailbox first, then each
// device's own copy, folder by folder with read / flagged marks, so the POP3 / IMAP
// difference shows at a glance (POP3: the server empties; IMAP: every copy the same).
#include "fonts.h"
#include "i18n.h"
#include "model/mailbox_view.h"
#include "panels.h"
#include "theme.h"

#include "mail/mail_store.h"

#include <fmt/format.h>

#include <map>

namespace postino::viz {

namespace {

struct Cache {
    std::uint64_t lesson = 0;  // serial
    Time time = Time::max();
    std::vector<MailboxAt> boxes;
};

void drawFolder(const std::string& name, const std::vector<MessageAt>& messages) {
    std::size_t unread = 0;
    for (const auto& m : messages) unread += (m.flags & mail::flag::Seen) == 0;
    const std::string title = fmt::format("{}  ({}{})###{}", tr(name.c_str()), trnf("{} message", "{} messages", static_cast<long>(messages.size()), messages.size()),
                                          unread ? trf(", {} unread", unread) : "", name);
    if (!ImGui::TreeNodeEx(title.c_str(), name == "INBOX" ? ImGuiTreeNodeFlags_DefaultOpen : 0)) return;
    for (const auto& m : messages) {
        const bool seen = (m.flags & mail::flag::Seen) != 0;
        std::string marks;
        if (!seen) marks += "● ";
        if (m.flags & mail::flag::Flagged) marks += "⚑ ";
        if (m.flags & mail::flag::Draft) marks += "✎ ";
        if (m.flags & mail::flag::Answered) marks += "↩ ";
        const std::string subject = m.subject.empty() ? std::string(tr("(no subject)")) : m.subject;
        if (!seen) ImGui::PushFont(fonts().bold);
        ImGui::Bullet();  // wrapped, so a long subject ("Undelivered Mail Returned to Sender") is never cut
        ImGui::TextWrapped("%s%s", marks.c_str(), subject.c_str());
        if (!seen) ImGui::PopFont();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", fmt::format("{} {}\nUID {}, {} B{}", tr("From"), m.from, m.uid, m.size,
                                                seen ? std::string() : std::string("\n") + tr("not read yet"))
                                        .c_str());
    }
    if (messages.empty()) ImGui::TextDisabled("%s", tr("empty"));
    ImGui::TreePop();
}

}  // namespace

void drawMailboxPanel(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    static Cache cache;
    if (cache.lesson != ctx.lesson.serial() || cache.time != ctx.player.playhead()) {
        cache.lesson = ctx.lesson.serial();
        cache.time = ctx.player.playhead();
        cache.boxes = mailboxesAt(t, cache.time);
        // A device that checked and found nothing holds an empty copy: show it too (POP3's lesson).
        for (const MailboxBadge& b : ctx.state.badges) {
            bool known = false;
            for (const auto& box : cache.boxes) known |= box.node == b.node && box.mailbox == b.mailbox;
            if (!known) cache.boxes.push_back(MailboxAt{b.node, std::string(b.mailbox), {{"INBOX", {}}}});
        }
    }
    if (cache.boxes.empty()) {
        ImGui::TextDisabled("%s", tr("No mail delivered yet: press Play (Space)."));
        return;
    }
    // By address: the server copy first, then the devices.
    std::map<std::string, std::vector<const MailboxAt*>> byAddress;
    for (const auto& b : cache.boxes) {
        auto& list = byAddress[b.mailbox];
        if (t.nodes[b.node].type == "mail_server") list.insert(list.begin(), &b);
        else list.push_back(&b);
    }
    ImGui::BeginChild("mailboxes");
    for (const auto& [address, holders] : byAddress) {
        ImGui::PushFont(fonts().bold);
        ImGui::TextUnformatted(address.c_str());
        ImGui::PopFont();
        ImGui::Indent();
        for (const MailboxAt* b : holders) {
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
