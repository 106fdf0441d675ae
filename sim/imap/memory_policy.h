// A ready-made ImapPolicy kept in memory: users with passwords (and optionally a store
// mailbox other than their login name) and a settable clock. For tests and demo servers.
// Not an authentication service: no hashing, no lockout.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "imap/imap_types.h"

namespace postino::imap {

class MemoryPolicy : public ImapPolicy {
public:
    // `user` logs in with `password` and opens the store mailbox `mailbox` ("" = `user`).
    // User names compare ASCII case-insensitively.
    void addUser(std::string_view user, std::string_view password, std::string_view mailbox = {});
    void setNow(Time now) { m_now = now; }

    bool checkPassword(std::string_view user, std::string_view password) override;
    std::string mailboxOf(std::string_view user) override;
    Time now() const override { return m_now; }

private:
    struct User {
        std::string password;
        std::string mailbox;
    };
    std::map<std::string, User> m_users;  // lower-case login -> password, mailbox
    Time m_now;
};

}  // namespace postino::imap
