// A ready-made ServerPolicy kept in memory: local domains, users with passwords, and the
// list of accepted messages. For tests, examples and the loopback demo server.
// Not the MTA: it does no queueing, delivery or persistence.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smtp/server_types.h"

namespace postino::smtp {

class MemoryPolicy : public ServerPolicy {
public:
    void addDomain(std::string_view domain);
    // `address` is "user@domain"; its domain becomes local too.
    void addUser(std::string_view address, std::string_view password);
    // `user` may also send as `sender` (a shared mailbox, an alias): smtpd_sender_login_maps.
    void allowSender(std::string_view sender, std::string_view user);
    // acceptMessage() returns "" (refuses) while this is set.
    void setRefuseMessages(bool refuse) { m_refuse = refuse; }
    // refuseRecipient(address, size) answers `reply` when size (at least 1) exceeds `room`:
    // a mailbox with that many octets left.
    void setRoom(std::string_view address, std::uint64_t room, std::string reply);

    bool isLocalDomain(std::string_view domain) override;
    bool isLocalUser(std::string_view address) override;
    bool checkPassword(std::string_view user, std::string_view password) override;
    bool ownsSender(std::string_view user, std::string_view sender) override;
    std::string refuseRecipient(std::string_view address, std::uint64_t size) override;
    std::string acceptMessage(AcceptedMessage&& message) override;

    const std::vector<AcceptedMessage>& accepted() const { return m_accepted; }
    std::vector<AcceptedMessage>& accepted() { return m_accepted; }

private:
    std::set<std::string> m_domains;              // lower-case
    std::map<std::string, std::string> m_users;   // lower-case address -> password
    std::set<std::pair<std::string, std::string>> m_senders;  // lower-case (sender, user)
    std::map<std::string, std::pair<std::uint64_t, std::string>> m_room;  // lower-case address -> room, reply
    std::vector<AcceptedMessage> m_accepted;
    unsigned m_nextId = 0x3A1F0;
    bool m_refuse = false;
};

}  // namespace postino::smtp
