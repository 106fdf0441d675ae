#include "mta/virtual_alias.h"

#include <algorithm>

namespace postino::mta {

std::vector<std::pair<std::string, std::string>> rewriteRecipients(std::vector<QueuedRecipient>& recipients,
                                                                   const std::map<std::string, std::string>& aliases) {
    std::vector<std::pair<std::string, std::string>> done;
    if (aliases.empty()) return done;
    std::vector<QueuedRecipient> out;
    for (QueuedRecipient& r : recipients) {
        std::string target = r.address;
        // Alias after alias, as Postfix expands them; the scenario loader refuses circles, the
        // bound only keeps a bad table from looping.
        for (int step = 0; step < 10; ++step) {
            const auto it = aliases.find(target);
            if (it == aliases.end()) break;
            target = it->second;
        }
        if (target != r.address) {
            done.emplace_back(r.address, target);
            // Postfix keeps the address as received (orig_rcpt): its DSNs and its SMTP client's
            // ORCPT= name it when the sender gave no ORCPT of its own.
            if (r.orcpt.empty()) r.orcpt = "rfc822;" + r.address;
            r.address = target;
        }
        const bool twice = std::any_of(out.begin(), out.end(),
                                       [&](const QueuedRecipient& q) { return q.address == r.address; });
        if (!twice) out.push_back(std::move(r));
    }
    recipients = std::move(out);
    return done;
}

}  // namespace postino::mta
