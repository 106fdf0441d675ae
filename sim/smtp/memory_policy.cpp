#include "smtp/memory_policy.h"

#include <cstdio>

#include "smtp/address.h"

namespace postino::smtp {

void MemoryPolicy::addDomain(std::string_view domain) { m_domains.insert(toLowerAscii(domain)); }

void MemoryPolicy::addUser(std::string_view address, std::string_view password) {
    m_users[toLowerAscii(address)] = std::string(password);
    const std::string_view domain = domainOf(address);
    if (!domain.empty()) addDomain(domain);
}

bool MemoryPolicy::isLocalDomain(std::string_view domain) { return m_domains.count(toLowerAscii(domain)) != 0; }

bool MemoryPolicy::isLocalUser(std::string_view address) { return m_users.count(toLowerAscii(address)) != 0; }

bool MemoryPolicy::checkPassword(std::string_view user, std::string_view password) {
    auto it = m_users.find(toLowerAscii(user));
    return it != m_users.end() && it->second == password;
}

void MemoryPolicy::allowSender(std::string_view sender, std::string_view user) {
    m_senders.emplace(toLowerAscii(sender), toLowerAscii(user));
}

bool MemoryPolicy::ownsSender(std::string_view user, std::string_view sender) {
    return equalsIgnoreCase(user, sender) || m_senders.count({toLowerAscii(sender), toLowerAscii(user)}) != 0;
}

void MemoryPolicy::setRoom(std::string_view address, std::uint64_t room, std::string reply) {
    m_room[toLowerAscii(address)] = {room, std::move(reply)};
}

std::string MemoryPolicy::refuseRecipient(std::string_view address, std::uint64_t size) {
    auto it = m_room.find(toLowerAscii(address));
    if (it == m_room.end() || (size == 0 ? 1 : size) <= it->second.first) return {};
    return it->second.second;
}

std::string MemoryPolicy::acceptMessage(AcceptedMessage&& message) {
    if (m_refuse) return {};
    m_accepted.push_back(std::move(message));
    char id[16];
    std::snprintf(id, sizeof id, "%X", m_nextId++);
    return id;
}

}  // namespace postino::smtp
