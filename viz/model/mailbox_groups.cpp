// mailboxesByAddress: mailboxesAt grouped by address, servers first, empty device copies added.
#include "mailbox_groups.h"

#include <map>

namespace postino::viz {

std::vector<MailboxHolders> mailboxesByAddress(const trace::Trace& t, Time time,
                                               const std::vector<MailboxBadge>& badges) {
    std::vector<MailboxAt> boxes = mailboxesAt(t, time);
    // A device that checked and found nothing holds an empty copy: show it too (POP3's lesson).
    for (const MailboxBadge& b : badges) {
        bool known = false;
        for (const auto& box : boxes) known |= box.node == b.node && box.mailbox == b.mailbox;
        if (!known) boxes.push_back(MailboxAt{b.node, std::string(b.mailbox), {{"INBOX", {}}}});
    }
    std::map<std::string, std::vector<MailboxAt>> byAddress;
    for (MailboxAt& b : boxes) {
        auto& list = byAddress[b.mailbox];
        if (t.nodes[b.node].type == "mail_server") list.insert(list.begin(), std::move(b));
        else list.push_back(std::move(b));
    }
    std::vector<MailboxHolders> out;
    for (auto& [address, holders] : byAddress) out.push_back({address, std::move(holders)});
    return out;
}

}  // namespace postino::viz
