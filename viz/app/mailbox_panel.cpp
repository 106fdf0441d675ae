// Mailboxes at the playhead: on each server the mailbox as the server stores it, on each
// device its own copy, so the POP3 / IMAP difference shows at a glance.
#include "i18n.h"
#include "fonts.h"
#include "panels.h"
#include "theme.h"

#include <fmt/format.h>

namespace postino::viz {

void drawMailboxPanel(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    const auto& badges = ctx.state.badges;
    if (badges.empty()) {
        ImGui::TextDisabled("%s", tr("No mail delivered yet: press Play (Space)."));
        return;
    }
    trace::NodeIndex lastNode = static_cast<trace::NodeIndex>(-1);
    for (const MailboxBadge& b : badges) {
        if (b.node != lastNode) {
            lastNode = b.node;
            const auto& node = t.nodes[b.node];
            const bool server = node.type == "mail_server";
            ImGui::Spacing();
            ImGui::PushFont(fonts().bold);
            ImGui::TextUnformatted(node.id.c_str());
            ImGui::PopFont();
            ImGui::SameLine();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(mutedTextColor()), "%s",
                               server ? tr("(stored on the server)") : tr("(the copy on this device)"));
        }
        ImGui::BulletText("%s", fmt::format("{}: {}", std::string(b.mailbox),
                                            fmt::format(fmt::runtime(trn("{} message", "{} messages", b.count)), b.count))
                                    .c_str());
    }
}

}  // namespace postino::viz
