// The mail store: folders, UIDs, flags, modification sequences, folder management.
#include "mail/mail_store.h"

#include <algorithm>

namespace postino::mail {

namespace {

bool isInboxName(std::string_view name) { return name == "INBOX"; }

// True when `name` is `parent` or lies below it ("a" covers "a" and "a/b", not "ab").
bool isSelfOrBelow(std::string_view name, std::string_view parent) {
    if (name.size() < parent.size() || name.substr(0, parent.size()) != parent) return false;
    return name.size() == parent.size() || name[parent.size()] == kHierarchyDelimiter;
}

}  // namespace

bool StoredMessage::hasKeyword(std::string_view keyword) const {
    for (const std::string& k : keywords)
        if (equalsIgnoreCaseAscii(k, keyword)) return true;
    return false;
}

// ---- Folder ----

std::size_t Folder::indexOfUid(std::uint32_t uid) const {
    auto it = std::lower_bound(messages.begin(), messages.end(), uid,
                               [](const StoredMessage& m, std::uint32_t u) { return m.uid < u; });
    if (it == messages.end() || it->uid != uid) return messages.size();
    return static_cast<std::size_t>(it - messages.begin());
}

StoredMessage* Folder::findUid(std::uint32_t uid) {
    const std::size_t i = indexOfUid(uid);
    return i < messages.size() ? &messages[i] : nullptr;
}

const StoredMessage* Folder::findUid(std::uint32_t uid) const {
    const std::size_t i = indexOfUid(uid);
    return i < messages.size() ? &messages[i] : nullptr;
}

void Folder::noteChanged() {
    if (m_changes) m_changes->mark();
}

void Folder::touch(StoredMessage& m) {
    m.modSeq = ++highestModSeq;
    changeLog.push_back({m.modSeq, m.uid, false});
    noteChanged();
}

void Folder::noteExpunged(std::uint32_t uid) { changeLog.push_back({highestModSeq, uid, true}); }

std::pair<const FolderChange*, const FolderChange*> Folder::changesSince(std::uint64_t modSeq) const {
    auto it = std::upper_bound(changeLog.begin(), changeLog.end(), modSeq,
                               [](std::uint64_t v, const FolderChange& c) { return v < c.modSeq; });
    const FolderChange* base = changeLog.data();
    return {base + (it - changeLog.begin()), base + changeLog.size()};
}

void Folder::learnKeywords(const std::vector<std::string>& list) {
    for (const std::string& k : list) {
        bool known = false;
        for (const std::string& have : keywords)
            if (equalsIgnoreCaseAscii(have, k)) known = true;
        if (!known) keywords.push_back(k);
    }
}

std::uint32_t Folder::append(std::string data, Time when, std::uint8_t flags, std::vector<std::string> kw) {
    StoredMessage m;
    m.uid = uidNext++;
    m.flags = flags & flag::All;
    m.internalDate = when;
    m.data = std::move(data);
    learnKeywords(kw);
    m.keywords = std::move(kw);
    touch(m);
    messages.push_back(std::move(m));
    return messages.back().uid;
}

std::uint32_t Folder::appendCopy(const StoredMessage& m) {
    return append(m.data, m.internalDate, m.flags, m.keywords);
}

bool Folder::setFlags(std::size_t index, std::uint8_t flags, std::vector<std::string> kw) {
    if (index >= messages.size()) return false;
    StoredMessage& m = messages[index];
    flags &= flag::All;
    bool sameKeywords = kw.size() == m.keywords.size();
    for (std::size_t i = 0; sameKeywords && i < kw.size(); ++i)
        sameKeywords = m.hasKeyword(kw[i]);
    if (m.flags == flags && sameKeywords) return false;
    m.flags = flags;
    learnKeywords(kw);
    m.keywords = std::move(kw);
    touch(m);
    return true;
}

std::vector<std::uint32_t> Folder::expunge(const std::vector<std::uint32_t>& uids) {
    std::vector<std::uint32_t> wanted = uids;
    std::sort(wanted.begin(), wanted.end());
    std::vector<std::uint32_t> removed;
    std::vector<StoredMessage> kept;
    kept.reserve(messages.size());
    for (StoredMessage& m : messages) {
        if (std::binary_search(wanted.begin(), wanted.end(), m.uid))
            removed.push_back(m.uid);
        else
            kept.push_back(std::move(m));
    }
    messages = std::move(kept);
    if (!removed.empty()) {
        ++highestModSeq;
        for (std::uint32_t uid : removed) noteExpunged(uid);
        noteChanged();
    }
    return removed;
}

std::vector<std::uint32_t> Folder::expungeDeleted() {
    std::vector<std::uint32_t> uids;
    for (const StoredMessage& m : messages)
        if (m.flags & flag::Deleted) uids.push_back(m.uid);
    return expunge(uids);
}

void Folder::clear() {
    if (messages.empty()) return;
    ++highestModSeq;
    for (const StoredMessage& m : messages) noteExpunged(m.uid);
    messages.clear();
    noteChanged();
}

std::size_t Folder::countWith(std::uint8_t mask) const {
    return static_cast<std::size_t>(
        std::count_if(messages.begin(), messages.end(), [mask](const StoredMessage& m) { return (m.flags & mask) == mask; }));
}

std::size_t Folder::countWithout(std::uint8_t mask) const {
    return static_cast<std::size_t>(
        std::count_if(messages.begin(), messages.end(), [mask](const StoredMessage& m) { return (m.flags & mask) == 0; }));
}

std::uint32_t Folder::recentCount() const {
    return static_cast<std::uint32_t>(std::count_if(messages.begin(), messages.end(),
                                                    [this](const StoredMessage& m) { return m.uid >= firstRecentUid; }));
}

std::uint32_t Folder::claimRecent() {
    const std::uint32_t first = firstRecentUid;
    firstRecentUid = uidNext;
    return first;
}

// ---- Mailbox ----

Mailbox::Mailbox(std::string owner, std::uint32_t uidValidity) : m_owner(std::move(owner)), m_uidValidity(uidValidity) {
    m_changes->owner = m_owner;
    const std::pair<const char*, SpecialUse> defaults[] = {
        {"INBOX", SpecialUse::None}, {"Sent", SpecialUse::Sent}, {"Drafts", SpecialUse::Drafts}, {"Trash", SpecialUse::Trash}};
    for (const auto& [name, use] : defaults) {
        makeFolder(name).specialUse = use;  // the mailbox's own UIDVALIDITY
        m_subscriptions.insert(name);
    }
}

Folder& Mailbox::makeFolder(const std::string& name) {
    Folder f;
    f.name = name;
    f.id = m_nextFolderId++;
    f.uidValidity = m_uidValidity;
    f.m_changes = m_changes.get();
    markChanged();
    return m_folders.emplace(name, std::move(f)).first->second;
}

std::uint32_t Mailbox::nextUidValidity() { return m_uidValidity + ++m_createdFolders; }

Folder& Mailbox::folder(const std::string& name) {
    auto it = m_folders.find(name);
    if (it != m_folders.end()) return it->second;
    m_noselect.erase(name);
    // A folder made later (or made again after a DELETE) must not reuse a UIDVALIDITY.
    Folder& f = makeFolder(name);
    f.uidValidity = nextUidValidity();
    return f;
}

const Folder* Mailbox::findFolder(const std::string& name) const {
    auto it = m_folders.find(name);
    return it == m_folders.end() ? nullptr : &it->second;
}

Folder* Mailbox::findFolder(const std::string& name) {
    auto it = m_folders.find(name);
    return it == m_folders.end() ? nullptr : &it->second;
}

Folder* Mailbox::findFolderById(std::uint64_t id) {
    for (auto& [name, f] : m_folders)
        if (f.id == id) return &f;
    return nullptr;
}

std::uint32_t Mailbox::append(const std::string& folderName, std::string data, Time when, std::uint8_t flags) {
    return folder(folderName).append(std::move(data), when, flags);
}

std::string Mailbox::nameError(std::string_view name) {
    if (name.empty()) return "Name is empty";
    if (name.size() > kMaxFolderNameLength) return "Name is too long";
    if (name.front() == kHierarchyDelimiter) return "Begins with hierarchy separator";
    if (name.back() == kHierarchyDelimiter) return "Ends with hierarchy separator";
    for (std::size_t i = 0; i < name.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        if (c < 0x20 || c == 0x7f) return "Contains control characters";
        if (c == '*' || c == '%') return "Contains wildcard characters";
        if (c == kHierarchyDelimiter && i + 1 < name.size() && name[i + 1] == kHierarchyDelimiter)
            return "Has adjacent hierarchy separators";
    }
    return "";
}

bool Mailbox::hasChildren(const std::string& name) const {
    for (const auto& [other, f] : m_folders)
        if (other.size() > name.size() && isSelfOrBelow(other, name)) return true;
    return false;
}

FolderResult Mailbox::createFolder(const std::string& name) {
    if (!nameError(name).empty()) return FolderResult::InvalidName;
    if (m_folders.count(name)) return FolderResult::AlreadyExists;
    for (std::size_t pos = name.find(kHierarchyDelimiter); pos != std::string::npos;
         pos = name.find(kHierarchyDelimiter, pos + 1)) {
        const std::string parent = name.substr(0, pos);
        if (!m_folders.count(parent) && !isNoselect(parent)) makeFolder(parent).uidValidity = nextUidValidity();
    }
    m_noselect.erase(name);
    makeFolder(name).uidValidity = nextUidValidity();
    return FolderResult::Ok;
}

FolderResult Mailbox::deleteFolder(const std::string& name) {
    if (isNoselect(name)) return hasChildren(name) ? FolderResult::HasChildren : FolderResult::NotFound;
    auto it = m_folders.find(name);
    if (it == m_folders.end()) return FolderResult::NotFound;
    if (isInboxName(name)) return FolderResult::Forbidden;
    m_folders.erase(it);
    markChanged();
    if (hasChildren(name)) m_noselect.insert(name);
    dropChildlessNoselect();
    return FolderResult::Ok;
}

void Mailbox::dropChildlessNoselect() {
    std::erase_if(m_noselect, [this](const std::string& n) { return !hasChildren(n); });
}

FolderResult Mailbox::renameFolder(const std::string& from, const std::string& to) {
    if (!nameError(to).empty()) return FolderResult::InvalidName;
    if (!m_folders.count(from) && !isNoselect(from)) return FolderResult::NotFound;
    if (m_folders.count(to) || isNoselect(to)) return FolderResult::AlreadyExists;
    if (isInboxName(to)) return FolderResult::Forbidden;

    if (isInboxName(from)) {
        if (createFolder(to) != FolderResult::Ok) return FolderResult::InvalidName;
        Folder& inbox = m_folders.at("INBOX");
        Folder& target = m_folders.at(to);
        for (const StoredMessage& m : inbox.messages) target.appendCopy(m);
        inbox.clear();
        return FolderResult::Ok;
    }
    if (isSelfOrBelow(to, from)) return FolderResult::Forbidden;

    std::vector<std::string> moving;
    for (const auto& [name, f] : m_folders)
        if (isSelfOrBelow(name, from)) moving.push_back(name);
    std::vector<std::string> movingNoselect;
    for (const std::string& name : m_noselect)
        if (isSelfOrBelow(name, from)) movingNoselect.push_back(name);
    // Parents of the new name (not the name itself, nor anything being moved).
    for (std::size_t pos = to.find(kHierarchyDelimiter); pos != std::string::npos; pos = to.find(kHierarchyDelimiter, pos + 1)) {
        const std::string parent = to.substr(0, pos);
        if (!m_folders.count(parent) && !isNoselect(parent)) makeFolder(parent).uidValidity = nextUidValidity();
    }
    for (const std::string& oldName : movingNoselect) {
        m_noselect.erase(oldName);
        m_noselect.insert(to + oldName.substr(from.size()));
    }
    for (const std::string& oldName : moving) {
        const std::string newName = to + oldName.substr(from.size());
        if (m_folders.count(newName)) continue;  // cannot happen: `to` did not exist, so nothing below it did
        auto node = m_folders.extract(oldName);
        node.key() = newName;
        node.mapped().name = newName;
        m_folders.insert(std::move(node));
        markChanged();
        if (m_subscriptions.erase(oldName)) m_subscriptions.insert(newName);
    }
    dropChildlessNoselect();  // the old parents may have lost their last sub-folder
    return FolderResult::Ok;
}

std::uint64_t Mailbox::usedBytes() const {
    std::uint64_t used = 0;
    for (const auto& [name, f] : m_folders)
        for (const StoredMessage& m : f.messages) used += m.data.size();
    return used;
}

bool Mailbox::fits(std::uint64_t bytes) const {
    const std::uint64_t used = usedBytes();
    return used <= m_quotaBytes && bytes <= m_quotaBytes - used;
}

void Mailbox::allowUser(const std::string& user) {
    if (user == m_owner || mayAccess(user)) return;
    m_allowed.push_back(user);
}

bool Mailbox::mayAccess(const std::string& user) const {
    if (equalsIgnoreCaseAscii(user, m_owner)) return true;
    for (const std::string& u : m_allowed)
        if (equalsIgnoreCaseAscii(u, user)) return true;
    return false;
}

// ---- MailStore ----

Mailbox& MailStore::create(const std::string& address) {
    auto it = m_boxes.find(address);
    if (it != m_boxes.end()) return it->second;
    Mailbox& box = m_boxes.emplace(address, Mailbox(address, m_nextUidValidity++)).first->second;
    box.setQuotaBytes(m_quotaBytes);
    box.m_changes->store = m_changes.get();
    box.markChanged();
    return box;
}

std::vector<std::string> MailStore::takeChangedMailboxes() {
    std::vector<std::string> names = std::move(m_changes->changed);
    m_changes->changed.clear();
    for (const std::string& name : names) m_boxes.at(name).m_changes->pending = false;
    std::sort(names.begin(), names.end());
    return names;
}

void MailStore::setQuotaBytes(std::uint64_t bytes) {
    m_quotaBytes = bytes;
    for (auto& [name, box] : m_boxes) box.setQuotaBytes(bytes);
}

Mailbox* MailStore::find(const std::string& address) {
    auto it = m_boxes.find(address);
    return it == m_boxes.end() ? nullptr : &it->second;
}

const Mailbox* MailStore::find(const std::string& address) const {
    auto it = m_boxes.find(address);
    return it == m_boxes.end() ? nullptr : &it->second;
}

Mailbox& MailStore::createShared(const std::string& name, const std::vector<std::string>& users) {
    Mailbox& box = create(name);
    for (const std::string& u : users) box.allowUser(u);
    return box;
}

std::vector<Mailbox*> MailStore::sharedWith(const std::string& user) {
    std::vector<Mailbox*> out;
    for (auto& [name, box] : m_boxes)
        if (box.isShared() && !equalsIgnoreCaseAscii(name, user) && box.mayAccess(user)) out.push_back(&box);
    return out;
}

}  // namespace postino::mail
