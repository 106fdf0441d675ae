// The "nothing is lost" check the world tests share: every mail a server accepted ends, per
// recipient, delivered, relayed, bounced, or still queued with its reason; and every accepted
// mail has a queue record. Test-only code.
#pragma once

#include "trace/mail_fate.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

namespace postino::testing {

inline void checkNothingLost(const trace::Trace& t) {
    std::set<std::string> queued;
    for (const trace::RecipientFate& f : trace::mailFates(t)) {
        INFO("queue id " << f.queueId << " on node " << f.node << ", recipient " << f.recipient);
        queued.insert(f.messageId);
        if (f.stillQueued) {
            CHECK(f.status == trace::RecipientStatus::Deferred);
            CHECK(!f.reason.empty());
        } else {
            CHECK((f.status == trace::RecipientStatus::Delivered || f.status == trace::RecipientStatus::Relayed ||
                   f.status == trace::RecipientStatus::Bounced));
        }
    }
    for (const auto& e : t.events)
        if (e.kind == trace::EventKind::MailAccepted) {
            INFO("accepted message " << e.messageId);
            CHECK(queued.count(e.messageId));
        }
}

}  // namespace postino::testing
