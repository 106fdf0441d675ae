#include "trace/mail_fate.h"

#include <map>
#include <set>
#include <tuple>

namespace postino::trace {

std::vector<RecipientFate> mailFates(const Trace& trace) {
    std::vector<RecipientFate> out;
    std::map<std::pair<NodeIndex, std::string>, std::size_t> first;  // (node, queue id) -> index of its first fate
    std::set<std::tuple<NodeIndex, std::string, int>> deferredAttempts;
    for (const QueueRecord& r : trace.queue) {
        const auto key = std::make_pair(r.node, r.queueId);
        auto it = first.find(key);
        if (it == first.end()) {
            it = first.emplace(key, out.size()).first;
            for (const QueueRecipient& q : r.recipients) {
                RecipientFate f;
                f.node = r.node;
                f.queueId = r.queueId;
                f.messageId = r.messageId;
                f.recipient = q.address;
                f.isBounce = r.isBounce;
                out.push_back(std::move(f));
            }
        }
        const bool countDeferrals =
            r.queue == QueueName::Deferred && deferredAttempts.emplace(r.node, r.queueId, r.attempts).second;
        for (std::size_t i = 0; i < r.recipients.size(); ++i) {
            RecipientFate& f = out[it->second + i];
            f.status = r.recipients[i].status;
            f.reason = r.recipients[i].lastReply;
            // A recipient that finished stays finished while the others of its mail wait.
            f.stillQueued = r.queue != QueueName::Removed && (f.status == RecipientStatus::Pending ||
                                                               f.status == RecipientStatus::Deferred);
            if (countDeferrals && f.status == RecipientStatus::Deferred) ++f.deferrals;
        }
    }
    return out;
}

MailCounts countMail(const Trace& trace) {
    MailCounts c;
    std::set<std::pair<NodeIndex, std::string>> mails;
    for (const RecipientFate& f : mailFates(trace)) {
        if (mails.emplace(f.node, f.queueId).second) {
            ++c.mails;
            c.bounces += f.isBounce;
        }
        ++c.recipients;
        c.deferrals += static_cast<std::size_t>(f.deferrals);
        if (f.stillQueued) {
            ++c.queued;
            continue;
        }
        c.delivered += f.status == RecipientStatus::Delivered;
        c.relayed += f.status == RecipientStatus::Relayed;
        c.bounced += f.status == RecipientStatus::Bounced;
    }
    return c;
}

}  // namespace postino::trace
