// Postfix's cleanup(8) for an accepted message: the Received: line on top, a Message-Id and
// a Date when the message has none (at the end of the header section, as cleanup does), and
// the hop count a message has travelled (its Received: lines), which stops mail loops.
#pragma once

#include "core/time.h"
#include "smtp/server_types.h"

#include <cstddef>
#include <string>
#include <vector>

namespace postino::mta {

struct CleanedMessage {
    std::string data;                       // the message as it enters the queue
    std::string messageId;                  // its Message-ID value ("<...>")
    std::vector<std::string> addedHeaders;  // "Received", "Message-Id", "Date"
    // What cleanup put around the text it was given: data = top + text, with `headerEnd`
    // (Message-Id:, Date: when missing) inserted at the end of its header section.
    std::size_t topBytes = 0;
    std::string headerEnd;
};

// `queueId` names the message in the Received: line (and in a Message-Id cleanup makes).
CleanedMessage cleanup(const smtp::AcceptedMessage& in, const std::string& hostname, const std::string& queueId,
                       Time now);

// "ESMTPSA"-style protocol name of RFC 3848 for the Received: line: SMTP or ESMTP, +S with TLS,
// +A with AUTH ("ESMTPA": authenticated without TLS).
std::string receivedProtocol(bool esmtp, bool tls, bool authenticated);

// The reply Postfix's smtpd gives at the end of DATA when a message has `limit` or more
// Received: lines ("554 5.4.6 Error: too many hops"), or "" when it has fewer.
std::string hopCountRefusal(std::string_view data, int limit);

}  // namespace postino::mta
