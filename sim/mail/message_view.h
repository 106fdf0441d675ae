// What the user sees of an RFC 5322 / MIME message (RFC 2045-2047, 2183, 2231): decoded header
// fields, the readable text, and the attachment list, for the webmail page and the GUI inspector.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace postino::mail {

struct AttachmentInfo {
    std::string name;         // RFC 2231 / RFC 2047 decoded file name; "" when the part has none
    std::string contentType;  // lower case "type/subtype"
    std::size_t size = 0;     // decoded bytes
};

struct MessageView {
    // Header values, unfolded. From, To, Cc and Subject are RFC 2047 decoded; Date and
    // Message-ID are as written (RFC 2047 5 allows no encoded words there). All well-formed UTF-8.
    std::string from, to, cc, subject, date, messageId;
    // The first text/plain part that is not an attachment, transfer-decoded (base64, QP, 7bit,
    // 8bit), converted from its charset (utf-8, us-ascii, iso-8859-1, iso-8859-7; none or another:
    // read as UTF-8), line ends LF, a final line end kept. Without one, the first text/html part
    // as text: tags dropped, entities decoded, whitespace collapsed, <br> and </p> end lines.
    std::string text;
    bool hasHtml = false;  // a text/html part that is not an attachment exists
    // Parts with Content-Disposition: attachment or with a filename/name parameter, in order.
    std::vector<AttachmentInfo> attachments;
};

// Best effort on any bytes (no header, no boundary, truncated base64): never crashes or loops.
MessageView viewMessage(std::string_view rawMessage);

// The text a browser would show for an HTML document (used for HTML-only messages), UTF-8.
std::string htmlToText(std::string_view html);

}  // namespace postino::mail
