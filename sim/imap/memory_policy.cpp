// The in-memory IMAP policy: a user table.
#include "imap/memory_policy.h"

namespace postino::imap {

namespace {

std::string lowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

void MemoryPolicy::addUser(std::string_view user, std::string_view password, std::string_view mailbox) {
    m_users[lowerAscii(user)] = User{std::string(password), mailbox.empty() ? std::string(user) : std::string(mailbox)};
}

bool MemoryPolicy::checkPassword(std::string_view user, std::string_view password) {
    auto it = m_users.find(lowerAscii(user));
    return it != m_users.end() && it->second.password == password;
}

std::string MemoryPolicy::mailboxOf(std::string_view user) {
    auto it = m_users.find(lowerAscii(user));
    return it == m_users.end() ? std::string() : it->second.mailbox;
}

}  // namespace postino::imap
