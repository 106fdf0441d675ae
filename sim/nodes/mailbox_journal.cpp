#include "nodes/mailbox_journal.h"

#include "mail/encoded_words.h"
#include "mail/header_fields.h"

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

void MailboxJournal::diff(Time t, const std::string& mailbox, const std::string& folder, Flags& before,
                          const std::vector<Message>& now) {
    const auto record = [&](trace::MailboxRecord::Op op, std::uint32_t uid, std::uint8_t flags) -> trace::MailboxRecord& {
        trace::MailboxRecord r;
        r.time = t;
        r.node = m_node;
        r.mailbox = mailbox;
        r.folder = folder;
        r.uid = uid;
        r.op = op;
        r.flags = flags;
        m_trace.mailboxRecords.push_back(std::move(r));
        return m_trace.mailboxRecords.back();
    };
    std::set<std::uint32_t> present;
    for (const Message& m : now) present.insert(m.uid);
    for (auto it = before.begin(); it != before.end();) {
        if (!present.count(it->first)) {
            record(trace::MailboxRecord::Op::Removed, it->first, it->second);
            it = before.erase(it);
        } else {
            ++it;
        }
    }
    for (const Message& m : now) {
        auto it = before.find(m.uid);
        if (it == before.end()) {
            trace::MailboxRecord& r = record(trace::MailboxRecord::Op::Added, m.uid, m.flags);
            if (m.data) {
                r.subject = mail::decodeEncodedWords(mail::headerValue(*m.data, "Subject"));
                r.from = mail::decodeEncodedWords(mail::headerValue(*m.data, "From"));
                r.size = static_cast<std::uint32_t>(m.data->size());
            }
            before.emplace(m.uid, m.flags);
        } else if (it->second != m.flags) {
            record(trace::MailboxRecord::Op::FlagsChanged, m.uid, m.flags);
            it->second = m.flags;
        }
    }
}

void MailboxJournal::syncStore(Time now, const mail::MailStore& store) {
    std::set<std::pair<std::string, std::uint64_t>> seen;
    std::vector<Message> messages;
    for (const auto& [owner, box] : store.mailboxes()) {
        for (const auto& [name, folder] : box.folders()) {
            const auto key = std::make_pair(owner, folder.id);
            seen.insert(key);
            StoreFolder& state = m_storeFolders[key];
            if (state.modSeq == folder.highestModSeq && state.name == name) continue;
            if (!state.name.empty() && state.name != name) {  // renamed: leaves the old name
                diff(now, owner, state.name, state.flags, {});
            }
            messages.clear();
            for (const auto& m : folder.messages) messages.push_back({m.uid, m.flags, &m.data});
            diff(now, owner, name, state.flags, messages);
            state.modSeq = folder.highestModSeq;
            state.name = name;
        }
    }
    for (auto it = m_storeFolders.begin(); it != m_storeFolders.end();) {
        if (!seen.count(it->first)) {  // the folder was deleted
            diff(now, it->first.first, it->second.name, it->second.flags, {});
            it = m_storeFolders.erase(it);
        } else {
            ++it;
        }
    }
}

void MailboxJournal::syncImapCache(Time now, const std::string& account, const imap_client::DeviceCache& cache) {
    std::vector<Message> messages;
    std::set<std::string> names;
    for (const auto& [name, folder] : cache.folders()) {
        names.insert(name);
        messages.clear();
        for (const auto& [uid, m] : folder.messages)
            if (m.downloaded) messages.push_back({uid, flagBits(m.flags), &m.content});
        diff(now, account, name, m_deviceFolders[{account, name}], messages);
    }
    for (auto& [key, flags] : m_deviceFolders)
        if (key.first == account && !names.count(key.second)) diff(now, account, key.second, flags, {});
}

void MailboxJournal::syncPop3Copy(Time now, const std::string& account, const std::vector<const std::string*>& copy) {
    std::vector<Message> messages;
    for (std::size_t i = 0; i < copy.size(); ++i)
        messages.push_back({static_cast<std::uint32_t>(i + 1), 0, copy[i]});
    diff(now, account, "INBOX", m_deviceFolders[{account, "INBOX"}], messages);
}

}  // namespace postino::world
