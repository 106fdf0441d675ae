// Whole-scenario checks of the mail-authentication fields: a forwarded address belongs to a
// domain of its server and forwarding does not go round in a circle on one server; one DKIM
// key name (selector._domainkey.domain) is not given two algorithms by two servers.
// Must not re-check single values (auth_parse did) and must not throw.
#pragma once

#include "scenario/json_reader.h"
#include "scenario/scenario.h"

namespace postino::scenario {

void checkAuthFields(const Scenario& s, Diagnostics& d);

// Where mail for `address` goes on `server` after its "forward" aliases (followed one after
// another, at most 10 steps: validation refuses circles): `address` itself when not forwarded.
std::string forwardTarget(const Node& server, const std::string& address);

}  // namespace postino::scenario
