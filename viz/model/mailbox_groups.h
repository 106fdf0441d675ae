// The mailbox inspector's list at time t: every address with the places that hold its mail,
// the server's stored mailbox first, then each device's copy (with an empty INBOX for a device
// that checked and found nothing: POP3's lesson). Reads the trace and the scene's badges only.
#pragma once

#include "model/mailbox_view.h"
#include "model/scene_state.h"

#include <string>
#include <vector>

namespace postino::viz {

struct MailboxHolders {
    std::string address;
    std::vector<MailboxAt> holders;  // the server's first, then the devices' in node order
};

// By address (sorted); `badges`: the scene's mailbox badges at the same t.
std::vector<MailboxHolders> mailboxesByAddress(const trace::Trace& t, Time time,
                                               const std::vector<MailboxBadge>& badges);

}  // namespace postino::viz
