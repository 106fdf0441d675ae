#include "model/mailbox_view.h"

#include "model/mailbox_history.h"

#include "mail/mail_store.h"

#include <algorithm>

namespace postino::viz {

MessageMarks messageMarks(std::uint8_t flags) {
    MessageMarks m;
    if (!(flags & mail::flag::Seen)) m.status = "●";
    if (flags & mail::flag::Flagged) m.flags += "⚑ ";
    if (flags & mail::flag::Draft) m.flags += "✎ ";
    if (flags & mail::flag::Answered) m.flags += "↩ ";
    return m;
}

std::size_t MailboxAt::messageCount() const {
    std::size_t n = 0;
    for (const auto& [name, messages] : folders) n += messages.size();
    return n;
}

std::vector<MailboxAt> mailboxesAt(const trace::Trace& trace, Time t) {
    std::map<std::pair<trace::NodeIndex, std::string>, MailboxAt> boxes;
    HoldingRule rule;  // the badges' rule: shared mailboxes under their own address, browsers hold nothing
    for (const trace::MailboxRecord& r : trace.mailboxRecords) {
        if (r.time > t) break;  // recorded in time order
        const auto holding = rule(r);
        if (!holding || holdsNoMail(trace, r.node)) continue;
        MailboxAt& box = boxes[{r.node, std::string(holding->address)}];
        box.node = r.node;
        box.mailbox = holding->address;
        std::vector<MessageAt>& folder = box.folders[std::string(holding->folder)];
        auto it = std::lower_bound(folder.begin(), folder.end(), r.uid,
                                   [](const MessageAt& m, std::uint32_t uid) { return m.uid < uid; });
        const bool found = it != folder.end() && it->uid == r.uid;
        switch (r.op) {
            case trace::MailboxRecord::Op::Added:
                if (!found) it = folder.insert(it, MessageAt{r.uid, r.flags, r.subject, r.from, r.size});
                break;
            case trace::MailboxRecord::Op::FlagsChanged:
                if (found) it->flags = r.flags;
                break;
            case trace::MailboxRecord::Op::Removed:
                if (found) folder.erase(it);
                break;
        }
    }
    std::vector<MailboxAt> out;
    out.reserve(boxes.size());
    for (auto& [key, box] : boxes) out.push_back(std::move(box));
    return out;
}

}  // namespace postino::viz
