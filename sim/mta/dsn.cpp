#include "mta/dsn.h"

#include "mail/message_builder.h"

#include <fmt/format.h>

namespace postino::mta {

std::string buildDsn(const DsnRequest& r) {
    const std::string boundary = fmt::format("{}.{}/{}", r.serial, r.now.ns() / 1'000'000'000, r.reportingMta);
    const bool delayed = !r.recipients.empty() && r.recipients.front().action == DsnRecipient::Delayed;
    std::string out;
    out += fmt::format("Date: {}\r\n", mail::rfc5322Date(r.now));
    out += fmt::format("From: MAILER-DAEMON@{} (Mail Delivery System)\r\n", r.reportingMta);
    out += delayed ? "Subject: Delayed Mail (still being retried)\r\n" : "Subject: Undelivered Mail Returned to Sender\r\n";
    out += fmt::format("To: {}\r\n", r.originalSender);
    out += "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n";
    out += fmt::format("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"{}\"\r\n", boundary);
    out += "Content-Transfer-Encoding: 8bit\r\n";
    out += fmt::format("Message-Id: <{}.{}@{}>\r\n\r\n", mail::compactTimestamp(r.now), r.queueId, r.messageIdHost);
    out += "This is a MIME-encapsulated message.\r\n\r\n";
    out += fmt::format("--{}\r\nContent-Description: Notification\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n", boundary);
    out += fmt::format("This is the mail system at host {}.\r\n\r\n", r.reportingMta);
    for (const auto& rc : r.recipients) out += fmt::format("<{}>: {}\r\n", rc.finalRecipient, rc.reason);
    out += fmt::format("\r\n--{}\r\nContent-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n", boundary);
    out += fmt::format("Reporting-MTA: dns; {}\r\nX-Postino-Queue-ID: {}\r\nX-Postino-Sender: rfc822; {}\r\nArrival-Date: {}\r\n",
                       r.reportingMta, r.queueId, r.originalSender, mail::rfc5322Date(r.arrival));
    for (const auto& rc : r.recipients) {
        out += fmt::format("\r\nFinal-Recipient: rfc822; {}\r\nAction: {}\r\nStatus: {}\r\n", rc.finalRecipient,
                           rc.action == DsnRecipient::Delayed ? "delayed" : "failed", rc.status);
        if (!rc.remoteMta.empty()) out += fmt::format("Remote-MTA: dns; {}\r\n", rc.remoteMta);
        if (!rc.diagnostic.empty()) out += fmt::format("Diagnostic-Code: smtp; {}\r\n", rc.diagnostic);
    }
    const std::size_t end = r.originalMessage.find("\r\n\r\n");
    const std::string headers = r.originalMessage.substr(0, end == std::string::npos ? r.originalMessage.size() : end + 2);
    out += fmt::format("\r\n--{}\r\nContent-Description: Undelivered Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n", boundary);
    out += headers;
    out += fmt::format("\r\n--{}--\r\n", boundary);
    return out;
}

}  // namespace postino::mta
