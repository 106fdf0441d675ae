// Human-readable views of DNS messages: type and rcode names, record text,
// and Wireshark-style Info-column summaries.
#include "dns/dns_message.h"
#include "net/ipv4.h"

#include <cstdio>

namespace postino::dns {

namespace {

// RFC 5952 text for a 16-octet IPv6 address: lower-case hex, the longest run
// (two or more) of zero groups shortened to "::".
std::string ipv6Text(const std::vector<std::uint8_t>& b) {
    unsigned groups[8];
    for (int i = 0; i < 8; ++i) groups[i] = (static_cast<unsigned>(b[2 * i]) << 8) | b[2 * i + 1];
    int bestStart = -1, bestLen = 0;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0) ++j;
        if (j - i > bestLen && j - i >= 2) {
            bestStart = i;
            bestLen = j - i;
        }
        i = j;
    }
    std::string out;
    char buf[8];
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            out += "::";
            i += bestLen - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') out += ':';
        std::snprintf(buf, sizeof buf, "%x", groups[i]);
        out += buf;
    }
    return out;
}

// A character-string in zone-file form (RFC 1035 5.1): quoted, '"' and '\' escaped,
// octets outside printable ASCII as \DDD.
std::string quotedText(const std::string& t) {
    std::string s = "\"";
    for (unsigned char c : t) {
        if (c == '"' || c == '\\') {
            s += '\\';
            s += static_cast<char>(c);
        } else if (c < 0x20 || c > 0x7e) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\%03u", c);
            s += buf;
        } else {
            s += static_cast<char>(c);
        }
    }
    return s + "\"";
}

std::string displayName(const std::string& name) { return name.empty() ? "<Root>" : name; }

std::string opcodeName(std::uint8_t opcode) {
    switch (opcode) {
    case 0: return "Standard query";
    case 1: return "Inverse query";
    case 2: return "Server status request";
    case 4: return "Zone change notification";
    case 5: return "Dynamic update";
    default: return "Unknown operation (" + std::to_string(opcode) + ")";
    }
}

}  // namespace

std::string typeName(RrType t) {
    switch (t) {
    case RrType::A: return "A";
    case RrType::NS: return "NS";
    case RrType::CNAME: return "CNAME";
    case RrType::SOA: return "SOA";
    case RrType::MX: return "MX";
    case RrType::TXT: return "TXT";
    case RrType::AAAA: return "AAAA";
    }
    // Types we do not decode but that a capture may well contain.
    switch (static_cast<std::uint16_t>(t)) {
    case 12: return "PTR";
    case 33: return "SRV";
    case 41: return "OPT";
    case 99: return "SPF";
    case 255: return "ANY";
    case 257: return "CAA";
    default: break;
    }
    return "TYPE" + std::to_string(static_cast<std::uint16_t>(t));
}

std::string rcodeName(Rcode r) {
    switch (r) {
    case Rcode::NoError: return "No error";
    case Rcode::FormErr: return "Format error";
    case Rcode::ServFail: return "Server failure";
    case Rcode::NxDomain: return "No such name";
    case Rcode::NotImp: return "Not implemented";
    case Rcode::Refused: return "Refused";
    }
    return "Unknown error (" + std::to_string(static_cast<unsigned>(r)) + ")";
}

std::string formatRecordData(const ResourceRecord& rr) {
    std::string s = typeName(rr.type);
    switch (rr.type) {
    case RrType::A: return s + " " + net::formatIpv4(rr.address);
    case RrType::NS:
    case RrType::CNAME: return s + " " + displayName(rr.target);
    case RrType::MX: return s + " " + std::to_string(rr.preference) + " " + displayName(rr.target);
    case RrType::SOA: return s + " " + displayName(rr.mname);
    case RrType::AAAA:
        if (rr.rawData.size() == 16) return s + " " + ipv6Text(rr.rawData);
        return s;
    default: return s;  // TXT too: Wireshark's Info column shows only the type
    }
}

std::string formatRecord(const ResourceRecord& rr) {
    std::string s = (rr.name.empty() ? "." : rr.name) + " " + std::to_string(rr.ttl) + " " +
                    (rr.rclass == kClassIn ? std::string("IN") : "CLASS" + std::to_string(rr.rclass)) + " ";
    switch (rr.type) {
    case RrType::SOA:
        return s + "SOA " + rr.mname + " " + rr.rname + " " + std::to_string(rr.serial) + " " +
               std::to_string(rr.refresh) + " " + std::to_string(rr.retry) + " " + std::to_string(rr.expire) + " " +
               std::to_string(rr.minimum);
    case RrType::A:
    case RrType::NS:
    case RrType::CNAME:
    case RrType::MX: return s + formatRecordData(rr);
    case RrType::TXT: {
        s += "TXT";
        for (const std::string& t : rr.texts) s += " " + quotedText(t);
        return s;
    }
    case RrType::AAAA:
        if (rr.rawData.size() == 16) return s + formatRecordData(rr);
        [[fallthrough]];
    default: {
        // RFC 3597 generic form: \# length hex
        static const char* hex = "0123456789abcdef";
        std::string data = "\\# " + std::to_string(rr.rawData.size());
        if (!rr.rawData.empty()) data += ' ';
        for (std::uint8_t b : rr.rawData) {
            data += hex[b >> 4];
            data += hex[b & 0xf];
        }
        return s + typeName(rr.type) + " " + data;
    }
    }
}

std::string summary(const Message& m, bool allSections) {
    char id[8];
    std::snprintf(id, sizeof id, "0x%04x", m.id);
    std::string s = opcodeName(m.opcode);
    if (m.qr) s += " response";
    s += " ";
    s += id;
    if (m.qr && m.rcode != Rcode::NoError) s += " " + rcodeName(m.rcode);
    for (const Question& q : m.questions) s += " " + typeName(q.type) + " " + displayName(q.name);
    for (const ResourceRecord& rr : m.answers) s += " " + formatRecordData(rr);
    if (allSections) {
        for (const ResourceRecord& rr : m.authority) s += " " + formatRecordData(rr);
        for (const ResourceRecord& rr : m.additional) s += " " + formatRecordData(rr);
    }
    return s;
}

}  // namespace postino::dns
