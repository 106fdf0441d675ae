// The in-memory IMAP policy: a user table.
#include "imap/memory_policy.h"
#include "core/ascii.h"

namespace postino::imap {

namespace {

}  // namespace

void MemoryPolicy::addUser(std::string_view user, std::string_view password, std::string_view mailbox) {
    m_users[toLowerAscii(user)] = User{std::string(password), mailbox.empty() ? std::string(user) : std::string(mailbox)};
}

bool MemoryPolicy::checkPassword(std::string_view user, std::string_view password) {
    auto it = m_users.find(toLowerAscii(user));
    return it != m_users.end() && it->second.password == password;
}

std::string MemoryPolicy::mailboxOf(std::string_view user) {
    auto it = m_users.find(toLowerAscii(user));
    return it == m_users.end() ? std::string() : it->second.mailbox;
}

}  // namespace postino::imap
