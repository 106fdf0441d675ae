// Mailbox-level commands: SELECT, EXAMINE, CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE,
// STATUS, APPEND. RFC 3501 6.3.1-6.3.11, RFC 4315 (APPENDUID), RFC 5530 (response codes).
// Reply texts follow Dovecot 2.3. DELETE of a folder with sub-folders empties it and leaves
// a \Noselect name (6.3.4), as Dovecot does; that name cannot be selected, subscribed or
// deleted ("Mailbox has children, delete them first") but can be renamed or created again.
#include "imap/imap_format.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

namespace postino::imap {

namespace {

std::string shown(const Arg& a) {
    std::string out;
    for (char c : a.value) {
        if (out.size() >= 200) break;
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    }
    return out;
}

// "Foo/" declares that the client will create children: the name is "Foo".
std::string withoutTrailingDelimiter(std::string name) {
    if (name.size() > 1 && name.back() == mail::kHierarchyDelimiter) name.pop_back();
    return name;
}

}  // namespace

bool ServerSession::isNoselect(const FolderRef& ref) const {
    return ref.box && !ref.namespaceRoot && ref.box->isNoselect(ref.folder);
}

void ServerSession::cmdSelect(Command& cmd) {
    const bool examine = cmd.name == "EXAMINE";
    if (cmd.args.size() != 1) {
        bad(cmd, "Invalid arguments");
        return;
    }
    const std::optional<std::string> name = mailboxName(cmd, cmd.args[0]);
    if (!name) return;
    if (m_sel) {
        deselect();
        untagged("OK [CLOSED] Previous mailbox closed.");
    }
    const FolderRef ref = resolve(*name);
    mail::Folder* f = folderOf(ref);
    if (!f) {
        no(cmd, ref.namespaceRoot ? "Mailbox isn't selectable" : "Mailbox doesn't exist: " + shown(cmd.args[0]));
        return;
    }
    select(ref, *f, examine);
    untagged(flagsResponse());
    untagged(permanentFlagsResponse());
    untagged(std::to_string(m_sel->view.size()) + " EXISTS");
    std::size_t recent = 0;
    std::size_t firstUnseen = 0;
    for (std::size_t i = 0; i < m_sel->view.size(); ++i) {
        if (m_sel->view[i].recent) ++recent;
        if (firstUnseen == 0 && !(m_sel->view[i].flags & mail::flag::Seen)) firstUnseen = i + 1;
    }
    untagged(std::to_string(recent) + " RECENT");
    if (firstUnseen) untagged("OK [UNSEEN " + std::to_string(firstUnseen) + "] First unseen.");
    untagged("OK [UIDVALIDITY " + std::to_string(f->uidValidity) + "] UIDs valid");
    untagged("OK [UIDNEXT " + std::to_string(f->uidNext) + "] Predicted next UID");
    event(ImapEvent::Kind::Selected, m_sel->name, 0, examine ? "READ-ONLY" : "READ-WRITE");
    ok(cmd, examine ? "[READ-ONLY] Examine completed." : "[READ-WRITE] Select completed.");
}

void ServerSession::cmdCreate(Command& cmd) {
    if (cmd.args.size() != 1) {
        bad(cmd, "Invalid arguments");
        return;
    }
    const std::optional<std::string> name = mailboxName(cmd, cmd.args[0]);
    if (!name) return;
    const FolderRef ref = resolve(withoutTrailingDelimiter(*name));
    if (!ref.box || ref.namespaceRoot) {
        no(cmd, "[CANNOT] Mailbox can't be created here.");
        return;
    }
    const std::string err = mail::Mailbox::nameError(ref.folder);
    if (!err.empty()) {
        no(cmd, "[CANNOT] Invalid mailbox name: " + err);
        return;
    }
    switch (ref.box->createFolder(ref.folder)) {
    case mail::FolderResult::Ok:
        event(ImapEvent::Kind::MailboxCreated, ref.imapName);
        ok(cmd, "Create completed.");
        return;
    case mail::FolderResult::AlreadyExists: no(cmd, "[ALREADYEXISTS] Mailbox already exists"); return;
    default: no(cmd, "[CANNOT] Invalid mailbox name"); return;
    }
}

void ServerSession::cmdDelete(Command& cmd) {
    if (cmd.args.size() != 1) {
        bad(cmd, "Invalid arguments");
        return;
    }
    const std::optional<std::string> name = mailboxName(cmd, cmd.args[0]);
    if (!name) return;
    const FolderRef ref = resolve(*name);
    mail::Folder* f = folderOf(ref);
    if (!f && isNoselect(ref)) {
        // RFC 3501 6.3.4: a \Noselect name with inferiors cannot be deleted.
        no(cmd, "Mailbox has children, delete them first");
        return;
    }
    if (!f) {
        no(cmd, "[NONEXISTENT] Mailbox doesn't exist: " + shown(cmd.args[0]));
        return;
    }
    const bool wasSelected = m_sel && m_sel->owner == ref.box->owner() && m_sel->folderId == f->id;
    switch (ref.box->deleteFolder(ref.folder)) {
    case mail::FolderResult::Ok: break;
    case mail::FolderResult::Forbidden: no(cmd, "INBOX can't be deleted."); return;
    case mail::FolderResult::HasChildren: no(cmd, "Mailbox has children, delete them first"); return;
    default: no(cmd, "[NONEXISTENT] Mailbox doesn't exist: " + shown(cmd.args[0])); return;
    }
    event(ImapEvent::Kind::MailboxDeleted, ref.imapName);
    if (wasSelected) {
        // Dovecot: the command succeeds, then the session cannot go on.
        m_output += cmd.tag + " OK Delete completed.\r\n";
        untagged("BYE Selected mailbox was deleted, have to disconnect.");
        close();
        return;
    }
    ok(cmd, "Delete completed.");
}

void ServerSession::cmdRename(Command& cmd) {
    if (cmd.args.size() != 2) {
        bad(cmd, "Invalid arguments");
        return;
    }
    const std::optional<std::string> from = mailboxName(cmd, cmd.args[0]);
    if (!from) return;
    const std::optional<std::string> to = mailboxName(cmd, cmd.args[1]);
    if (!to) return;
    const FolderRef src = resolve(*from);
    const FolderRef dst = resolve(withoutTrailingDelimiter(*to));
    if (!folderOf(src) && !isNoselect(src)) {
        no(cmd, "[NONEXISTENT] Mailbox doesn't exist: " + shown(cmd.args[0]));
        return;
    }
    if (dst.box != src.box || dst.namespaceRoot) {
        no(cmd, "[CANNOT] Can't rename mailboxes across namespaces.");
        return;
    }
    const std::string err = mail::Mailbox::nameError(dst.folder);
    if (!err.empty()) {
        no(cmd, "[CANNOT] Invalid mailbox name: " + err);
        return;
    }
    switch (src.box->renameFolder(src.folder, dst.folder)) {
    case mail::FolderResult::Ok:
        event(ImapEvent::Kind::MailboxRenamed, dst.imapName, 0, src.imapName);
        ok(cmd, "Rename completed.");
        return;
    case mail::FolderResult::AlreadyExists: no(cmd, "[ALREADYEXISTS] Target mailbox already exists"); return;
    case mail::FolderResult::Forbidden:
        if (dst.folder == "INBOX")
            no(cmd, "[ALREADYEXISTS] Target mailbox already exists");
        else
            no(cmd, "[CANNOT] Can't rename mailbox under itself.");
        return;
    default: no(cmd, "[CANNOT] Invalid mailbox name"); return;
    }
}

void ServerSession::cmdSubscribe(Command& cmd) {
    const bool subscribe = cmd.name == "SUBSCRIBE";
    if (cmd.args.size() != 1) {
        bad(cmd, "Invalid arguments");
        return;
    }
    const std::optional<std::string> name = mailboxName(cmd, cmd.args[0]);
    if (!name) return;
    mail::Mailbox* own = m_store.find(m_owner);
    const FolderRef ref = resolve(*name);
    if (subscribe && !folderOf(ref)) {
        no(cmd, "Mailbox doesn't exist: " + shown(cmd.args[0]));
        return;
    }
    if (own) {
        if (subscribe)
            own->subscribe(ref.imapName);
        else
            own->unsubscribe(ref.imapName);
    }
    ok(cmd, subscribe ? "Subscribe completed." : "Unsubscribe completed.");
}

void ServerSession::cmdStatus(Command& cmd) {
    if (cmd.args.size() != 2 || !cmd.args[0].isAstring() || !cmd.args[1].isList()) {
        bad(cmd, "Invalid arguments");
        return;
    }
    const std::vector<Arg>& items = cmd.args[1].list;
    if (items.empty()) {
        bad(cmd, "Empty status list");
        return;
    }
    static const char* kItems[] = {"MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN"};
    for (const Arg& a : items) {
        bool known = false;
        for (const char* k : kItems) known = known || a.isAtom(k);
        if (!known) {
            bad(cmd, "Invalid status item " + (a.isAstring() ? toUpperAscii(shown(a)) : std::string("()")));
            return;
        }
    }
    const std::optional<std::string> name = mailboxName(cmd, cmd.args[0]);
    if (!name) return;
    const FolderRef ref = resolve(*name);
    mail::Folder* f = folderOf(ref);
    if (!f) {
        no(cmd, "Mailbox doesn't exist: " + shown(cmd.args[0]));
        return;
    }
    // Dovecot answers in its own fixed order, whatever the request order.
    std::string out;
    for (const char* k : kItems) {
        bool wanted = false;
        for (const Arg& a : items) wanted = wanted || a.isAtom(k);
        if (!wanted) continue;
        const std::string item = k;
        std::size_t value = 0;
        if (item == "MESSAGES") value = f->messages.size();
        else if (item == "RECENT") value = f->recentCount();
        else if (item == "UIDNEXT") value = f->uidNext;
        else if (item == "UIDVALIDITY") value = f->uidValidity;
        else value = f->countWithout(mail::flag::Seen);
        if (!out.empty()) out += ' ';
        out += item + " " + std::to_string(value);
    }
    untagged("STATUS " + astring(cmd.args[0].value) + " (" + out + ")");
    const bool isSelected = m_sel && m_sel->owner == ref.box->owner() && m_sel->folderId == f->id;
    ok(cmd, isSelected ? "[CLIENTBUG] Status on selected mailbox completed." : "Status completed.");
}

void ServerSession::cmdAppend(Command& cmd) {
    std::size_t i = 1;
    std::uint8_t flags = 0;
    std::vector<std::string> keywords;
    std::optional<Time> date;
    const std::vector<Arg>& a = cmd.args;
    if (a.size() < 2 || !a[0].isAstring()) {
        bad(cmd, "Invalid arguments");
        return;
    }
    if (i < a.size() && a[i].isList()) {
        const std::string err = parseFlagArgs(a[i].list, flags, keywords);
        if (!err.empty()) {
            bad(cmd, err);
            return;
        }
        for (const Arg& f : a[i].list)
            if (iequals(f.value, "\\Recent")) {
                bad(cmd, "Invalid system flag \\RECENT");
                return;
            }
        ++i;
    }
    if (i < a.size() && a[i].type == Arg::Type::Quoted) {
        date = parseDateTime(a[i].value);
        if (!date) {
            bad(cmd, "Invalid internal date");
            return;
        }
        ++i;
    }
    if (i + 1 != a.size() || a[i].type != Arg::Type::Literal) {
        bad(cmd, "Invalid arguments");
        return;
    }
    const std::optional<std::string> name = mailboxName(cmd, a[0]);
    if (!name) return;
    const FolderRef ref = resolve(*name);
    mail::Folder* f = folderOf(ref);
    if (!f) {
        no(cmd, "[TRYCREATE] Mailbox doesn't exist: " + shown(a[0]));
        return;
    }
    if (a[i].value.empty()) {
        no(cmd, "Can't save a zero byte message.");
        return;
    }
    if (!ref.box->fits(a[i].value.size())) {
        no(cmd, kOverQuota);
        return;
    }
    std::size_t newKeywords = 0;
    for (const std::string& k : keywords) {
        bool known = false;
        for (const std::string& have : f->keywords) known = known || iequals(have, k);
        if (!known) ++newKeywords;
    }
    if (f->keywords.size() + newKeywords > mail::kMaxKeywordsPerFolder) {
        no(cmd, "Too many keywords.");
        return;
    }
    const std::uint32_t uid = f->append(std::move(cmd.args[i].value), date ? *date : m_policy.now(), flags, std::move(keywords));
    event(ImapEvent::Kind::Appended, ref.imapName, uid);
    ok(cmd, "[APPENDUID " + std::to_string(f->uidValidity) + " " + std::to_string(uid) + "] Append completed.");
}

}  // namespace postino::imap
