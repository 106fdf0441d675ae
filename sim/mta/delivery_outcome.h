// What one delivery attempt made of one recipient, as every delivery agent (local mailbox,
// SMTP to the next hop) reports it to the queue manager: the verdict, the RFC 3463 status,
// the remote reply and Postfix's words for the log and the bounce. Plain data.
#pragma once

#include <string>

namespace postino::mta {

enum class Verdict { Delivered, Relayed, Deferred, Bounced };

struct DeliveryOutcome {
    std::string recipient;
    Verdict verdict = Verdict::Deferred;
    std::string status;      // RFC 3463 enhanced status: "2.0.0", "4.4.1", "5.1.1"
    std::string diagnostic;  // the remote SMTP reply as one line ("550 5.1.1 <bob@x>: ..."), or ""
    std::string remoteMta;   // host name of the server that answered, or ""
    std::string reason;      // Postfix's words: "host mail.x[1.2.3.4] said: 550 ... (in reply to RCPT TO command)"
};

inline DeliveryOutcome outcome(std::string recipient, Verdict verdict, std::string status, std::string reason,
                               std::string diagnostic = {}, std::string remoteMta = {}) {
    return {std::move(recipient), verdict,     std::move(status), std::move(diagnostic), std::move(remoteMta),
            std::move(reason)};
}

}  // namespace postino::mta
