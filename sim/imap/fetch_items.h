// FETCH attributes: parsing "(FLAGS UID BODY.PEEK[1.2.HEADER.FIELDS (From)]<0.100>)" and the
// macros, and cutting the bytes a BODY[section] names out of a message.
// RFC 3501 6.4.5 (fetch-att, section-spec, partial), 9 (section, section-part, section-text).
// No session state here: it neither sets \Seen nor writes responses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "imap/imap_parser.h"
#include "imap/message_structure.h"

namespace postino::imap {

struct Section {
    enum class Text { None, Header, HeaderFields, HeaderFieldsNot, Text, Mime };
    std::vector<std::uint32_t> part;  // "1.2" -> {1, 2}; empty: the whole message
    Text text = Text::None;
    std::vector<std::string> fields;  // HEADER.FIELDS names, upper-cased
};

struct FetchItem {
    enum class Kind {
        Flags, Uid, InternalDate, Rfc822Size, Envelope, BodyStructure, Body,  // non-literal
        Section, Rfc822, Rfc822Header, Rfc822Text,                            // literal
    };
    Kind kind = Kind::Flags;
    Section section;           // Kind::Section
    bool peek = false;         // BODY.PEEK[...]: does not set \Seen
    bool partial = false;      // <offset.length>
    std::uint32_t offset = 0;
    std::uint32_t length = 0xFFFFFFFFu;
    std::string responseName;  // "BODY[HEADER.FIELDS (FROM)]<0>", "RFC822.SIZE", ...

    bool isLiteral() const { return kind >= Kind::Section; }
    bool setsSeen() const;
    bool needsStructure() const;
};

// The attributes after the sequence set: one atom (an item or ALL/FAST/FULL) or a list of
// items. Returns "" or the BAD text ("Invalid BODY[..] section", "Unknown parameter X").
std::string parseFetchItems(const std::vector<Arg>& args, std::vector<FetchItem>& out);

// The bytes the section names (RFC 3501 6.4.5), before any <partial>; "" for a part that
// does not exist (as Dovecot answers). `root` is parseMessageStructure(data).
std::string sectionContent(std::string_view data, const BodyPart& root, const Section& section);

}  // namespace postino::imap
