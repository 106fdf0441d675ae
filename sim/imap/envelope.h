// The IMAP ENVELOPE of a message and the address lists in it, plus BODY / BODYSTRUCTURE.
// RFC 3501 7.4.2 (ENVELOPE, BODY, BODYSTRUCTURE), RFC 5322 3.4 (address lists, groups,
// obsolete routes). Renders what message_structure.h found; decodes no RFC 2047 words.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imap/message_structure.h"

namespace postino::imap {

struct ImapAddress {
    std::optional<std::string> name;     // display name, unquoted
    std::optional<std::string> route;    // "@a.example,@b.example" (obsolete source route)
    std::optional<std::string> mailbox;  // local part; group name for a group start
    std::optional<std::string> host;     // NIL for the start and end markers of a group
};

// Lenient RFC 5322 address-list parser. Groups come out as (NIL NIL "name" NIL), their
// members, then (NIL NIL NIL NIL). Missing parts get Dovecot's MISSING_DOMAIN / MISSING_MAILBOX.
std::vector<ImapAddress> parseAddressList(std::string_view value);

// "((\"Bob\" NIL \"bob\" \"example.org\")(...))" or NIL for an empty list.
std::string renderAddressList(const std::vector<ImapAddress>& list);

// ENVELOPE of the message whose header is `message`'s header (RFC 3501 7.4.2: Sender and
// Reply-To fall back to From).
std::string renderEnvelope(const BodyPart& message);

// BODYSTRUCTURE (extensible = true) or BODY (false) of `part`, RFC 3501 7.4.2.
std::string renderBodyStructure(const BodyPart& part, bool extensible);

}  // namespace postino::imap
