// What became of every mail the servers accepted, per recipient, read from the queue records:
// delivered, relayed onward, bounced, or still queued (with the last reason). The summary counts
// and the "nothing is lost" checks read it; it never simulates.
#pragma once

#include "trace/trace.h"

#include <cstddef>
#include <string>
#include <vector>

namespace postino::trace {

struct RecipientFate {
    NodeIndex node = 0;
    std::string queueId;
    std::string messageId;
    std::string recipient;
    bool isBounce = false;       // the mail is itself a bounce
    RecipientStatus status = RecipientStatus::Pending;
    bool stillQueued = false;    // the run ended with this recipient still waiting in that server's queue
    std::string reason;          // the last outcome in words
    int deferrals = 0;           // attempts that ended deferred for this recipient
};

// One entry per recipient of every mail that entered a queue, in order of arrival.
std::vector<RecipientFate> mailFates(const Trace& trace);

struct MailCounts {
    std::size_t mails = 0;       // mails that entered a queue (bounces included)
    std::size_t recipients = 0;  // their recipients
    std::size_t delivered = 0, relayed = 0, bounced = 0, queued = 0;
    std::size_t deferrals = 0;   // attempts that ended deferred, per recipient
    std::size_t bounces = 0;     // bounce messages the servers made
};
MailCounts countMail(const Trace& trace);

}  // namespace postino::trace
