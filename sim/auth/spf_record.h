// SPF records: picking the "v=spf1" record from a name's TXT strings, and parsing its terms.
// RFC 7208 4.5 (record selection), 4.6 (syntax), 5 (mechanisms), 6 (modifiers), 7.1 (macro syntax).
// Parses only: no DNS, no evaluation (spf_check.h), no macro expansion (spf_macro.h).
#pragma once

#include "auth/ip_address.h"

#include <optional>
#include <string>
#include <vector>

namespace postino::auth {

enum class SpfQualifier { Pass, Fail, SoftFail, Neutral };  // + - ~ ?
enum class SpfMechanism { All, Include, A, Mx, Ptr, Ip4, Ip6, Exists };

struct SpfTerm {
    SpfQualifier qualifier = SpfQualifier::Pass;
    SpfMechanism mechanism = SpfMechanism::All;
    std::string domainSpec;     // include, a, mx, ptr, exists; empty = the current domain
    std::optional<IpAddress> network;  // ip4, ip6
    int cidr4 = 32;             // a, mx, ip4
    int cidr6 = 128;            // a, mx, ip6
    std::string text;           // the term as written ("-ip4:203.0.113.0/24")
};

struct SpfRecord {
    std::vector<SpfTerm> terms;
    std::optional<std::string> redirect;  // redirect= domain-spec
    std::optional<std::string> exp;       // exp= (kept, not used: Postino writes its own explanations)
};

struct SpfParse {
    std::optional<SpfRecord> record;
    std::string error;  // "term 3 'ip4:300.1.1.1': '300.1.1.1' is not an IPv4 address"
};

// Whether a TXT text is an SPF record: "v=spf1" (any case) alone or followed by a space.
bool isSpfRecord(const std::string& txt);
SpfParse parseSpfRecord(const std::string& txt);
// Whether a domain-spec is a well-formed macro-string (RFC 7208 7.1); `why` says what is wrong.
bool validMacroString(const std::string& spec, bool allowExpLetters, std::string& why);

std::string qualifierName(SpfQualifier q);  // "pass", "fail", "softfail", "neutral"

}  // namespace postino::auth
