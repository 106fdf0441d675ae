// Builds delivery status notifications (bounces, delay warnings, success reports) as
// Postfix's bounce(8) writes them: RFC 6522 multipart/report, RFC 3464 message/delivery-status,
// RFC 3461 ENVID/ORCPT/RET. A pure function of plain structs: no queue, no clock, no I/O.
#pragma once

#include "core/time.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace postino::mta {

// RFC 3464 2.3.3. Postfix reports failed and delayed; delivered / relayed / expanded come with
// NOTIFY=SUCCESS.
enum class DsnAction { Failed, Delayed, Delivered, Relayed, Expanded };
const char* dsnActionName(DsnAction a);  // "failed", "delayed", ...

struct DsnRecipient {
    std::string finalRecipient;     // the address the server tried: "bob@recipient.example"
    std::string originalRecipient;  // ORCPT as received ("rfc822;Bob@recipient.example") or a bare
                                    // address (written "rfc822;" + it); empty: no Original-Recipient
    DsnAction action = DsnAction::Failed;
    std::string status;     // RFC 3463 "5.1.1"
    std::string remoteMta;  // host that answered; empty: no Remote-MTA (no server was reached)
    std::string diagnostic; // the SMTP reply "550 5.1.1 <bob@x>: Recipient address rejected: ...";
                            // empty: Diagnostic-Code: X-Postino; <reason>
    std::optional<Time> lastAttempt;     // Last-Attempt-Date (Postfix leaves it out)
    std::optional<Time> willRetryUntil;  // Will-Retry-Until, for Action: delayed
    std::string reason;  // the human words, as Postfix logs them: "host mx.x[1.2.3.4] said: 550 5.1.1
                         // ... (in reply to RCPT TO command)"; empty: the diagnostic is shown
};

struct DsnRequest {
    std::string reportingMta;        // the reporting server's host name (Postfix: $myhostname)
    std::string mailerDaemonDomain;  // From: MAILER-DAEMON@<this> (Postfix: $myorigin); empty: reportingMta
    std::string queueId;             // the queue id of the mail the report is about
    Time arrival;                    // when that mail entered the queue (Arrival-Date)
    Time now;                        // when the report is written (Date)
    std::string originalSender;      // the envelope sender; the report goes to it
    std::string envid;               // RFC 3461 ENVID, or empty
    bool returnFullMessage = true;   // RET=FULL (or no RET) vs RET=HDRS
    std::string originalMessage;     // the queued text, CRLF line ends, as it was accepted
    std::vector<DsnRecipient> recipients;
    std::string language = "en";     // "en", "it", "es", "el": that language's text first, then English
    std::string messageIdHost;       // right side of the Message-Id; empty: reportingMta
    std::uint64_t serial = 0;        // makes the Message-Id and the boundary unique, deterministically
    std::size_t bounceSizeLimit = 50000;  // Postfix bounce_size_limit: a bigger message returns headers only
    Duration delayWarningTime;       // delay warnings say "for more than ..."; zero: now - arrival
    Duration maximalQueueLifetime = Duration::seconds(5 * 86400);  // "... until it is N days old"
};

// The report's kind follows its recipients: any failed -> a non-delivery report ("Undelivered Mail
// Returned to Sender"), else any delayed -> a delay warning, else a success report. Postfix sends
// one report per kind; a caller should do the same.
enum class DsnKind { Failure, Delay, Success };
DsnKind dsnKind(const DsnRequest& r);

// The whole message, header fields included, CRLF line ends. A Received: field is not included:
// the server's cleanup adds it as for any mail it queues. Never throws; odd input still gives a
// well-formed message (control characters in fields become '?').
std::string buildDsn(const DsnRequest& r);

// Empty when the request is sound, else what is wrong and where: "recipients[1].status: ...".
std::string validateDsnRequest(const DsnRequest& r);

// Postfix's line_wrap(): words kept whole, lines at most `width` columns, the second and later
// lines indented by `indent` spaces. Used for the notification's recipient lines and for the
// Remote-MTA and Diagnostic-Code fields.
std::vector<std::string> wrapLikePostfix(const std::string& text, std::size_t width = 79, std::size_t indent = 4);

}  // namespace postino::mta
