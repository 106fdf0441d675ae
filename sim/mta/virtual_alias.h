// Postfix's virtual alias rewriting (virtual_alias_maps, done by cleanup(8) as mail is accepted):
// a recipient address with an alias is replaced by its target, following alias after alias; the
// sender (MAIL FROM) is kept, so the next hop sees the original sender's domain (no SRS). The
// original address stays as the recipient's DSN original recipient (ORCPT). No I/O.
#pragma once

#include "mta/queued_message.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace postino::mta {

// Rewrites `recipients` in place with `aliases` (lower-case address → lower-case target); a
// recipient that becomes one already listed is dropped, as cleanup drops duplicates. Returns
// each rewrite made: (original, target).
std::vector<std::pair<std::string, std::string>> rewriteRecipients(std::vector<QueuedRecipient>& recipients,
                                                                   const std::map<std::string, std::string>& aliases);

}  // namespace postino::mta
