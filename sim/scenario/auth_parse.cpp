// The scenario's mail-authentication fields: a mail server's "dkim" keys and "forward" aliases,
// and a send action's "from_header". Syntax only; scenario_validate's auth_validate checks them
// against the rest of the scenario (domains of the server, loops, one key per DNS name).
#include "scenario/name_syntax.h"
#include "scenario/scenario_parse.h"

#include <set>

namespace postino::scenario {

namespace {

// RFC 6376 3.1: a selector is one or more sub-domains: labels of letters, digits and '-', not
// starting or ending with '-', joined by dots.
bool isValidSelector(std::string_view s) {
    if (s.empty() || s.size() > 63) return false;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = s.find('.', start);
        const std::string_view label = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

void parseDkimEntry(const Json& v, const std::string& ptr, DkimSigning& key, Diagnostics& d) {
    const Json* obj = readObject(v, ptr, d);
    if (!obj) return;
    ObjectReader r(*obj, ptr, d);
    r.rejectUnknown({"domain", "selector", "algorithm"}, trace::term(N_("a DKIM key")));
    if (auto domain = r.string("domain", Need::Required)) {
        const std::string lower = toLower(*domain);
        if (isValidMailDomain(lower)) key.domain = lower;
        else r.error("domain", trace::phrase("expected a mail domain like bank.example, got {}", quoteText(*domain)));
    }
    if (auto selector = r.string("selector", Need::Required)) {
        const std::string lower = toLower(*selector);
        if (isValidSelector(lower)) key.selector = lower;
        else
            r.error("selector", trace::phrase("expected a DKIM selector like \"s2026\" (letters, digits and '-', "
                                              "labels joined by dots), got {}",
                                              quoteText(*selector)));
    }
    if (auto algorithm = r.string("algorithm", Need::Optional)) {
        if (*algorithm == "rsa-sha256") key.algorithm = DkimAlgorithm::RsaSha256;
        else if (*algorithm == "ed25519-sha256") key.algorithm = DkimAlgorithm::Ed25519Sha256;
        else
            r.error("algorithm", trace::phrase("unknown DKIM algorithm {}; allowed: rsa-sha256, ed25519-sha256",
                                               quoteText(*algorithm)));
    }
    if (!key.domain.empty() && !key.selector.empty() &&
        key.selector.size() + key.domain.size() + std::string_view("._domainkey.").size() > 253)
        r.error("selector", trace::phrase("the key's DNS name {}._domainkey.{} is longer than 253 characters",
                                          key.selector, key.domain));
}

// A display name may hold letters, digits, spaces and . - ' _ !; or be all in double quotes
// without quotes or backslashes inside. Anything else (a comma, '<', ';') would change what
// the From: header says.
bool isPlainDisplayName(std::string_view name) {
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        const std::string_view inside = name.substr(1, name.size() - 2);
        return inside.find_first_of("\"\\") == std::string_view::npos;
    }
    return name.find_first_of("\"(),:;<>@[\\]") == std::string_view::npos;
}

}  // namespace

void parseDkimKeys(const ObjectReader& r, Node& node, Diagnostics& d) {
    const Json* arr = r.array("dkim", Need::Optional);
    if (!arr) return;
    const std::string base = r.pointerTo("dkim");
    node.dkim.resize(arr->size());  // every entry kept, so indices match the JSON array
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const std::string p = childPointer(base, i);
        parseDkimEntry((*arr)[i], p, node.dkim[i], d);
        const DkimSigning& k = node.dkim[i];
        if (k.domain.empty() || k.selector.empty()) continue;
        if (!seen.insert({k.domain, k.selector}).second)
            d.error(childPointer(p, "selector"),
                    trace::phrase("this server already has a DKIM key for {} with the selector {}", k.domain,
                                  k.selector));
    }
}

void parseForwards(const ObjectReader& r, Node& node, Diagnostics& d) {
    const Json* obj = r.field("forward", Need::Optional);
    if (!obj) return;
    const std::string base = r.pointerTo("forward");
    if (!obj->is_object()) {
        d.error(base, trace::phrase("expected an object like {{\"alice@alumni.example\": \"alice@recipient.example\"}}, "
                                    "got {}",
                                    trace::term(jsonTypeName(*obj))));
        return;
    }
    for (const auto& [key, value] : obj->items()) {
        const std::string p = childPointer(base, key);
        const auto source = normalizeMailAddress(key);
        if (!source) {
            d.error(p, trace::phrase("expected a mail address like alice@alumni.example, got {}", quoteText(key)),
                    Anchor::Key);
            continue;
        }
        const auto target = parseMailAddress(value, p, d);
        if (!target) continue;
        if (*target == *source) {
            d.error(p, trace::phrase("{} is forwarded to itself", quoteText(*source)));
            continue;
        }
        if (!node.forward.emplace(*source, *target).second)
            d.error(p, trace::phrase("{} is forwarded twice (addresses are compared without regard to case)",
                                     quoteText(*source)),
                    Anchor::Key);
    }
}

std::optional<std::string> parseFromHeader(const ObjectReader& r) {
    auto text = r.string("from_header", Need::Optional);
    if (!text) return std::nullopt;
    std::string_view s = *text;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    bool ok = s.size() <= 900;
    for (char c : s) ok = ok && (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);
    const std::size_t lt = s.find('<');
    if (ok && lt == std::string_view::npos) {
        ok = normalizeMailAddress(s).has_value();
    } else if (ok) {
        std::string_view name = s.substr(0, lt);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        ok = s.back() == '>' && isPlainDisplayName(name) &&
             normalizeMailAddress(s.substr(lt + 1, s.size() - lt - 2)).has_value();
    }
    if (!ok) {
        r.error("from_header", trace::phrase("expected a From: header like \"Your Bank <security@bank.example>\" or "
                                             "\"security@bank.example\" (a name without quotes, commas or '<', then "
                                             "the address in <>), got {}",
                                             quoteText(*text)));
        return std::nullopt;
    }
    return std::string(s);
}

}  // namespace postino::scenario
