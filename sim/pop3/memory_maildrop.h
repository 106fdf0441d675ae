// A ready-made Pop3Policy kept in memory: users with passwords, one INBOX each, and the
// one-POP3-session-per-mailbox lock. For tests, examples and the loopback demo server.
// Not the node's mail store: no folders, flags or persistence; RFC 1939 8 UIDL only.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pop3/server_types.h"

namespace postino::pop3 {

struct StoredMessage {
    std::string uid;
    std::string content;  // CRLF line ends
};

// The store must outlive every Maildrop it hands out.
class MemoryMailStore : public Pop3Policy {
public:
    void addUser(std::string_view user, std::string_view password);
    // Appends a message to the user's INBOX (line ends made CRLF) and returns its UIDL,
    // or "" when the user does not exist.
    std::string deliver(std::string_view user, std::string_view content);

    // The user's INBOX now (empty for an unknown user).
    const std::vector<StoredMessage>& inbox(std::string_view user) const;
    bool isLocked(std::string_view user) const;

    bool checkPassword(std::string_view user, std::string_view password) override;
    // nullptr for an unknown user or while another session holds the mailbox.
    std::unique_ptr<Maildrop> openMaildrop(std::string_view user) override;

private:
    friend class MemoryMaildrop;
    struct Mailbox {
        std::string password;
        std::vector<StoredMessage> messages;
        bool locked = false;
    };
    Mailbox* find(std::string_view user);

    std::map<std::string, Mailbox, std::less<>> m_users;  // exact user names
    unsigned m_nextUid = 1;
};

}  // namespace postino::pop3
