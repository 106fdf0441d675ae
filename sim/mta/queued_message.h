// A mail in a server's queue as the queue manager keeps it: the envelope, the message text,
// each recipient's delivery state and last outcome, the RFC 3461 DSN requests, attempts and
// the next retry. Plain data; QueueManager changes it, the trace keeps snapshots.
#pragma once

#include "core/event_queue.h"
#include "core/time.h"
#include "mta/delivery_outcome.h"
#include "trace/trace.h"

#include <string>
#include <vector>

namespace postino::mta {

// RFC 3461 NOTIFY= values; none set means the default (FAILURE and DELAY).
enum NotifyFlag : unsigned { kNotifyNever = 1, kNotifySuccess = 2, kNotifyFailure = 4, kNotifyDelay = 8 };

struct QueuedRecipient {
    std::string address;
    std::string orcpt;   // RFC 3461 ORCPT ("rfc822;bob@x.example"), or ""
    unsigned notify = 0;
    trace::RecipientStatus status = trace::RecipientStatus::Pending;
    DeliveryOutcome last;  // the latest outcome (verdict, status, reply)
    bool wantsFailureNotice() const { return !(notify & kNotifyNever) && (notify == 0 || (notify & kNotifyFailure)); }
    bool wantsDelayNotice() const { return !(notify & kNotifyNever) && (notify == 0 || (notify & kNotifyDelay)); }
    bool finished() const {
        return status == trace::RecipientStatus::Delivered || status == trace::RecipientStatus::Relayed ||
               status == trace::RecipientStatus::Bounced;
    }
};

struct QueuedMessage {
    std::string queueId;
    std::string messageId;
    std::string sender;  // "" for a bounce (MAIL FROM:<>)
    std::string data;    // after cleanup, CRLF
    // What cleanup added to the text as received (CleanedMessage::topBytes, headerEnd), so a
    // delivery can say what its copy holds beyond what the connection carried.
    std::size_t cleanupTopBytes = 0;
    std::string cleanupHeaderEnd;
    Time arrival;
    bool isBounce = false;
    bool returnHeadersOnly = false;  // RFC 3461 RET=HDRS
    std::string envid;               // RFC 3461 ENVID
    std::vector<QueuedRecipient> recipients;

    trace::QueueName queue = trace::QueueName::Incoming;
    int attempts = 0;
    Time nextAttempt = Time::max();
    bool delayWarned = false;
    // The attempt under way: delivery agents still to report, and what they reported.
    int agentsOut = 0;
    std::vector<DeliveryOutcome> reported;
    EventHandle retryTimer;
};

}  // namespace postino::mta
