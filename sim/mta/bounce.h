// Turns failed (or late) recipients of a queued mail into the bounce that goes back to its
// sender: a DSN (mta/dsn) from MAILER-DAEMON with MAIL FROM:<>, ready for the queue, with the
// Received: line Postfix's cleanup gives locally made mail.
#pragma once

#include "core/time.h"
#include "mta/dsn.h"
#include "mta/queued_message.h"
#include "scenario/scenario.h"

#include <string>
#include <vector>

namespace postino::mta {

// `kind`: Failed (a bounce), Delayed (a delay warning) or Delivered (a NOTIFY=SUCCESS report).
QueuedMessage makeBounce(const QueuedMessage& original, const std::vector<const QueuedRecipient*>& recipients,
                         DsnAction kind, const std::string& reportingMta, const std::string& queueId, Time now,
                         const std::string& language, const scenario::QueueSettings& settings);

}  // namespace postino::mta
