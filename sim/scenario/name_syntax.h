// Syntax of the names a scenario uses: node ids, dotted-quad IPv4 addresses,
// host names (RFC 1123 §2.1, RFC 1035 §2.3.4), mail addresses (RFC 5321 §4.1.2
// dot-atom local parts) and language tags. Pure string checks: no I/O, no lookups.
#pragma once

#include <cstdint>
#include "core/ascii.h"
#include <optional>
#include <string>
#include <string_view>

namespace postino::scenario {

inline std::string toLower(std::string_view s) { return toLowerAscii(s); }

// [a-z0-9][a-z0-9-]*, at most 63 characters.
bool isValidNodeId(std::string_view id);

// Strict dotted quad: four decimal parts 0..255, no leading zeros ("010"), no
// signs, spaces or hex. Returns the address in host byte order.
std::optional<std::uint32_t> parseIpv4(std::string_view text);
std::string formatIpv4(std::uint32_t address);
// Why a syntactically valid address cannot be a node's own address, or empty:
// 0.0.0.0/8, 127.0.0.0/8 (loopback), 224.0.0.0/4 (multicast), 240.0.0.0/4 incl. broadcast.
// An English term of ours (marked with N_), translated in the viewer with the sentence around it.
std::string reservedIpv4Reason(std::uint32_t address);

// RFC 1123 host name: labels of 1..63 letters, digits and '-', not starting or
// ending with '-', joined by '.', at most 253 characters, last label not all
// digits. No trailing dot (strip it first). Case-insensitive.
bool isValidHostname(std::string_view name);
// A DNS owner name as TXT records use them ("_dmarc.bank.example", "s1._domainkey.bank.example"):
// as a host name, but labels may also hold '_' (RFC 2181 11), and may be all digits.
bool isValidDnsName(std::string_view name);
// A host name with at least two labels ("sender.example"): what a mail domain needs.
bool isValidMailDomain(std::string_view name);

// local@domain with a dot-atom local part (1..64 characters of RFC 5322 atext
// and single dots) and a mail domain; at most 254 characters. Returns the
// address lower-cased, or nullopt. Quoted local parts are not supported.
std::optional<std::string> normalizeMailAddress(std::string_view text);
// The part after '@' of an address already normalized.
std::string_view mailDomainOf(std::string_view address);

// "en", "it", "pt-br", "zh-hant": 2-3 letters, then optional "-" subtags of
// 2..8 letters or digits (a simplified BCP 47).
bool isValidLanguageTag(std::string_view tag);

// Levenshtein distance, capped: returns cap+1 as soon as the distance exceeds cap.
int editDistance(std::string_view a, std::string_view b, int cap);

}  // namespace postino::scenario
