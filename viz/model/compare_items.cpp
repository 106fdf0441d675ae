#include "model/compare_items.h"

#include "mail/mail_store.h"
#include "model/mailbox_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace postino::viz {

namespace {

using Gone = CompareMessage::Gone;

bool unread(const CompareMessage& m) { return (m.flags & mail::flag::Seen) == 0; }

// Calls `item(message)` for each message shown and `folder(name)` before each folder after INBOX.
template <class Folder, class Item>
void walk(const CompareHolder& holder, Folder folder, Item item) {
    std::string current = "INBOX";
    for (const CompareMessage& m : holder.messages) {
        if (!m.cameFrom.empty()) continue;
        if (m.folder != current) {
            current = m.folder;
            folder(current);
        }
        item(m);
    }
}

}  // namespace

std::string compareWord(std::string_view subject) {
    const std::size_t space = subject.find(' ');
    std::string_view word = subject.substr(0, space);
    std::size_t points = 0, cut = word.size();
    for (std::size_t b = 0; b < word.size(); ++b)
        if ((static_cast<unsigned char>(word[b]) & 0xC0) != 0x80 && points++ == 12) {
            cut = b;
            break;
        }
    std::string out(word.substr(0, cut));
    if (cut < word.size() || space != std::string_view::npos) out += "…";
    return out;
}

std::vector<CompareItem> compareWords(const CompareHolder& holder, std::string_view noSubject) {
    std::vector<CompareItem> out;
    walk(
        holder, [&](const std::string& f) { out.push_back({f + ":", CompareTone::Folder}); },
        [&](const CompareMessage& m) {
            const std::string word = compareWord(m.subject.empty() ? noSubject : std::string_view(m.subject));
            CompareItem it{word, m.fresh ? CompareTone::Fresh : CompareTone::Text, false, false, &m};
            switch (m.gone) {
                case Gone::No:
                    it.bold = unread(m);
                    if (it.bold) it.text = messageMarks(m.flags).status + " " + word;
                    break;
                case Gone::Moved: it = {fmt::format("→ {}: {}", m.movedTo, word), CompareTone::Moved, false, false, &m}; break;
                case Gone::Deleted: it = {word, CompareTone::Deleted, false, true, &m}; break;
                case Gone::Downloaded: it = {"⇩ " + word, CompareTone::Downloaded, false, true, &m}; break;
            }
            out.push_back(std::move(it));
        });
    return out;
}

std::vector<CompareItem> compareMarks(const CompareHolder& holder) {
    // Each folder's messages by UID, gone or not: the same mail then takes the same place on the
    // server and on each device, whatever became of it.
    std::vector<std::pair<std::string, std::vector<const CompareMessage*>>> runs;
    walk(
        holder, [&](const std::string& f) { runs.push_back({f, {}}); },
        [&](const CompareMessage& m) {
            if (runs.empty()) runs.push_back({{}, {}});  // INBOX: no name before it
            runs.back().second.push_back(&m);
        });
    std::vector<CompareItem> out;
    for (auto& [folder, messages] : runs) {
        if (!folder.empty()) out.push_back({folder + ":", CompareTone::Folder});
        std::stable_sort(messages.begin(), messages.end(),
                         [](const CompareMessage* a, const CompareMessage* b) { return a->uid < b->uid; });
        for (const CompareMessage* m : messages) {
            // The inspector's status mark ("●" unread), and "○" for a read one: one mark each.
            const std::string status = messageMarks(m->flags).status;
            const std::string dot = status.empty() ? "○" : status;
            switch (m->gone) {
                case Gone::No:
                    out.push_back({dot, m->fresh ? CompareTone::Fresh : CompareTone::Text, unread(*m), false, m});
                    break;
                case Gone::Moved: out.push_back({"→", CompareTone::Moved, false, false, m}); break;
                case Gone::Deleted: out.push_back({dot, CompareTone::Deleted, unread(*m), true, m}); break;
                case Gone::Downloaded: out.push_back({"⇩", CompareTone::Downloaded, false, false, m}); break;
            }
        }
    }
    return out;
}

std::vector<std::vector<CompareItem>> compareMarkRows(const CompareColumn& column) {
    using Key = std::pair<std::string, int>;  // a subject, and which of the mails with it
    std::vector<std::vector<CompareItem>> rows;
    std::vector<std::vector<Key>> keys;  // per row, its INBOX marks' keys (INBOX's marks come first)
    std::vector<Key> slots;
    for (const CompareHolder& h : column.holders) {
        rows.push_back(compareMarks(h));
        std::vector<Key>& rowKeys = keys.emplace_back();
        std::map<std::string, int> seen;
        for (const CompareItem& it : rows.back()) {
            if (!it.message) break;  // the first folder's name after INBOX
            rowKeys.push_back({it.message->subject, seen[it.message->subject]++});
            if (std::find(slots.begin(), slots.end(), rowKeys.back()) == slots.end()) slots.push_back(rowKeys.back());
        }
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        std::vector<const CompareItem*> at(slots.size(), nullptr);
        std::size_t used = 0;  // slots up to the last one this row fills
        for (std::size_t i = 0; i < keys[r].size(); ++i) {
            const auto slot = static_cast<std::size_t>(std::find(slots.begin(), slots.end(), keys[r][i]) - slots.begin());
            at[slot] = &rows[r][i];
            used = std::max(used, slot + 1);
        }
        std::vector<CompareItem> aligned;
        for (std::size_t s = 0; s < used; ++s) aligned.push_back(at[s] ? *at[s] : CompareItem{});
        aligned.insert(aligned.end(), rows[r].begin() + static_cast<std::ptrdiff_t>(keys[r].size()), rows[r].end());
        rows[r] = std::move(aligned);
    }
    return rows;
}

CompareNote compareNote(const CompareHolder& holder) {
    if (!holder.server && holder.reader == Reader::Web) return CompareNote::HoldsNothing;
    const bool shown = std::any_of(holder.messages.begin(), holder.messages.end(),
                                   [](const CompareMessage& m) { return m.cameFrom.empty(); });
    if (shown) return CompareNote::None;
    return holder.seen || holder.server ? CompareNote::Empty : CompareNote::NotChecked;
}

std::string shortPlaceName(std::string_view nodeId, std::string_view account) {
    const std::string_view user = account.substr(0, account.find('@'));
    if (!user.empty() && nodeId.size() > user.size() + 1) {
        if (nodeId.starts_with(user) && (nodeId[user.size()] == '-' || nodeId[user.size()] == '_'))
            return std::string(nodeId.substr(user.size() + 1));
        const std::size_t at = nodeId.size() - user.size();
        if (nodeId.ends_with(user) && (nodeId[at - 1] == '-' || nodeId[at - 1] == '_'))
            return std::string(nodeId.substr(0, at - 1));
    }
    return std::string(nodeId);
}

}  // namespace postino::viz
