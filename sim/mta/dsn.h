// Delivery status notifications (RFC 3464, in a multipart/report of RFC 6522): the bounce a
// mail server sends back to a sender. A plain function of plain structs; no queue, no I/O.
#pragma once

#include "core/time.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace postino::mta {

struct DsnRecipient {
    enum Action { Failed, Delayed, Delivered, Relayed, Expanded };
    std::string finalRecipient;
    std::string originalRecipient;  // ORCPT, may be empty
    Action action = Failed;
    std::string status;      // "5.1.1"
    std::string remoteMta;   // may be empty
    std::string diagnostic;  // the SMTP reply, may be empty
    std::optional<Time> lastAttempt;
    std::optional<Time> willRetryUntil;
    std::string reason;      // Postfix's words for the human-readable part
};

struct DsnRequest {
    std::string reportingMta;
    std::string queueId;
    Time arrival;
    Time now;
    std::string originalSender;
    std::string envid;
    bool returnFullMessage = true;
    std::string originalMessage;
    std::vector<DsnRecipient> recipients;
    std::string language = "en";
    std::string messageIdHost;
    std::uint64_t serial = 0;
};

std::string buildDsn(const DsnRequest& request);

}  // namespace postino::mta
