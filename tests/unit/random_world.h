// Random mail worlds for the "nothing is lost" property test: 1–4 mail servers with domains,
// users, small quotas and short queue settings; one DNS server whose zones are sometimes wrong (no
// MX, a backup MX, a dead primary MX, an MX naming another server or a host without an address, no
// zone); relay hosts, loops included; clients sending to good and bad addresses, some in capitals;
// node_down/up, smtp_error, mailbox_full, link_down/up. The same seed gives the same scenario, as
// long as this generator is unchanged. Test-only code: it builds structs, never JSON.
#pragma once

#include "scenario/scenario.h"

#include <cstdint>
#include <string>
#include <vector>

namespace postino::testing {

scenario::Scenario randomWorld(std::uint64_t seed);

// Why validation refuses `s`, leaving out what the generator does on purpose: relay hosts in a
// circle (the hop limit ends those loops) and anything about the failure actions (the action
// checks predate them and refuse them on servers and clients; the generator makes them valid).
// Empty: the world may run.
std::vector<std::string> unexpectedValidationErrors(const scenario::Scenario& s);

}  // namespace postino::testing
