#include "nodes/write_caption.h"

#include "core/utf8.h"
#include "mail/encoded_words.h"
#include "mail/header_fields.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace postino::world {

namespace {

constexpr std::size_t kSubjectLength = 20;  // code points of a subject in a caption

bool equalsNoCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && equalsNoCase(s.substr(0, prefix.size()), prefix);
}

std::string_view lineAt(std::string_view bytes, std::size_t from, std::size_t& next) {
    const std::size_t end = bytes.find('\n', from);
    next = end == std::string_view::npos ? bytes.size() : end + 1;
    std::string_view line = bytes.substr(from, (end == std::string_view::npos ? bytes.size() : end) - from);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

std::string_view firstLine(std::string_view bytes) {
    std::size_t next = 0;
    return lineAt(bytes, 0, next);
}

std::size_t countLines(std::string_view bytes) {
    std::size_t n = 0;
    for (std::size_t at = 0; at < bytes.size();) {
        lineAt(bytes, at, at);
        ++n;
    }
    return n;
}

std::string_view lastLine(std::string_view bytes) {
    if (bytes.ends_with("\r\n")) bytes.remove_suffix(2);
    else if (bytes.ends_with("\n")) bytes.remove_suffix(1);
    const std::size_t nl = bytes.rfind('\n');
    return nl == std::string_view::npos ? bytes : bytes.substr(nl + 1);
}

// A protocol line, readable and short: well-formed UTF-8, at most `room` code points; an
// address too long keeps its local part ("MAIL FROM:<alice@…>").
std::string shorten(std::string_view line, std::size_t room) {
    const bool printable = std::all_of(line.begin(), line.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
    if (printable && line.size() <= room) return std::string(line);  // the common case, quickly
    std::string s = printable ? std::string(line) : toValidUtf8(line);
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    const auto length = [](const std::string& t) {
        std::size_t n = 0;
        for (char c : t) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        return n;
    };
    if (length(s) <= room) return s;
    // MAIL FROM / RCPT TO: ESMTP parameters after the address (SIZE=, BODY=) give way first,
    // then its domain. Other lines keep their words and are cut at the end.
    const bool envelope = startsWithNoCase(s, "MAIL FROM:") || startsWithNoCase(s, "RCPT TO:");
    const std::size_t open = s.find('<'), at = s.find('@', open == std::string::npos ? 0 : open);
    const std::size_t close = at == std::string::npos ? std::string::npos : s.find('>', at);
    if (envelope && open != std::string::npos && close != std::string::npos) {
        if (close + 1 < s.size()) s.erase(close + 1);
        if (length(s) > room) s.replace(at + 1, close - at - 1, "\xE2\x80\xA6");
    }
    return ellipsize(s, room);
}

trace::Caption plain(std::string_view head, std::size_t more) {
    trace::Caption c;
    c.text = shorten(head, trace::kCaptionMaxLength - (more ? 4 : 0));
    c.partsAt = static_cast<std::uint16_t>(c.text.size());
    if (more) c.text += " +" + std::to_string(more);
    return c;
}

// "DATA (Subject: Hello Bob)" for a message in `message` (header and body), "+N" other mails.
trace::Caption carrying(std::string_view head, std::string_view message, std::size_t moreMails) {
    trace::Caption c;
    c.text = head;
    c.partsAt = static_cast<std::uint16_t>(c.text.size());
    std::string subject = mail::decodeEncodedWords(mail::headerValue(message, "Subject"));
    c.text += subject.empty() ? " (no Subject)" : " (Subject: " + shorten(subject, kSubjectLength) + ")";
    if (moreMails) c.text += " +" + std::to_string(moreMails);
    return c;
}

// An SMTP reply too long for a caption: its code (and enhanced code) stay, and the words after
// its last ": " (the reason: "User unknown in local recipient table") take the place of what
// comes before them (the address, "Recipient address rejected"), marked by "…".
std::string replyReason(std::string_view line) {
    if (line.size() <= trace::kCaptionMaxLength || line.size() < 4 || line[3] != ' ' ||
        !std::all_of(line.begin(), line.begin() + 3, [](char c) { return c >= '0' && c <= '9'; }))
        return std::string(line);
    std::size_t codeEnd = 4;  // after "550 "
    if (line.size() > 9 && line[4] >= '2' && line[4] <= '5' && line[5] == '.') {  // "5.1.1 "
        const std::size_t space = line.find(' ', 4);
        if (space != std::string_view::npos) codeEnd = space + 1;
    }
    const std::size_t colon = line.rfind(": ");
    if (colon == std::string_view::npos || colon < codeEnd || colon + 2 >= line.size()) return std::string(line);
    return std::string(line.substr(0, codeEnd)) + "\xE2\x80\xA6 " + std::string(line.substr(colon + 2));
}

// An SMTP server write: its replies (a multi-line one counts once).
trace::Caption smtpReplies(std::string_view bytes) {
    std::size_t replies = 0;
    for (std::size_t at = 0; at < bytes.size();) {
        const std::string_view line = lineAt(bytes, at, at);
        if (line.size() <= 3 || line[3] != '-') ++replies;
    }
    return plain(replyReason(firstLine(bytes)), replies > 1 ? replies - 1 : 0);
}

// An IMAP write: its commands or responses with their literals skipped. A literal that holds
// a message (its header has a Subject) makes the caption that message's (`mailHead`: FETCH,
// APPEND); else the first line, or a server's "* 3 EXISTS" when it has one.
trace::Caption imapWrite(std::string_view bytes, std::string_view mailHead) {
    std::size_t lines = 0, mails = 0;
    std::string_view firstMail, exists;
    for (std::size_t at = 0; at < bytes.size();) {
        std::string_view line = lineAt(bytes, at, at);
        ++lines;
        if (exists.empty() && line.starts_with("* ") && line.ends_with(" EXISTS")) exists = line;
        // A line ending in {n} or {n+}: n octets of literal follow, then the rest of the line.
        while (line.ends_with('}')) {
            const std::size_t open = line.rfind('{');
            if (open == std::string_view::npos) break;
            std::string_view digits = line.substr(open + 1, line.size() - open - 2);
            if (digits.ends_with('+')) digits.remove_suffix(1);  // LITERAL+ (RFC 7888)
            std::size_t n = 0;
            bool number = !digits.empty() && digits.size() <= 9;
            for (char ch : digits) {
                if (ch < '0' || ch > '9') number = false;
                else n = n * 10 + static_cast<std::size_t>(ch - '0');
            }
            if (!number || at >= bytes.size()) break;
            const std::string_view literal = bytes.substr(at, n);
            if (mail::hasHeader(literal, "Subject") && mails++ == 0) firstMail = literal;
            at = std::min(bytes.size(), at + n);
            line = lineAt(bytes, at, at);
        }
    }
    if (mails) return carrying(mailHead, firstMail, mails - 1);
    return plain(exists.empty() ? firstLine(bytes) : exists, lines > 1 ? lines - 1 : 0);
}

// "HTTP/1.1 200 OK" -> "HTTP 200 OK"; "GET /inbox HTTP/1.1" -> "GET /inbox".
trace::Caption httpStart(std::string_view bytes, bool request) {
    std::string_view line = firstLine(bytes);
    if (request) {
        const std::size_t version = line.rfind(" HTTP/");
        if (version != std::string_view::npos) line = line.substr(0, version);
        return plain(line, 0);
    }
    if (line.starts_with("HTTP/")) {
        const std::size_t space = line.find(' ');
        if (space != std::string_view::npos) return plain("HTTP" + std::string(line.substr(space)), 0);
    }
    return plain(line, 0);
}

std::string shortRcode(dns::Rcode r) {
    switch (r) {
        case dns::Rcode::NoError: return "NOERROR";
        case dns::Rcode::FormErr: return "FORMERR";
        case dns::Rcode::ServFail: return "SERVFAIL";
        case dns::Rcode::NxDomain: return "NXDOMAIN";
        case dns::Rcode::NotImp: return "NOTIMP";
        case dns::Rcode::Refused: return "REFUSED";
    }
    return "RCODE " + std::to_string(static_cast<unsigned>(r));
}

}  // namespace

trace::Caption WriteCaptioner::caption(std::string_view bytes) {
    if (bytes.empty()) return {};
    const bool contentNext = m_contentNext;
    m_contentNext = false;
    switch (m_app) {
        case net::AppProtocol::Smtp:
            if (!m_fromClient) return smtpReplies(bytes);
            // The message after 354 ends with <CRLF>.<CRLF> (RFC 5321 4.1.1.4); a client whose
            // DATA was refused sends RSET or QUIT instead.
            if (contentNext && (bytes.ends_with("\r\n.\r\n") || bytes == ".\r\n")) return carrying("DATA", bytes, 0);
            m_contentNext = equalsNoCase(lastLine(bytes), "DATA");
            return plain(firstLine(bytes), countLines(bytes) - 1);
        case net::AppProtocol::Pop3: {
            if (m_fromClient) return plain(firstLine(bytes), countLines(bytes) - 1);
            // RETR or TOP: "+OK 837 octets" and the message, dot-stuffed, up to ".".
            std::size_t bodyAt = 0;
            lineAt(bytes, 0, bodyAt);
            const std::string_view rest = bytes.substr(bodyAt);
            if (startsWithNoCase(bytes, "+OK") && mail::hasHeader(rest, "Subject")) return carrying("RETR", rest, 0);
            return plain(firstLine(bytes), 0);
        }
        case net::AppProtocol::Imap:
            if (!m_fromClient) return imapWrite(bytes, "FETCH");
            // APPEND's message after the server's "+" to a synchronizing literal.
            if (contentNext && mail::hasHeader(bytes, "Subject")) return carrying("APPEND", bytes, 0);
            m_contentNext = lastLine(bytes).ends_with('}');
            return imapWrite(bytes, "APPEND");
        case net::AppProtocol::Http: return httpStart(bytes, m_fromClient);
        default: return plain(firstLine(bytes), 0);
    }
}

trace::Caption dnsCaption(const dns::Message& m) {
    if (!m.qr) {
        if (m.questions.empty()) return plain("DNS query", 0);
        const dns::Question& q = m.questions.front();
        return plain(dns::typeName(q.type) + "? " + (q.name.empty() ? std::string(".") : q.name), m.questions.size() - 1);
    }
    if (m.rcode != dns::Rcode::NoError) return plain(shortRcode(m.rcode), 0);
    if (m.answers.empty()) return plain("NODATA", 0);
    return plain(dns::formatRecordData(m.answers.front()), m.answers.size() - 1);
}

trace::Caption dnsCaption(const dns::DecodeResult& decoded, bool reply) {
    if (decoded.ok()) return dnsCaption(*decoded.message);
    return trace::Caption{reply ? "DNS reply" : "DNS query", 9};
}

trace::Caption tlsCaption(trace::Caption plain) {
    static constexpr std::string_view kMark = "[TLS] ";
    plain.text.insert(0, kMark);
    plain.partsAt = static_cast<std::uint16_t>(plain.partsAt + kMark.size());
    return plain;
}

trace::Caption tlsRecordsCaption(bool handshake) {
    trace::Caption c{handshake ? "TLS handshake" : "TLS", 0};
    c.partsAt = static_cast<std::uint16_t>(c.text.size());
    return c;
}

}  // namespace postino::world
