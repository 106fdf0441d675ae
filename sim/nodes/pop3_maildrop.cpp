#include "nodes/pop3_maildrop.h"

#include <fmt/format.h>

namespace postino::world {

StoreMaildrop::StoreMaildrop(mail::Mailbox& box, std::function<void(std::size_t, std::size_t)> onCommit,
                             std::function<void()> onRelease)
    : m_box(box), m_onCommit(std::move(onCommit)), m_onRelease(std::move(onRelease)) {}

StoreMaildrop::~StoreMaildrop() {
    if (m_onRelease) m_onRelease();
}

std::vector<pop3::Maildrop::Entry> StoreMaildrop::entries() {
    const mail::Folder& inbox = m_box.folder("INBOX");
    std::vector<Entry> out;
    m_uids.clear();
    for (const mail::StoredMessage& m : inbox.messages) {
        m_uids.push_back(m.uid);
        // Like Dovecot's default UIDL format: UIDVALIDITY and UID, both in hex.
        out.push_back(Entry{fmt::format("{:08x}{:08x}", inbox.uidValidity, m.uid), m.data.size()});
    }
    return out;
}

std::string StoreMaildrop::content(std::size_t index) {
    if (index >= m_uids.size()) return {};
    const mail::StoredMessage* m = m_box.folder("INBOX").findUid(m_uids[index]);
    return m ? m->data : std::string();  // expunged meanwhile by IMAP: nothing to give
}

void StoreMaildrop::commitDeletes(const std::vector<std::size_t>& indexes) {
    std::vector<std::uint32_t> uids;
    for (std::size_t i : indexes)
        if (i < m_uids.size()) uids.push_back(m_uids[i]);
    mail::Folder& inbox = m_box.folder("INBOX");
    const std::size_t removed = inbox.expunge(uids).size();
    if (m_onCommit) m_onCommit(removed, inbox.messages.size());
}

}  // namespace postino::world
