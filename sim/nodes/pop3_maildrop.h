// The POP3 engine's view of one user's INBOX in the server's MailStore:
// a snapshot at login, contents by index, deletes applied at UPDATE (QUIT).
// Holds the mailbox's POP3 lock until destroyed; knows no protocol.
#pragma once

#include "mail/mail_store.h"
#include "pop3/server_types.h"

#include <functional>
#include <vector>

namespace postino::world {

class StoreMaildrop : public pop3::Maildrop {
public:
    // `onCommit(removed, left)` is told what UPDATE did; `onRelease` frees the lock.
    StoreMaildrop(mail::Mailbox& box, std::function<void(std::size_t, std::size_t)> onCommit,
                  std::function<void()> onRelease);
    ~StoreMaildrop() override;

    std::vector<Entry> entries() override;
    std::string content(std::size_t index) override;
    void commitDeletes(const std::vector<std::size_t>& indexes) override;

private:
    mail::Mailbox& m_box;
    std::vector<std::uint32_t> m_uids;  // the snapshot: message number n is m_uids[n - 1]
    std::function<void(std::size_t, std::size_t)> m_onCommit;
    std::function<void()> m_onRelease;
};

}  // namespace postino::world
