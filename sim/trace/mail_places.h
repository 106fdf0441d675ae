// Writes the mail whereabouts records (MailInfo, MailPlaceRecord): the mail id of a message by
// its Message-ID, and each arrival at or departure from a place. The nodes and the queue manager
// call it where they know it; it decides nothing, keeps no state but the trace's own index.
#pragma once

#include "trace/trace.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace postino::trace {

// The mail id of the message text `data` (its Message-ID field), registered on first sight with
// its Subject, From and To. 0 when the text has no Message-ID (nothing is recorded for it then).
std::uint32_t mailIdOf(Trace& trace, std::string_view data, bool isBounce = false);

// Appends one place record (mail 0 is ignored); records must come in time order.
void placeMail(Trace& trace, const MailPlaceRecord& record);

// Shorthands for the writers.
void mailArrived(Trace& trace, Time time, std::uint32_t mail, NodeIndex node, MailPlace place,
                 std::string account = {}, std::string folder = {}, std::uint32_t uid = 0,
                 std::uint32_t connection = 0);
void mailLeft(Trace& trace, Time time, std::uint32_t mail, NodeIndex node, MailPlace place,
              std::string account = {}, std::string folder = {}, std::uint32_t uid = 0,
              std::uint32_t connection = 0);

}  // namespace postino::trace
