#include "mta/bounce.h"

#include "mail/header_fields.h"
#include "mail/message_builder.h"
#include "mta/dsn.h"

#include <cstdlib>
#include <fmt/format.h>

namespace postino::mta {

QueuedMessage makeBounce(const QueuedMessage& original, const std::vector<const QueuedRecipient*>& recipients,
                         DsnAction kind, const std::string& reportingMta, const std::string& queueId, Time now,
                         const std::string& language, const scenario::QueueSettings& settings) {
    DsnRequest request;
    request.reportingMta = reportingMta;
    request.queueId = original.queueId;
    request.arrival = original.arrival;
    request.now = now;
    request.originalSender = original.sender;
    request.envid = original.envid;
    request.returnFullMessage = !original.returnHeadersOnly;
    request.originalMessage = original.data;
    request.language = language;
    request.messageIdHost = reportingMta;
    request.delayWarningTime = settings.delayWarning;
    request.maximalQueueLifetime = settings.maximalLifetime;
    request.serial = std::strtoull(queueId.c_str(), nullptr, 16);
    for (const QueuedRecipient* r : recipients) {
        DsnRecipient d;
        d.finalRecipient = r->address;
        d.originalRecipient = r->orcpt;
        d.action = kind;
        d.status = kind == DsnAction::Delivered ? "2.0.0" : r->last.status;
        d.remoteMta = r->last.remoteMta;
        d.diagnostic = r->last.diagnostic;
        d.reason = r->last.reason;
        if (kind == DsnAction::Delayed) d.willRetryUntil = original.arrival + settings.maximalLifetime;
        request.recipients.push_back(std::move(d));
    }
    QueuedMessage bounce;
    bounce.queueId = queueId;
    bounce.sender = "";
    bounce.isBounce = true;
    bounce.arrival = now;
    // Locally made mail: cleanup adds "Received: by host (Postfix) id X; date".
    bounce.data = fmt::format("Received: by {} (Postino) id {};\r\n\t{}\r\n", reportingMta, queueId,
                              mail::rfc5322Date(now)) +
                  buildDsn(request);
    bounce.messageId = mail::headerValue(bounce.data, "Message-ID");
    QueuedRecipient to;
    to.address = original.sender;
    to.notify = kNotifyNever;  // nobody hears of a bounce's fate
    bounce.recipients.push_back(std::move(to));
    return bounce;
}

}  // namespace postino::mta
