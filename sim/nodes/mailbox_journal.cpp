#include "nodes/mailbox_journal.h"

#include "mail/encoded_words.h"
#include "mail/header_fields.h"
#include "trace/mail_places.h"

#include <algorithm>
#include <iterator>
#include <set>

namespace postino::world {

namespace {

std::uint8_t flagBits(const imap_client::FlagSet& flags) {
    std::uint8_t bits = 0;
    if (flags.count(std::string(imap_client::kSeen))) bits |= mail::flag::Seen;
    if (flags.count(std::string(imap_client::kAnswered))) bits |= mail::flag::Answered;
    if (flags.count(std::string(imap_client::kFlagged))) bits |= mail::flag::Flagged;
    if (flags.count(std::string(imap_client::kDeleted))) bits |= mail::flag::Deleted;
    if (flags.count(std::string(imap_client::kDraft))) bits |= mail::flag::Draft;
    return bits;
}

}  // namespace

std::uint32_t MailboxJournal::record(Time t, const std::string& mailbox, const std::string& folder,
                                     trace::MailboxRecord::Op op, std::uint32_t uid, std::uint8_t flags,
                                     const std::string* data, std::uint32_t mail) {
    trace::MailboxRecord r;
    r.time = t;
    r.node = m_node;
    r.mailbox = mailbox;
    r.folder = folder;
    r.uid = uid;
    r.op = op;
    r.flags = flags;
    if (data) {
        r.subject = mail::decodeEncodedWords(mail::headerValue(*data, "Subject"));
        r.from = mail::decodeEncodedWords(mail::headerValue(*data, "From"));
        r.size = static_cast<std::uint32_t>(data->size());
    }
    m_trace.mailboxRecords.push_back(std::move(r));
    // Where the mail is: here, from Added to Removed (the mail id is kept beside the flags).
    if (op == trace::MailboxRecord::Op::Added && data) {
        mail = trace::mailIdOf(m_trace, *data);
        trace::mailArrived(m_trace, t, mail, m_node, m_place, mailbox, folder, uid);
    } else if (op == trace::MailboxRecord::Op::Removed) {
        trace::mailLeft(m_trace, t, mail, m_node, m_place, mailbox, folder, uid);
    }
    return mail;
}

void MailboxJournal::diff(Time t, const std::string& mailbox, const std::string& folder, Flags& before,
                          const std::vector<Message>& now) {
    using Op = trace::MailboxRecord::Op;
    auto old = before.begin();
    std::size_t k = 0;
    while (old != before.end() || k < now.size()) {
        if (k == now.size() || (old != before.end() && old->first < now[k].uid)) {  // gone
            record(t, mailbox, folder, Op::Removed, old->first, old->second.flags, nullptr, old->second.mail);
            old = before.erase(old);
        } else if (old == before.end() || now[k].uid < old->first) {  // new
            const Message& m = now[k++];
            const std::uint32_t mail = record(t, mailbox, folder, Op::Added, m.uid, m.flags, m.data);
            old = std::next(before.emplace_hint(old, m.uid, Known{m.flags, mail}));
        } else {  // in both
            if (old->second.flags != now[k].flags) {
                record(t, mailbox, folder, Op::FlagsChanged, old->first, now[k].flags, nullptr);
                old->second.flags = now[k].flags;
            }
            ++old;
            ++k;
        }
    }
}

void MailboxJournal::diffSince(Time t, const std::string& mailbox, const mail::Folder& folder, Flags& before,
                               std::uint64_t since) {
    using Op = trace::MailboxRecord::Op;
    const auto [first, last] = folder.changesSince(since);
    m_uids.clear();
    for (const mail::FolderChange* c = first; c != last; ++c) m_uids.push_back(c->uid);
    std::sort(m_uids.begin(), m_uids.end());
    m_uids.erase(std::unique(m_uids.begin(), m_uids.end()), m_uids.end());
    for (std::uint32_t uid : m_uids) {  // in UID order, as diff() writes them
        const mail::StoredMessage* m = folder.findUid(uid);
        auto old = before.find(uid);
        if (!m) {
            if (old == before.end()) continue;  // appended and expunged in between: never seen
            record(t, mailbox, folder.name, Op::Removed, uid, old->second.flags, nullptr, old->second.mail);
            before.erase(old);
        } else if (old == before.end()) {
            const std::uint32_t mail = record(t, mailbox, folder.name, Op::Added, uid, m->flags, &m->data);
            before.emplace(uid, Known{m->flags, mail});
        } else if (old->second.flags != m->flags) {
            record(t, mailbox, folder.name, Op::FlagsChanged, uid, m->flags, nullptr);
            old->second.flags = m->flags;
        }
    }
}

void MailboxJournal::syncStore(Time now, mail::MailStore& store) {
    for (const std::string& owner : store.takeChangedMailboxes())
        if (const mail::Mailbox* box = store.find(owner)) syncMailbox(now, owner, *box);
}

void MailboxJournal::syncMailbox(Time now, const std::string& owner, const mail::Mailbox& box) {
    for (auto it = m_storeFolders.lower_bound({&box, 0}); it != m_storeFolders.end() && it->first.first == &box; ++it)
        it->second.seen = false;
    for (const auto& [name, folder] : box.folders()) {
        StoreFolder& state = m_storeFolders[{&box, folder.id}];
        state.seen = true;
        if (state.modSeq == folder.highestModSeq && state.name == name) continue;
        state.owner = owner;
        if (state.name == name) {  // known folder: only its changes since the last look
            diffSince(now, owner, folder, state.flags, state.modSeq);
        } else {  // new, or renamed: all of it, under its new name
            if (!state.name.empty()) diff(now, owner, state.name, state.flags, {});
            m_scratch.clear();
            for (const auto& m : folder.messages) m_scratch.push_back({m.uid, m.flags, &m.data});
            diff(now, owner, name, state.flags, m_scratch);
        }
        state.modSeq = folder.highestModSeq;
        state.name = name;
    }
    for (auto it = m_storeFolders.lower_bound({&box, 0}); it != m_storeFolders.end() && it->first.first == &box;) {
        if (!it->second.seen) {  // the folder was deleted
            diff(now, it->second.owner, it->second.name, it->second.flags, {});
            it = m_storeFolders.erase(it);
        } else {
            ++it;
        }
    }
}

void MailboxJournal::syncImapCache(Time now, const std::string& account, const imap_client::DeviceCache& cache) {
    std::set<std::string> names;
    for (const auto& [name, folder] : cache.folders()) {
        names.insert(name);
        m_scratch.clear();
        for (const auto& [uid, m] : folder.messages)
            if (m.downloaded) m_scratch.push_back({uid, flagBits(m.flags), &m.content});
        diff(now, account, name, m_deviceFolders[{account, name}], m_scratch);
    }
    for (auto& [key, flags] : m_deviceFolders)
        if (key.first == account && !names.count(key.second)) diff(now, account, key.second, flags, {});
}

void MailboxJournal::syncPop3Copy(Time now, const std::string& account, const std::vector<const std::string*>& copy) {
    m_scratch.clear();
    for (std::size_t i = 0; i < copy.size(); ++i)
        m_scratch.push_back({static_cast<std::uint32_t>(i + 1), 0, copy[i]});
    diff(now, account, "INBOX", m_deviceFolders[{account, "INBOX"}], m_scratch);
}

}  // namespace postino::world
