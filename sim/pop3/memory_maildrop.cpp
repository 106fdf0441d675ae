// The in-memory store for tests and demos: snapshots at login, deletes only on commitDeletes (RFC 1939 6).
#include "pop3/memory_maildrop.h"

#include <cstdio>

#include "pop3/wire.h"

namespace postino::pop3 {

// One session's view of an INBOX: the snapshot taken at login and the lock.
class MemoryMaildrop : public Maildrop {
public:
    MemoryMaildrop(MemoryMailStore& store, std::string user, std::vector<StoredMessage> snapshot)
        : m_store(store), m_user(std::move(user)), m_snapshot(std::move(snapshot)) {}

    ~MemoryMaildrop() override {
        if (MemoryMailStore::Mailbox* box = m_store.find(m_user)) box->locked = false;
    }

    std::vector<Entry> entries() override {
        std::vector<Entry> out;
        out.reserve(m_snapshot.size());
        for (const auto& m : m_snapshot) out.push_back(Entry{m.uid, m.content.size()});
        return out;
    }

    std::string content(std::size_t index) override {
        return index < m_snapshot.size() ? m_snapshot[index].content : std::string();
    }

    void commitDeletes(const std::vector<std::size_t>& indexes) override {
        MemoryMailStore::Mailbox* box = m_store.find(m_user);
        if (box == nullptr) return;
        for (std::size_t i : indexes) {
            if (i >= m_snapshot.size()) continue;
            const std::string& uid = m_snapshot[i].uid;
            for (auto it = box->messages.begin(); it != box->messages.end(); ++it) {
                if (it->uid == uid) {
                    box->messages.erase(it);
                    break;
                }
            }
        }
    }

private:
    MemoryMailStore& m_store;
    std::string m_user;
    std::vector<StoredMessage> m_snapshot;
};

MemoryMailStore::Mailbox* MemoryMailStore::find(std::string_view user) {
    auto it = m_users.find(user);
    return it == m_users.end() ? nullptr : &it->second;
}

void MemoryMailStore::addUser(std::string_view user, std::string_view password) {
    m_users[std::string(user)].password = std::string(password);
}

std::string MemoryMailStore::deliver(std::string_view user, std::string_view content) {
    Mailbox* box = find(user);
    if (box == nullptr) return {};
    // Dovecot-like UIDL: UID then UIDVALIDITY, both as 8 hex digits.
    char uid[32];
    std::snprintf(uid, sizeof uid, "%08x%08x", m_nextUid++, 0x5eed0001u);
    box->messages.push_back(StoredMessage{uid, toCrlf(content)});
    return uid;
}

const std::vector<StoredMessage>& MemoryMailStore::inbox(std::string_view user) const {
    static const std::vector<StoredMessage> kEmpty;
    auto it = m_users.find(user);
    return it == m_users.end() ? kEmpty : it->second.messages;
}

bool MemoryMailStore::isLocked(std::string_view user) const {
    auto it = m_users.find(user);
    return it != m_users.end() && it->second.locked;
}

bool MemoryMailStore::checkPassword(std::string_view user, std::string_view password) {
    const Mailbox* box = find(user);
    return box != nullptr && box->password == password;
}

std::unique_ptr<Maildrop> MemoryMailStore::openMaildrop(std::string_view user) {
    Mailbox* box = find(user);
    if (box == nullptr || box->locked) return nullptr;
    box->locked = true;
    return std::make_unique<MemoryMaildrop>(*this, std::string(user), box->messages);
}

}  // namespace postino::pop3
