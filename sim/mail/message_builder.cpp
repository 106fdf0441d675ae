#include "mail/message_builder.h"

#include "core/calendar.h"

#include "core/base64.h"

#include <fmt/format.h>

namespace postino::mail {

namespace {


// Splits "\n"/"\r\n" text into lines without their ends.
std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t nl = text.find('\n', start);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::size_t stop = end;
        if (stop > start && text[stop - 1] == '\r') --stop;
        lines.push_back(text.substr(start, stop - start));
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    if (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

// "Name <addr>": only the display name may be encoded (RFC 2047 5.3).
std::string encodeAddress(std::string_view a) {
    const std::size_t lt = a.rfind('<');
    if (lt == std::string_view::npos || lt == 0) return std::string(a);
    std::string_view name = a.substr(0, lt);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    return encodeHeaderWord(name) + " " + std::string(a.substr(lt));
}

std::string addressList(const std::vector<std::string>& addrs) {
    std::string out;
    for (std::size_t i = 0; i < addrs.size(); ++i) {
        if (i) out += ",\r\n ";
        out += encodeAddress(addrs[i]);
    }
    return out;
}

}  // namespace

std::string encodeHeaderWord(std::string_view utf8) {
    if (isPlainAscii(utf8)) return std::string(utf8);
    // Encoded-words are at most 75 characters: split the UTF-8 text between
    // characters into chunks of at most 45 bytes (60 base64 characters).
    std::string out;
    std::size_t i = 0;
    while (i < utf8.size()) {
        std::size_t end = std::min(utf8.size(), i + 45);
        while (end < utf8.size() && end > i && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64Encode(utf8.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

std::string encodeQuotedPrintable(std::string_view text) {
    std::string out;
    for (std::string_view line : splitLines(text)) {
        std::string encoded;
        std::size_t col = 0;
        auto put = [&](std::string_view piece) {
            if (col + piece.size() > 75) {
                encoded += "=\r\n";
                col = 0;
            }
            encoded += piece;
            col += piece.size();
        };
        for (std::size_t i = 0; i < line.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(line[i]);
            const bool last = i + 1 == line.size();
            const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
            if (literal) {
                const char ch = static_cast<char>(c);
                put(std::string_view(&ch, 1));
            } else {
                put(fmt::format("={:02X}", c));
            }
        }
        out += encoded + "\r\n";
    }
    return out;
}

CivilTime civilTime(Time t) {
    const std::int64_t secs = unixSeconds(t);  // simulated time never runs before its start
    const std::int64_t days = secs / 86400;
    const std::int64_t rem = secs % 86400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    const std::int64_t z = days + 719468;
    const std::int64_t era = z / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    CivilTime c;
    c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2 ? 1 : 0));
    c.hour = static_cast<int>(rem / 3600);
    c.minute = static_cast<int>((rem / 60) % 60);
    c.second = static_cast<int>(rem % 60);
    c.weekday = static_cast<int>((days + 3) % 7);  // 1970-01-01 was a Thursday; 0 is Monday
    return c;
}

std::string rfc5322Date(Time t) {
    static const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const CivilTime c = civilTime(t);
    return fmt::format("{}, {} {} {} {:02}:{:02}:{:02} +0000", days[c.weekday], c.day, months[c.month - 1], c.year,
                       c.hour, c.minute, c.second);
}

std::string compactTimestamp(Time t) {
    const CivilTime c = civilTime(t);
    return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

std::string makeMessageId(Time date, std::uint64_t serial, std::string_view host) {
    return fmt::format("{}.{}@{}", compactTimestamp(date), serial, host.empty() ? std::string_view("localhost") : host);
}

std::string buildMessage(const NewMessage& m) {
    std::string out;
    out += "From: " + encodeAddress(m.from) + "\r\n";
    if (!m.to.empty()) out += "To: " + addressList(m.to) + "\r\n";
    if (!m.cc.empty()) out += "Cc: " + addressList(m.cc) + "\r\n";
    out += "Subject: " + encodeHeaderWord(m.subject) + "\r\n";
    out += "Date: " + rfc5322Date(m.date) + "\r\n";
    if (!m.messageId.empty()) out += "Message-ID: <" + m.messageId + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    const std::string seed = m.from + m.subject + rfc5322Date(m.date);
    std::string body = m.htmlBody.empty()
                           ? textPart(m.body)
                           : multipart("alternative", makeBoundary(seed, 2), {textPart(m.body), textPart(m.htmlBody, "html")});
    if (!m.attachments.empty()) {
        std::vector<std::string> parts{std::move(body)};
        for (const Attachment& a : m.attachments) parts.push_back(attachmentPart(a));
        body = multipart("mixed", makeBoundary(seed, 1), parts);
    }
    out += body;
    return out;
}

}  // namespace postino::mail
