// Authoritative DNS engine: A, MX (+ additional A), TXT (SPF, DKIM keys, DMARC), apex SOA/NS,
// records added by type, NXDOMAIN and NODATA.
// RFC 1035 4.3.2 and 6.2, RFC 2308 3 (negative answers), RFC 8020 (empty non-terminals).
// Sans-I/O: datagram in, reply bytes out; no sockets, clock, recursion or zone transfers.
#pragma once

#include "dns/dns_message.h"
#include "scenario/scenario.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace postino::dns {

class AuthoritativeServer {
public:
    // TTL and counters of the SOA generated for each zone.
    static constexpr std::uint32_t kSoaTtl = 300;
    static constexpr std::uint32_t kSoaSerial = 1;
    static constexpr std::uint32_t kSoaRefresh = 3600;
    static constexpr std::uint32_t kSoaRetry = 600;
    static constexpr std::uint32_t kSoaExpire = 86400;
    static constexpr std::uint32_t kSoaMinimum = 300;

    // `hostName` is this server's own name (the SOA mname and apex NS target).
    // Names are normalized (lower-case, no trailing dot).
    AuthoritativeServer(std::vector<scenario::DnsZone> zones, std::string hostName);

    // The reply to one query message. A message with qr=1 gets FormErr here;
    // handle() drops such messages instead of answering them.
    Message answer(const Message& query) const;

    // Decodes a raw datagram and encodes the reply. Undecodable queries get a
    // FormErr reply carrying their id when the 12-octet header is readable;
    // responses and datagrams shorter than a header get no reply (empty vector).
    // Replies larger than `maxSize` (512 for UDP) drop the additional section,
    // then set TC and drop the answers (RFC 1035 4.2.1, RFC 2181 9).
    std::vector<std::uint8_t> handle(const std::uint8_t* data, std::size_t len,
                                     std::size_t maxSize = kMaxUdpPayload) const;

    // Serves one more record of any type (TXT: "v=spf1 ...", a DKIM key, a DMARC policy) from the
    // zone its name lies in. Empty string when added, else why not ("x.other.example is in none
    // of this server's zones").
    std::string addRecord(ResourceRecord rr);
    const std::vector<ResourceRecord>& addedRecords() const { return m_added; }

    // The generated SOA of a zone origin (for tests and views).
    ResourceRecord soaFor(const std::string& origin) const;
    const std::string& hostName() const { return m_hostName; }
    const std::vector<scenario::DnsZone>& zones() const { return m_zones; }

private:
    const scenario::DnsZone* findZone(const std::string& qname) const;
    bool nameExists(const scenario::DnsZone& zone, const std::string& qname) const;
    void addRecords(const scenario::DnsZone& zone, const std::string& qname, RrType type,
                    std::vector<ResourceRecord>& out) const;
    void addExchangeAddresses(Message& reply) const;

    std::vector<scenario::DnsZone> m_zones;
    std::string m_hostName;
    std::vector<ResourceRecord> m_added;  // from addRecord, names normalized
};

}  // namespace postino::dns
