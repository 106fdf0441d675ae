// The session's view of its selected folder: mailbox-name resolution (personal and shared
// namespaces), SELECT bookkeeping, sequence sets, and the untagged updates that keep a client
// in step with changes made elsewhere. RFC 3501 2.3.1 (UIDs, sequence numbers), 5.2 (mailbox
// size and flag updates), 7.3.1-7.4.1 (EXISTS, RECENT, EXPUNGE, FETCH), RFC 2342.
#include <algorithm>

#include "imap/imap_format.h"
#include "imap/mutf7.h"
#include "imap/sequence_set.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

namespace postino::imap {

namespace {

std::string canonicalInbox(const std::string& name) {
    if (iequals(name, "INBOX")) return "INBOX";
    if (name.size() > 6 && iequals(std::string_view(name).substr(0, 6), "INBOX/")) return "INBOX/" + name.substr(6);
    return name;
}

}  // namespace

std::optional<std::string> ServerSession::mailboxName(const Command& cmd, const Arg& arg) {
    if (!arg.isAstring()) {
        bad(cmd, "Invalid arguments");
        return std::nullopt;
    }
    std::optional<std::string> name = decodeMutf7(arg.value);
    if (!name) {
        no(cmd, "Mailbox name is not valid mUTF-7");
        return std::nullopt;
    }
    return name;
}

ServerSession::FolderRef ServerSession::resolve(const std::string& name) {
    FolderRef ref;
    const std::string& prefix = m_config.sharedPrefix;
    if (!prefix.empty() && name.size() >= prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
        (name.size() == prefix.size() || name[prefix.size()] == mail::kHierarchyDelimiter)) {
        ref.imapName = name;
        if (name.size() <= prefix.size() + 1) {
            ref.namespaceRoot = true;
            return ref;
        }
        const std::string rest = name.substr(prefix.size() + 1);
        const std::size_t slash = rest.find(mail::kHierarchyDelimiter);
        const std::string owner = rest.substr(0, slash);
        mail::Mailbox* box = m_store.find(owner);
        if (!box || !box->isShared() || !(box->mayAccess(m_owner) || box->mayAccess(m_user))) return ref;
        ref.box = box;
        if (slash == std::string::npos || slash + 1 >= rest.size()) {
            ref.namespaceRoot = true;
            ref.imapName = prefix + "/" + owner;
            return ref;
        }
        ref.folder = canonicalInbox(rest.substr(slash + 1));
        ref.imapName = prefix + "/" + owner + "/" + ref.folder;
        return ref;
    }
    ref.box = m_store.find(m_owner);
    ref.folder = canonicalInbox(name);
    ref.imapName = ref.folder;
    return ref;
}

mail::Folder* ServerSession::folderOf(const FolderRef& ref) {
    if (!ref.box || ref.namespaceRoot) return nullptr;
    return ref.box->findFolder(ref.folder);
}

mail::Folder* ServerSession::selected() {
    if (!m_sel) return nullptr;
    mail::Mailbox* box = m_store.find(m_sel->owner);
    if (!box) return nullptr;
    mail::Folder* f = box->findFolderById(m_sel->folderId);
    if (!f || f->uidValidity != m_sel->uidValidity) return nullptr;
    // Renamed elsewhere: keep reporting under the new name.
    if (box->owner() == m_owner)
        m_sel->name = f->name;
    else
        m_sel->name = m_config.sharedPrefix + "/" + box->owner() + "/" + f->name;
    return f;
}

void ServerSession::select(const FolderRef& ref, mail::Folder& folder, bool readOnly) {
    Selection s;
    s.owner = ref.box->owner();
    s.folderId = folder.id;
    s.name = ref.imapName;
    s.readOnly = readOnly;
    s.uidValidity = folder.uidValidity;
    // RFC 3501 2.3.2: the first session to see a message gets its \Recent flag.
    const std::uint32_t firstRecent = readOnly ? folder.firstRecentUid : folder.claimRecent();
    s.view.reserve(folder.messages.size());
    for (const mail::StoredMessage& m : folder.messages)
        s.view.push_back(ViewEntry{m.uid, m.flags, m.keywords, m.uid >= firstRecent});
    s.syncedModSeq = folder.highestModSeq;
    s.knownKeywords = folder.keywords.size();
    m_sel = std::move(s);
    m_state = SessionState::Selected;
}

void ServerSession::deselect() {
    m_sel.reset();
    if (m_state == SessionState::Selected) m_state = SessionState::Authenticated;
}

bool ServerSession::expungeAllowed(const Command& cmd) const {
    // RFC 3501 7.4.1: no EXPUNGE while answering FETCH, STORE or SEARCH (sequence numbers).
    return !(cmd.name == "FETCH" || cmd.name == "STORE" || cmd.name == "SEARCH");
}

void ServerSession::syncView(bool allowExpunge) {
    if (!m_sel) return;
    mail::Folder* f = selected();
    if (!f) {
        untagged("BYE IMAP session state is inconsistent, please relogin.");
        event(ImapEvent::Kind::Rejected, m_sel->name, 0, "* BYE IMAP session state is inconsistent, please relogin.");
        close();
        return;
    }
    Selection& s = *m_sel;
    if (f->highestModSeq == s.syncedModSeq && !(s.expungePending && allowExpunge)) return;

    auto recentCount = [&s]() {
        return std::count_if(s.view.begin(), s.view.end(), [](const ViewEntry& e) { return e.recent; });
    };
    const auto recentBefore = recentCount();

    // 1. Messages gone from the store: reported highest first, so every number is valid
    //    when the client reads it; or held back while sequence numbers must stay put.
    std::vector<std::size_t> gone;
    for (std::size_t i = 0; i < s.view.size(); ++i)
        if (!f->findUid(s.view[i].uid)) gone.push_back(i);
    s.expungePending = !gone.empty() && !allowExpunge;
    if (allowExpunge) {
        for (auto it = gone.rbegin(); it != gone.rend(); ++it) {
            untagged(std::to_string(*it + 1) + " EXPUNGE");
            s.view.erase(s.view.begin() + static_cast<std::ptrdiff_t>(*it));
        }
    }

    // 2. New messages (UIDs only grow): EXISTS and RECENT.
    const std::uint32_t lastUid = s.view.empty() ? 0 : s.view.back().uid;
    const std::size_t firstNew = static_cast<std::size_t>(
        std::upper_bound(f->messages.begin(), f->messages.end(), lastUid,
                         [](std::uint32_t u, const mail::StoredMessage& m) { return u < m.uid; }) -
        f->messages.begin());
    if (firstNew < f->messages.size()) {
        const std::uint32_t firstRecent = s.readOnly ? f->firstRecentUid : f->claimRecent();
        for (std::size_t i = firstNew; i < f->messages.size(); ++i) {
            const mail::StoredMessage& m = f->messages[i];
            s.view.push_back(ViewEntry{m.uid, m.flags, m.keywords, m.uid >= firstRecent});
        }
    }
    const bool added = firstNew < f->messages.size();
    if (added) untagged(std::to_string(s.view.size()) + " EXISTS");
    if (recentCount() != recentBefore) untagged(std::to_string(recentCount()) + " RECENT");  // as Dovecot: on change

    // 3. New keywords: the client learns the new FLAGS list first.
    if (f->keywords.size() != s.knownKeywords) {
        s.knownKeywords = f->keywords.size();
        untagged(flagsResponse());
        untagged(permanentFlagsResponse());
    }

    // 4. Flags changed elsewhere.
    for (std::size_t i = 0; i < s.view.size(); ++i) {
        const mail::StoredMessage* m = f->findUid(s.view[i].uid);
        if (!m || m->modSeq <= s.syncedModSeq) continue;
        ViewEntry& e = s.view[i];
        bool same = e.flags == m->flags && e.keywords.size() == m->keywords.size();
        for (std::size_t k = 0; same && k < e.keywords.size(); ++k) same = e.keywords[k] == m->keywords[k];
        if (!same) reportFlags(i, *m, false);
    }
    s.syncedModSeq = f->highestModSeq;
}

std::optional<std::vector<std::size_t>> ServerSession::resolveSet(const Command& cmd, const Arg& arg) {
    std::vector<std::size_t> out;
    const auto set = arg.type == Arg::Type::Atom ? SequenceSet::parse(arg.value) : std::nullopt;
    const std::vector<ViewEntry>& view = m_sel->view;
    if (!cmd.uid) {
        if (!set || set->maxExplicit() > view.size() || (set->usesStar() && view.empty())) {
            bad(cmd, "Invalid messageset");
            return std::nullopt;
        }
        const auto ranges = set->resolved(static_cast<std::uint32_t>(view.size()));
        for (std::size_t i = 0; i < view.size(); ++i)
            if (inRanges(ranges, static_cast<std::uint32_t>(i + 1))) out.push_back(i);
        return out;
    }
    if (!set) {
        bad(cmd, "Invalid uidset");
        return std::nullopt;
    }
    const auto ranges = set->resolved(view.empty() ? 0 : view.back().uid);
    for (std::size_t i = 0; i < view.size(); ++i)
        if (inRanges(ranges, view[i].uid)) out.push_back(i);
    return out;
}

std::string ServerSession::flagsResponse() {
    std::vector<std::string> keywords;
    if (const mail::Folder* f = selected()) keywords = f->keywords;
    return "FLAGS " + flagList(mail::flag::All, keywords, false);
}

std::string ServerSession::permanentFlagsResponse() {
    if (m_sel && m_sel->readOnly) return "OK [PERMANENTFLAGS ()] Read-only mailbox.";
    std::string list = flagsResponse().substr(6);  // "(...)"
    list.insert(list.size() - 1, " \\*");
    return "OK [PERMANENTFLAGS " + list + "] Flags permitted.";
}

void ServerSession::reportFlags(std::size_t index, const mail::StoredMessage& m, bool withUid) {
    ViewEntry& e = m_sel->view[index];
    e.flags = m.flags;
    e.keywords = m.keywords;
    std::string line = std::to_string(index + 1) + " FETCH (";
    if (withUid) line += "UID " + std::to_string(m.uid) + " ";
    line += "FLAGS " + flagList(m.flags, m.keywords, e.recent) + ")";
    untagged(line);
}

}  // namespace postino::imap
