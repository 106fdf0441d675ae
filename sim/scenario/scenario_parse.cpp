// Top level, links and actions of a scenario: JSON values -> structs with
// per-field checks. Nodes are in node_parse.cpp.
#include "scenario/scenario_parse.h"

#include "scenario/name_syntax.h"
#include "scenario/scenario_limits.h"

#include <fmt/format.h>

#include <cmath>

namespace postino::scenario {

std::optional<LocalizedText> parseLocalized(const Json& v, const std::string& ptr, Diagnostics& d, bool allowEmpty) {
    LocalizedText text;
    if (v.is_string()) {
        text.byLanguage["en"] = v.get<std::string>();
    } else if (v.is_object()) {
        bool ok = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            std::string child = childPointer(ptr, it.key());
            if (!isValidLanguageTag(it.key())) {
                d.error(child, trace::phrase("{} is not a language code; use codes like \"en\", \"it\", \"es\", \"el\"",
                                             quoteText(it.key())),
                        Anchor::Key);
                ok = false;
                continue;
            }
            auto s = readString(it.value(), child, d);
            if (!s) {
                ok = false;
                continue;
            }
            text.byLanguage[it.key()] = *s;
        }
        if (!v.contains("en")) {
            d.error(ptr, trace::phrase("missing the English text \"en\" (it is shown when a translation is missing)"));
            return std::nullopt;
        }
        if (!ok) return std::nullopt;
    } else {
        std::string got = jsonTypeName(v);
        d.error(ptr, trace::phrase("expected a string or an object of translations like {{\"en\": \"...\", "
                                   "\"it\": \"...\"}}, got {}", trace::term(got)));
        return std::nullopt;
    }
    if (!allowEmpty && text.byLanguage["en"].empty()) {
        d.error(v.is_object() ? childPointer(ptr, "en") : ptr, trace::phrase("must not be empty"));
        return std::nullopt;
    }
    return text;
}

std::optional<std::string> parseHostname(const Json& v, const std::string& ptr, Diagnostics& d) {
    auto s = readString(v, ptr, d);
    if (!s) return std::nullopt;
    std::string name = toLower(*s);
    if (name.size() > 1 && name.back() == '.') name.pop_back();
    if (!isValidHostname(name)) {
        if (parseIpv4(name))
            d.error(ptr, trace::phrase("expected a host name like mail.example.org (letters, digits and '-' in "
                                       "dot-separated labels of up to 63 characters), got {} (an IP address is not a "
                                       "host name here)", quoteText(*s)));
        else
            d.error(ptr, trace::phrase("expected a host name like mail.example.org (letters, digits and '-' in "
                                       "dot-separated labels of up to 63 characters), got {}", quoteText(*s)));
        return std::nullopt;
    }
    return name;
}

std::optional<std::string> parseMailAddress(const Json& v, const std::string& ptr, Diagnostics& d) {
    auto s = readString(v, ptr, d);
    if (!s) return std::nullopt;
    auto address = normalizeMailAddress(*s);
    if (!address) {
        d.error(ptr, trace::phrase("expected a mail address like alice@sender.example, got {}", quoteText(*s)));
        return std::nullopt;
    }
    return address;
}

std::optional<std::uint32_t> parseIpv4Value(const Json& v, const std::string& ptr, Diagnostics& d) {
    auto s = readString(v, ptr, d);
    if (!s) return std::nullopt;
    auto ip = parseIpv4(*s);
    if (!ip) {
        d.error(ptr, trace::phrase("expected an IPv4 address like 192.0.2.10, got {}", quoteText(*s)));
        return std::nullopt;
    }
    return ip;
}

std::optional<std::string> parseNodeRef(const Json& v, const std::string& ptr, Diagnostics& d) {
    auto s = readString(v, ptr, d);
    if (!s) return std::nullopt;
    if (s->empty()) {
        d.error(ptr, trace::phrase("expected the id of a node (like \"mail-sender\"), got an empty string"));
        return std::nullopt;
    }
    return s;
}

std::optional<std::string> readNodeRef(const ObjectReader& r, std::string_view key, Need need) {
    const Json* v = r.field(key, need);
    if (!v) return std::nullopt;
    return parseNodeRef(*v, r.pointerTo(key), r.diag());
}

namespace {

// A JSON array field checked against a size limit.
const Json* limitedArray(const ObjectReader& r, std::string_view key, Need need, std::size_t limit,
                         std::string_view what) {
    const Json* arr = r.array(key, need);
    if (arr && arr->size() > limit) {
        r.error(key, trace::phrase("too many {}: {} (the limit is {})", what, arr->size(), limit));
        return nullptr;
    }
    return arr;
}

void parseLink(const Json& v, const std::string& ptr, Link& link, Diagnostics& d) {
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    r.rejectUnknown({"id", "a", "b", "latency_ms", "bandwidth_mbps", "mtu"}, trace::term(N_("a link")));
    if (auto id = r.string("id", Need::Optional)) {
        if (isValidNodeId(*id)) link.id = *id;
        else r.error("id", trace::phrase("a link id uses lower-case letters, digits and '-' and starts with a letter "
                                         "or digit, got {}", quoteText(*id)));
    }
    if (auto a = readNodeRef(r, "a", Need::Required)) link.a = *a;
    if (auto b = readNodeRef(r, "b", Need::Required)) link.b = *b;
    if (link.id.empty() && !r.has("id")) link.id = link.a + "--" + link.b;
    if (auto ms = r.number("latency_ms", Need::Optional)) {
        if (*ms < 0 || *ms > kMaxLatencyMs)
            r.error("latency_ms", trace::phrase("expected a latency from 0 to {} ms, got {}", kMaxLatencyMs, *ms));
        else link.latency = Duration::nanos(std::llround(*ms * 1e6));
    }
    if (auto mbps = r.number("bandwidth_mbps", Need::Optional)) {
        if (!(*mbps >= 1e-6) || *mbps > kMaxBandwidthMbps)
            r.error("bandwidth_mbps",
                    trace::phrase("expected a bandwidth above 0 (at least 0.000001) and up to {} Mbit/s, got {}",
                                  kMaxBandwidthMbps, *mbps));
        else link.bandwidthBitsPerSecond = std::llround(*mbps * 1e6);
    }
    if (auto mtu = r.integer("mtu", Need::Optional, kMinMtu, kMaxMtu)) link.mtu = static_cast<int>(*mtu);
}

void parseAddressList(const Json* arr, const std::string& ptr, std::vector<std::string>& out, Diagnostics& d) {
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        if (auto a = parseMailAddress((*arr)[i], childPointer(ptr, i), d)) out.push_back(*a);
    }
}

bool hasControlCharacters(std::string_view s) {
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) return true;
    }
    return false;
}

// "a read action": where an unknown field was found, a term translated with its sentence.
const char* messageActionWhere(ActionType t) {
    switch (t) {
        case ActionType::Read: return N_("a read action");
        case ActionType::Flag: return N_("a flag action");
        case ActionType::Move: return N_("a move action");
        default: return N_("a delete action");
    }
}

// "at": seconds from the start, converted to nanoseconds.
std::optional<double> readActionTime(const ObjectReader& r, Action& action) {
    auto at = r.number("at", Need::Required);
    if (!at) return std::nullopt;
    if (*at < 0 || *at > kMaxActionSeconds) {
        r.error("at", trace::phrase("expected a time from 0 to {} seconds, got {}", kMaxActionSeconds,
                                    shortJson(*r.field("at", Need::Optional))));
        return std::nullopt;
    }
    action.at = Time::fromNanos(std::llround(*at * 1e9));
    return at;
}

// `timesKnown`: "at" (and a failure action's "duration") were valid, so the action has its place in time.
void parseAction(const Json& v, const std::string& ptr, Action& action, bool& timesKnown, Diagnostics& d) {
    timesKnown = false;
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    const auto type = r.string("type", Need::Required);
    if (auto failure = type ? failureActionType(*type) : std::nullopt) {
        action.type = *failure;
        const auto at = readActionTime(r, action);
        const bool durationOk = parseFailureAction(r, action, at);
        timesKnown = at && durationOk;
        return;
    }
    static const std::pair<const char*, ActionType> kMessageActions[] = {
        {"read", ActionType::Read}, {"flag", ActionType::Flag}, {"move", ActionType::Move}, {"delete", ActionType::Delete}};
    bool messageAction = false;
    for (const auto& [name, t] : kMessageActions)
        if (type && *type == name) {
            action.type = t;
            messageAction = true;
        }
    if (messageAction) {
        r.rejectUnknown({"type", "at", "node", "account", "mailbox", "subject", "folder", "to_folder"},
                        trace::term(messageActionWhere(action.type)));
    } else if (type && *type == "check_mail") {
        action.type = ActionType::CheckMail;
        r.rejectUnknown({"type", "at", "node", "account", "mailbox", "folder"}, trace::term(N_("a check_mail action")));
    } else {
        if (type && *type == "save_draft") action.type = ActionType::SaveDraft;
        if (action.type == ActionType::SaveDraft)
            r.rejectUnknown({"type", "at", "node", "from", "from_header", "to", "cc", "bcc", "subject", "body", "html",
                             "attachments"},
                            trace::term(N_("a save_draft action")));
        else
            r.rejectUnknown({"type", "at", "node", "from", "from_header", "mail_from", "to", "cc", "bcc", "subject",
                             "body", "html", "attachments"},
                            trace::term(N_("a send action")));
        if (type && *type != "send" && *type != "save_draft")
            r.error("type", trace::phrase("unknown action type {}; allowed: send, save_draft, check_mail, read, flag, "
                                          "move, delete, node_down, node_up, link_down, link_up, smtp_error, "
                                          "mailbox_full",
                                          quoteText(*type)));
    }
    timesKnown = readActionTime(r, action).has_value();
    if (auto node = readNodeRef(r, "node", Need::Required)) action.node = *node;
    if (action.type != ActionType::Send && action.type != ActionType::SaveDraft) {
        if (const Json* account = r.field("account", Need::Optional)) {
            if (auto a = parseMailAddress(*account, r.pointerTo("account"), d)) action.from = *a;
        }
        if (const Json* mailbox = r.field("mailbox", Need::Optional)) {
            if (auto a = parseMailAddress(*mailbox, r.pointerTo("mailbox"), d)) action.sharedMailbox = *a;
        }
        if (action.type == ActionType::CheckMail) {
            if (const Json* folder = r.field("folder", Need::Optional)) {
                if (auto f = readString(*folder, r.pointerTo("folder"), d)) {
                    if (f->empty() || f->size() > 200 || hasControlCharacters(*f))
                        r.error("folder", trace::phrase("expected a folder name like \"Junk\" or \"Work/2026\""));
                    else action.folder = *f;
                }
            }
            return;
        }
        if (auto subject = r.string("subject", Need::Required)) {
            if (subject->empty()) r.error("subject", trace::phrase("say which message: part of its subject, like \"Hello\""));
            action.subject = *subject;
        }
        if (auto folder = r.string("folder", Need::Optional)) action.folder = *folder;
        const Need needTarget = action.type == ActionType::Move ? Need::Required : Need::Optional;
        if (const Json* target = r.field("to_folder", needTarget)) {
            if (action.type != ActionType::Move) r.error("to_folder", trace::phrase("to_folder only applies to a move action"));
            else if (auto t = readString(*target, r.pointerTo("to_folder"), d)) {
                if (t->empty() || t->size() > 200 || hasControlCharacters(*t))
                    r.error("to_folder", trace::phrase("expected a folder name like \"Friends\" or \"Work/2026\""));
                else action.toFolder = *t;
            }
        }
        return;
    }
    if (const Json* from = r.field("from", Need::Required)) {
        if (auto a = parseMailAddress(*from, r.pointerTo("from"), d)) action.from = *a;
    }
    if (auto header = parseFromHeader(r)) action.fromHeader = *header;
    if (const Json* mailFrom = r.field("mail_from", Need::Optional)) {
        if (auto a = parseMailAddress(*mailFrom, r.pointerTo("mail_from"), d)) action.mailFrom = *a;
    }
    // A draft may have no recipient yet.
    const Json* to = r.array("to", action.type == ActionType::SaveDraft ? Need::Optional : Need::Required);
    if (to && to->empty() && action.type == ActionType::Send)
        r.error("to", trace::phrase("a mail needs at least one recipient in \"to\""));
    parseAddressList(to, r.pointerTo("to"), action.to, d);
    parseAddressList(r.array("cc", Need::Optional), r.pointerTo("cc"), action.cc, d);
    parseAddressList(r.array("bcc", Need::Optional), r.pointerTo("bcc"), action.bcc, d);
    if (auto subject = r.string("subject", Need::Optional)) {
        if (hasControlCharacters(*subject))
            r.error("subject", trace::phrase("the subject must be a single line without control characters"));
        else if (subject->size() > 900)
            r.error("subject", trace::phrase("the subject is too long: {} bytes (the limit is 900)", subject->size()));
        else action.subject = *subject;
    }
    if (auto body = r.string("body", Need::Optional)) action.body = *body;
    if (auto html = r.string("html", Need::Optional)) action.html = *html;
    const Json* attachments = r.array("attachments", Need::Optional);
    for (std::size_t i = 0; attachments && i < attachments->size(); ++i) {
        const std::string p = childPointer(r.pointerTo("attachments"), i);
        const Json* obj = readObject((*attachments)[i], p, d);
        if (!obj) continue;
        ObjectReader a(*obj, p, d);
        a.rejectUnknown({"name", "type", "size"}, trace::term(N_("an attachment")));
        AttachmentSpec spec;
        if (auto name = a.string("name", Need::Required)) {
            if (name->empty() || name->size() > 200 || hasControlCharacters(*name) ||
                name->find_first_of("/\\") != std::string::npos)
                a.error("name", trace::phrase("expected a file name like \"report.pdf\" (no folders, no control characters)"));
            else spec.name = *name;
        }
        if (auto type = a.string("type", Need::Optional)) {
            const auto slash = type->find('/');
            if (slash == std::string::npos || slash == 0 || slash + 1 == type->size() ||
                type->find_first_of(" ;\"") != std::string::npos)
                a.error("type", trace::phrase("expected a MIME type like \"application/pdf\", got {}", quoteText(*type)));
            else spec.contentType = *type;
        }
        if (auto size = a.integer("size", Need::Required, 0, kMaxAttachmentBytes))
            spec.size = static_cast<std::uint64_t>(*size);
        action.attachments.push_back(std::move(spec));
    }
}

}  // namespace

void parseScenario(const Json& root, Scenario& out, ParseAux& aux, Diagnostics& d) {
    ObjectReader r(root, "", d);
    r.rejectUnknown({"$schema", "title", "description", "seed", "nodes", "links", "actions", "steps"},
                    trace::term(N_("the scenario")));
    r.string("$schema", Need::Optional);  // type check only; editors use it
    if (const Json* title = r.field("title", Need::Required)) {
        if (auto t = parseLocalized(*title, r.pointerTo("title"), d, false)) out.title = *t;
    }
    if (const Json* desc = r.field("description", Need::Optional)) {
        if (auto t = parseLocalized(*desc, r.pointerTo("description"), d, true)) out.description = *t;
    }
    if (const Json* seed = r.field("seed", Need::Optional)) {
        if (auto s = readUnsigned64(*seed, r.pointerTo("seed"), d)) out.seed = *s;
    }
    if (const Json* nodes = limitedArray(r, "nodes", Need::Required, kMaxNodes, "nodes")) {
        if (nodes->empty()) r.error("nodes", trace::phrase("a scenario needs at least one node"));
        parseNodes(*nodes, r.pointerTo("nodes"), out, aux, d);
        aux.nodesParsed = true;
    }
    if (const Json* links = limitedArray(r, "links", Need::Optional, kMaxLinks, "links")) {
        out.links.resize(links->size());
        for (std::size_t i = 0; i < links->size(); ++i)
            parseLink((*links)[i], childPointer(r.pointerTo("links"), i), out.links[i], d);
        aux.linksParsed = true;
    } else if (!r.has("links")) {
        aux.linksParsed = true;
    }
    if (const Json* actions = limitedArray(r, "actions", Need::Optional, kMaxActions, "actions")) {
        out.actions.resize(actions->size());
        aux.actionTimesKnown.assign(actions->size(), false);
        for (std::size_t i = 0; i < actions->size(); ++i) {
            bool timesKnown = false;
            parseAction((*actions)[i], childPointer(r.pointerTo("actions"), i), out.actions[i], timesKnown, d);
            aux.actionTimesKnown[i] = timesKnown;
        }
    }
    if (const Json* steps = r.field("steps", Need::Optional)) parseSteps(*steps, r.pointerTo("steps"), out, d);
}

}  // namespace postino::scenario
