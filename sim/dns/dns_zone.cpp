// Authoritative answers from scenario zones.
#include "dns/dns_zone.h"

#include <utility>

namespace postino::dns {

namespace {

constexpr std::uint16_t kTypeAny = 255;
constexpr std::uint16_t kClassAny = 255;

// True if `name` equals `origin` or lies below it (label-wise).
bool inZone(const std::string& name, const std::string& origin) {
    if (origin.empty()) return true;
    if (name.size() == origin.size()) return name == origin;
    if (name.size() < origin.size() + 1) return false;
    return name.compare(name.size() - origin.size(), origin.size(), origin) == 0 &&
           name[name.size() - origin.size() - 1] == '.';
}

ResourceRecord fromScenario(const scenario::DnsRecord& rec) {
    if (rec.type == scenario::RecordType::MX) return makeMx(rec.name, rec.ttl, rec.preference, rec.exchange);
    if (rec.type == scenario::RecordType::TXT) {
        // Each text as written, cut into character-strings of at most 255 octets (RFC 1035 3.3.14).
        ResourceRecord rr = makeTxt(rec.name, rec.ttl, "");
        rr.texts.clear();
        for (const std::string& text : rec.texts) {
            const ResourceRecord part = makeTxt(rec.name, rec.ttl, text);
            rr.texts.insert(rr.texts.end(), part.texts.begin(), part.texts.end());
        }
        if (rr.texts.empty()) rr.texts.emplace_back();
        return rr;
    }
    return makeA(rec.name, rec.ttl, rec.address);
}

bool typeMatches(RrType have, RrType want) {
    return have == want || static_cast<std::uint16_t>(want) == kTypeAny;
}

}  // namespace

AuthoritativeServer::AuthoritativeServer(std::vector<scenario::DnsZone> zones, std::string hostName)
    : m_zones(std::move(zones)), m_hostName(normalizeName(hostName)) {
    for (scenario::DnsZone& z : m_zones) {
        z.origin = normalizeName(z.origin);
        for (scenario::DnsRecord& r : z.records) {
            r.name = normalizeName(r.name);
            r.exchange = normalizeName(r.exchange);
        }
    }
}

std::string AuthoritativeServer::addRecord(ResourceRecord rr) {
    rr.name = normalizeName(rr.name);
    if (std::string why = validateName(rr.name); !why.empty()) return "record name '" + rr.name + "': " + why;
    if (findZone(rr.name) == nullptr) return rr.name + " is in none of this server's zones";
    m_added.push_back(std::move(rr));
    return "";
}

ResourceRecord AuthoritativeServer::soaFor(const std::string& origin) const {
    ResourceRecord soa;
    soa.name = origin;
    soa.type = RrType::SOA;
    soa.ttl = kSoaTtl;
    soa.mname = m_hostName;
    soa.rname = origin.empty() ? "hostmaster" : "hostmaster." + origin;
    soa.serial = kSoaSerial;
    soa.refresh = kSoaRefresh;
    soa.retry = kSoaRetry;
    soa.expire = kSoaExpire;
    soa.minimum = kSoaMinimum;
    return soa;
}

const scenario::DnsZone* AuthoritativeServer::findZone(const std::string& qname) const {
    const scenario::DnsZone* best = nullptr;
    for (const scenario::DnsZone& z : m_zones) {
        if (!inZone(qname, z.origin)) continue;
        if (best == nullptr || z.origin.size() > best->origin.size()) best = &z;
    }
    return best;
}

// A name exists if it owns records, is the apex, or has names below it (an
// empty non-terminal, RFC 8020): those get NODATA, not NXDOMAIN.
bool AuthoritativeServer::nameExists(const scenario::DnsZone& zone, const std::string& qname) const {
    if (qname == zone.origin) return true;
    for (const scenario::DnsRecord& r : zone.records) {
        if (inZone(r.name, qname)) return true;
    }
    for (const ResourceRecord& r : m_added) {
        if (inZone(r.name, qname) && findZone(r.name) == &zone) return true;
    }
    return false;
}

void AuthoritativeServer::addRecords(const scenario::DnsZone& zone, const std::string& qname, RrType type,
                                     std::vector<ResourceRecord>& out) const {
    if (qname == zone.origin) {
        if (typeMatches(RrType::SOA, type)) out.push_back(soaFor(zone.origin));
        if (typeMatches(RrType::NS, type) && !m_hostName.empty()) {
            ResourceRecord ns;
            ns.name = zone.origin;
            ns.type = RrType::NS;
            ns.ttl = kSoaTtl;
            ns.target = m_hostName;
            out.push_back(std::move(ns));
        }
    }
    for (const scenario::DnsRecord& r : zone.records) {
        if (r.name != qname) continue;
        ResourceRecord rr = fromScenario(r);
        if (typeMatches(rr.type, type)) out.push_back(std::move(rr));
    }
    for (const ResourceRecord& r : m_added) {
        if (r.name == qname && typeMatches(r.type, type) && findZone(r.name) == &zone) out.push_back(r);
    }
}

// RFC 1035 3.3.9: MX answers carry the exchange's address as additional data
// when this server is authoritative for it.
void AuthoritativeServer::addExchangeAddresses(Message& reply) const {
    for (const ResourceRecord& mx : reply.answers) {
        if (mx.type != RrType::MX) continue;
        const scenario::DnsZone* zone = findZone(mx.target);
        if (zone == nullptr) continue;
        for (const scenario::DnsRecord& r : zone->records) {
            if (r.type != scenario::RecordType::A || r.name != mx.target) continue;
            bool duplicate = false;
            for (const ResourceRecord& have : reply.additional) {
                if (have.name == r.name && have.address == r.address) duplicate = true;
            }
            if (!duplicate) reply.additional.push_back(fromScenario(r));
        }
    }
}

Message AuthoritativeServer::answer(const Message& query) const {
    Message reply;
    reply.id = query.id;
    reply.qr = true;
    reply.opcode = query.opcode;
    reply.rd = query.rd;
    reply.ra = false;  // authoritative only, no recursion
    if (query.qr) {
        reply.rcode = Rcode::FormErr;
        return reply;
    }
    if (query.opcode != 0) {
        reply.rcode = Rcode::NotImp;
        if (query.questions.size() == 1) reply.questions = query.questions;
        return reply;
    }
    if (query.questions.size() != 1) {
        reply.rcode = Rcode::FormErr;
        return reply;
    }
    reply.questions = query.questions;
    const Question& q = query.questions.front();
    const std::string qname = normalizeName(q.name);
    const scenario::DnsZone* zone = findZone(qname);
    if (zone == nullptr || (q.qclass != kClassIn && q.qclass != kClassAny)) {
        reply.rcode = Rcode::Refused;
        return reply;
    }
    reply.aa = true;
    addRecords(*zone, qname, q.type, reply.answers);
    if (!reply.answers.empty()) {
        addExchangeAddresses(reply);
        return reply;
    }
    // Negative answer: the SOA goes in authority so caches know how long to
    // remember it (RFC 2308 3).
    reply.rcode = nameExists(*zone, qname) ? Rcode::NoError : Rcode::NxDomain;
    reply.authority.push_back(soaFor(zone->origin));
    return reply;
}

std::vector<std::uint8_t> AuthoritativeServer::handle(const std::uint8_t* data, std::size_t len,
                                                      std::size_t maxSize) const {
    DecodeResult decoded = decode(data, len);
    if (!decoded.ok()) {
        if (!decoded.header || decoded.header->qr) return {};
        Message reply;
        reply.id = decoded.header->id;
        reply.qr = true;
        reply.opcode = decoded.header->opcode;
        reply.rd = decoded.header->rd;
        reply.rcode = Rcode::FormErr;
        return encode(reply);
    }
    if (decoded.message->qr) return {};
    Message reply = answer(*decoded.message);
    std::vector<std::uint8_t> bytes = encode(reply);
    if (bytes.empty()) {
        // A zone record could not be put on the wire (a bad name in the scenario).
        reply.answers.clear();
        reply.authority.clear();
        reply.additional.clear();
        reply.aa = false;
        reply.rcode = Rcode::ServFail;
        bytes = encode(reply);
    }
    if (bytes.size() > maxSize) {
        reply.additional.clear();
        bytes = encode(reply);
    }
    if (bytes.size() > maxSize) {
        reply.tc = true;
        reply.answers.clear();
        reply.authority.clear();
        bytes = encode(reply);
    }
    return bytes;
}

}  // namespace postino::dns
