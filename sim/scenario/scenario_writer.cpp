// Scenario structs -> scenario JSON, field by field in the order docs/scenario-format.md
// documents them; each default the loader would give is left out.
#include "scenario/scenario_writer.h"

#include "scenario/name_syntax.h"
#include "scenario/json_layout.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace postino::scenario {

namespace {

// A count of nanoseconds (or bits) as the number of `unit`s the loader reads back to exactly
// that count: the loader rounds `x * unit` to the nearest whole, so the nearest double is
// checked and, in the rare case it rounds elsewhere, its neighbours.
double exactUnits(std::int64_t count, double unit) {
    double x = static_cast<double>(count) / unit;
    for (int step = 0; step < 64 && std::llround(x * unit) != count; ++step)
        x = std::nextafter(x, std::llround(x * unit) < count ? INFINITY : -INFINITY);
    return x;
}

double seconds(Duration d) { return exactUnits(d.ns(), 1e9); }
double seconds(Time t) { return exactUnits(t.ns(), 1e9); }

// English first, then the lessons' languages, then any other in alphabetical order.
OrderedJson localized(const LocalizedText& text) {
    if (text.byLanguage.size() == 1 && text.byLanguage.count("en")) return text.byLanguage.at("en");
    OrderedJson out = OrderedJson::object();
    for (const char* lang : {"en", "it", "es", "el"})
        if (auto it = text.byLanguage.find(lang); it != text.byLanguage.end()) out[lang] = it->second;
    for (const auto& [lang, s] : text.byLanguage)
        if (!out.contains(lang)) out[lang] = s;
    return out;
}

OrderedJson stringArray(const std::vector<std::string>& items) {
    OrderedJson out = OrderedJson::array();
    for (const auto& s : items) out.push_back(s);
    return out;
}

OrderedJson account(const Node& node, const ClientAccount& a) {
    OrderedJson out = {{"address", a.address}, {"password", a.password}};
    if (node.type == NodeType::Browser) {
        out["webmail"] = a.webmail;
        return out;
    }
    out["server"] = a.server;
    if (a.incoming == IncomingProtocol::Pop3) out["incoming"] = "pop3";
    if (a.incoming == IncomingProtocol::Imap) out["incoming"] = "imap";
    if (a.keepOnServer) out["keep_on_server"] = true;
    if (a.tls == AccountTls::StartTls) out["tls"] = "starttls";
    if (a.tls == AccountTls::Implicit) out["tls"] = "tls";
    if (a.tls == AccountTls::None) out["tls"] = "none";
    return out;
}

// Only what differs from Postfix's defaults; bounce_queue_lifetime's default follows the lifetime.
OrderedJson queueSettings(const QueueSettings& q) {
    const QueueSettings d;
    OrderedJson out = OrderedJson::object();
    if (q.minimalBackoff != d.minimalBackoff) out["minimal_backoff_time"] = seconds(q.minimalBackoff);
    if (q.maximalBackoff != d.maximalBackoff) out["maximal_backoff_time"] = seconds(q.maximalBackoff);
    if (q.maximalLifetime != d.maximalLifetime) out["maximal_queue_lifetime"] = seconds(q.maximalLifetime);
    if (q.bounceLifetime != std::min(d.bounceLifetime, q.maximalLifetime))
        out["bounce_queue_lifetime"] = seconds(q.bounceLifetime);
    if (q.delayWarning != d.delayWarning) out["delay_warning_time"] = seconds(q.delayWarning);
    if (q.hopCountLimit != d.hopCountLimit) out["hopcount_limit"] = q.hopCountLimit;
    return out;
}

// "@", a name relative to the origin, or the absolute name when the relative one would read
// as absolute (it equals the origin or ends with it).
std::string recordName(const std::string& name, const std::string& origin) {
    if (name == origin) return "@";
    const std::string tail = "." + origin;
    if (name.size() > tail.size() && name.ends_with(tail)) {
        const std::string relative = name.substr(0, name.size() - tail.size());
        if (relative != origin && !relative.ends_with(tail)) return relative;
    }
    return name;
}

OrderedJson zone(const DnsZone& z) {
    OrderedJson out = {{"origin", z.origin}};
    // One "ttl" for the zone when every record shares it, else each record says its own.
    std::uint32_t ttl = 3600;
    if (!z.records.empty()) {
        bool same = true;
        for (const auto& r : z.records) same = same && r.ttl == z.records.front().ttl;
        if (same) ttl = z.records.front().ttl;
    }
    if (ttl != 3600) out["ttl"] = ttl;
    if (z.records.empty()) return out;
    OrderedJson records = OrderedJson::array();
    for (const auto& r : z.records) {
        OrderedJson rec = {{"name", recordName(r.name, z.origin)}, {"type", recordTypeName(r.type)}};
        if (r.type == RecordType::A) {
            rec["address"] = formatIpv4(r.address);
        } else if (r.type == RecordType::TXT) {
            // One string reads back as one entry (of any length); several as an array.
            if (r.texts.size() == 1) rec["text"] = r.texts.front();
            else rec["text"] = r.texts;
        } else {
            rec["preference"] = r.preference;
            rec["exchange"] = r.exchange;
        }
        if (r.ttl != ttl) rec["ttl"] = r.ttl;
        records.push_back(std::move(rec));
    }
    out["records"] = std::move(records);
    return out;
}

OrderedJson node(const Node& n) {
    OrderedJson out = {{"id", n.id}, {"type", nodeTypeName(n.type)}};
    if (n.hostname != n.id) out["hostname"] = n.hostname;
    out["ip"] = formatIpv4(n.ip);
    if (!n.label.byLanguage.empty()) out["label"] = localized(n.label);
    if (n.position) out["position"] = {n.position->first, n.position->second};
    const auto accounts = [&] {
        if (n.accounts.empty()) return;
        OrderedJson list = OrderedJson::array();
        for (const auto& a : n.accounts) list.push_back(account(n, a));
        out["accounts"] = std::move(list);
    };
    const auto resolver = [&] {
        if (!n.resolver.empty()) out["resolver"] = n.resolver;
    };
    switch (n.type) {
        case NodeType::Client:
        case NodeType::Browser:
            resolver();
            accounts();
            break;
        case NodeType::MailServer: {
            out["domains"] = stringArray(n.domains);
            if (!n.users.empty()) {
                OrderedJson users = OrderedJson::array();
                for (const auto& u : n.users) users.push_back({{"address", u.address}, {"password", u.password}});
                out["users"] = std::move(users);
            }
            if (!n.sharedMailboxes.empty()) {
                OrderedJson boxes = OrderedJson::array();
                for (const auto& b : n.sharedMailboxes)
                    boxes.push_back({{"address", b.address}, {"members", stringArray(b.members)}});
                out["shared_mailboxes"] = std::move(boxes);
            }
            resolver();
            if (!n.relayHost.empty()) out["relay_host"] = n.relayHost;
            if (!n.relayDomains.empty()) out["relay_domains"] = stringArray(n.relayDomains);
            if (!n.relayClients.empty()) out["relay_clients"] = stringArray(n.relayClients);
            if (n.quotaBytes) out["quota_bytes"] = *n.quotaBytes;
            if (n.language != "en") out["language"] = n.language;
            if (OrderedJson q = queueSettings(n.queue); !q.empty()) out["queue"] = std::move(q);
            if (n.tls.enabled) {
                if (!n.tls.plaintextAuth && n.tls.certificate == CertificateFault::None) {
                    out["tls"] = true;
                } else {
                    OrderedJson t = OrderedJson::object();
                    if (n.tls.plaintextAuth) t["plaintext_auth"] = true;
                    if (n.tls.certificate == CertificateFault::WrongName) t["certificate"] = "wrong_name";
                    if (n.tls.certificate == CertificateFault::Expired) t["certificate"] = "expired";
                    out["tls"] = std::move(t);
                }
            }
            if (!n.dkim.empty()) {
                OrderedJson keys = OrderedJson::array();
                for (const auto& k : n.dkim) {
                    OrderedJson key = {{"domain", k.domain}, {"selector", k.selector}};
                    if (k.algorithm == DkimAlgorithm::Ed25519Sha256) key["algorithm"] = "ed25519-sha256";
                    keys.push_back(std::move(key));
                }
                out["dkim"] = std::move(keys);
            }
            if (!n.forward.empty()) {
                OrderedJson aliases = OrderedJson::object();
                for (const auto& [source, target] : n.forward) aliases[source] = target;
                out["forward"] = std::move(aliases);
            }
            if (n.anySender) out["any_sender"] = true;
            if (const SenderChecks& c = n.checkSenders; c.any()) {
                if (c.spf && c.dkim && c.dmarc) {
                    out["check_senders"] = true;
                } else {
                    OrderedJson t = OrderedJson::object();
                    if (c.spf) t["spf"] = true;
                    if (c.dkim) t["dkim"] = true;
                    if (c.dmarc) t["dmarc"] = true;
                    out["check_senders"] = std::move(t);
                }
            }
            break;
        }
        case NodeType::DnsServer:
            if (!n.zones.empty()) {
                OrderedJson zones = OrderedJson::array();
                for (const auto& z : n.zones) zones.push_back(zone(z));
                out["zones"] = std::move(zones);
            }
            break;
        case NodeType::Webmail:
            out["mail_server"] = n.mailServer;
            resolver();
            break;
        case NodeType::Router: break;
    }
    return out;
}

OrderedJson link(const Link& l) {
    OrderedJson out = OrderedJson::object();
    if (l.id != l.a + "--" + l.b) out["id"] = l.id;
    out["a"] = l.a;
    out["b"] = l.b;
    const Link d;
    if (l.latency != d.latency) out["latency_ms"] = exactUnits(l.latency.ns(), 1e6);
    if (l.bandwidthBitsPerSecond != d.bandwidthBitsPerSecond)
        out["bandwidth_mbps"] = exactUnits(l.bandwidthBitsPerSecond, 1e6);
    if (l.mtu != d.mtu) out["mtu"] = l.mtu;
    return out;
}

void sendFields(const Action& a, OrderedJson& out) {
    out["from"] = a.from;
    if (!a.fromHeader.empty()) out["from_header"] = a.fromHeader;
    if (!a.mailFrom.empty()) out["mail_from"] = a.mailFrom;
    if (a.type == ActionType::Send || !a.to.empty()) out["to"] = stringArray(a.to);
    if (!a.cc.empty()) out["cc"] = stringArray(a.cc);
    if (!a.bcc.empty()) out["bcc"] = stringArray(a.bcc);
    if (!a.subject.empty()) out["subject"] = a.subject;
    if (!a.body.empty()) out["body"] = a.body;
    if (!a.html.empty()) out["html"] = a.html;
    if (a.attachments.empty()) return;
    OrderedJson list = OrderedJson::array();
    for (const auto& f : a.attachments) {
        OrderedJson file = {{"name", f.name}};
        if (!f.contentType.empty()) file["type"] = f.contentType;
        file["size"] = f.size;
        list.push_back(std::move(file));
    }
    out["attachments"] = std::move(list);
}

OrderedJson action(const Action& a) {
    OrderedJson out = {{"type", actionTypeName(a.type)}, {"at", seconds(a.at)}};
    switch (a.type) {
        case ActionType::Send:
        case ActionType::SaveDraft:
            out["node"] = a.node;
            sendFields(a, out);
            break;
        case ActionType::CheckMail:
        case ActionType::Read:
        case ActionType::Flag:
        case ActionType::Move:
        case ActionType::Delete:
            out["node"] = a.node;
            if (!a.from.empty()) out["account"] = a.from;
            if (!a.sharedMailbox.empty()) out["mailbox"] = a.sharedMailbox;
            if (a.type != ActionType::CheckMail) out["subject"] = a.subject;
            if (a.folder != "INBOX") out["folder"] = a.folder;
            if (a.type == ActionType::CheckMail) break;
            if (a.type == ActionType::Move) out["to_folder"] = a.toFolder;
            break;
        case ActionType::LinkDown:
        case ActionType::LinkUp:
            out["link"] = a.link;
            if (a.duration) out["duration"] = seconds(*a.duration);
            break;
        case ActionType::NodeDown:
        case ActionType::NodeUp:
        case ActionType::SmtpError:
        case ActionType::MailboxFull:
            out["node"] = a.node;
            if (a.type == ActionType::SmtpError) {
                out["code"] = a.replyCode;
                if (!a.replyText.empty()) out["text"] = a.replyText;
            }
            if (a.type == ActionType::MailboxFull) out["mailbox"] = a.mailbox;
            if (a.duration) out["duration"] = seconds(*a.duration);
            break;
    }
    return out;
}

// A step's "when": the event, then only the filters it sets.
OrderedJson stepWhen(const StepWhen& w) {
    OrderedJson out = {{"event", stepEventName(w.event)}};
    if (!w.node.empty()) out["node"] = w.node;
    if (w.port != 0) out["port"] = w.port;
    if (!w.record.empty()) out["record"] = w.record;
    if (!w.name.empty()) out["name"] = w.name;
    if (w.code != 0) out["code"] = w.code;
    if (!w.mailbox.empty()) out["mailbox"] = w.mailbox;
    if (w.occurrence != StepWhen{}.occurrence) out["occurrence"] = w.occurrence;
    return out;
}

// The guided lesson's "steps" (narration and questions), after the actions, in the order the
// loader reads them.
void writeSteps(const Scenario& s, OrderedJson& root) {
    if (s.steps.empty()) return;
    OrderedJson steps = OrderedJson::array();
    for (const Step& st : s.steps) {
        OrderedJson out = OrderedJson::object();
        if (st.at) out["at"] = seconds(*st.at);
        if (st.when) out["when"] = stepWhen(*st.when);
        if (!st.isQuestion()) {
            out["say"] = localized(st.say);
        } else {
            out["question"] = localized(st.question);
            OrderedJson choices = OrderedJson::array();
            for (const LocalizedText& c : st.choices) choices.push_back(localized(c));
            out["choices"] = std::move(choices);
            out["answer"] = st.answer;
            out["explain"] = localized(st.explain);
        }
        steps.push_back(std::move(out));
    }
    root["steps"] = std::move(steps);
}

}  // namespace

std::string writeScenarioText(const Scenario& s) {
    OrderedJson root = OrderedJson::object();
    root["title"] = localized(s.title);
    if (!s.description.byLanguage.empty()) root["description"] = localized(s.description);
    if (s.seed != Scenario{}.seed) root["seed"] = s.seed;
    OrderedJson nodes = OrderedJson::array();
    for (const auto& n : s.nodes) nodes.push_back(node(n));
    root["nodes"] = std::move(nodes);
    if (!s.links.empty()) {
        OrderedJson links = OrderedJson::array();
        for (const auto& l : s.links) links.push_back(link(l));
        root["links"] = std::move(links);
    }
    if (!s.actions.empty()) {
        OrderedJson actions = OrderedJson::array();
        for (const auto& a : s.actions) actions.push_back(action(a));
        root["actions"] = std::move(actions);
    }
    writeSteps(s, root);
    return layoutJson(root);
}

SaveResult saveScenarioFile(const Scenario& scenario, const std::string& path) {
    SaveResult result;
    const std::string text = writeScenarioText(scenario);
    LoadResult check = loadScenarioText(text, path);
    if (!check.ok()) {
        result.errors = std::move(check.errors);
        return result;
    }
    const auto fail = [&](trace::Phrase what) {
        result.errors.push_back(makeLoadError(path, 0, 0, "", std::move(what)));
        return result;
    };
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return fail(trace::phrase("this is a directory; give a file name ending in .json"));
    const std::string temporary = path + ".saving";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) return fail(trace::phrase("cannot write the file: {}", std::strerror(errno)));
        out << text;
        out.flush();
        if (!out) {
            std::remove(temporary.c_str());
            return fail(trace::phrase("cannot write the file (the disk may be full)"));
        }
    }
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::remove(temporary.c_str());
        return fail(trace::phrase("cannot write the file: {}", ec.message()));
    }
    return result;
}

}  // namespace postino::scenario
