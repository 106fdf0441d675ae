// A lesson's DKIM keys: one per "dkim" entry of a mail server, made from the scenario's seed, the
// domain and the selector (so every run, and every server naming the same key, has the same key),
// and the TXT records ("v=DKIM1; k=...; p=...") that publish their public halves.
#pragma once

#include "dns/dns_message.h"
#include "nodes/dkim_signer.h"
#include "scenario/scenario.h"

#include <vector>

namespace postino::world {

// The keys of the mail server `node` (none without "dkim"). RSA keys are 2048 bits; a key once
// made is kept for the process (a seeded RSA key takes a fraction of a second to find).
std::vector<DkimSigningKey> dkimKeysOf(const scenario::Scenario& scenario, const scenario::Node& node);

// The key records of every mail server's keys, one per DNS name (selector._domainkey.domain),
// in scenario order, TTL 3600.
std::vector<dns::ResourceRecord> dkimKeyRecords(const scenario::Scenario& scenario);

}  // namespace postino::world
