// FETCH and UID FETCH: message data items, \Seen on a non-PEEK body fetch, untagged FETCH
// responses with Dovecot's item order (fixed-size items first, then the literals); a message
// expunged elsewhere is answered from the session's view, as Dovecot 2.3 does.
// RFC 3501 6.4.5, 6.4.8, 7.4.2; RFC 5530 (EXPUNGEISSUED).
#include <algorithm>

#include <fmt/format.h>

#include "imap/envelope.h"
#include "imap/fetch_items.h"
#include "imap/imap_format.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

namespace postino::imap {

void ServerSession::cmdFetch(Command& cmd) {
    if (cmd.args.size() != 2) {
        bad(cmd, "Invalid arguments");
        return;
    }
    std::vector<FetchItem> items;
    const std::optional<std::vector<std::size_t>> indexes = resolveSet(cmd, cmd.args[0]);
    if (!indexes) return;
    const std::vector<Arg> rest(cmd.args.begin() + 1, cmd.args.end());
    const std::string err = parseFetchItems(rest, items);
    if (!err.empty()) {
        bad(cmd, err);
        return;
    }
    if (cmd.uid) {
        // UID FETCH always reports the UID, first (RFC 3501 6.4.8).
        std::erase_if(items, [](const FetchItem& i) { return i.kind == FetchItem::Kind::Uid; });
        FetchItem uid;
        uid.kind = FetchItem::Kind::Uid;
        uid.responseName = "UID";
        items.insert(items.begin(), uid);
    }
    bool wantsFlags = false, setsSeen = false, needsStructure = false, sendsContent = false;
    for (const FetchItem& i : items) {
        wantsFlags = wantsFlags || i.kind == FetchItem::Kind::Flags;
        setsSeen = setsSeen || i.setsSeen();
        needsStructure = needsStructure || i.needsStructure();
        sendsContent = sendsContent || i.isLiteral();
    }
    mail::Folder* f = selected();
    if (!f) {
        syncView(false);  // says BYE
        return;
    }
    // A message expunged elsewhere but not yet reported keeps its number: as Dovecot, answer
    // what the view still knows (UID, FLAGS), placeholders for the rest and NIL for content,
    // and say [EXPUNGEISSUED] only when something beyond UID and FLAGS was asked for.
    bool onlyViewItems = true;
    for (const FetchItem& i : items)
        onlyViewItems = onlyViewItems && (i.kind == FetchItem::Kind::Uid || i.kind == FetchItem::Kind::Flags);
    bool expungeIssued = false;
    for (std::size_t index : *indexes) {
        ViewEntry& entry = m_sel->view[index];
        const std::size_t at = f->indexOfUid(entry.uid);
        const bool gone = at >= f->messages.size();
        mail::StoredMessage ghost;
        if (gone) {
            expungeIssued = expungeIssued || !onlyViewItems;
            ghost.uid = entry.uid;
            ghost.flags = entry.flags;
            ghost.keywords = entry.keywords;
            ghost.internalDate = fromUnixSeconds(0);
        }
        bool flagsChanged = false;
        if (!gone && setsSeen && !m_sel->readOnly && !(f->messages[at].flags & mail::flag::Seen)) {
            mail::StoredMessage& m = f->messages[at];
            f->setFlags(at, m.flags | mail::flag::Seen, m.keywords);
            flagsChanged = true;
            event(ImapEvent::Kind::FlagsChanged, m_sel->name, m.uid, flagList(m.flags, m.keywords, false));
        }
        const mail::StoredMessage& m = gone ? ghost : f->messages[at];
        std::optional<BodyPart> structure;
        if (needsStructure) structure = parseMessageStructure(m.data);

        std::vector<std::string> plain, literal;
        auto flags = [&]() {
            entry.flags = m.flags;
            entry.keywords = m.keywords;
            return "FLAGS " + flagList(m.flags, m.keywords, entry.recent);
        };
        for (const FetchItem& item : items) {
            using K = FetchItem::Kind;
            switch (item.kind) {
            case K::Flags: plain.push_back(flags()); break;
            case K::Uid: plain.push_back("UID " + std::to_string(m.uid)); break;
            case K::InternalDate: plain.push_back("INTERNALDATE \"" + formatInternalDate(m.internalDate) + "\""); break;
            case K::Rfc822Size: plain.push_back("RFC822.SIZE " + std::to_string(m.data.size())); break;
            case K::Envelope: plain.push_back("ENVELOPE " + renderEnvelope(*structure)); break;
            case K::BodyStructure: plain.push_back("BODYSTRUCTURE " + renderBodyStructure(*structure, true)); break;
            case K::Body: plain.push_back("BODY " + renderBodyStructure(*structure, false)); break;
            default: {
                if (gone) {
                    literal.push_back(item.responseName + " NIL");
                    break;
                }
                std::string content;
                if (item.kind == K::Rfc822) {
                    content = m.data;
                } else if (item.kind == K::Rfc822Header) {
                    content = m.data.substr(0, structure->headerEnd);
                } else if (item.kind == K::Rfc822Text) {
                    content = m.data.substr(structure->headerEnd);
                } else if (structure) {
                    content = sectionContent(m.data, *structure, item.section);
                } else {
                    content = m.data;  // BODY[]: no structure needed
                }
                if (item.partial) {
                    const std::size_t from = item.offset < content.size() ? item.offset : content.size();
                    content = content.substr(from, item.length);
                }
                // A literal carries no NUL (RFC 3501 9, CHAR8): Dovecot sends 0x80 instead, same size.
                std::replace(content.begin(), content.end(), '\0', '\x80');
                literal.push_back(fmt::format("{} {{{}}}\r\n", item.responseName, content.size()) + content);
            }
            }
        }
        if (flagsChanged && !wantsFlags) plain.push_back(flags());
        std::string line = std::to_string(index + 1) + " FETCH (";
        bool first = true;
        for (auto* group : {&plain, &literal}) {
            for (const std::string& s : *group) {
                if (!first) line += ' ';
                line += s;
                first = false;
            }
        }
        line += ')';
        untagged(line);
        if (sendsContent && !gone) event(ImapEvent::Kind::Fetched, m_sel->name, m.uid);
    }
    ok(cmd, expungeIssued ? "[EXPUNGEISSUED] Some messages were already expunged." : "Fetch completed.");
}

}  // namespace postino::imap
