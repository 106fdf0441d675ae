// Live mode: runs a World with its simulated clock paced to the wall clock and
// exposes one node's services as real TCP listeners (asio): a mail server's SMTP,
// submission, POP3 and IMAP, or a webmail's HTTP, served by the very same engines.
// Hardened for a classroom: connection limits, idle timeouts, bounded output and trace.
#pragma once

#include "live/serve_options.h"
#include "world/world.h"

#include <iosfwd>
#include <string>

namespace postino::live {

// Runs until SIGINT/SIGTERM (or forSeconds). Prints listening lines, then the
// world's events and the live sessions' protocol lines as they happen.
// Returns the exit status: 0 ok, 1 cannot listen, 2 bad options.
int serve(world::World& world, const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace postino::live
