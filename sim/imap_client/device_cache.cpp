#include "imap_client/device_cache.h"
#include "core/ascii.h"

#include <array>

namespace postino::imap_client {

namespace {

}  // namespace

std::string canonicalFlag(std::string_view flag) {
    static constexpr std::array<std::string_view, 5> kSystem = {kSeen, kAnswered, kFlagged, kDeleted, kDraft};
    for (auto s : kSystem)
        if (equalsIgnoreCaseAscii(flag, s)) return std::string(s);
    if (equalsIgnoreCaseAscii(flag, "\\Recent")) return {};
    return std::string(flag);
}

std::string formatFlagList(const FlagSet& flags) {
    std::string out = "(";
    for (const auto& f : flags) {
        if (out.size() > 1) out += ' ';
        out += f;
    }
    out += ')';
    return out;
}

bool MailboxInfo::hasAttribute(std::string_view attr) const {
    for (const auto& a : attributes)
        if (equalsIgnoreCaseAscii(a, attr)) return true;
    return false;
}

std::string DeviceCache::normalizeName(std::string_view name) {
    if (equalsIgnoreCaseAscii(name, "INBOX")) return "INBOX";
    return std::string(name);
}

FolderCache& DeviceCache::folder(std::string_view name) {
    std::string key = normalizeName(name);
    auto it = m_folders.find(key);
    if (it == m_folders.end()) {
        it = m_folders.emplace(key, FolderCache{}).first;
        it->second.name = key;
    }
    return it->second;
}

const FolderCache* DeviceCache::find(std::string_view name) const {
    auto it = m_folders.find(normalizeName(name));
    return it == m_folders.end() ? nullptr : &it->second;
}

FolderCache* DeviceCache::find(std::string_view name) {
    auto it = m_folders.find(normalizeName(name));
    return it == m_folders.end() ? nullptr : &it->second;
}

const CachedMessage* DeviceCache::message(std::string_view folderName, std::uint32_t uid) const {
    const FolderCache* f = find(folderName);
    if (!f) return nullptr;
    auto it = f->messages.find(uid);
    return it == f->messages.end() ? nullptr : &it->second;
}

void DeviceCache::removeFolder(std::string_view name) { m_folders.erase(normalizeName(name)); }

bool DeviceCache::applyUidValidity(std::string_view name, std::uint32_t uidValidity) {
    FolderCache& f = folder(name);
    const bool discard = f.uidValidity != 0 && f.uidValidity != uidValidity;
    if (discard) {
        f.messages.clear();
        f.uidNext = 0;
    }
    f.uidValidity = uidValidity;
    return discard;
}

std::size_t DeviceCache::messageCount() const {
    std::size_t n = 0;
    for (const auto& [name, f] : m_folders) n += f.messages.size();
    return n;
}

}  // namespace postino::imap_client
