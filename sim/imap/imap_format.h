// How IMAP data is written on the wire: quoted strings, literals, NIL, atoms for mailbox
// names, flag lists; and the date forms (INTERNALDATE, APPEND date-time, SEARCH dates).
// RFC 3501 4.2-4.5, 9 (date-time, date), RFC 5322 3.3 (Date: for SENTSINCE). No I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace postino::imap {

// True when `s` can go in a quoted string: 7-bit, no CR, LF, NUL, and (like Dovecot) no
// '"' or '\', which go out as literals instead of escaped.
bool canQuote(std::string_view s);
// "text", or a literal {n}CRLF... when it cannot be quoted.
std::string imapString(std::string_view s);
// NIL when absent, else imapString().
std::string nstring(const std::optional<std::string>& s);
// An atom when every byte is an ASTRING-CHAR (and it is not "NIL"), else imapString().
std::string astring(std::string_view s);

// "(\Answered \Flagged \Deleted \Seen \Draft \Recent $Keyword)" in Dovecot's order.
std::string flagList(std::uint8_t flags, const std::vector<std::string>& keywords, bool recent);
// "\Seen" for flag::Seen, "" for anything else.
std::string_view systemFlagName(std::uint8_t oneFlag);
// flag::Seen for "\seen" (any case), 0 for "\Recent", unknown names or keywords.
std::uint8_t systemFlagBit(std::string_view name);

// Reads a flag list (STORE, APPEND): system flags into `flags`, keywords (atoms) into
// `keywords` without duplicates. Returns "" or a Dovecot-style error ("Invalid system flag \FOO").
struct Arg;
std::string parseFlagArgs(const std::vector<Arg>& items, std::uint8_t& flags, std::vector<std::string>& keywords);

// Day numbers count days since 1970-01-01 (negative before).
std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day);
// The UTC day of a simulated instant (simulated time 0 is 2026-03-02 09:00:00 UTC).
std::int64_t dayOf(Time t);
// Unix seconds of a simulated instant.
std::int64_t unixSeconds(Time t);
Time fromUnixSeconds(std::int64_t seconds);

// "02-Mar-2026 09:00:00 +0000" (RFC 3501 date-time, in UTC).
std::string formatInternalDate(Time t);
// RFC 3501 date-time "dd-Mon-yyyy hh:mm:ss +zzzz" (day " 2", "2" or "02"): nullopt if invalid.
std::optional<Time> parseDateTime(std::string_view s);
// RFC 3501 date "1-Feb-1994" (also quoted by the caller): the day number.
std::optional<std::int64_t> parseSearchDate(std::string_view s);
// The calendar day of an RFC 5322 Date: value ("Mon, 2 Mar 2026 09:00:00 +0100"), in its own zone.
std::optional<std::int64_t> parseHeaderDay(std::string_view value);

}  // namespace postino::imap
