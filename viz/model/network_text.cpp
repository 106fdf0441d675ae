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

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// A zone line's tokens: bare words, or quoted strings (\" and \\ escaped) that may hold spaces.
struct Token {
    std::string text;
    bool quoted = false;
};
std::vector<Token> zoneTokens(const std::string& line) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < line.size()) {
        if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
            ++i;
            continue;
        }
        Token t;
        if (line[i] == '"') {
            t.quoted = true;
            for (++i; i < line.size() && line[i] != '"'; ++i) {
                if (line[i] == '\\' && i + 1 < line.size()) ++i;
                t.text += line[i];
            }
            ++i;  // the closing quote (or the end of an unclosed string)
        } else {
            while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') t.text += line[i++];
        }
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace

std::string recordDataText(const scenario::DnsRecord& r) {
    switch (r.type) {
        case scenario::RecordType::A: return scenario::formatIpv4(r.address);
        case scenario::RecordType::MX: return fmt::format("{} {}", r.preference, r.exchange);
        case scenario::RecordType::TXT: {
            std::string out;
            for (const std::string& t : r.texts) out += (out.empty() ? "" : " ") + quoted(t);
            return out;
        }
    }
    return {};
}

// "zone sender.example" then "@ MX 10 mail.sender.example", "mail A 192.0.2.25", one per line.
std::string zonesText(const std::vector<scenario::DnsZone>& zones) {
    std::string out;
    for (const auto& z : zones) {
        out += "zone " + z.origin + "\n";
        for (const auto& r : z.records) {
            out += fmt::format("{} {} {}", relativeName(r.name, z.origin), scenario::recordTypeName(r.type),
                               recordDataText(r));
            out += r.ttl == scenario::DnsRecord{}.ttl ? "\n" : fmt::format(" ttl {}\n", r.ttl);
        }
    }
    return out;
}

// Lines that do not read as a record are left out until they do. A TXT line takes its quoted
// strings; unquoted words after TXT make one text, joined by single spaces.
std::vector<scenario::DnsZone> parseZones(std::string_view text) {
    std::vector<scenario::DnsZone> zones;
    for (const auto& line : textLines(text)) {
        auto tokens = zoneTokens(line);
        std::uint32_t ttl = scenario::DnsRecord{}.ttl;
        if (tokens.size() >= 2 && !tokens[tokens.size() - 2].quoted && tokens[tokens.size() - 2].text == "ttl" &&
            !tokens.back().quoted) {  // "mail A 192.0.2.25 ttl 300"
            ttl = static_cast<std::uint32_t>(std::strtoul(tokens.back().text.c_str(), nullptr, 10));
            tokens.resize(tokens.size() - 2);
            if (tokens.empty()) continue;
        }
        std::vector<std::string> w;
        for (const Token& t : tokens) w.push_back(t.text);
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
        } else if (w[1] == "TXT" || w[1] == "txt") {
            r.type = scenario::RecordType::TXT;
            std::string bare;
            for (std::size_t i = 2; i < tokens.size(); ++i) {
                if (tokens[i].quoted) r.texts.push_back(tokens[i].text);
                else bare += (bare.empty() ? "" : " ") + tokens[i].text;
            }
            if (!bare.empty()) r.texts.push_back(bare);
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
        if (a.tls == scenario::AccountTls::StartTls) out += " starttls";
        if (a.tls == scenario::AccountTls::Implicit) out += " tls";
        if (a.tls == scenario::AccountTls::None) out += " no-tls";
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
        // After the server, in any order: how it reads mail, and how it uses TLS.
        for (std::size_t i = 3; i < w.size(); ++i) {
            if (w[i] == "imap") a.incoming = scenario::IncomingProtocol::Imap;
            if (w[i] == "pop3" || w[i] == "pop3-keep") a.incoming = scenario::IncomingProtocol::Pop3;
            if (w[i] == "pop3-keep") a.keepOnServer = true;
            if (w[i] == "starttls") a.tls = scenario::AccountTls::StartTls;
            if (w[i] == "tls") a.tls = scenario::AccountTls::Implicit;
            if (w[i] == "no-tls") a.tls = scenario::AccountTls::None;
        }
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
