// The per-device copy of an IMAP account that a mail client keeps between sessions: folders,
// their UIDVALIDITY/UIDNEXT, and messages by UID with flags and (once downloaded) content.
// RFC 3501 2.3.1.1 (UID, UIDVALIDITY), 2.3.2 (flags). Pure data: no protocol, no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace postino::imap_client {

// Flags as the server spells them, with the system flags in their canonical case
// ("\Seen", "\Answered", "\Flagged", "\Deleted", "\Draft") and keywords as received
// ("$Forwarded"). "\Recent" is a session flag and is never stored.
using FlagSet = std::set<std::string>;

inline constexpr std::string_view kSeen = "\\Seen";
inline constexpr std::string_view kAnswered = "\\Answered";
inline constexpr std::string_view kFlagged = "\\Flagged";
inline constexpr std::string_view kDeleted = "\\Deleted";
inline constexpr std::string_view kDraft = "\\Draft";

// "\SEEN" -> "\Seen"; keywords and unknown flags unchanged; "" for "\Recent" (not storable).
std::string canonicalFlag(std::string_view flag);
// "(\Seen $Forwarded)" style list, flags in set order, for STORE/APPEND and traces.
std::string formatFlagList(const FlagSet& flags);

struct CachedMessage {
    std::uint32_t uid = 0;
    FlagSet flags;
    std::string content;      // full RFC 5322 text; empty until downloaded
    std::size_t size = 0;     // RFC822.SIZE from the server (or content size)
    bool downloaded = false;  // content holds the whole message (it may legitimately be empty)

    bool has(std::string_view flag) const { return flags.count(std::string(flag)) != 0; }
};

struct FolderCache {
    std::string name;
    std::uint32_t uidValidity = 0;  // 0: never seen
    std::uint32_t uidNext = 0;      // last UIDNEXT the server reported, 0 if none
    std::map<std::uint32_t, CachedMessage> messages;  // by UID
};

struct MailboxInfo {
    std::string name;                     // as on the wire (modified UTF-7), INBOX upper-cased
    std::string delimiter;                // "/" or "." ; "" when the server says NIL
    std::vector<std::string> attributes;  // "\HasNoChildren", "\Trash", ...

    bool hasAttribute(std::string_view attr) const;
};

class DeviceCache {
public:
    // "inbox" / "Inbox" -> "INBOX" (RFC 3501 5.1: INBOX is case-insensitive); others unchanged.
    static std::string normalizeName(std::string_view name);

    // The folder's cache, created empty when missing.
    FolderCache& folder(std::string_view name);
    const FolderCache* find(std::string_view name) const;
    FolderCache* find(std::string_view name);
    const CachedMessage* message(std::string_view folder, std::uint32_t uid) const;
    void removeFolder(std::string_view name);

    // Records the server's UIDVALIDITY. When the cache had a different non-zero value the
    // folder's messages are discarded (RFC 3501 2.3.1.1) and true is returned.
    bool applyUidValidity(std::string_view name, std::uint32_t uidValidity);

    const std::map<std::string, FolderCache>& folders() const { return m_folders; }

    // The folder list from the last LIST "" "*" (empty and unknown until one ran).
    std::vector<MailboxInfo> mailboxes;
    bool mailboxesKnown = false;

    std::size_t messageCount() const;

private:
    std::map<std::string, FolderCache> m_folders;
};

}  // namespace postino::imap_client
