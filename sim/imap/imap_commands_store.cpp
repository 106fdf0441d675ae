// Commands that change the selected folder: STORE, COPY, MOVE, EXPUNGE, CLOSE, UNSELECT, CHECK
// and their UID forms. RFC 3501 6.4.1-6.4.3, 6.4.6-6.4.8; RFC 4315 (COPYUID, UID EXPUNGE);
// RFC 6851 (MOVE); RFC 3691 (UNSELECT). Reply texts follow Dovecot 2.3.
#include <tuple>
#include <utility>

#include "imap/imap_format.h"
#include "imap/sequence_set.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

namespace postino::imap {

namespace {

bool containsKeyword(const std::vector<std::string>& list, const std::string& k) {
    for (const std::string& x : list)
        if (iequals(x, k)) return true;
    return false;
}

}  // namespace

void ServerSession::cmdStore(Command& cmd) {
    if (cmd.args.size() < 3 || cmd.args[1].type != Arg::Type::Atom) {
        bad(cmd, "Invalid arguments");
        return;
    }
    const std::optional<std::vector<std::size_t>> indexes = resolveSet(cmd, cmd.args[0]);
    if (!indexes) return;
    std::string item = toUpperAscii(cmd.args[1].value);
    const bool silent = item.size() > 7 && item.compare(item.size() - 7, 7, ".SILENT") == 0;
    if (silent) item.resize(item.size() - 7);
    enum class Op { Replace, Add, Remove } op;
    if (item == "FLAGS") op = Op::Replace;
    else if (item == "+FLAGS") op = Op::Add;
    else if (item == "-FLAGS") op = Op::Remove;
    else {
        bad(cmd, "Invalid arguments");
        return;
    }
    std::vector<Arg> flagArgs;
    if (cmd.args.size() == 3 && cmd.args[2].isList())
        flagArgs = cmd.args[2].list;
    else
        flagArgs.assign(cmd.args.begin() + 2, cmd.args.end());
    std::uint8_t flags = 0;
    std::vector<std::string> keywords;
    const std::string err = parseFlagArgs(flagArgs, flags, keywords);
    if (!err.empty()) {
        bad(cmd, err);
        return;
    }
    mail::Folder* f = selected();
    if (!f) {
        syncView(false);
        return;
    }
    if (m_sel->readOnly) {
        ok(cmd, "Store ignored with read-only mailbox.");
        return;
    }
    if (op != Op::Remove) {
        std::size_t fresh = 0;
        for (const std::string& k : keywords) fresh += containsKeyword(f->keywords, k) ? 0 : 1;
        if (f->keywords.size() + fresh > mail::kMaxKeywordsPerFolder) {
            no(cmd, "Too many keywords.");
            return;
        }
    }
    // The flags and keywords a message has after this STORE.
    auto changed = [&](std::uint8_t have, const std::vector<std::string>& haveKeywords) {
        std::pair<std::uint8_t, std::vector<std::string>> out{flags, keywords};
        if (op == Op::Add) {
            out.first = have | flags;
            out.second = haveKeywords;
            for (const std::string& k : keywords)
                if (!containsKeyword(out.second, k)) out.second.push_back(k);
        } else if (op == Op::Remove) {
            out.first = have & static_cast<std::uint8_t>(~flags);
            out.second.clear();
            for (const std::string& k : haveKeywords)
                if (!containsKeyword(keywords, k)) out.second.push_back(k);
        }
        return out;
    };
    std::vector<std::size_t> touched;
    for (std::size_t index : *indexes) {
        ViewEntry& entry = m_sel->view[index];
        const std::size_t at = f->indexOfUid(entry.uid);
        if (at >= f->messages.size()) {
            // Expunged elsewhere, not yet reported: as Dovecot, the plain form changes the
            // session's view and answers from it; the UID form passes over it. OK either way.
            if (cmd.uid) continue;
            std::tie(entry.flags, entry.keywords) = changed(entry.flags, entry.keywords);
            touched.push_back(index);
            continue;
        }
        const mail::StoredMessage& m = f->messages[at];
        auto [newFlags, newKeywords] = changed(m.flags, m.keywords);
        if (f->setFlags(at, newFlags, std::move(newKeywords)))
            event(ImapEvent::Kind::FlagsChanged, m_sel->name, m.uid, flagList(m.flags, m.keywords, false));
        touched.push_back(index);
    }
    if (f->keywords.size() != m_sel->knownKeywords) {
        m_sel->knownKeywords = f->keywords.size();
        untagged(flagsResponse());
        untagged(permanentFlagsResponse());
    }
    for (std::size_t index : touched) {
        const ViewEntry& entry = m_sel->view[index];
        const mail::StoredMessage* m = f->findUid(entry.uid);
        mail::StoredMessage ghost;  // an expunged message: what the view holds
        if (!m) {
            ghost.uid = entry.uid;
            ghost.flags = entry.flags;
            ghost.keywords = entry.keywords;
            m = &ghost;
        }
        if (silent) {
            m_sel->view[index].flags = m->flags;
            m_sel->view[index].keywords = m->keywords;
        } else {
            reportFlags(index, *m, cmd.uid);
        }
    }
    ok(cmd, "Store completed.");
}

void ServerSession::cmdCopy(Command& cmd) {
    const bool move = cmd.name == "MOVE" || cmd.name == "UID MOVE";
    if (cmd.args.size() != 2) {
        bad(cmd, "Missing arguments");
        return;
    }
    const std::optional<std::vector<std::size_t>> indexes = resolveSet(cmd, cmd.args[0]);
    if (!indexes) return;
    const std::optional<std::string> name = mailboxName(cmd, cmd.args[1]);
    if (!name) return;
    mail::Folder* src = selected();
    if (!src) {
        syncView(false);
        return;
    }
    const FolderRef ref = resolve(*name);
    mail::Folder* dst = folderOf(ref);
    if (!dst) {
        no(cmd, "[TRYCREATE] Mailbox doesn't exist: " + std::string(cmd.args[1].value.substr(0, 200)));
        return;
    }
    if (move && m_sel->readOnly) {
        no(cmd, "[READ-ONLY] Mailbox is read-only.");
        return;
    }
    if (indexes->empty()) {
        ok(cmd, "No messages found.");
        return;
    }
    std::vector<mail::StoredMessage> copies;
    for (std::size_t index : *indexes) {
        const mail::StoredMessage* m = src->findUid(m_sel->view[index].uid);
        if (!m) {
            no(cmd, "[EXPUNGEISSUED] Some of the requested messages no longer exist.");
            return;
        }
        copies.push_back(*m);
    }
    // A MOVE inside one mailbox leaves its size as it was (Dovecot: same quota root).
    if (!move || ref.box->owner() != m_sel->owner) {
        std::uint64_t bytes = 0;
        for (const mail::StoredMessage& m : copies) bytes += m.data.size();
        if (!ref.box->fits(bytes)) {
            no(cmd, kOverQuota);
            return;
        }
    }
    std::vector<std::uint32_t> srcUids, dstUids;
    for (const mail::StoredMessage& m : copies) {
        const std::uint32_t uid = dst->appendCopy(m);
        srcUids.push_back(m.uid);
        dstUids.push_back(uid);
        event(move ? ImapEvent::Kind::Moved : ImapEvent::Kind::Copied, ref.imapName, uid,
              m_sel->name + ":" + std::to_string(m.uid));
    }
    const std::string code = "COPYUID " + std::to_string(dst->uidValidity) + " " + formatNumberSet(srcUids) + " " +
                             formatNumberSet(dstUids);
    if (!move) {
        ok(cmd, "[" + code + "] Copy completed.");
        return;
    }
    src->expunge(srcUids);  // `dst` may be `src`: it is not used after this
    untagged("OK [" + code + "] Moved UIDs.");
    ok(cmd, "Move completed.");
}

void ServerSession::cmdExpunge(Command& cmd) {
    if (cmd.uid ? cmd.args.size() != 1 : !cmd.args.empty()) {
        bad(cmd, "Invalid arguments");
        return;
    }
    std::optional<std::vector<std::size_t>> indexes;
    if (cmd.uid) {
        indexes = resolveSet(cmd, cmd.args[0]);
        if (!indexes) return;
    }
    mail::Folder* f = selected();
    if (!f) {
        syncView(false);
        return;
    }
    if (!m_sel->readOnly) {
        std::vector<std::uint32_t> uids;
        auto consider = [&](std::size_t index) {
            const mail::StoredMessage* m = f->findUid(m_sel->view[index].uid);
            if (m && (m->flags & mail::flag::Deleted)) uids.push_back(m->uid);
        };
        if (indexes)
            for (std::size_t i : *indexes) consider(i);
        else
            for (std::size_t i = 0; i < m_sel->view.size(); ++i) consider(i);
        for (std::uint32_t uid : f->expunge(uids)) event(ImapEvent::Kind::Expunged, m_sel->name, uid);
    }
    ok(cmd, "Expunge completed.");
}

void ServerSession::cmdClose(Command& cmd) {
    const bool close = cmd.name == "CLOSE";
    if (!cmd.args.empty()) {
        bad(cmd, "Invalid arguments");
        return;
    }
    mail::Folder* f = selected();
    if (close && f && !m_sel->readOnly) {
        // RFC 3501 6.4.2: expunge silently, no untagged EXPUNGE.
        const std::string name = m_sel->name;
        for (std::uint32_t uid : f->expungeDeleted()) event(ImapEvent::Kind::Expunged, name, uid);
    }
    deselect();
    ok(cmd, close ? "Close completed." : "Unselect completed.");
}

void ServerSession::cmdCheck(Command& cmd) {
    if (!cmd.args.empty()) {
        bad(cmd, "Invalid arguments");
        return;
    }
    ok(cmd, "Check completed.");
}

}  // namespace postino::imap
