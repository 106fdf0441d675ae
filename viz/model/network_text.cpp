// Text forms of a node's lists for the editor's side panel, and back.
#include "model/network_text.h"

#include "scenario/name_syntax.h"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <sstream>

namespace postino::viz {

using scenario::Node;
using scenario::NodeType;

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

std::vector<std::string> textLines(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string(text)};
    for (std::string l; std::getline(in, l);)
        if (!words(l).empty()) out.push_back(l);
    return out;
}

namespace {

std::string relativeName(const std::string& name, const std::string& origin) {
    if (name == origin) return "@";
    if (name.size() > origin.size() + 1 && name.ends_with("." + origin)) return name.substr(0, name.size() - origin.size() - 1);
    return name;
}

std::string absoluteName(const std::string& name, const std::string& origin) {
    if (name == "@") return origin;
    if (name == origin || name.ends_with("." + origin)) return name;
    return name + "." + origin;
}

}  // namespace

// "zone sender.example" then "@ MX 10 mail.sender.example", "mail A 192.0.2.25", one per line.
std::string zonesText(const std::vector<scenario::DnsZone>& zones) {
    std::string out;
    for (const auto& z : zones) {
        out += "zone " + z.origin + "\n";
        for (const auto& r : z.records) {
            if (r.type == scenario::RecordType::A)
                out += fmt::format("{} A {}", relativeName(r.name, z.origin), scenario::formatIpv4(r.address));
            else
                out += fmt::format("{} MX {} {}", relativeName(r.name, z.origin), r.preference, r.exchange);
            out += r.ttl == scenario::DnsRecord{}.ttl ? "\n" : fmt::format(" ttl {}\n", r.ttl);
        }
    }
    return out;
}

// Lines that do not read as a record are left out until they do.
std::vector<scenario::DnsZone> parseZones(std::string_view text) {
    std::vector<scenario::DnsZone> zones;
    for (const auto& line : textLines(text)) {
        auto w = words(line);
        std::uint32_t ttl = scenario::DnsRecord{}.ttl;
        if (w.size() >= 2 && w[w.size() - 2] == "ttl") {  // "mail A 192.0.2.25 ttl 300"
            ttl = static_cast<std::uint32_t>(std::strtoul(w.back().c_str(), nullptr, 10));
            w.resize(w.size() - 2);
            if (w.empty()) continue;
        }
        if (w[0] == "zone" && w.size() == 2) {
            zones.push_back({w[1], {}});
            continue;
        }
        if (zones.empty() || w.size() < 3) continue;
        scenario::DnsRecord r;
        r.name = absoluteName(w[0], zones.back().origin);
        r.ttl = ttl;
        if (w[1] == "A" || w[1] == "a") {
            const auto ip = scenario::parseIpv4(w[2]);
            if (!ip) continue;
            r.type = scenario::RecordType::A;
            r.address = *ip;
        } else if ((w[1] == "MX" || w[1] == "mx") && w.size() >= 4) {
            r.type = scenario::RecordType::MX;
            r.preference = static_cast<std::uint16_t>(std::atoi(w[2].c_str()));
            r.exchange = w[3];
        } else {
            continue;
        }
        zones.back().records.push_back(std::move(r));
    }
    return zones;
}

std::string accountsText(const Node& n) {
    std::string out;
    for (const auto& a : n.accounts) {
        out += fmt::format("{} {} {}", a.address, a.password, n.type == NodeType::Browser ? a.webmail : a.server);
        if (a.incoming == scenario::IncomingProtocol::Imap) out += " imap";
        if (a.incoming == scenario::IncomingProtocol::Pop3) out += a.keepOnServer ? " pop3-keep" : " pop3";
        out += "\n";
    }
    return out;
}

std::vector<scenario::ClientAccount> parseAccounts(std::string_view text, bool browser) {
    std::vector<scenario::ClientAccount> out;
    for (const auto& line : textLines(text)) {
        const auto w = words(line);
        scenario::ClientAccount a;
        a.address = w[0];
        if (w.size() > 1) a.password = w[1];
        if (w.size() > 2) (browser ? a.webmail : a.server) = w[2];
        if (w.size() > 3 && w[3] == "imap") a.incoming = scenario::IncomingProtocol::Imap;
        if (w.size() > 3 && w[3].starts_with("pop3")) a.incoming = scenario::IncomingProtocol::Pop3;
        a.keepOnServer = w.size() > 3 && w[3] == "pop3-keep";
        out.push_back(std::move(a));
    }
    return out;
}

std::string usersText(const std::vector<scenario::MailUser>& users) {
    std::string out;
    for (const auto& u : users) out += u.address + " " + u.password + "\n";
    return out;
}

std::vector<scenario::MailUser> parseUsers(std::string_view text) {
    std::vector<scenario::MailUser> out;
    for (const auto& line : textLines(text)) {
        const auto w = words(line);
        out.push_back({w[0], w.size() > 1 ? w[1] : ""});
    }
    return out;
}

std::string domainsText(const std::vector<std::string>& domains) {
    std::string out;
    for (const auto& d : domains) out += (out.empty() ? "" : ", ") + d;
    return out;
}

std::vector<std::string> parseDomains(std::string_view text) {
    std::string d(text);
    std::replace(d.begin(), d.end(), ',', ' ');
    return words(d);
}

std::string sharedText(const std::vector<scenario::SharedMailbox>& shared) {
    std::string out;
    for (const auto& m : shared) {
        out += m.address;
        for (const auto& member : m.members) out += " " + member;
        out += "\n";
    }
    return out;
}

std::vector<scenario::SharedMailbox> parseShared(std::string_view text) {
    std::vector<scenario::SharedMailbox> out;
    for (const auto& line : textLines(text)) {
        auto w = words(line);
        scenario::SharedMailbox m{w[0], {}};
        m.members.assign(w.begin() + 1, w.end());
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace postino::viz
