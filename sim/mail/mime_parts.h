// MIME body parts (RFC 2045/2046/2183/2231): text parts, base64 attachments
// with deterministic generated content, multipart/mixed and /alternative.
// Each part is "headers CRLF CRLF body" with CRLF line ends; no top-level fields.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace postino::mail {

struct Attachment {
    std::string name;         // file name, UTF-8 ("relazione.pdf", "φωτογραφία.jpg")
    std::string contentType;  // "application/pdf"; empty: guessed from the name
    std::size_t size = 0;     // bytes before base64
};

// Printable ASCII, tabs and line ends only: needs no MIME encoding.
bool isPlainAscii(std::string_view text);

// A text/plain or text/html part, 7bit when plain short ASCII lines, else quoted-printable.
std::string textPart(std::string_view text, std::string_view subtype = "plain");
// An attachment part: base64 in 76-character lines, Content-Disposition with
// the file name (RFC 2231 encoded when not ASCII).
std::string attachmentPart(const Attachment& a);
// The same bytes every time for the same name, type and size: readable text for
// text/* types, pseudo-random bytes (with a plausible file signature) otherwise.
std::string attachmentContent(const Attachment& a);
// "multipart/<subtype>; boundary=..." with the parts between delimiter lines.
std::string multipart(std::string_view subtype, std::string_view boundary, const std::vector<std::string>& parts);
// A boundary that cannot appear in base64 or quoted-printable text ("=_" prefix).
std::string makeBoundary(std::string_view seedText, int level);
// "application/pdf" for "x.pdf", etc.; application/octet-stream when unknown.
std::string guessContentType(std::string_view fileName);
// Base64 in lines of 76 characters, each ended by CRLF.
std::string base64Lines(std::string_view bytes);

}  // namespace postino::mail
