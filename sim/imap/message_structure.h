// A small RFC 5322 + MIME structure parser for IMAP FETCH: header fields, multipart
// boundaries, message/rfc822 nesting, Content-* fields, byte and line counts, part numbers.
// RFC 5322 2.2 (header fields, folding), RFC 2045 5-6 (Content-Type, -Transfer-Encoding),
// RFC 2046 5.1 (multipart), 5.2 (message/rfc822), RFC 2183, RFC 3501 6.4.5 (part numbers).
// It decodes nothing (no base64, no RFC 2047) and never copies the message: offsets only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::imap {

inline constexpr int kMaxMimeDepth = 32;
inline constexpr int kMaxMimeParts = 5000;

struct HeaderField {
    std::string name;      // as written
    std::string value;     // unfolded (CR and LF removed), trimmed
    std::size_t start = 0; // the raw field in the message, folded lines and CRLF included
    std::size_t end = 0;
};

struct MimeParam {
    std::string name;  // as written
    std::string value; // quotes removed
};

struct BodyPart {
    std::size_t headerStart = 0;  // raw header, including the empty line that ends it
    std::size_t headerEnd = 0;    // == bodyStart
    std::size_t bodyEnd = 0;
    std::size_t bodyLines = 0;    // LF count of the body
    std::vector<HeaderField> fields;

    std::string type = "text";    // case as written (Dovecot keeps it)
    std::string subtype = "plain";
    std::vector<MimeParam> params;
    bool defaultType = true;      // no (valid) Content-Type field
    std::string encoding = "7bit";
    std::optional<std::string> id, description, md5, location;
    std::optional<std::string> disposition;
    std::vector<MimeParam> dispositionParams;
    std::vector<std::string> languages;

    // multipart: the parts; message/rfc822: one child, the encapsulated message (its
    // header is that message's header, its body that message's body).
    std::vector<BodyPart> children;

    std::size_t bodyStart() const { return headerEnd; }
    std::size_t bodySize() const { return bodyEnd - headerEnd; }
    std::size_t headerSize() const { return headerEnd - headerStart; }
    bool isMultipart() const;
    bool isMessageType() const;  // message/rfc822 (or message/global)
    bool isMessage() const;      // ... with its encapsulated message parsed
    bool isText() const;
    // The first field of this name (case-insensitive), or nullptr.
    const HeaderField* field(std::string_view name) const;
};

// The structure of a whole message: the root part's header is the message header.
BodyPart parseMessageStructure(std::string_view message);

// Parses "type/subtype; a=b; c="d"" (also Content-Disposition without the "/subtype").
// False when the type part is not a valid token (pair), e.g. "garbage".
bool parseContentType(std::string_view value, std::string& type, std::string* subtype, std::vector<MimeParam>& params);

// RFC 3501 6.4.5: the part that section number `path` ("1.2" -> {1, 2}) names, or nullptr.
// An empty path names the whole message (the root).
const BodyPart* findPart(const BodyPart& root, const std::vector<std::uint32_t>& path);

}  // namespace postino::imap
