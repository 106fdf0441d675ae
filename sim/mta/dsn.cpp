// What Postfix 3.7.11 writes, captured on loopback (two instances: mx.sender.example relaying to
// mx.recipient.example, which answered "550 5.1.1 ... User unknown in local recipient table";
// an unreachable relay for the delay warning and the expiry; the bounces piped to a file).
// The captures are in tests/corpus/dsn/postfix-*.eml; dsn_test.cpp compares our field lists with them.
//
//   Received: by mx.sender.example (Postfix) id A8EC4A7273C; <date>     <- cleanup(8), not here
//   Date: Thu,  3 Dec 2026 13:32:58 +0000 (UTC)
//   From: Mail Delivery System <MAILER-DAEMON@sender.example>           <- MAILER-DAEMON@$myorigin
//   Subject: Undelivered Mail Returned to Sender       | Delayed Mail (still being retried)
//                                                      | Successful Mail Delivery Report
//   To: alice@sender.example
//   Auto-Submitted: auto-replied
//   MIME-Version: 1.0
//   Content-Type: multipart/report; report-type=delivery-status;
//   	boundary="A1F37A725CA.1796304778/mx.sender.example"             <- queue id . time / host
//   Content-Transfer-Encoding: 8bit
//   Message-Id: <20261203133258.A8EC4A7273C@mx.sender.example>
//
//   This is a MIME-encapsulated message.
//   --boundary
//   Content-Description: Notification
//   Content-Type: text/plain; charset=utf-8
//   Content-Transfer-Encoding: 8bit
//     <the template text; then per recipient a blank line and "<addr>: reason", wrapped at 79
//      columns with a 4-space indent>
//   --boundary
//   Content-Description: Delivery report
//   Content-Type: message/delivery-status
//     Reporting-MTA: dns; mx.sender.example
//     Original-Envelope-Id: env-123                           <- only with ENVID=
//     X-Postfix-Queue-ID: A1F37A725CA                         <- here X-Postino-Queue-ID
//     X-Postfix-Sender: rfc822; alice@sender.example          <- here X-Postino-Sender
//     Arrival-Date: Thu,  3 Dec 2026 13:32:58 +0000 (UTC)
//     (blank line, then per recipient:)
//     Final-Recipient: rfc822; carol@recipient.example
//     Original-Recipient: rfc822;Carol@recipient.example      <- the ORCPT as given; smtpd records
//                                                                "rfc822;<rcpt>" when there was none
//     Action: failed | delayed | relayed
//     Status: 5.1.1
//     Remote-MTA: dns; 127.0.0.1                              <- only when a server answered
//     Diagnostic-Code: smtp; 550 5.1.1 <carol@recipient.example>: Recipient address
//         rejected: User unknown in local recipient table     <- else "X-Postfix; <reason>"
//     Will-Retry-Until: <arrival + maximal_queue_lifetime>     <- delay warnings only
//   --boundary
//   Content-Description: Undelivered Message | Undelivered Message Headers | Message Headers
//   Content-Type: message/rfc822 | text/rfc822-headers
//   Content-Transfer-Encoding: 8bit
//     Return-Path: <alice@sender.example>
//     <the queued message: whole, or its header section only>
//   --boundary--
//
// Which form is returned: a non-delivery report returns the whole message unless RET=HDRS or the
// queued message is over bounce_size_limit (50000 octets, counted with CRLF line ends and with the
// Received/Date/Message-Id fields the server added: 50000 returned whole, 50001 headers only).
// Delay warnings and success reports always return the headers only. Postfix never writes
// Last-Attempt-Date (the code is #if 0); we write it when the caller gives one (RFC 3464 2.3.7).
// A mail that expires in the queue is reported "Action: failed" with the last temporary status
// (4.4.1 "connect to ...: Connection refused" in the capture); the status is the caller's choice.
// Postfix 3.7 declares 8bit and charset=utf-8 even for an all-ASCII report (its templates are
// utf-8 when smtputf8_enable=yes, the default): so do we. Its dates read "Thu,  3 Dec 2026 ...
// (UTC)"; ours are the project's RFC 5322 dates.
#include "mta/dsn.h"

#include "mail/message_builder.h"
#include "mta/dsn_texts.h"

#include <fmt/format.h>

namespace postino::mta {

namespace {

constexpr const char* kCrlf = "\r\n";

bool isStatusCode(std::string_view s) {
    // RFC 3463: class "." subject "." detail; class 2, 4 or 5; subject and detail 1 to 3 digits.
    if (s.size() < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.') return false;
    std::size_t i = 2, dots = 0, digits = 0;
    for (; i < s.size(); ++i) {
        if (s[i] == '.') {
            if (digits == 0 || ++dots > 1) return false;
            digits = 0;
        } else if (s[i] >= '0' && s[i] <= '9') {
            if (++digits > 3) return false;
        } else {
            return false;
        }
    }
    return dots == 1 && digits > 0;
}

// A value for one header-like line: line breaks joined with a space (as Postfix's smtp client
// joins a multi-line reply), control characters as '?', and, when asciiOnly, 8-bit bytes as '?'
// (Postfix masks them when it reads its bounce log).
std::string oneLine(std::string_view s, bool asciiOnly) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '\r' || c == '\n') {
            while (i + 1 < s.size() && (s[i + 1] == '\r' || s[i + 1] == '\n')) ++i;
            if (i + 1 < s.size() && !out.empty()) out += ' ';
        } else if (c == '\t') {
            out += ' ';
        } else if (c < 0x20 || c == 0x7f || (asciiOnly && c >= 0x80)) {
            out += '?';
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// Every line end made CRLF, and the text ended by one.
std::string crlfText(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 40 + 2);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out += kCrlf;
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        } else if (s[i] == '\n') {
            out += kCrlf;
        } else {
            out += s[i];
        }
    }
    if (!out.empty() && out.back() != '\n') out += kCrlf;
    return out;
}

// Postfix's is_header(): a field name (printable, no ':' or space) then optional blanks then ':'.
bool isHeaderLine(std::string_view line) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) return true;
    std::size_t i = 0;
    while (i < line.size() && line[i] > 32 && line[i] < 127 && line[i] != ':') ++i;
    if (i == 0) return false;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    return i < line.size() && line[i] == ':';
}

// The header section of a CRLF message: its lines up to the first that is not a header line.
std::string headerSection(std::string_view message) {
    std::size_t pos = 0;
    while (pos < message.size()) {
        std::size_t end = message.find(kCrlf, pos);
        end = end == std::string_view::npos ? message.size() : end + 2;
        std::string_view line = message.substr(pos, end - pos);
        if (line.size() >= 2 && line.substr(line.size() - 2) == kCrlf) line.remove_suffix(2);
        if (!isHeaderLine(line)) break;
        pos = end;
    }
    return std::string(message.substr(0, pos));
}

// Wrapped like Postfix, each line ended by CRLF; a single word over 998 octets (the RFC 5322 line
// limit), which Postfix would leave whole, is cut so the report stays well formed.
std::string wrapped(const std::string& text) {
    std::string out;
    for (const std::string& line : wrapLikePostfix(text)) {
        std::string_view rest(line);
        while (rest.size() > 998) {
            out += std::string(rest.substr(0, 900)) + kCrlf;
            rest.remove_prefix(900);
            out += "    ";
        }
        out += std::string(rest) + kCrlf;
    }
    return out;
}

// Boundary characters (RFC 2046 5.1.1 bcharsnospace); anything else becomes '-'.
std::string boundaryChars(std::string_view s) {
    std::string out;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        std::string_view("'()+_,-./:=?").find(c) != std::string_view::npos;
        out += ok ? c : '-';
    }
    return out;
}

std::string originalRecipientField(const std::string& orcpt) {
    const std::string value = oneLine(orcpt, true);
    // "rfc822;Bob@x" as received with ORCPT= (an addr-type, then ';'); else a bare address.
    const std::size_t semi = value.find(';');
    const std::size_t at = value.find('@');
    if (semi != std::string::npos && (at == std::string::npos || semi < at)) return value;
    return "rfc822;" + value;
}

const char* defaultStatus(DsnAction a) {
    switch (a) {
        case DsnAction::Failed: return "5.0.0";
        case DsnAction::Delayed: return "4.0.0";
        default: return "2.0.0";
    }
}

std::string recipientLine(const DsnRecipient& rc) {
    std::string why = !rc.reason.empty() ? rc.reason : !rc.diagnostic.empty() ? rc.diagnostic : rc.status;
    return "<" + oneLine(rc.finalRecipient, false) + ">: " + oneLine(why, true);
}

std::string statusReport(const DsnRequest& r, const std::string& host) {
    std::string out;
    out += "Reporting-MTA: dns; " + host + kCrlf;
    if (!r.envid.empty()) out += "Original-Envelope-Id: " + oneLine(r.envid, true) + kCrlf;
    out += "X-Postino-Queue-ID: " + oneLine(r.queueId, true) + kCrlf;
    const std::string sender = r.originalSender.empty() ? "MAILER-DAEMON" : oneLine(r.originalSender, false);
    out += "X-Postino-Sender: rfc822; " + sender + kCrlf;
    out += "Arrival-Date: " + mail::rfc5322Date(r.arrival) + kCrlf;
    for (const DsnRecipient& rc : r.recipients) {
        out += kCrlf;
        out += "Final-Recipient: rfc822; " + oneLine(rc.finalRecipient, false) + kCrlf;
        if (!rc.originalRecipient.empty()) out += "Original-Recipient: " + originalRecipientField(rc.originalRecipient) + kCrlf;
        out += std::string("Action: ") + dsnActionName(rc.action) + kCrlf;
        out += "Status: " + (rc.status.empty() ? std::string(defaultStatus(rc.action)) : oneLine(rc.status, true)) + kCrlf;
        if (!rc.remoteMta.empty()) out += wrapped("Remote-MTA: dns; " + oneLine(rc.remoteMta, true));
        if (!rc.diagnostic.empty())
            out += wrapped("Diagnostic-Code: smtp; " + oneLine(rc.diagnostic, true));
        else
            out += wrapped("Diagnostic-Code: X-Postino; " + oneLine(rc.reason.empty() ? "delivery status " + rc.status : rc.reason, true));
        if (rc.lastAttempt) out += "Last-Attempt-Date: " + mail::rfc5322Date(*rc.lastAttempt) + kCrlf;
        if (rc.action == DsnAction::Delayed)
            out += "Will-Retry-Until: " + mail::rfc5322Date(rc.willRetryUntil.value_or(r.arrival + r.maximalQueueLifetime)) + kCrlf;
    }
    return out;
}

}  // namespace

const char* dsnActionName(DsnAction a) {
    switch (a) {
        case DsnAction::Failed: return "failed";
        case DsnAction::Delayed: return "delayed";
        case DsnAction::Delivered: return "delivered";
        case DsnAction::Relayed: return "relayed";
        case DsnAction::Expanded: return "expanded";
    }
    return "failed";
}

DsnKind dsnKind(const DsnRequest& r) {
    bool delayed = false;
    for (const DsnRecipient& rc : r.recipients) {
        if (rc.action == DsnAction::Failed) return DsnKind::Failure;
        if (rc.action == DsnAction::Delayed) delayed = true;
    }
    return delayed ? DsnKind::Delay : DsnKind::Success;
}

std::vector<std::string> wrapLikePostfix(const std::string& text, std::size_t width, std::size_t indent) {
    // The same walk as Postfix's util/line_wrap.c: a line is cut before the word that would
    // take it past `width`; trailing blanks are dropped, the next line's leading blanks skipped.
    std::vector<std::string> lines;
    const auto isBlank = [](char c) { return c == ' ' || c == '\t'; };
    const auto trimmed = [&](std::size_t from, std::size_t to) {
        while (to > from && isBlank(text[to - 1])) --to;
        return text.substr(from, to - from);
    };
    std::size_t lineStart = 0, room = width;
    std::size_t curIndent = 0;
    std::size_t word = 0;
    while (true) {
        std::size_t space = text.find_first_of(" \t", word);
        if (space == std::string::npos) space = text.size();
        if (word > lineStart && space - lineStart > room) {
            lines.push_back(std::string(curIndent, ' ') + trimmed(lineStart, word));
            std::size_t next = word;
            while (next < text.size() && isBlank(text[next])) ++next;
            if (lineStart == 0) {
                curIndent = indent;
                room = width > indent ? width - indent : 1;
            }
            lineStart = next;
        }
        if (space >= text.size()) break;
        word = space + 1;
    }
    lines.push_back(std::string(curIndent, ' ') + trimmed(lineStart, text.size()));
    return lines;
}

std::string validateDsnRequest(const DsnRequest& r) {
    if (r.reportingMta.empty()) return "reportingMta: empty: the report needs the reporting server's host name";
    if (r.originalSender.empty())
        return "originalSender: empty: a report is never sent to the null sender (it would be a bounce of a bounce)";
    if (r.recipients.empty()) return "recipients: none: a report needs at least one recipient (RFC 3464 2.1)";
    if (!dsnLanguageKnown(r.language))
        return fmt::format("language: \"{}\" is not one of en, it, es, el (the report is written in English)", r.language);
    if (r.now < r.arrival) return "now: before arrival";
    for (std::size_t i = 0; i < r.recipients.size(); ++i) {
        const DsnRecipient& rc = r.recipients[i];
        const std::string where = fmt::format("recipients[{}]", i);
        if (rc.finalRecipient.empty()) return where + ".finalRecipient: empty";
        if (!isStatusCode(rc.status))
            return fmt::format("{}.status: \"{}\" is not an RFC 3463 status code such as 5.1.1", where, rc.status);
        const char cls = rc.status[0];
        const bool fits = rc.action == DsnAction::Failed ? (cls == '5' || cls == '4')
                          : rc.action == DsnAction::Delayed ? cls == '4'
                                                            : cls == '2';
        if (!fits)
            return fmt::format("{}.status: {} does not go with Action: {} (failed takes 5.x.x or, once expired, "
                               "4.x.x; delayed 4.x.x; delivered, relayed, expanded 2.x.x)",
                               where, rc.status, dsnActionName(rc.action));
    }
    return {};
}

std::string buildDsn(const DsnRequest& r) {
    const DsnKind kind = dsnKind(r);
    const std::string host = r.reportingMta.empty() ? "localhost" : oneLine(r.reportingMta, true);
    const std::string daemonDomain = r.mailerDaemonDomain.empty() ? host : oneLine(r.mailerDaemonDomain, true);
    const std::string sender = oneLine(r.originalSender, false);

    // The notification: the template text, then one wrapped line per recipient.
    const Duration delay = r.delayWarningTime.ns() > 0 ? r.delayWarningTime : r.now - r.arrival;
    std::string notice = crlfText(dsnBoilerplate(kind, r.language, host, delay, r.maximalQueueLifetime));
    for (const DsnRecipient& rc : r.recipients) notice += kCrlf + wrapped(recipientLine(rc));

    const std::string report = statusReport(r, host);

    // The returned message, whole or its headers (see the comment at the top).
    const std::string message = crlfText(r.originalMessage);
    const bool tooBig = r.bounceSizeLimit > 0 && message.size() > r.bounceSizeLimit;
    const bool whole = kind == DsnKind::Failure && r.returnFullMessage && !tooBig;
    std::string returned = "Return-Path: <" + sender + ">" + kCrlf;
    returned += whole ? message : headerSection(message);
    const bool undelivered = kind != DsnKind::Success;
    const std::string description = std::string(undelivered ? "Undelivered " : "") + (whole ? "Message" : "Message Headers");

    // Postfix's boundary is "<queue id>.<time>/<host>"; the serial stands for the time here.
    // Lengthened until no part holds its delimiter line.
    const std::string base = boundaryChars(
        fmt::format("{}.{}/{}", r.queueId.empty() ? "postino" : r.queueId, r.serial, host).substr(0, 60));
    std::string boundary = base;
    for (int n = 1; returned.find("--" + boundary) != std::string::npos || notice.find("--" + boundary) != std::string::npos ||
                    report.find("--" + boundary) != std::string::npos;
         ++n)
        boundary = fmt::format("{}.{}", base, n);

    const char* subject = kind == DsnKind::Failure ? "Undelivered Mail Returned to Sender"
                          : kind == DsnKind::Delay  ? "Delayed Mail (still being retried)"
                                                    : "Successful Mail Delivery Report";
    const std::string idHost = r.messageIdHost.empty() ? host : oneLine(r.messageIdHost, true);

    std::string out;
    out.reserve(notice.size() + report.size() + returned.size() + 1024);
    out += "Date: " + mail::rfc5322Date(r.now) + kCrlf;
    out += "From: Mail Delivery System <MAILER-DAEMON@" + daemonDomain + ">" + kCrlf;
    out += std::string("Subject: ") + subject + kCrlf;
    out += "To: " + (sender.empty() ? "postmaster@" + daemonDomain : sender) + kCrlf;
    out += std::string("Auto-Submitted: auto-replied") + kCrlf;
    out += std::string("MIME-Version: 1.0") + kCrlf;
    out += std::string("Content-Type: multipart/report; report-type=delivery-status;") + kCrlf;
    out += "\tboundary=\"" + boundary + "\"" + kCrlf;
    out += std::string("Content-Transfer-Encoding: 8bit") + kCrlf;
    out += "Message-Id: <" + mail::makeMessageId(r.now, r.serial, idHost) + ">" + kCrlf;
    out += kCrlf;
    out += std::string("This is a MIME-encapsulated message.") + kCrlf;

    out += kCrlf + ("--" + boundary) + kCrlf;
    out += std::string("Content-Description: Notification") + kCrlf;
    out += std::string("Content-Type: text/plain; charset=utf-8") + kCrlf;
    out += std::string("Content-Transfer-Encoding: 8bit") + kCrlf + kCrlf;
    out += notice;

    out += kCrlf + ("--" + boundary) + kCrlf;
    out += std::string("Content-Description: Delivery report") + kCrlf;
    out += std::string("Content-Type: message/delivery-status") + kCrlf + kCrlf;
    out += report;

    out += kCrlf + ("--" + boundary) + kCrlf;
    out += "Content-Description: " + description + kCrlf;
    out += std::string("Content-Type: ") + (whole ? "message/rfc822" : "text/rfc822-headers") + kCrlf;
    out += std::string("Content-Transfer-Encoding: 8bit") + kCrlf + kCrlf;
    out += returned;

    out += kCrlf + ("--" + boundary + "--") + kCrlf;
    return out;
}

}  // namespace postino::mta
