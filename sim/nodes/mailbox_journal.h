// Writes trace MailboxRecords for what changed in a server's mail store or a device's copy
// since the last look, so an inspector can show any mailbox at any time t by replaying them.
// It compares UIDs and flags per folder; folders whose mod-sequence did not move are skipped.
#pragma once

#include "imap_client/device_cache.h"
#include "mail/mail_store.h"
#include "trace/trace.h"

#include <cstdint>
#include <map>
#include <unordered_map>
#include <string>
#include <utility>
#include <vector>

namespace postino::world {

class MailboxJournal {
public:
    MailboxJournal(trace::Trace& trace, trace::NodeIndex node) : m_trace(trace), m_node(node) {}

    // Every mailbox of a server's store.
    void syncStore(Time now, const mail::MailStore& store);
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
    using Flags = std::map<std::uint32_t, std::uint8_t>;  // uid -> flags, as last recorded

    // One mailbox of the store: its changed folders, and the ones that are gone.
    void syncMailbox(Time now, const std::string& owner, const mail::Mailbox& box);
    // Records the differences between `before` and `now` (both in UID order), then makes
    // `before` equal `now`. A merge of the two sorted lists: linear, no allocation but records.
    void diff(Time t, const std::string& mailbox, const std::string& folder, Flags& before,
              const std::vector<Message>& now);

    trace::Trace& m_trace;
    trace::NodeIndex m_node;
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
    // A cheap fingerprint per mailbox (folder names, ids, mod-sequences): unchanged ones are skipped.
    std::unordered_map<const mail::Mailbox*, std::uint64_t> m_fingerprints;
    std::vector<Message> m_scratch;
    std::map<std::pair<std::string, std::string>, Flags> m_deviceFolders;        // (account, folder)
};

}  // namespace postino::world
