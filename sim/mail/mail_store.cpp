#include "mail/mail_store.h"

namespace postino::mail {

Mailbox::Mailbox(std::string owner, std::uint32_t uidValidity) : m_owner(std::move(owner)), m_uidValidity(uidValidity) {
    for (const char* name : {"INBOX", "Sent", "Drafts", "Trash"}) folder(name);
}

Folder& Mailbox::folder(const std::string& name) {
    auto it = m_folders.find(name);
    if (it != m_folders.end()) return it->second;
    Folder f;
    f.name = name;
    f.uidValidity = m_uidValidity;
    return m_folders.emplace(name, std::move(f)).first->second;
}

const Folder* Mailbox::findFolder(const std::string& name) const {
    auto it = m_folders.find(name);
    return it == m_folders.end() ? nullptr : &it->second;
}

std::uint32_t Mailbox::append(const std::string& folderName, std::string data, Time when, std::uint8_t flags) {
    Folder& f = folder(folderName);
    StoredMessage m;
    m.uid = f.uidNext++;
    m.flags = flags;
    m.internalDate = when;
    m.data = std::move(data);
    f.messages.push_back(std::move(m));
    return f.messages.back().uid;
}

Mailbox& MailStore::create(const std::string& address) {
    auto it = m_boxes.find(address);
    if (it != m_boxes.end()) return it->second;
    return m_boxes.emplace(address, Mailbox(address, m_nextUidValidity++)).first->second;
}

Mailbox* MailStore::find(const std::string& address) {
    auto it = m_boxes.find(address);
    return it == m_boxes.end() ? nullptr : &it->second;
}

const Mailbox* MailStore::find(const std::string& address) const {
    auto it = m_boxes.find(address);
    return it == m_boxes.end() ? nullptr : &it->second;
}

}  // namespace postino::mail
