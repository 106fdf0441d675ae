// Live mode: runs a World with its simulated clock paced to the wall clock and
// exposes one node's services as real TCP listeners (asio): a mail server's SMTP,
// submission, POP3 and IMAP, or a webmail's HTTP, served by the very same engines.
// Hardened for a classroom: connection limits, idle timeouts, bounded output and trace.
#pragma once

#include "live/trace_window.h"
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
    // Idle timeout for every service, in seconds; unset: each protocol's usual default
    // (SMTP 300 s as Postfix's smtpd_timeout, POP3 600 s and IMAP 1800 s as Dovecot, HTTP 60 s).
    std::optional<double> idleTimeout;
    int maxConnections = 250;              // open connections per service; more are refused politely
    std::size_t outputLimit = std::size_t{1} << 20;  // per connection: stop reading beyond this
    TraceWindow traceWindow;
};

// Runs until SIGINT/SIGTERM (or forSeconds). Prints listening lines, then the
// world's events and the live sessions' protocol lines as they happen.
// Returns the exit status: 0 ok, 1 cannot listen, 2 bad options.
int serve(world::World& world, const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace postino::live
