// What the SPF, DKIM and DMARC checks ask of DNS and what they are told: the seam between
// these sans-I/O state machines and whatever resolves (the simulator's stub resolver, a test).
// Plain data only: no resolver, no clock, no sockets.
#pragma once

#include "dns/dns_message.h"

#include <string>
#include <vector>

namespace postino::auth {

struct DnsQuestion {
    std::string name;  // lower-case, no trailing dot
    dns::RrType type = dns::RrType::TXT;
    bool operator==(const DnsQuestion&) const = default;
};

// Ok with no records is NODATA (the name exists, no record of that type).
enum class DnsStatus { Ok, NxDomain, TempError };

struct DnsAnswer {
    DnsStatus status = DnsStatus::Ok;
    std::vector<dns::ResourceRecord> records;  // only those of the asked type are read

    static DnsAnswer nxDomain() { return {DnsStatus::NxDomain, {}}; }
    static DnsAnswer tempError() { return {DnsStatus::TempError, {}}; }
};

// "TXT bank.example" (for explanations and traces).
std::string describe(const DnsQuestion& q);

}  // namespace postino::auth
