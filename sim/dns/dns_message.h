// DNS messages: RFC 1035 wire format with name compression, and Wireshark-style summaries.
// RFC 1035 3.1, 3.3, 3.3.14 (TXT character-strings), 4.1, 4.1.4, 5.1; RFC 3597 (unknown types kept raw).
// Must not do I/O, throw on bad input, or read outside the buffer it is given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace postino::dns {

// Record types we understand; any other 16-bit value may be held (and decodes
// with its rdata kept raw).
enum class RrType : std::uint16_t { A = 1, NS = 2, CNAME = 5, SOA = 6, MX = 15, TXT = 16, AAAA = 28 };

// Response codes (RFC 1035 4.1.1). Decoded values 6..15 are kept as-is.
enum class Rcode : std::uint8_t { NoError = 0, FormErr = 1, ServFail = 2, NxDomain = 3, NotImp = 4, Refused = 5 };

inline constexpr std::uint16_t kClassIn = 1;
inline constexpr std::size_t kHeaderSize = 12;
inline constexpr std::size_t kMaxUdpPayload = 512;  // RFC 1035 4.2.1
inline constexpr std::size_t kMaxLabel = 63;        // RFC 1035 2.3.4
inline constexpr std::size_t kMaxNameWire = 255;    // octets on the wire, length bytes included
inline constexpr std::size_t kMaxCharacterString = 255;  // RFC 1035 3.3: one length octet

// Names in these structs are lower-case, without a trailing dot; the root is "".
// Label bytes outside printable ASCII, and '.' or '\' inside a label, appear in
// RFC 1035 5.1 presentation form ("\046", "\\") and are parsed back on encode.
struct Question {
    std::string name;
    RrType type = RrType::A;
    std::uint16_t qclass = kClassIn;

    bool operator==(const Question&) const = default;
};

struct ResourceRecord {
    std::string name;
    RrType type = RrType::A;
    std::uint16_t rclass = kClassIn;
    std::uint32_t ttl = 0;
    std::uint32_t address = 0;       // A: IPv4, host byte order
    std::uint16_t preference = 0;    // MX
    std::string target;              // MX exchange, NS host, CNAME target
    // SOA
    std::string mname;
    std::string rname;
    std::uint32_t serial = 0;
    std::uint32_t refresh = 0;
    std::uint32_t retry = 0;
    std::uint32_t expire = 0;
    std::uint32_t minimum = 0;
    // TXT: its character-strings in order (RFC 1035 3.3.14), each at most 255 octets; one or
    // more. Readers join them without separators (RFC 7208 3.3, RFC 6376 3.6.2.2): txtText().
    std::vector<std::string> texts;
    std::vector<std::uint8_t> rawData;  // rdata of every other type (AAAA, unknown)

    bool operator==(const ResourceRecord&) const = default;
};

struct Message {
    std::uint16_t id = 0;
    bool qr = false;  // response
    bool aa = false;  // authoritative answer
    bool tc = false;  // truncated
    bool rd = false;  // recursion desired
    bool ra = false;  // recursion available
    std::uint8_t opcode = 0;  // 4 bits; 0 = standard query
    Rcode rcode = Rcode::NoError;
    std::vector<Question> questions;
    std::vector<ResourceRecord> answers;
    std::vector<ResourceRecord> authority;
    std::vector<ResourceRecord> additional;

    bool operator==(const Message&) const = default;
};

struct DecodeResult {
    std::optional<Message> message;  // set when the whole message decoded
    std::string error;               // e.g. "answer 1: compression pointer at offset 40 points forward to 52"
    std::size_t errorOffset = 0;     // byte offset the error refers to
    // The 12-byte header (id, flags, no sections) whenever at least 12 bytes
    // arrived, even if the rest failed: a server can still send FormErr with the id.
    std::optional<Message> header;

    bool ok() const { return message.has_value(); }
};

// Encodes with name compression (RFC 1035 4.1.4) and lower-cased names. Section
// counts come from the vector sizes. Returns an empty vector if the message
// cannot be encoded (a name with a label > 63 octets or > 255 octets, an empty
// label, more than 65535 entries in a section, rdata > 65535 octets, a TXT record
// with no string or a string over 255 octets): use
// encodeChecked to learn why.
std::vector<std::uint8_t> encode(const Message& m);
std::vector<std::uint8_t> encodeChecked(const Message& m, std::string& error);

// Decodes one message. Never throws, never reads outside [data, data+len).
// Rejects: truncation, compression pointers that do not point strictly before
// the name part that led to them (this forbids loops and forward pointers),
// pointers outside the message, labels > 63, names > 255 octets, reserved label
// types (0x40/0x80), counts larger than the data, rdata length mismatches, TXT
// rdata that is empty or whose character-string length runs past the rdata.
// Bytes after the last record are ignored.
DecodeResult decode(const std::uint8_t* data, std::size_t len);
inline DecodeResult decode(const std::vector<std::uint8_t>& bytes) { return decode(bytes.data(), bytes.size()); }

// "MX", "AAAA", a few common undecoded ones ("PTR", "OPT", "ANY"), else RFC 3597 "TYPE65280".
std::string typeName(RrType t);
// Wireshark's wording: "No error", "No such name", "Refused", ... "Unknown error (9)".
std::string rcodeName(Rcode r);
// Lower-cases, strips one trailing dot ("Mail.Example." -> "mail.example"; "." -> "").
std::string normalizeName(const std::string& name);
// Empty string if `name` can be put on the wire, else the reason.
std::string validateName(const std::string& name);
// Wireshark's per-record wording: "A 192.0.2.25", "MX 10 mail.example", "SOA ns.example".
std::string formatRecordData(const ResourceRecord& rr);
// "mail.example 300 IN MX 10 mx.example", "x 60 IN TXT \"v=spf1 -all\"" (zone-file style, for cache views).
std::string formatRecord(const ResourceRecord& rr);
// Wireshark's Info column: "Standard query 0x1a2b MX recipient.example",
// "Standard query response 0x1a2b No such name A nope.example". Lists the
// answer section only; with allSections the authority and additional records
// follow too, which is exactly what tshark prints.
std::string summary(const Message& m, bool allSections = false);

// Small builders for tests and engines.
ResourceRecord makeA(const std::string& name, std::uint32_t ttl, std::uint32_t address);
ResourceRecord makeMx(const std::string& name, std::uint32_t ttl, std::uint16_t preference, const std::string& exchange);
// A TXT record holding `text`, cut into 255-octet character-strings (one empty string if empty).
ResourceRecord makeTxt(const std::string& name, std::uint32_t ttl, const std::string& text);
// A TXT record's strings joined without separators, as SPF, DKIM and DMARC read them.
std::string txtText(const ResourceRecord& rr);

}  // namespace postino::dns
