// The DSN extension's envelope parameters (RFC 3461 4): RET and ENVID on MAIL FROM, NOTIFY and
// ORCPT on RCPT TO, and xtext, the encoding ENVID and ORCPT travel in (RFC 3461 4). Parsing and
// formatting only: when a delivery status notification is sent, and what it says, is the MTA's job.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace postino::smtp {

// NOTIFY= of one recipient (RFC 3461 4.1). All false: the client gave no NOTIFY, so the MTA's
// default applies (a failure, and perhaps a delay, is reported). NEVER is never set with another.
struct DsnNotify {
    bool never = false;
    bool success = false;
    bool failure = false;
    bool delay = false;

    bool empty() const { return !never && !success && !failure && !delay; }
    friend bool operator==(const DsnNotify&, const DsnNotify&) = default;
};

// The DSN parameters of one recipient, as RCPT TO gave them.
struct RecipientDsn {
    DsnNotify notify;
    // ORCPT= decoded: "rfc822;bob@b.example" (address type, ';', the original address with its
    // xtext undone); "" when the client gave none.
    std::string orcpt;
    friend bool operator==(const RecipientDsn&, const RecipientDsn&) = default;
};

// xtext (RFC 3461 4): "+XX" is the octet XX (hex digits, either case, as Postfix's
// xtext_unquote reads them); any other octet stands for itself. Empty when a '+' is not
// followed by two hex digits.
std::optional<std::string> xtextDecode(std::string_view text);
// The inverse, as Postfix's smtp client writes it (xtext_quote with "+="): '+', '=', and octets
// below 33 or above 126 become "+XX" with upper-case hex digits.
std::string xtextEncode(std::string_view text);

// "SUCCESS,FAILURE" (keywords in any case and order) -> flags. Empty items are skipped, as
// Postfix does ("SUCCESS," is fine); empty when there is no keyword at all, an unknown one, or
// NEVER with another keyword.
std::optional<DsnNotify> parseNotify(std::string_view value);
// "NEVER", or the set flags in the order SUCCESS,FAILURE,DELAY (Postfix's order); "" for none.
std::string formatNotify(const DsnNotify& notify);

// RET= value (RFC 3461 4.3): "FULL" or "HDRS" in any case -> upper case; empty otherwise.
std::optional<std::string> parseRet(std::string_view value);

// ENVID= value (RFC 3461 4.4) decoded. As Postfix's smtpd: the value ends at a decoded NUL, and
// must then be non-empty printable US-ASCII (space included); empty otherwise.
std::optional<std::string> parseEnvid(std::string_view value);

// ORCPT= value (RFC 3461 4.2): "addr-type;xtext". The type must be non-empty and there must be a
// ';'; the address may be empty. As Postfix, which leaves the rest to its bounce daemon, the
// address is not checked further: it ends at a decoded NUL, and the other control characters
// in it become '?' so that no CR or LF can ever reach a DSN's header fields.
std::optional<std::string> parseOrcpt(std::string_view value);

}  // namespace postino::smtp
