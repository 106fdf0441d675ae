// Per-user mailboxes with folders (INBOX, Sent, Drafts, Trash, user folders),
// UIDs, UIDVALIDITY, UIDNEXT and flags: the one store POP3 and IMAP will serve.
// Pure data structure: no protocol, no trace (callers record changes).
#pragma once

#include "core/time.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace postino::mail {

namespace flag {
constexpr std::uint8_t Seen = 1, Answered = 2, Flagged = 4, Deleted = 8, Draft = 16;
}

struct StoredMessage {
    std::uint32_t uid = 0;
    std::uint8_t flags = 0;
    Time internalDate;
    std::string data;  // the full RFC 5322 text, CRLF line ends
};

struct Folder {
    std::string name;
    std::uint32_t uidValidity = 1;
    std::uint32_t uidNext = 1;
    std::vector<StoredMessage> messages;  // in UID order
};

class Mailbox {
public:
    explicit Mailbox(std::string owner, std::uint32_t uidValidity);
    const std::string& owner() const { return m_owner; }
    Folder& folder(const std::string& name);  // creates user folders on demand
    const Folder* findFolder(const std::string& name) const;
    const std::map<std::string, Folder>& folders() const { return m_folders; }
    std::uint32_t append(const std::string& folderName, std::string data, Time when, std::uint8_t flags = 0);

private:
    std::string m_owner;
    std::uint32_t m_uidValidity;
    std::map<std::string, Folder> m_folders;
};

class MailStore {
public:
    Mailbox& create(const std::string& address);
    Mailbox* find(const std::string& address);
    const Mailbox* find(const std::string& address) const;
    const std::map<std::string, Mailbox>& mailboxes() const { return m_boxes; }

private:
    std::map<std::string, Mailbox> m_boxes;
    std::uint32_t m_nextUidValidity = 1;
};

}  // namespace postino::mail
