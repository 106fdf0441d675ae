// LIST and LSUB: wildcard matching ("*" any, "%" within one level), INBOX case rules,
// \HasChildren / \HasNoChildren (RFC 3348), special-use attributes (RFC 6154), and the
// shared namespace roots as \Noselect nodes. RFC 3501 6.3.8-6.3.9, 7.2.2-7.2.3.
#include <algorithm>
#include <map>

#include "imap/imap_format.h"
#include "imap/mutf7.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

namespace postino::imap {

namespace {

struct ListEntry {
    std::string name;  // UTF-8 IMAP name
    bool noselect = false;
    bool hasChildren = false;
    mail::SpecialUse use = mail::SpecialUse::None;
};

// "**", "%*", "*%" -> "*"; "%%" -> "%": same language, and no exponential backtracking.
std::string collapseWildcards(std::string_view p) {
    std::string out;
    for (char c : p) {
        if ((c == '*' || c == '%') && !out.empty() && (out.back() == '*' || out.back() == '%')) {
            if (c == '*') out.back() = '*';
            continue;
        }
        out += c;
    }
    return out;
}

// `foldPrefix`: how many leading name bytes compare ASCII case-insensitively (INBOX).
bool wildcardMatch(std::string_view name, std::string_view pattern, std::size_t foldPrefix) {
    // The set of pattern positions reachable after each name byte (an NFA run).
    const std::size_t m = pattern.size();
    auto wild = [&pattern](std::size_t i) { return pattern[i] == '*' || pattern[i] == '%'; };
    auto closure = [&](std::vector<char>& v) {  // a wildcard may match nothing
        for (std::size_t i = 0; i < m; ++i)
            if (v[i] && wild(i)) v[i + 1] = 1;
    };
    std::vector<char> cur(m + 1, 0), next(m + 1, 0);
    cur[0] = 1;
    closure(cur);
    for (std::size_t at = 0; at < name.size(); ++at) {
        const char c = name[at];
        std::fill(next.begin(), next.end(), 0);
        for (std::size_t i = 0; i < m; ++i) {
            if (!cur[i]) continue;
            const char p = pattern[i];
            if (p == '*' || (p == '%' && c != mail::kHierarchyDelimiter))
                next[i] = 1;  // the wildcard eats c and stays
            else if (p == c || (at < foldPrefix && iequals(std::string_view(&p, 1), std::string_view(&c, 1))))
                next[i + 1] = 1;
        }
        closure(next);
        cur.swap(next);
    }
    return cur[m] != 0;
}

bool matches(const std::string& name, const std::string& pattern) {
    if (pattern.size() > 2 * mail::kMaxFolderNameLength + 64) return false;  // cannot match a name
    // INBOX is case-insensitive, so "in%" and "*x" both find it.
    const bool inbox = name == "INBOX" || name.rfind("INBOX/", 0) == 0;
    return wildcardMatch(name, pattern, inbox ? 5 : 0);
}

std::string_view specialUseName(mail::SpecialUse u) {
    switch (u) {
    case mail::SpecialUse::Sent: return "\\Sent";
    case mail::SpecialUse::Drafts: return "\\Drafts";
    case mail::SpecialUse::Trash: return "\\Trash";
    case mail::SpecialUse::Junk: return "\\Junk";
    case mail::SpecialUse::Archive: return "\\Archive";
    case mail::SpecialUse::None: break;
    }
    return "";
}

// The folders of `box` and its \Noselect names: INBOX first, then in name order.
void addFolders(std::vector<ListEntry>& out, const mail::Mailbox& box, const std::string& prefix) {
    std::map<std::string, ListEntry> entries;
    for (const auto& [name, f] : box.folders())
        entries[name] = ListEntry{prefix + name, false, box.hasChildren(name), f.specialUse};
    for (const std::string& name : box.noselectNames())
        entries[name] = ListEntry{prefix + name, true, box.hasChildren(name), mail::SpecialUse::None};
    if (auto inbox = entries.find("INBOX"); inbox != entries.end()) out.push_back(inbox->second);
    for (const auto& [name, e] : entries)
        if (name != "INBOX") out.push_back(e);
}

// LSUB (RFC 3501 6.3.9): the subscribed names that match; and when a pattern ending in "%"
// stops above a subscribed name, its matching parent as \Noselect ("Par" for "Par/Child"
// and "%"), as Dovecot does. INBOX first, then in name order.
std::vector<std::string> subscribedLines(const mail::Mailbox& own, const std::vector<ListEntry>& all,
                                         const std::string& pattern) {
    const bool parentsToo = !pattern.empty() && pattern.back() == '%';
    std::map<std::string, std::string> shown;  // name -> attributes
    for (const std::string& name : own.subscriptions()) {
        if (matches(name, pattern)) {
            auto it = std::find_if(all.begin(), all.end(), [&](const ListEntry& e) { return e.name == name; });
            shown[name] = (it == all.end() || it->noselect) ? "\\Noselect" : std::string(specialUseName(it->use));
            continue;
        }
        if (!parentsToo) continue;
        for (std::size_t cut = name.rfind(mail::kHierarchyDelimiter); cut != std::string::npos && cut > 0;
             cut = name.rfind(mail::kHierarchyDelimiter, cut - 1)) {
            const std::string parent = name.substr(0, cut);
            if (!matches(parent, pattern)) continue;
            if (!own.isSubscribed(parent)) shown.emplace(parent, "\\Noselect");  // else listed on its own
            break;
        }
    }
    std::vector<std::string> out;
    auto line = [&out](const std::string& name, const std::string& attrs) {
        out.push_back("LSUB (" + attrs + ") \"/\" " + astring(encodeMutf7(name)));
    };
    if (auto inbox = shown.find("INBOX"); inbox != shown.end()) line(inbox->first, inbox->second);
    for (const auto& [name, attrs] : shown)
        if (name != "INBOX") line(name, attrs);
    return out;
}

}  // namespace

void ServerSession::cmdList(Command& cmd) {
    const bool lsub = cmd.name == "LSUB";
    // Clients that see SPECIAL-USE may ask "LIST (SPECIAL-USE) "" *" (RFC 6154 2) and add
    // "RETURN (SPECIAL-USE)": that much of RFC 5258 is understood, nothing more.
    bool specialOnly = false;
    if (!lsub && !cmd.args.empty() && cmd.args[0].isList()) {
        for (const Arg& o : cmd.args[0].list) {
            if (!o.isAtom("SPECIAL-USE")) {
                bad(cmd, "Invalid selection option");
                return;
            }
            specialOnly = true;
        }
        cmd.args.erase(cmd.args.begin());
    }
    if (!lsub && cmd.args.size() == 4 && cmd.args[2].isAtom("RETURN") && cmd.args[3].isList()) {
        for (const Arg& o : cmd.args[3].list) {
            if (!o.isAtom("SPECIAL-USE")) {
                bad(cmd, "Invalid return option");
                return;
            }
        }
        cmd.args.resize(2);
    }
    if (cmd.args.empty() || !cmd.args[0].isAstring()) {
        bad(cmd, "Invalid reference");
        return;
    }
    if (cmd.args.size() != 2 || !cmd.args[1].isAstring()) {
        bad(cmd, "Invalid pattern");
        return;
    }
    const std::optional<std::string> reference = mailboxName(cmd, cmd.args[0]);
    if (!reference) return;
    const std::optional<std::string> pattern = mailboxName(cmd, cmd.args[1]);
    if (!pattern) return;
    const std::string verb = lsub ? "LSUB" : "LIST";
    if (pattern->empty() && !lsub) {
        // RFC 3501 6.3.8: the delimiter and the root of the reference.
        untagged(verb + " (\\Noselect) \"/\" \"\"");
        ok(cmd, "List completed.");
        return;
    }
    const std::string full = collapseWildcards(*reference + *pattern);

    std::vector<ListEntry> all;
    if (mail::Mailbox* own = m_store.find(m_owner)) addFolders(all, *own, "");
    const std::string& prefix = m_config.sharedPrefix;
    if (!prefix.empty()) {
        std::vector<mail::Mailbox*> shared = m_store.sharedWith(m_owner);
        if (shared.empty() && m_user != m_owner) shared = m_store.sharedWith(m_user);
        if (!shared.empty()) all.push_back(ListEntry{prefix, true, true, mail::SpecialUse::None});
        for (mail::Mailbox* box : shared) {
            all.push_back(ListEntry{prefix + "/" + box->owner(), true, !box->folders().empty(), mail::SpecialUse::None});
            addFolders(all, *box, prefix + "/" + box->owner() + "/");
        }
    }

    if (lsub) {
        if (const mail::Mailbox* own = m_store.find(m_owner))
            for (const std::string& l : subscribedLines(*own, all, full)) untagged(l);
        ok(cmd, "Lsub completed.");
        return;
    }
    for (const ListEntry& e : all) {
        if (!matches(e.name, full)) continue;
        if (specialOnly) {  // Dovecot: only the special-use attribute
            if (e.use == mail::SpecialUse::None) continue;
            untagged("LIST (" + std::string(specialUseName(e.use)) + ") \"/\" " + astring(encodeMutf7(e.name)));
            continue;
        }
        std::string attrs;
        if (e.noselect) attrs = "\\Noselect ";
        attrs += e.hasChildren ? "\\HasChildren" : "\\HasNoChildren";
        if (const std::string_view use = specialUseName(e.use); !use.empty()) attrs += " " + std::string(use);
        untagged("LIST (" + attrs + ") \"/\" " + astring(encodeMutf7(e.name)));
    }
    ok(cmd, "List completed.");
}

}  // namespace postino::imap
