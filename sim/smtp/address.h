// Parsing of SMTP paths and parameters: "FROM:<a@b> SIZE=10", "TO:<postmaster>", "<>".
// RFC 5321 4.1.2 (Path, Mailbox, esmtp-param), 4.5.3.1 (path length), RFC 6531 (UTF-8 when allowed).
// Syntax only: no policy (local domains, users, relaying) and no DNS.
#pragma once

#include <string>
#include "core/ascii.h"
#include <string_view>
#include <vector>

namespace postino::smtp {

inline constexpr std::size_t kMaxPathOctets = 256;  // RFC 5321 4.5.3.1.3, incl. "<" ">"

struct PathArgument {
    enum class Status {
        Ok,
        BadSyntax,   // no "FROM:" / "TO:" keyword, or unbalanced "<": 501 5.5.4 Syntax: ...
        BadAddress,  // the address between < > is not a mailbox: 501 5.1.7 / 5.1.3
    };
    Status status = Status::BadSyntax;
    std::string address;              // without "<>" and source route; empty = null path "<>"
    std::vector<std::string> params;  // "SIZE=100", "BODY=8BITMIME", as sent
};

// `args` is everything after the verb, e.g. "FROM:<a@b.example> SIZE=12".
// `keyword` is "FROM" or "TO" (matched case-insensitively, spaces after ':' tolerated
// like Postfix). A bare address without <> is accepted (Postfix's non-strict default).
// A source route "<@a,@b:user@c>" is dropped (RFC 5321 4.1.2, appendix C).
PathArgument parsePathArgument(std::string_view args, std::string_view keyword);

// local-part@domain (or, with !requireDomain, a bare local part like "postmaster").
// allowUtf8 admits 8-bit bytes in both parts (SMTPUTF8, RFC 6531).
bool isValidMailbox(std::string_view address, bool requireDomain, bool allowUtf8);
bool isValidDomain(std::string_view domain, bool allowUtf8);

// Text after the last '@' (empty when there is none) and before it.
std::string_view domainOf(std::string_view address);
std::string_view localPartOf(std::string_view address);

using postino::toLowerAscii;  // core/ascii.h
using postino::toUpperAscii;  // core/ascii.h
inline bool equalsIgnoreCase(std::string_view a, std::string_view b) { return equalsIgnoreCaseAscii(a, b); }
bool hasNonAscii(std::string_view s);

}  // namespace postino::smtp
