// Per-user mailboxes with folders (INBOX, Sent, Drafts, Trash, user folders with a '/'
// hierarchy), UIDs, UIDVALIDITY, UIDNEXT, flags, keywords, a per-folder modification
// sequence and a per-mailbox byte quota: the one store POP3 and IMAP serve. Pure data: no
// protocol, no trace, no clock; it counts the quota but never refuses (callers decide).
#pragma once

#include "core/time.h"
#include "core/ascii.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace postino::mail {

namespace flag {
constexpr std::uint8_t Seen = 1, Answered = 2, Flagged = 4, Deleted = 8, Draft = 16;
constexpr std::uint8_t All = Seen | Answered | Flagged | Deleted | Draft;
}  // namespace flag

// RFC 6154 special-use attributes of the well-known folders.
enum class SpecialUse : std::uint8_t { None, Sent, Drafts, Trash, Junk, Archive };

inline constexpr char kHierarchyDelimiter = '/';
inline constexpr std::size_t kMaxFolderNameLength = 255;   // octets of UTF-8
inline constexpr std::size_t kMaxKeywordsPerFolder = 64;
// A mailbox's quota when nobody sets one (like Dovecot's quota_rule = *:storage=100M).
inline constexpr std::uint64_t kDefaultQuotaBytes = 100ull * 1024 * 1024;

struct StoredMessage {
    std::uint32_t uid = 0;
    std::uint8_t flags = 0;
    Time internalDate;
    std::string data;                   // the full RFC 5322 text, CRLF line ends
    std::vector<std::string> keywords;  // IMAP keywords ("$Forwarded"), in the order they were set
    std::uint64_t modSeq = 0;           // the folder's modSeq at this message's last change

    bool hasKeyword(std::string_view keyword) const;  // ASCII case-insensitive
};

class MailboxChanges;

// One entry of a folder's change log: the message with this UID was appended, had its flags or
// keywords changed, or (expunged) was removed, at this modSeq.
struct FolderChange {
    std::uint64_t modSeq = 0;
    std::uint32_t uid = 0;
    bool expunged = false;
};

// How a concurrent reader keeps up: every change (append, flag change, expunge) raises the
// folder's highestModSeq by one and stamps the touched message. A session remembers the
// highestModSeq it last reported and its own copy of UIDs and flags; when the folder's value
// moved on it compares the two (UIDs only grow, so new messages are those above its last UID).
struct Folder {
    std::string name;                    // full UTF-8 name, '/' between levels, "INBOX" exact
    std::uint32_t uidValidity = 1;
    std::uint32_t uidNext = 1;
    std::vector<StoredMessage> messages;  // in UID order
    std::uint64_t id = 0;                 // unique within its mailbox; survives a rename
    std::uint64_t highestModSeq = 1;      // monotonic, raised by every change
    std::uint32_t firstRecentUid = 1;     // messages from this UID on are \Recent, not yet claimed
    SpecialUse specialUse = SpecialUse::None;
    std::vector<std::string> keywords;    // every keyword used in this folder (IMAP FLAGS), in order
    // Every change in modSeq order, so a reader that saw modSeq N reads only what came after
    // (changesSince) instead of comparing the whole folder. 16 octets per change.
    std::vector<FolderChange> changeLog;

    StoredMessage* findUid(std::uint32_t uid);
    const StoredMessage* findUid(std::uint32_t uid) const;
    // Index into `messages`, or messages.size() when absent.
    std::size_t indexOfUid(std::uint32_t uid) const;

    std::uint32_t append(std::string data, Time when, std::uint8_t flags = 0,
                         std::vector<std::string> keywords = {});
    // A copy of `m` (data, flags, keywords, internal date) under a new UID here.
    std::uint32_t appendCopy(const StoredMessage& m);
    // Replaces the flags and keywords of messages[index]; true (and a new modSeq) when changed.
    bool setFlags(std::size_t index, std::uint8_t flags, std::vector<std::string> keywords);
    // Removes these UIDs (absent ones are ignored); returns the UIDs removed, ascending.
    std::vector<std::uint32_t> expunge(const std::vector<std::uint32_t>& uids);
    // Removes every message flagged \Deleted; returns their UIDs, ascending.
    std::vector<std::uint32_t> expungeDeleted();
    void clear();  // expunges everything

    std::size_t countWith(std::uint8_t flagMask) const;     // messages with all of these flags
    std::size_t countWithout(std::uint8_t flagMask) const;  // messages with none of these flags
    std::uint32_t recentCount() const;                      // messages not yet claimed as \Recent
    // The first session to see new messages claims their \Recent flag: returns the first
    // claimed UID (messages from it on are recent for the caller) and marks all as seen.
    std::uint32_t claimRecent();

    // The log entries with a modSeq above `modSeq`: [first, last) of changeLog.
    std::pair<const FolderChange*, const FolderChange*> changesSince(std::uint64_t modSeq) const;

private:
    friend class Mailbox;
    void touch(StoredMessage& m);
    void noteExpunged(std::uint32_t uid);
    void noteChanged();
    MailboxChanges* m_changes = nullptr;  // the mailbox to mark as changed; none for a lone folder
    void learnKeywords(const std::vector<std::string>& keywords);
};

enum class FolderResult {
    Ok,
    AlreadyExists,
    NotFound,
    InvalidName,   // see Mailbox::nameError()
    HasChildren,   // DELETE of a \Noselect name that still has sub-folders
    Forbidden,     // DELETE INBOX, or moving a folder under itself
};

// Which mailboxes of a store changed since a reader last asked (MailStore::takeChangedMailboxes).
struct StoreChanges {
    std::vector<std::string> changed;  // owners, each once until taken
};

// A mailbox's link to its store's StoreChanges; on the heap so that folders keep a stable
// pointer to it when the Mailbox object moves.
class MailboxChanges {
public:
    void mark() {
        if (store && !pending) {
            pending = true;
            store->changed.push_back(owner);
        }
    }
    StoreChanges* store = nullptr;
    std::string owner;
    bool pending = false;
};

class Mailbox {
public:
    explicit Mailbox(std::string owner, std::uint32_t uidValidity);
    Mailbox(Mailbox&&) = default;
    Mailbox& operator=(Mailbox&&) = default;
    const std::string& owner() const { return m_owner; }

    Folder& folder(const std::string& name);  // creates user folders on demand (a \Noselect name too)
    const Folder* findFolder(const std::string& name) const;
    Folder* findFolder(const std::string& name);
    Folder* findFolderById(std::uint64_t id);
    const std::map<std::string, Folder>& folders() const { return m_folders; }
    std::uint32_t append(const std::string& folderName, std::string data, Time when, std::uint8_t flags = 0);

    // "" when `name` may be a folder name, else why not ("Name is empty", ...).
    static std::string nameError(std::string_view name);
    // Creates the folder and any missing parents ("a/b/c" creates "a" and "a/b"); a \Noselect
    // name becomes a folder again, a \Noselect parent stays as it is.
    FolderResult createFolder(const std::string& name);
    // Removes the folder and its messages. One with sub-folders leaves its name behind as a
    // \Noselect node (RFC 3501 6.3.4), which goes when its last sub-folder goes. Deleting a
    // \Noselect name that still has sub-folders is HasChildren.
    FolderResult deleteFolder(const std::string& name);
    // Renames the folder (or \Noselect name) and everything below it. Renaming INBOX moves its
    // messages into a new folder and leaves INBOX empty (RFC 3501 6.3.5).
    FolderResult renameFolder(const std::string& from, const std::string& to);
    bool hasChildren(const std::string& name) const;  // a folder below `name`, at any depth
    // Names kept only as \Noselect parents of folders (after a DELETE), in name order.
    const std::set<std::string>& noselectNames() const { return m_noselect; }
    bool isNoselect(const std::string& name) const { return m_noselect.count(name) != 0; }

    // Subscriptions (IMAP LSUB): any names, existing or not, as the owner's client wrote them.
    void subscribe(const std::string& name) { m_subscriptions.insert(name); }
    void unsubscribe(const std::string& name) { m_subscriptions.erase(name); }
    bool isSubscribed(const std::string& name) const { return m_subscriptions.count(name) != 0; }
    const std::set<std::string>& subscriptions() const { return m_subscriptions; }

    // Quota (RFC 9208 STORAGE): octets of message text in all folders together.
    std::uint64_t quotaBytes() const { return m_quotaBytes; }
    void setQuotaBytes(std::uint64_t bytes) { m_quotaBytes = bytes; }
    std::uint64_t usedBytes() const;
    // True when `bytes` more octets stay within the quota.
    bool fits(std::uint64_t bytes) const;

    // Shared mailboxes: an ACL-free list of the other users who may open every folder.
    void allowUser(const std::string& user);
    bool isShared() const { return !m_allowed.empty(); }
    bool mayAccess(const std::string& user) const;  // the owner or an allowed user
    const std::vector<std::string>& allowedUsers() const { return m_allowed; }

private:
    Folder& makeFolder(const std::string& name);
    std::uint32_t nextUidValidity();
    void dropChildlessNoselect();

    std::string m_owner;
    std::uint32_t m_uidValidity;
    std::uint32_t m_createdFolders = 0;  // folders created after construction, for UIDVALIDITY
    std::uint64_t m_nextFolderId = 1;
    std::map<std::string, Folder> m_folders;
    std::set<std::string> m_noselect;  // see noselectNames()
    std::set<std::string> m_subscriptions;
    std::vector<std::string> m_allowed;
    std::uint64_t m_quotaBytes = kDefaultQuotaBytes;
    std::unique_ptr<MailboxChanges> m_changes = std::make_unique<MailboxChanges>();

    friend class MailStore;
    void markChanged() { m_changes->mark(); }
};

class MailStore {
public:
    Mailbox& create(const std::string& address);
    Mailbox* find(const std::string& address);
    const Mailbox* find(const std::string& address) const;
    const std::map<std::string, Mailbox>& mailboxes() const { return m_boxes; }

    // A mailbox several users may open (e.g. "team@example.org"); created when missing.
    Mailbox& createShared(const std::string& name, const std::vector<std::string>& users);
    // The shared mailboxes `user` may open, excluding the user's own, in name order.
    std::vector<Mailbox*> sharedWith(const std::string& user);
    // The quota of every mailbox, those made before and those made after.
    void setQuotaBytes(std::uint64_t bytes);
    std::uint64_t quotaBytes() const { return m_quotaBytes; }

    // The mailboxes created or changed (messages, flags, folders) since the last call, in name
    // order; a reader that calls this after every change never needs to look at the others.
    std::vector<std::string> takeChangedMailboxes();

private:
    std::map<std::string, Mailbox> m_boxes;
    std::unique_ptr<StoreChanges> m_changes = std::make_unique<StoreChanges>();
    std::uint32_t m_nextUidValidity = 1;
    std::uint64_t m_quotaBytes = kDefaultQuotaBytes;
};

using postino::equalsIgnoreCaseAscii;  // core/ascii.h

}  // namespace postino::mail
