// Writes trace MailboxRecords for what changed in a server's mail store or a device's copy
// since the last look, so an inspector can show any mailbox at any time t by replaying them.
// For a server's store it reads only what changed: the mailboxes the store lists as changed, and
// in each changed folder the change log entries after the last mod-sequence it saw.
#pragma once

#include "imap_client/device_cache.h"
#include "mail/mail_store.h"
#include "trace/trace.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace postino::world {

class MailboxJournal {
public:
    // `place`: Mailbox for a server's store, Device for a device's copies (the whereabouts
    // records it writes beside each added or removed message).
    MailboxJournal(trace::Trace& trace, trace::NodeIndex node, trace::MailPlace place = trace::MailPlace::Mailbox)
        : m_trace(trace), m_node(node), m_place(place) {}

    // The mailboxes of a server's store that changed since the last call (it takes the store's
    // list of changed mailboxes, so it must be the only one to do so).
    void syncStore(Time now, mail::MailStore& store);
    // A device's IMAP cache of one account (folder names as the device uses them).
    void syncImapCache(Time now, const std::string& account, const imap_client::DeviceCache& cache);
    // A device's POP3 copy of one account: the messages in download order (UIDs 1, 2, ...).
    void syncPop3Copy(Time now, const std::string& account, const std::vector<const std::string*>& messages);

private:
    struct Message {
        std::uint32_t uid = 0;
        std::uint8_t flags = 0;
        const std::string* data = nullptr;  // for Added records
    };
    struct Known {
        std::uint8_t flags = 0;  // as last recorded
        std::uint32_t mail = 0;  // its mail id (0: no Message-ID), for the whereabouts records
    };
    using Flags = std::map<std::uint32_t, Known>;  // uid -> what was last recorded

    // One mailbox of the store: its changed folders, and the ones that are gone.
    void syncMailbox(Time now, const std::string& owner, const mail::Mailbox& box);
    // Records the differences between `before` and `now` (both in UID order), then makes
    // `before` equal `now`. A merge of the two sorted lists: linear, no allocation but records.
    void diff(Time t, const std::string& mailbox, const std::string& folder, Flags& before,
              const std::vector<Message>& now);
    // The same records as diff() against the whole folder, when `before` was the folder at
    // modSeq `since`: only the UIDs in its change log after `since` are compared.
    void diffSince(Time t, const std::string& mailbox, const mail::Folder& folder, Flags& before, std::uint64_t since);
    // Writes the record and the whereabouts record beside it; returns the mail id (Added: found
    // from `data`; Removed: `mail`, the one recorded when it was added).
    std::uint32_t record(Time t, const std::string& mailbox, const std::string& folder, trace::MailboxRecord::Op op,
                         std::uint32_t uid, std::uint8_t flags, const std::string* data, std::uint32_t mail = 0);

    trace::Trace& m_trace;
    trace::NodeIndex m_node;
    trace::MailPlace m_place;
    struct StoreFolder {
        std::string owner;
        std::uint64_t modSeq = 0;
        std::string name;
        Flags flags;
        bool seen = false;  // still there at the last sync
    };
    // By (mailbox, folder id): mailboxes keep their address in the store, so the pointer is a
    // cheap, stable key (the sync runs after every store change).
    std::map<std::pair<const mail::Mailbox*, std::uint64_t>, StoreFolder> m_storeFolders;
    std::vector<Message> m_scratch;
    std::vector<std::uint32_t> m_uids;
    std::map<std::pair<std::string, std::string>, Flags> m_deviceFolders;        // (account, folder)
};

}  // namespace postino::world
