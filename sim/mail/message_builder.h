// Builds RFC 5322 messages (From, To, Cc, Subject, Date, Message-ID,
// MIME-Version) with CRLF line ends: text/plain, or multipart/alternative and
// multipart/mixed with attachments (mime_parts.h); RFC 2047 headers. No SMTP here.
#pragma once

#include "core/time.h"
#include "mail/mime_parts.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postino::mail {

struct NewMessage {
    std::string from;  // address, optionally with a display name: "Alice <alice@sender.example>"
    std::vector<std::string> to, cc;
    std::string subject;
    std::string body;  // UTF-8, '\n' or "\r\n" line ends
    std::string htmlBody;  // optional: then the body is multipart/alternative
    std::vector<Attachment> attachments;  // optional: then the message is multipart/mixed
    std::string messageId;  // without angle brackets; empty: none (the server adds one)
    Time date;
};

std::string buildMessage(const NewMessage& m);

// A Message-ID as a mail program writes one (RFC 5322 3.6.4), without the angle brackets:
// "20260302090001.1@alice-laptop": when it was written, the writer's serial number, the
// writer's host. Deterministic, and unique as long as each host counts its own messages.
std::string makeMessageId(Time date, std::uint64_t serial, std::string_view host);

// RFC 5322 date of a simulated instant. Simulated time 0 is Monday
// 2 March 2026, 09:00:00 UTC, so lessons read like a school morning.
std::string rfc5322Date(Time t);

struct CivilTime {
    int year = 2026, month = 3, day = 2, hour = 9, minute = 0, second = 0;
    int weekday = 0;  // 0 = Monday
};
CivilTime civilTime(Time t);
// "20260302090001", as Postfix puts in the Message-Id it adds.
std::string compactTimestamp(Time t);

// RFC 2047 B-encoding of a header value when it is not plain ASCII.
std::string encodeHeaderWord(std::string_view utf8);

// Quoted-printable (RFC 2045 6.7) with CRLF line ends.
std::string encodeQuotedPrintable(std::string_view text);

}  // namespace postino::mail
