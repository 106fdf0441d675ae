// Nodes of a scenario: common fields, then the type-specific ones (client
// accounts, mail server domains/users, DNS zones and their A/MX/TXT records).
#include "scenario/name_syntax.h"
#include "scenario/scenario_limits.h"
#include "scenario/scenario_parse.h"

#include <fmt/format.h>

namespace postino::scenario {

namespace {

const std::vector<std::string_view> kCommonFields = {"id", "type", "hostname", "ip", "label", "position"};
const std::vector<std::string_view> kClientFields = {"accounts", "resolver"};
const std::vector<std::string_view> kMailServerFields = {"domains", "users", "resolver", "relay_host",
                                                         "relay_clients", "shared_mailboxes", "quota_bytes", "tls",
                                                         "queue", "language", "relay_domains",
                                                         "dkim", "forward", "check_senders", "any_sender"};
const std::vector<std::string_view> kDnsServerFields = {"zones"};
const std::vector<std::string_view> kWebmailFields = {"mail_server", "resolver"};
const std::vector<std::string_view> kBrowserFields = {"accounts", "resolver"};
constexpr NodeType kTypesWithFields[] = {NodeType::Client, NodeType::MailServer, NodeType::DnsServer,
                                         NodeType::Webmail, NodeType::Browser};

std::optional<NodeType> nodeTypeFromName(std::string_view s) {
    if (s == "client") return NodeType::Client;
    if (s == "mail_server") return NodeType::MailServer;
    if (s == "dns_server") return NodeType::DnsServer;
    if (s == "router") return NodeType::Router;
    if (s == "webmail") return NodeType::Webmail;
    if (s == "browser") return NodeType::Browser;
    return std::nullopt;
}

const std::vector<std::string_view>& fieldsOf(NodeType t) {
    static const std::vector<std::string_view> none;
    switch (t) {
        case NodeType::Client: return kClientFields;
        case NodeType::MailServer: return kMailServerFields;
        case NodeType::DnsServer: return kDnsServerFields;
        case NodeType::Webmail: return kWebmailFields;
        case NodeType::Browser: return kBrowserFields;
        case NodeType::Router: return none;
    }
    return none;
}

// "a mail_server node": where an unknown field was found, a term translated with its sentence.
const char* nodeWhere(NodeType t) {
    switch (t) {
        case NodeType::Client: return N_("a client node");
        case NodeType::MailServer: return N_("a mail_server node");
        case NodeType::DnsServer: return N_("a dns_server node");
        case NodeType::Router: return N_("a router node");
        case NodeType::Webmail: return N_("a webmail node");
        case NodeType::Browser: return N_("a browser node");
    }
    return N_("a node");
}

bool contains(const std::vector<std::string_view>& list, std::string_view key) {
    for (auto k : list) {
        if (k == key) return true;
    }
    return false;
}

// "password" is free text, but NUL, CR and LF would break AUTH PLAIN and logs.
std::optional<std::string> readPassword(const ObjectReader& r) {
    auto pw = r.string("password", Need::Required);
    if (!pw) return std::nullopt;
    for (char c : *pw) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) {
            r.error("password", trace::phrase("a password must not contain control characters"));
            return std::nullopt;
        }
    }
    return pw;
}

// "tls": true, false, or {"plaintext_auth": bool, "certificate": "good" | "wrong_name" | "expired"}.
void parseServerTls(const Json& v, const std::string& p, ServerTls& tls, Diagnostics& d) {
    if (v.is_boolean()) {
        tls.enabled = v.get<bool>();
        return;
    }
    if (!v.is_object()) {
        d.error(p, trace::phrase("expected true, false or an object like {{\"plaintext_auth\": true}}, got {}",
                                 trace::term(jsonTypeName(v))));
        return;
    }
    tls.enabled = true;
    ObjectReader r(v, p, d);
    r.rejectUnknown({"plaintext_auth", "certificate"}, trace::term(N_("a mail server's tls")));
    if (const Json* plain = r.field("plaintext_auth", Need::Optional)) {
        if (!plain->is_boolean())
            r.error("plaintext_auth", trace::phrase("expected true or false, got {}", trace::term(jsonTypeName(*plain))));
        else tls.plaintextAuth = plain->get<bool>();
    }
    if (auto cert = r.string("certificate", Need::Optional)) {
        if (*cert == "good") tls.certificate = CertificateFault::None;
        else if (*cert == "wrong_name") tls.certificate = CertificateFault::WrongName;
        else if (*cert == "expired") tls.certificate = CertificateFault::Expired;
        else r.error("certificate", trace::phrase("unknown certificate {}; allowed: good, wrong_name, expired", quoteText(*cert)));
    }
}

// "check_senders": true (all three), false, or {"spf": true, "dkim": true, "dmarc": true} (those named).
void parseSenderChecks(const Json& v, const std::string& p, SenderChecks& checks, Diagnostics& d) {
    if (v.is_boolean()) {
        checks.spf = checks.dkim = checks.dmarc = v.get<bool>();
        return;
    }
    if (!v.is_object()) {
        d.error(p, trace::phrase("expected true, false or an object like {{\"spf\": true, \"dkim\": true, \"dmarc\": "
                                 "true}}, got {}",
                                 trace::term(jsonTypeName(v))));
        return;
    }
    ObjectReader r(v, p, d);
    r.rejectUnknown({"spf", "dkim", "dmarc"}, trace::term(N_("a mail server's check_senders")));
    const auto flag = [&](std::string_view key, bool& out) {
        const Json* f = r.field(key, Need::Optional);
        if (!f) return;
        if (!f->is_boolean()) r.error(key, trace::phrase("expected true or false, got {}", trace::term(jsonTypeName(*f))));
        else out = f->get<bool>();
    };
    flag("spf", checks.spf);
    flag("dkim", checks.dkim);
    flag("dmarc", checks.dmarc);
    if (checks.dmarc && !checks.spf && !checks.dkim)
        r.error("dmarc", trace::phrase("DMARC reads the results of SPF and DKIM: turn on \"spf\" or \"dkim\" (or both) "
                                       "with it"));
}

void parseAccount(const Json& v, const std::string& ptr, ClientAccount& acc, Diagnostics& d) {
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    r.rejectUnknown({"address", "password", "server", "incoming", "keep_on_server", "tls"}, trace::term(N_("an account")));
    if (auto tls = r.string("tls", Need::Optional)) {
        if (*tls == "starttls") acc.tls = AccountTls::StartTls;
        else if (*tls == "tls") acc.tls = AccountTls::Implicit;
        else if (*tls == "none") acc.tls = AccountTls::None;
        else r.error("tls", trace::phrase("unknown connection security {}; allowed: starttls, tls, none", quoteText(*tls)));
    }
    if (const Json* a = r.field("address", Need::Required)) {
        if (auto addr = parseMailAddress(*a, r.pointerTo("address"), d)) acc.address = *addr;
    }
    if (auto pw = readPassword(r)) acc.password = *pw;
    if (auto server = readNodeRef(r, "server", Need::Required)) acc.server = *server;
    if (auto incoming = r.string("incoming", Need::Optional)) {
        if (*incoming == "pop3") acc.incoming = IncomingProtocol::Pop3;
        else if (*incoming == "imap") acc.incoming = IncomingProtocol::Imap;
        else r.error("incoming", trace::phrase("unknown protocol {}; allowed: pop3, imap", quoteText(*incoming)));
    }
    if (const Json* keep = r.field("keep_on_server", Need::Optional)) {
        if (!keep->is_boolean())
            r.error("keep_on_server", trace::phrase("expected true or false, got {}", trace::term(jsonTypeName(*keep))));
        else if (acc.incoming != IncomingProtocol::Pop3)
            r.error("keep_on_server", trace::phrase("keep_on_server only applies to \"incoming\": \"pop3\""));
        else acc.keepOnServer = keep->get<bool>();
    }
}

// A browser's account: the address and password typed into the webmail's login form.
void parseBrowserAccount(const Json& v, const std::string& ptr, ClientAccount& acc, Diagnostics& d) {
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    r.rejectUnknown({"address", "password", "webmail"}, trace::term(N_("a browser account")));
    if (const Json* a = r.field("address", Need::Required)) {
        if (auto addr = parseMailAddress(*a, r.pointerTo("address"), d)) acc.address = *addr;
    }
    if (auto pw = readPassword(r)) acc.password = *pw;
    if (auto webmail = readNodeRef(r, "webmail", Need::Required)) acc.webmail = *webmail;
}

void parseUser(const Json& v, const std::string& ptr, MailUser& user, Diagnostics& d) {
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    r.rejectUnknown({"address", "password"}, trace::term(N_("a mail user")));
    if (const Json* a = r.field("address", Need::Required)) {
        if (auto addr = parseMailAddress(*a, r.pointerTo("address"), d)) user.address = *addr;
    }
    if (auto pw = readPassword(r)) user.password = *pw;
}

void parseSharedMailbox(const Json& v, const std::string& ptr, SharedMailbox& box, Diagnostics& d) {
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    r.rejectUnknown({"address", "members"}, trace::term(N_("a shared mailbox")));
    if (const Json* a = r.field("address", Need::Required)) {
        if (auto addr = parseMailAddress(*a, r.pointerTo("address"), d)) box.address = *addr;
    }
    const Json* members = r.array("members", Need::Required);
    if (members && members->empty())
        r.error("members", trace::phrase("a shared mailbox needs at least one member: the users who may open it"));
    for (std::size_t i = 0; members && i < members->size(); ++i) {
        box.members.emplace_back();  // "" when invalid, so indices match the JSON array
        if (auto addr = parseMailAddress((*members)[i], childPointer(r.pointerTo("members"), i), d))
            box.members.back() = *addr;
    }
}

// "@" is the origin; "x.origin" or "origin" is already absolute; a trailing dot
// marks an absolute name (which must lie inside the zone); anything else is
// relative to the origin.
void parseRecordName(const ObjectReader& r, const std::string& origin, DnsRecord& rec, bool underscores) {
    const auto validName = [underscores](std::string_view n) { return underscores ? isValidDnsName(n) : isValidHostname(n); };
    auto raw = r.string("name", Need::Required);
    if (!raw) return;
    std::string name = toLower(*raw);
    if (origin.empty()) return;  // the zone's origin was invalid: already reported
    std::string full;
    if (name == "@") {
        full = origin;
    } else if (name.size() > 1 && name.back() == '.') {
        name.pop_back();
        bool inside = name == origin ||
                      (name.size() > origin.size() && name.ends_with(origin) && name[name.size() - origin.size() - 1] == '.');
        if (!inside && validName(name)) {
            r.error("name", trace::phrase("the name {} is outside the zone {}: absolute names (ending in '.') must "
                                          "end with the zone's origin", quoteText(*raw), quoteText(origin)));
            return;
        }
        full = name;
    } else if (name == origin || (name.size() > origin.size() && name.ends_with("." + origin))) {
        full = name;
    } else {
        full = name + "." + origin;
    }
    if (!validName(full)) {
        if (underscores)
            r.error("name", trace::phrase("expected a record name like \"@\", \"_dmarc\" or \"s1._domainkey\" (letters, "
                                          "digits, '-' and '_' in dot-separated labels), got {}", quoteText(*raw)));
        else
            r.error("name", trace::phrase("expected a record name like \"@\", \"mail\" or \"mail.{}\" (letters, digits "
                                          "and '-' in dot-separated labels), got {}", origin, quoteText(*raw)));
        return;
    }
    rec.name = full;
}

// A TXT record's "text": one string (cut into 255-octet character-strings when served) or an
// array of them (each one character-string). Printable ASCII (RFC 7208 3.3, RFC 6376 3.6.2.2,
// RFC 7489 6.4 records are all ASCII), within kMaxTxtOctets altogether.
void parseTxtText(const Json& v, const std::string& ptr, DnsRecord& rec, Diagnostics& d) {
    const auto checkText = [&](const std::string& text, const std::string& where, std::size_t limit) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c < 0x20 || c > 0x7e) {
                d.error(where, trace::phrase("a TXT record's text must be printable ASCII; character {} is byte 0x{}",
                                             i + 1, fmt::format("{:02X}", c)));
                return false;
            }
        }
        if (text.size() > limit) {
            d.error(where, limit == kMaxTxtStringOctets
                               ? trace::phrase("each string of a TXT record holds at most 255 octets; this one has {}",
                                               text.size())
                               : trace::phrase("a TXT record's text holds at most {} octets; this one has {}", limit,
                                               text.size()));
            return false;
        }
        return true;
    };
    if (v.is_string()) {
        std::string text = v.get<std::string>();
        if (checkText(text, ptr, kMaxTxtOctets)) rec.texts = {std::move(text)};
        return;
    }
    if (!v.is_array()) {
        d.error(ptr, trace::phrase("expected the record's text as a string, or an array of strings of at most 255 "
                                   "octets each, got {}", shortJson(v)));
        return;
    }
    if (v.empty() || v.size() > kMaxTxtStrings) {
        d.error(ptr, trace::phrase("expected 1 to {} strings in a TXT record's text, got {}", kMaxTxtStrings, v.size()));
        return;
    }
    std::vector<std::string> texts;
    std::size_t total = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string p = childPointer(ptr, i);
        auto s = readString(v[i], p, d);
        if (!s) return;
        if (!checkText(*s, p, kMaxTxtStringOctets)) return;
        total += s->size();
        texts.push_back(std::move(*s));
    }
    if (total > kMaxTxtOctets) {
        d.error(ptr, trace::phrase("a TXT record's text holds at most {} octets; this one has {}", kMaxTxtOctets, total));
        return;
    }
    rec.texts = std::move(texts);
}

void parseRecord(const Json& v, const std::string& ptr, const std::string& origin, std::uint32_t defaultTtl,
                 DnsRecord& rec, Diagnostics& d) {
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    std::optional<RecordType> type;
    if (auto t = r.string("type", Need::Required)) {
        std::string upper = *t;
        for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        if (upper == "A") type = RecordType::A;
        else if (upper == "MX") type = RecordType::MX;
        else if (upper == "TXT") type = RecordType::TXT;
        else r.error("type", trace::phrase("unknown record type {}; allowed: A, MX, TXT", quoteText(*t)));
    }
    std::vector<std::string_view> allowed = {"name", "type", "ttl"};
    if (!type || *type == RecordType::A) allowed.push_back("address");
    if (!type || *type == RecordType::MX) {
        allowed.push_back("preference");
        allowed.push_back("exchange");
    }
    if (!type || *type == RecordType::TXT) allowed.push_back("text");
    const char* where = !type                    ? N_("a record")
                        : *type == RecordType::A  ? N_("an A record")
                        : *type == RecordType::MX ? N_("an MX record")
                                                  : N_("a TXT record");
    r.rejectUnknown(allowed, trace::term(where),
                    [&](std::string_view key, const ObjectReader::UnknownField& f) -> std::optional<trace::Phrase> {
                        if (key == "address")
                            return trace::phrase("unknown field {} in {}; allowed fields: {} (\"address\" is for A "
                                                 "records)", f.key, f.where, f.allowed);
                        if (key == "preference" || key == "exchange")
                            return trace::phrase("unknown field {} in {}; allowed fields: {} (\"{}\" is for MX records)",
                                                 f.key, f.where, f.allowed, key);
                        if (key == "text")
                            return trace::phrase("unknown field {} in {}; allowed fields: {} (\"text\" is for TXT "
                                                 "records)", f.key, f.where, f.allowed);
                        return std::nullopt;
                    });
    rec.ttl = defaultTtl;
    parseRecordName(r, origin, rec, type == RecordType::TXT);
    if (auto ttl = r.integer("ttl", Need::Optional, 0, kMaxTtl)) rec.ttl = static_cast<std::uint32_t>(*ttl);
    if (!type) return;
    rec.type = *type;
    if (*type == RecordType::TXT) {
        if (const Json* text = r.field("text", Need::Required)) parseTxtText(*text, r.pointerTo("text"), rec, d);
        return;
    }
    if (*type == RecordType::A) {
        if (const Json* a = r.field("address", Need::Required)) {
            if (auto ip = parseIpv4Value(*a, r.pointerTo("address"), d)) rec.address = *ip;
        }
        return;
    }
    if (auto pref = r.integer("preference", Need::Required, 0, 65535)) rec.preference = static_cast<std::uint16_t>(*pref);
    if (const Json* ex = r.field("exchange", Need::Required)) {
        if (auto host = parseHostname(*ex, r.pointerTo("exchange"), d)) rec.exchange = *host;
    }
}

void parseZone(const Json& v, const std::string& ptr, DnsZone& zone, Diagnostics& d) {
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    r.rejectUnknown({"origin", "ttl", "records"}, trace::term(N_("a zone")));
    if (const Json* o = r.field("origin", Need::Required)) {
        if (auto origin = parseHostname(*o, r.pointerTo("origin"), d)) zone.origin = *origin;
    }
    std::uint32_t ttl = 3600;
    if (auto t = r.integer("ttl", Need::Optional, 0, kMaxTtl)) ttl = static_cast<std::uint32_t>(*t);
    if (const Json* records = r.array("records", Need::Optional)) {
        zone.records.resize(records->size());
        std::string base = r.pointerTo("records");
        for (std::size_t i = 0; i < records->size(); ++i)
            parseRecord((*records)[i], childPointer(base, i), zone.origin, ttl, zone.records[i], d);
    }
}

template <typename T, typename Fn>
void parseEach(const ObjectReader& r, std::string_view key, std::vector<T>& out, Fn fn) {
    const Json* arr = r.array(key, Need::Optional);
    if (!arr) return;
    out.resize(arr->size());
    std::string base = r.pointerTo(key);
    for (std::size_t i = 0; i < arr->size(); ++i) fn((*arr)[i], childPointer(base, i), out[i]);
}

void parsePosition(const ObjectReader& r, Node& node) {
    const Json* pos = r.field("position", Need::Optional);
    if (!pos) return;
    if (!pos->is_array() || pos->size() != 2 || !(*pos)[0].is_number() || !(*pos)[1].is_number()) {
        r.error("position", trace::phrase("expected a map position [x, y] of two numbers, got {}", shortJson(*pos)));
        return;
    }
    node.position = std::make_pair((*pos)[0].get<double>(), (*pos)[1].get<double>());
}

void parseTypeSpecific(const ObjectReader& r, Node& node, Diagnostics& d) {
    switch (node.type) {
        case NodeType::Client:
            parseEach(r, "accounts", node.accounts,
                      [&](const Json& v, const std::string& p, ClientAccount& a) { parseAccount(v, p, a, d); });
            if (auto resolver = readNodeRef(r, "resolver", Need::Optional)) node.resolver = *resolver;
            break;
        case NodeType::MailServer: {
            const Json* domains = r.array("domains", Need::Required);
            if (domains && domains->empty()) r.error("domains", trace::phrase("a mail server needs at least one domain"));
            for (std::size_t i = 0; domains && i < domains->size(); ++i) {
                std::string p = childPointer(r.pointerTo("domains"), i);
                // Every entry is kept ("" when invalid) so indices match the JSON array.
                node.domains.emplace_back();
                auto s = readString((*domains)[i], p, d);
                if (!s) continue;
                std::string domain = toLower(*s);
                if (!isValidMailDomain(domain)) {
                    d.error(p, trace::phrase("expected a mail domain like sender.example, got {}", quoteText(*s)));
                    continue;
                }
                node.domains.back() = domain;
            }
            parseEach(r, "users", node.users,
                      [&](const Json& v, const std::string& p, MailUser& u) { parseUser(v, p, u, d); });
            parseEach(r, "shared_mailboxes", node.sharedMailboxes,
                      [&](const Json& v, const std::string& p, SharedMailbox& b) { parseSharedMailbox(v, p, b, d); });
            if (auto resolver = readNodeRef(r, "resolver", Need::Optional)) node.resolver = *resolver;
            if (auto relay = readNodeRef(r, "relay_host", Need::Optional)) node.relayHost = *relay;
            if (auto quota = r.integer("quota_bytes", Need::Optional, 1, kMaxQuotaBytes))
                node.quotaBytes = static_cast<std::uint64_t>(*quota);
            if (const Json* queue = r.field("queue", Need::Optional))
                parseQueueSettings(*queue, r.pointerTo("queue"), node.queue, d);
            if (const Json* tls = r.field("tls", Need::Optional)) parseServerTls(*tls, r.pointerTo("tls"), node.tls, d);
            if (const Json* checks = r.field("check_senders", Need::Optional))
                parseSenderChecks(*checks, r.pointerTo("check_senders"), node.checkSenders, d);
            if (const Json* any = r.field("any_sender", Need::Optional)) {
                if (!any->is_boolean())
                    r.error("any_sender", trace::phrase("expected true or false, got {}", trace::term(jsonTypeName(*any))));
                else node.anySender = any->get<bool>();
            }
            if (auto language = r.string("language", Need::Optional)) {
                if (*language == "en" || *language == "it" || *language == "es" || *language == "el")
                    node.language = *language;
                else
                    r.error("language", trace::phrase("unknown language {}; allowed: en, it, es, el", quoteText(*language)));
            }
            const Json* relayDomains = r.array("relay_domains", Need::Optional);
            for (std::size_t i = 0; relayDomains && i < relayDomains->size(); ++i) {
                const std::string p = childPointer(r.pointerTo("relay_domains"), i);
                node.relayDomains.emplace_back();  // "" when invalid, so indices match the JSON array
                auto s = readString((*relayDomains)[i], p, d);
                if (!s) continue;
                std::string domain = toLower(*s);
                if (!isValidMailDomain(domain)) {
                    d.error(p, trace::phrase("expected a mail domain like recipient.example, got {}", quoteText(*s)));
                    continue;
                }
                node.relayDomains.back() = domain;
            }
            parseDkimKeys(r, node, d);
            parseForwards(r, node, d);
            const Json* clients = r.array("relay_clients", Need::Optional);
            for (std::size_t i = 0; clients && i < clients->size(); ++i) {
                node.relayClients.emplace_back();  // "" when invalid, so indices match the JSON array
                if (auto s = parseNodeRef((*clients)[i], childPointer(r.pointerTo("relay_clients"), i), d))
                    node.relayClients.back() = *s;
            }
            break;
        }
        case NodeType::DnsServer:
            parseEach(r, "zones", node.zones,
                      [&](const Json& v, const std::string& p, DnsZone& z) { parseZone(v, p, z, d); });
            break;
        case NodeType::Webmail:
            if (auto server = readNodeRef(r, "mail_server", Need::Required)) node.mailServer = *server;
            if (auto resolver = readNodeRef(r, "resolver", Need::Optional)) node.resolver = *resolver;
            break;
        case NodeType::Browser:
            parseEach(r, "accounts", node.accounts,
                      [&](const Json& v, const std::string& p, ClientAccount& a) { parseBrowserAccount(v, p, a, d); });
            if (auto resolver = readNodeRef(r, "resolver", Need::Optional)) node.resolver = *resolver;
            break;
        case NodeType::Router: break;
    }
}

void parseNode(const Json& v, const std::string& ptr, Node& node, bool& typeKnown, Diagnostics& d) {
    typeKnown = false;
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    if (auto type = r.string("type", Need::Required)) {
        if (auto t = nodeTypeFromName(*type)) {
            node.type = *t;
            typeKnown = true;
        } else {
            r.error("type", trace::phrase("unknown node type {}; allowed: client, mail_server, dns_server, router, "
                                          "webmail, browser",
                                          quoteText(*type)));
        }
    }
    std::vector<std::string_view> allowed = kCommonFields;
    for (NodeType t : kTypesWithFields) {
        if (!typeKnown || t == node.type) allowed.insert(allowed.end(), fieldsOf(t).begin(), fieldsOf(t).end());
    }
    const char* where = typeKnown ? nodeWhere(node.type) : N_("a node");
    r.rejectUnknown(allowed, trace::term(where),
                    [](std::string_view key, const ObjectReader::UnknownField& f) -> std::optional<trace::Phrase> {
        // Every type that has the field: "(\"resolver\" is for client, mail_server, webmail and browser nodes)".
        std::vector<std::string> types;
        for (NodeType t : kTypesWithFields)
            if (contains(fieldsOf(t), key)) types.emplace_back(nodeTypeName(t));
        if (types.empty()) return std::nullopt;
        if (types.size() == 1)
            return trace::phrase("unknown field {} in {}; allowed fields: {} (\"{}\" is for {} nodes)", f.key, f.where,
                                 f.allowed, key, types.front());
        std::string list = types.front();  // the JSON type names, "client, mail_server", then "and" the last
        for (std::size_t i = 1; i + 1 < types.size(); ++i) list += ", " + types[i];
        return trace::phrase("unknown field {} in {}; allowed fields: {} (\"{}\" is for {} and {} nodes)", f.key,
                             f.where, f.allowed, key, list, types.back());
    });
    if (auto id = r.string("id", Need::Required)) {
        node.id = *id;  // kept even when malformed, so references to it do not cascade
        if (!isValidNodeId(*id))
            r.error("id", trace::phrase("a node id uses lower-case letters, digits and '-', starts with a letter or "
                                        "digit and has at most 63 characters; got {}", quoteText(*id)));
    }
    if (const Json* h = r.field("hostname", Need::Optional)) {
        if (auto host = parseHostname(*h, r.pointerTo("hostname"), d)) node.hostname = *host;
    } else if (isValidNodeId(node.id)) {
        if (isValidHostname(node.id)) node.hostname = node.id;
        else r.error("id", trace::phrase("this node has no \"hostname\" and its id {} cannot serve as one; add a "
                                         "\"hostname\"", quoteText(node.id)));
    }
    if (const Json* ip = r.field("ip", Need::Required)) {
        if (auto addr = parseIpv4Value(*ip, r.pointerTo("ip"), d)) {
            std::string reason = reservedIpv4Reason(*addr);
            if (reason.empty()) node.ip = *addr;
            else r.error("ip", trace::phrase("{} cannot be a node's address: {}", formatIpv4(*addr), trace::term(reason)));
        }
    }
    if (const Json* label = r.field("label", Need::Optional)) {
        if (auto text = parseLocalized(*label, r.pointerTo("label"), d, true)) node.label = *text;
    }
    parsePosition(r, node);
    if (typeKnown) parseTypeSpecific(r, node, d);
}

}  // namespace

void parseNodes(const Json& nodes, const std::string& ptr, Scenario& out, ParseAux& aux, Diagnostics& d) {
    out.nodes.resize(nodes.size());
    aux.nodeTypeKnown.assign(nodes.size(), false);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        bool known = false;
        parseNode(nodes[i], childPointer(ptr, i), out.nodes[i], known, d);
        aux.nodeTypeKnown[i] = known;
    }
}

}  // namespace postino::scenario
