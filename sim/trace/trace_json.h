// Writes a Trace as one JSON document (nodes, links, packets with base64
// payloads, hops, connections, protocol lines, events). Deterministic output:
// same trace, same bytes. It never reads JSON back (yet).
#pragma once

#include "trace/trace.h"

#include <ostream>

namespace postino::trace {

void writeTraceJson(std::ostream& out, const Trace& trace);

}  // namespace postino::trace
