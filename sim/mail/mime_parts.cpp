#include "mail/mime_parts.h"
#include "core/ascii.h"

#include "core/base64.h"
#include "core/rng.h"
#include "mail/message_builder.h"

#include <fmt/format.h>

namespace postino::mail {

namespace {

std::uint64_t hashText(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    return h;
}

// RFC 2231 extended parameter value: UTF-8''percent-encoded.
std::string rfc2231(std::string_view value) {
    std::string out = "UTF-8''";
    for (unsigned char c : value) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          c == '.' || c == '-' || c == '_';
        out += safe ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
    }
    return out;
}

std::string fileNameParameter(std::string_view param, std::string_view name) {
    if (isPlainAscii(name) && name.find('"') == std::string_view::npos && name.find('\\') == std::string_view::npos)
        return fmt::format("{}=\"{}\"", param, name);
    return fmt::format("{}*={}", param, rfc2231(name));
}

}  // namespace

bool isPlainAscii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\r' && c != '\n')) return false;
    return true;
}

std::string guessContentType(std::string_view fileName) {
    const std::size_t dot = fileName.rfind('.');
    const std::string ext = dot == std::string_view::npos ? "" : toLowerAscii(fileName.substr(dot + 1));
    static const std::pair<const char*, const char*> table[] = {
        {"pdf", "application/pdf"}, {"jpg", "image/jpeg"},  {"jpeg", "image/jpeg"}, {"png", "image/png"},
        {"gif", "image/gif"},       {"txt", "text/plain"},  {"csv", "text/csv"},    {"html", "text/html"},
        {"zip", "application/zip"}, {"doc", "application/msword"},
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"odt", "application/vnd.oasis.opendocument.text"}, {"mp3", "audio/mpeg"}, {"wav", "audio/wav"}};
    for (const auto& [e, type] : table)
        if (ext == e) return type;
    return "application/octet-stream";
}

std::string base64Lines(std::string_view bytes) {
    const std::string b64 = base64Encode(bytes);
    std::string out;
    out.reserve(b64.size() + b64.size() / 76 * 2 + 2);
    for (std::size_t i = 0; i < b64.size(); i += 76) {
        out.append(b64, i, 76);
        out += "\r\n";
    }
    return out;
}

std::string attachmentContent(const Attachment& a) {
    const std::string type = a.contentType.empty() ? guessContentType(a.name) : a.contentType;
    Rng rng(hashText(a.name) ^ hashText(type) ^ a.size);
    std::string out;
    out.reserve(a.size);
    if (type.rfind("text/", 0) == 0) {
        static const char* words[] = {"mail", "server", "packet", "relay", "inbox", "message", "domain", "queue"};
        while (out.size() < a.size) {
            out += words[rng.below(8)];
            out += (rng.below(12) == 0) ? "\r\n" : " ";
        }
        out.resize(a.size);
        return out;
    }
    // A real file signature first, so tools recognise the type.
    std::string magic;
    if (type == "application/pdf") magic = "%PDF-1.4\n";
    else if (type == "image/png") magic = "\x89PNG\r\n\x1a\n";
    else if (type == "image/jpeg") magic = "\xff\xd8\xff\xe0";
    else if (type == "image/gif") magic = "GIF89a";
    else if (type == "application/zip") magic = std::string("PK\x03\x04", 4);
    out = magic.substr(0, a.size);
    while (out.size() < a.size) out += static_cast<char>(rng.next() & 0xff);
    return out;
}

std::string textPart(std::string_view text, std::string_view subtype) {
    std::string out = fmt::format("Content-Type: text/{}; charset=UTF-8\r\n", subtype);
    bool needsQp = !isPlainAscii(text);
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i <= text.size(); ++i)
        if (i == text.size() || text[i] == '\n') {
            if (i - lineStart > 76) needsQp = true;
            lineStart = i + 1;
        }
    if (needsQp) return out + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + encodeQuotedPrintable(text);
    out += "Content-Transfer-Encoding: 7bit\r\n\r\n";
    std::string body;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') continue;
        if (text[i] == '\n') body += "\r\n";
        else body += text[i];
    }
    if (!body.empty() && body.back() != '\n') body += "\r\n";
    return out + body;
}

std::string attachmentPart(const Attachment& a) {
    const std::string type = a.contentType.empty() ? guessContentType(a.name) : a.contentType;
    return fmt::format(
        "Content-Type: {}; {}\r\nContent-Disposition: attachment; {}; size={}\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n{}",
        type, fileNameParameter("name", a.name), fileNameParameter("filename", a.name), a.size,
        base64Lines(attachmentContent(a)));
}

std::string makeBoundary(std::string_view seedText, int level) {
    return fmt::format("=_postino_{:016x}_{}", hashText(seedText), level);
}

std::string multipart(std::string_view subtype, std::string_view boundary, const std::vector<std::string>& parts) {
    std::string out = fmt::format("Content-Type: multipart/{}; boundary=\"{}\"\r\n\r\n", subtype, boundary);
    out += "This is a multi-part message in MIME format.\r\n";
    for (const std::string& part : parts) out += fmt::format("\r\n--{}\r\n{}", boundary, part);
    out += fmt::format("\r\n--{}--\r\n", boundary);
    return out;
}

}  // namespace postino::mail
