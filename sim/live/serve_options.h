// What `postino serve` is asked: which node, where to listen, and the classroom limits
// (idle timeout, connections per service, unsent output, trace window), TLS. Plain data, no I/O.
#pragma once

#include "live/trace_window.h"

#include <cstddef>
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
    // TLS for real clients: the served mail server's certificate comes from a CA made for this
    // run (live_tls). `tls`: turn TLS on for the served node even when the lesson gives it none
    // (the CLI does it on the scenario before the world is built). `writeCaPath`: write that
    // CA's certificate (PEM) there for clients to trust.
    bool tls = false;
    std::string writeCaPath;
};

}  // namespace postino::live
