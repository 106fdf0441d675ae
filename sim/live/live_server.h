// Live mode: runs a World with its simulated clock paced to the wall clock and
// exposes one node's services as real TCP listeners (asio): a mail server's SMTP,
// submission, POP3 and IMAP, or a webmail's HTTP, served by the very same engines.
#pragma once

#include "world/world.h"

#include <iosfwd>
#include <optional>
#include <string>

namespace postino::live {

struct ServeOptions {
    std::string nodeId;                    // a mail_server or webmail; empty: the first mail server with mailboxes
    std::string listenAddress = "127.0.0.1";
    int portBase = 10000;                  // real port = base + standard port; 0: standard ports
    std::optional<double> forSeconds;      // stop after this much wall time (tests)
};

// Runs until SIGINT/SIGTERM (or forSeconds). Prints listening lines, then the
// world's events and the live sessions' protocol lines as they happen.
// Returns the exit status: 0 ok, 1 cannot listen, 2 bad options.
int serve(world::World& world, const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace postino::live
