#include "model/mailbox_compare.h"

#include "model/mailbox_history.h"

#include <algorithm>
#include <map>
#include <optional>

namespace postino::viz {

namespace {

using Gone = CompareMessage::Gone;

std::optional<trace::NodeIndex> nodeById(const trace::Trace& trace, const std::string& id) {
    for (std::size_t i = 0; i < trace.nodes.size(); ++i)
        if (trace.nodes[i].id == id) return static_cast<trace::NodeIndex>(i);
    return std::nullopt;
}

const scenario::Node* scenarioNode(const scenario::Scenario& s, const std::string& id) {
    for (const auto& n : s.nodes)
        if (n.id == id) return &n;
    return nullptr;
}

bool isTrash(const std::string& folder) {
    return folder == "Trash" || folder.ends_with("/Trash");
}

// A copy being replayed: present messages by (folder, uid), and the ones that went.
struct Replay {
    std::map<std::pair<std::string, std::uint32_t>, CompareMessage> present;
    std::vector<CompareMessage> gone;
    std::map<std::pair<std::string, std::uint32_t>, Time> arrived;
    std::vector<Time> wentAt;  // parallel to gone
};

}  // namespace

const char* readerTag(Reader r) {
    switch (r) {
        case Reader::Pop3:
        case Reader::Pop3Keep: return "POP3";
        case Reader::Imap: return "IMAP";
        case Reader::Web: return "Web";
    }
    return "";
}

std::vector<Reader> deviceReaders(const scenario::Node& node) {
    std::vector<Reader> out;
    const auto add = [&out](Reader r) {
        if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    };
    if (node.type == scenario::NodeType::Browser && !node.accounts.empty()) add(Reader::Web);
    if (node.type == scenario::NodeType::Client)
        for (const auto& acc : node.accounts) {
            if (acc.incoming == scenario::IncomingProtocol::Pop3) add(Reader::Pop3);
            if (acc.incoming == scenario::IncomingProtocol::Imap) add(Reader::Imap);
        }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<CompareColumn> compareAt(const scenario::Scenario& scenario, const trace::Trace& trace, Time t,
                                     Duration freshFor) {
    std::vector<CompareColumn> columns;
    std::map<std::string, std::size_t> columnOf;
    const auto columnFor = [&](const std::string& account, const std::string& serverId) -> CompareColumn& {
        auto [it, fresh] = columnOf.try_emplace(account, columns.size());
        if (fresh) {
            columns.push_back({account, {}, {}});
            if (const auto server = nodeById(trace, serverId))
                columns.back().holders.push_back({*server, true, Reader::Imap, false, {}});
        }
        return columns[it->second];
    };
    for (const auto& n : scenario.nodes) {
        const auto node = nodeById(trace, n.id);
        if (!node) continue;
        for (const auto& acc : n.accounts) {
            std::optional<Reader> reader;
            std::string serverId = acc.server;
            if (n.type == scenario::NodeType::Browser) {
                reader = Reader::Web;
                if (const scenario::Node* web = scenarioNode(scenario, acc.webmail)) serverId = web->mailServer;
            } else if (acc.incoming == scenario::IncomingProtocol::Pop3) {
                reader = acc.keepOnServer ? Reader::Pop3Keep : Reader::Pop3;
            } else if (acc.incoming == scenario::IncomingProtocol::Imap) {
                reader = Reader::Imap;
            }
            if (!reader) continue;
            CompareColumn& column = columnFor(acc.address, serverId);
            column.holders.push_back({*node, false, *reader, false, {}});
            if (std::find(column.readers.begin(), column.readers.end(), *reader) == column.readers.end())
                column.readers.push_back(*reader);
        }
    }
    // A shared mailbox (info@): one column of its own, read over IMAP by its members' devices.
    for (const auto& server : scenario.nodes)
        for (const auto& shared : server.sharedMailboxes)
            for (const auto& n : scenario.nodes) {
                const auto node = nodeById(trace, n.id);
                if (!node || n.type != scenario::NodeType::Client) continue;
                for (const auto& acc : n.accounts)
                    if (acc.incoming == scenario::IncomingProtocol::Imap && acc.server == server.id &&
                        std::find(shared.members.begin(), shared.members.end(), acc.address) != shared.members.end()) {
                        CompareColumn& column = columnFor(shared.address, server.id);
                        column.holders.push_back({*node, false, Reader::Imap, false, {}});
                        if (column.readers.empty()) column.readers.push_back(Reader::Imap);
                        break;
                    }
            }
    for (auto& c : columns) std::sort(c.readers.begin(), c.readers.end());

    // Replay the records of the copies the columns show.
    std::map<std::pair<trace::NodeIndex, std::string>, Replay> replays;
    std::map<std::pair<trace::NodeIndex, std::string>, bool> serverOfPop3Only;
    for (const auto& c : columns)
        for (const auto& h : c.holders) {
            replays[{h.node, c.account}];
            if (h.server) {
                const bool imap = std::any_of(c.readers.begin(), c.readers.end(),
                                              [](Reader r) { return r == Reader::Imap || r == Reader::Web; });
                serverOfPop3Only[{h.node, c.account}] = !imap;
            }
        }
    HoldingRule rule;
    for (const trace::MailboxRecord& r : trace.mailboxRecords) {
        if (r.time > t) break;
        const auto holding = rule(r);
        if (!holding) continue;
        const auto it = replays.find({r.node, std::string(holding->address)});
        if (it == replays.end()) continue;
        Replay& rp = it->second;
        const std::pair<std::string, std::uint32_t> key{std::string(holding->folder), r.uid};
        switch (r.op) {
            case trace::MailboxRecord::Op::Added: {
                CompareMessage m{r.subject, key.first, {}, {}, r.flags, r.uid, false, Gone::No};
                // The other half of a move: the same subject went from another folder just now.
                for (std::size_t g = rp.gone.size(); g-- > 0;)
                    if (rp.wentAt[g] == r.time && rp.gone[g].subject == r.subject && rp.gone[g].gone == Gone::Deleted &&
                        rp.gone[g].movedTo.empty() && rp.gone[g].folder != key.first) {
                        rp.gone[g].gone = isTrash(key.first) ? Gone::Deleted : Gone::Moved;
                        rp.gone[g].movedTo = key.first;
                        m.cameFrom = rp.gone[g].folder;
                        break;
                    }
                rp.present.insert_or_assign(key, std::move(m));
                rp.arrived[key] = r.time;
                break;
            }
            case trace::MailboxRecord::Op::FlagsChanged:
                if (auto p = rp.present.find(key); p != rp.present.end()) p->second.flags = r.flags;
                break;
            case trace::MailboxRecord::Op::Removed: {
                auto p = rp.present.find(key);
                if (p == rp.present.end()) break;
                CompareMessage m = std::move(p->second);
                rp.present.erase(p);
                m.gone = serverOfPop3Only[it->first] ? Gone::Downloaded : Gone::Deleted;
                // The first half of a move whose other half came first (folders are synced by name).
                for (const auto& [otherKey, other] : rp.present)
                    if (otherKey.first != m.folder && other.subject == m.subject && rp.arrived[otherKey] == r.time &&
                        other.cameFrom.empty()) {
                        m.gone = isTrash(otherKey.first) ? Gone::Deleted : Gone::Moved;
                        m.movedTo = otherKey.first;
                        rp.present[otherKey].cameFrom = m.folder;
                        break;
                    }
                if (isTrash(m.folder) && m.gone == Gone::Deleted) break;  // emptied from Trash: gone for good, not shown
                rp.gone.push_back(std::move(m));
                rp.wentAt.push_back(r.time);
                break;
            }
        }
    }
    // Who looked at a mailbox and found it empty (a POP3 phone after the laptop took everything).
    std::map<std::pair<trace::NodeIndex, std::string>, bool> looked;
    for (const auto& e : trace.events) {
        if (e.time > t) break;
        if (e.mailboxCount >= 0 && !e.mailbox.empty()) looked[{e.node, e.mailbox}] = true;
    }

    for (auto& c : columns)
        for (auto& h : c.holders) {
            Replay& rp = replays[{h.node, c.account}];
            h.seen = looked.count({h.node, c.account}) > 0 || !rp.present.empty() || !rp.gone.empty();
            if (h.reader == Reader::Web && !h.server) {  // a browser holds nothing
                h.messages.clear();
                continue;
            }
            std::vector<std::string> folders;
            for (const auto& [key, m] : rp.present) folders.push_back(key.first);
            for (const auto& m : rp.gone) folders.push_back(m.folder);
            std::sort(folders.begin(), folders.end(), [](const std::string& a, const std::string& b) {
                return a == "INBOX" ? b != "INBOX" : b == "INBOX" ? false : a < b;
            });
            folders.erase(std::unique(folders.begin(), folders.end()), folders.end());
            for (const auto& folder : folders) {
                for (auto& [key, m] : rp.present)
                    if (key.first == folder) {
                        m.fresh = t - rp.arrived[key] < freshFor;
                        h.messages.push_back(m);
                    }
                for (const auto& m : rp.gone)
                    if (m.folder == folder) h.messages.push_back(m);
            }
        }
    // A device that only synchronises INBOX sees a moved or deleted message just vanish: it
    // went where the server says it went.
    for (auto& c : columns) {
        if (c.holders.empty() || !c.holders.front().server) continue;
        const CompareHolder& server = c.holders.front();
        for (auto& h : c.holders) {
            if (h.server) continue;
            for (auto& m : h.messages) {
                if (m.gone != Gone::Deleted || !m.movedTo.empty()) continue;
                for (const auto& sm : server.messages)
                    if (sm.subject == m.subject && sm.folder == m.folder && sm.gone != Gone::No) {
                        m.gone = sm.gone;
                        m.movedTo = sm.movedTo;
                        break;
                    }
            }
        }
    }
    return columns;
}

}  // namespace postino::viz
