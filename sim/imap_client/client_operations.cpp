// ClientSession, the operations: each is a small state machine over m_phase. In a phase,
// done == nullptr means "send this phase's command", otherwise `done` is its tagged reply.
#include "imap_client/client_session.h"
#include "core/ascii.h"

#include <algorithm>

namespace postino::imap_client {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

bool validFlag(std::string_view f) {
    std::string_view atom = f;
    if (!atom.empty() && atom.front() == '\\') atom.remove_prefix(1);
    if (atom.empty() || atom.size() > 200) return false;
    for (char c : atom) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) return false;
        if (std::string_view("(){%*\"\\]").find(c) != std::string_view::npos) return false;
    }
    return !canonicalFlag(f).empty();
}

std::optional<FlagSet> canonicalFlags(const FlagSet& in) {
    FlagSet out;
    for (const auto& f : in) {
        if (!validFlag(f)) return std::nullopt;
        out.insert(canonicalFlag(f));
    }
    return out;
}

bool validDateTime(std::string_view d) {
    if (d.size() > 40) return false;
    for (char c : d)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == ':' ||
              c == '-' || c == '+'))
            return false;
    return true;
}

std::string respText(const Response& r) {
    std::string t;
    if (!r.code.empty()) t = "[" + r.code + (r.codeArgs.empty() ? "" : " " + r.codeArgs) + "] ";
    return t + r.text;
}

bool isOk(const Response* r) { return r && r->keyword == "OK"; }

}  // namespace

void ClientSession::startOperation() {
    while (m_stage == Stage::Operations && m_cmd == Cmd::None) {
        if (m_opIndex >= m_job.ops.size()) {
            logout();
            return;
        }
        m_phase = Phase::Begin;
        m_created = false;
        m_fetchSeen.clear();
        m_toDownload.clear();
        m_downloadPos = 0;
        m_gotContent = false;
        m_copyUid.reset();
        m_moving.reset();
        m_transferTarget.clear();
        m_deleteInPlace = false;
        m_appendUid = m_appendUidValidity = 0;
        const std::size_t index = m_opIndex;
        runOperation(nullptr);
        if (m_cmd == Cmd::None && m_opIndex == index && m_stage == Stage::Operations)
            finishOperation(OperationOutcome::Status::Error, "internal: operation stalled");
    }
}

void ClientSession::runOperation(const Response* done) {
    if (m_opIndex >= m_job.ops.size()) return;
    const bool fromResponse = done != nullptr;
    if (m_phase == Phase::Select && done) {
        if (!isOk(done)) {
            // RFC 3501 6.3.1: a failed SELECT leaves no mailbox selected.
            m_selected.clear();
            m_seqToUid.clear();
            finishFromResponse(*done);
            startOperation();
            return;
        }
        m_phase = m_resume;
        done = nullptr;
    }
    const Operation& op = m_job.ops[m_opIndex];
    std::visit(Overloaded{
                   [&](const Sync& o) { stepSync(o, done); },
                   [&](const Read& o) { stepRead(o, done); },
                   [&](const SetFlags& o) { stepSetFlags(o, done); },
                   [&](const Move& o) { stepTransfer(o.folder, o.uid, o.toFolder, done); },
                   [&](const Delete& o) { stepDelete(o, done); },
                   [&](const Append& o) { stepAppend(o, done); },
                   [&](const ListFolders&) { stepList(done); },
               },
               op);
    // An operation that finished without a command leaves the next one to start here.
    if (fromResponse && m_stage == Stage::Operations && m_cmd == Cmd::None) startOperation();
}

void ClientSession::finishOperation(OperationOutcome::Status status, std::string text) {
    if (m_opIndex < m_result.operations.size()) m_result.operations[m_opIndex] = {status, std::move(text)};
    ++m_opIndex;
    m_phase = Phase::Done;
}

void ClientSession::finishFromResponse(const Response& r) {
    const auto status = r.keyword == "OK"   ? OperationOutcome::Status::Ok
                        : r.keyword == "NO" ? OperationOutcome::Status::No
                                            : OperationOutcome::Status::Bad;
    finishOperation(status, respText(r));
}

bool ClientSession::ensureSelected(const std::string& folder, Phase resume) {
    const std::string name = DeviceCache::normalizeName(folder);
    if (!m_selected.empty() && m_selected == name) {
        m_phase = resume;
        return true;
    }
    nextTag();
    CommandBuilder b(m_tag, "SELECT", literalMode());
    if (name.empty() || !b.astring(name)) {
        finishOperation(OperationOutcome::Status::Error, "invalid folder name");
        return false;
    }
    m_selected = name;
    m_seqToUid.clear();
    m_phase = Phase::Select;
    m_resume = resume;
    send(b.finish(), Cmd::Select);
    return false;
}

void ClientSession::sendFolderCommand(std::string_view verbAndArgs, const std::string& folder, Cmd kind) {
    nextTag();
    CommandBuilder b(m_tag, verbAndArgs, literalMode());
    if (folder.empty() || !b.astring(folder)) {
        finishOperation(OperationOutcome::Status::Error, "invalid folder name");
        return;
    }
    send(b.finish(), kind);
}

void ClientSession::sendStore(std::uint32_t uid, bool add, const FlagSet& flags, Cmd kind) {
    nextTag();
    CommandBuilder b(m_tag, "UID STORE", literalMode());
    b.raw(std::to_string(uid)).raw(add ? "+FLAGS.SILENT" : "-FLAGS.SILENT").raw(formatFlagList(flags));
    send(b.finish(), kind);
}

void ClientSession::sendExpunge(std::uint32_t uid) {
    nextTag();
    if (hasCapability("UIDPLUS")) {
        CommandBuilder b(m_tag, "UID EXPUNGE", literalMode());
        send(b.raw(std::to_string(uid)).finish(), Cmd::Expunge);
    } else {
        send(CommandBuilder(m_tag, "EXPUNGE", literalMode()).finish(), Cmd::Expunge);
    }
}

void ClientSession::sendFetchBatch() {
    const std::size_t end = std::min(m_toDownload.size(), m_downloadPos + m_job.fetchBatch);
    std::vector<std::uint32_t> batch(m_toDownload.begin() + static_cast<std::ptrdiff_t>(m_downloadPos),
                                     m_toDownload.begin() + static_cast<std::ptrdiff_t>(end));
    m_downloadPos = end;
    nextTag();
    CommandBuilder b(m_tag, "UID FETCH", literalMode());
    b.raw(formatUidSet(batch)).raw("(UID FLAGS RFC822.SIZE BODY.PEEK[])");
    send(b.finish(), Cmd::FetchNew);
}

void ClientSession::applyLocalFlags(const std::string& folder, std::uint32_t uid, const FlagSet& flags, bool add) {
    FolderCache* f = m_cache.find(folder);
    if (!f) return;
    auto it = f->messages.find(uid);
    if (it == f->messages.end()) return;
    FlagSet next = it->second.flags;
    for (const auto& fl : flags) {
        if (add)
            next.insert(fl);
        else
            next.erase(fl);
    }
    if (next == it->second.flags) return;
    it->second.flags = std::move(next);
    ++m_result.counts.flagsUpdated;
    emit({ClientEvent::Kind::FlagsChanged, f->name, uid, {}, 0, formatFlagList(it->second.flags)});
}

void ClientSession::stepSync(const Sync& op, const Response* done) {
    if (m_phase == Phase::Begin && !ensureSelected(op.folder, Phase::FetchFlags)) return;
    const std::string& folder = m_selected;
    switch (m_phase) {
    case Phase::FetchFlags:
        if (!done) {
            if (m_seqToUid.empty()) {
                // An empty mailbox: everything cached is gone.
                std::vector<std::uint32_t> gone;
                if (FolderCache* f = m_cache.find(folder))
                    for (const auto& [uid, m] : f->messages) gone.push_back(uid);
                for (auto uid : gone) dropCached(folder, uid);
                finishOperation(OperationOutcome::Status::Ok, "mailbox is empty");
                return;
            }
            m_fetchSeen.clear();
            nextTag();
            send(CommandBuilder(m_tag, "UID FETCH", literalMode()).raw("1:*").raw("(FLAGS)").finish(), Cmd::FetchFlags);
            return;
        }
        if (!isOk(done)) {
            finishFromResponse(*done);
            return;
        }
        {
            FolderCache& f = m_cache.folder(folder);
            std::vector<std::uint32_t> gone;
            m_toDownload.clear();
            for (const auto& [uid, m] : f.messages) {
                if (!m_fetchSeen.count(uid))
                    gone.push_back(uid);
                else if (!m.downloaded)
                    m_toDownload.push_back(uid);
            }
            for (auto uid : gone) dropCached(folder, uid);
        }
        m_downloadPos = 0;
        m_phase = Phase::FetchNew;
        [[fallthrough]];
    case Phase::FetchNew:
        if (done && !isOk(done)) {
            finishFromResponse(*done);
            return;
        }
        if (m_downloadPos >= m_toDownload.size()) {
            finishOperation(OperationOutcome::Status::Ok, done ? respText(*done) : std::string("up to date"));
            return;
        }
        sendFetchBatch();
        return;
    default:
        finishOperation(OperationOutcome::Status::Error, "internal: bad phase");
        return;
    }
}

void ClientSession::stepRead(const Read& op, const Response* done) {
    if (m_phase == Phase::Begin) {
        if (op.uid == 0) {
            finishOperation(OperationOutcome::Status::Error, "invalid UID");
            return;
        }
        if (!ensureSelected(op.folder, Phase::FetchBody)) return;
    }
    const std::string& folder = m_selected;
    const CachedMessage* m = m_cache.message(folder, op.uid);
    const FlagSet seen{std::string(kSeen)};
    if (m_phase == Phase::FetchBody && !done) {
        if (m && m->downloaded) {
            if (m->has(kSeen)) {
                finishOperation(OperationOutcome::Status::Ok, "already read (cached)");
                return;
            }
            m_phase = Phase::Store;
            sendStore(op.uid, true, seen, Cmd::Store);
            return;
        }
        m_gotContent = false;
        nextTag();
        CommandBuilder b(m_tag, "UID FETCH", literalMode());
        send(b.raw(std::to_string(op.uid)).raw("(BODY[])").finish(), Cmd::FetchBody);
        return;
    }
    if (!isOk(done)) {
        finishFromResponse(*done);
        return;
    }
    if (m_phase == Phase::FetchBody && !(m && m->downloaded)) {
        finishOperation(OperationOutcome::Status::No, "no such message on the server: " + respText(*done));
        return;
    }
    applyLocalFlags(folder, op.uid, seen, true);  // BODY[] sets \Seen (RFC 3501 6.4.5)
    finishFromResponse(*done);
}

void ClientSession::stepSetFlags(const SetFlags& op, const Response* done) {
    const auto flags = canonicalFlags(op.flags);
    if (m_phase == Phase::Begin) {
        if (op.uid == 0 || !flags || flags->empty()) {
            finishOperation(OperationOutcome::Status::Error, op.uid == 0 ? "invalid UID" : "invalid flags");
            return;
        }
        if (!ensureSelected(op.folder, Phase::Store)) return;
    }
    if (!done) {
        sendStore(op.uid, op.add, *flags, Cmd::Store);
        return;
    }
    if (isOk(done)) applyLocalFlags(m_selected, op.uid, *flags, op.add);
    finishFromResponse(*done);
}

void ClientSession::stepTransfer(const std::string& from, std::uint32_t uid, const std::string& to,
                                 const Response* done) {
    const bool useMove = hasCapability("MOVE");
    if (m_phase == Phase::Begin) {
        if (uid == 0 || to.empty() || DeviceCache::normalizeName(to) == DeviceCache::normalizeName(from)) {
            finishOperation(OperationOutcome::Status::Error, uid == 0 ? "invalid UID" : "invalid target folder");
            return;
        }
        if (!ensureSelected(from, Phase::Transfer)) return;
    }
    switch (m_phase) {
    case Phase::Transfer:
        if (!done) {
            if (const CachedMessage* m = m_cache.message(m_selected, uid)) m_moving = *m;
            m_copyUid.reset();
            m_transferExpunged = false;
            sendFolderCommand((useMove ? "UID MOVE " : "UID COPY ") + std::to_string(uid), to,
                              useMove ? Cmd::Move : Cmd::Copy);
            return;
        }
        if (done->keyword == "NO" && done->code == "TRYCREATE" && !m_created) {
            m_phase = Phase::Create;
            sendFolderCommand("CREATE", to, Cmd::Create);
            return;
        }
        if (!isOk(done)) {
            finishFromResponse(*done);
            return;
        }
        {
            // RFC 4315/6851: with UIDPLUS a copy or move reports COPYUID; an OK without one
            // (and without an EXPUNGE) means the UID no longer exists ("No messages found").
            bool confirmed = !hasCapability("UIDPLUS") || m_transferExpunged;
            if (m_copyUid)
                confirmed = confirmed || std::find(m_copyUid->source.begin(), m_copyUid->source.end(), uid) !=
                                             m_copyUid->source.end();
            if (!confirmed) {
                dropCached(m_selected, uid);
                finishOperation(OperationOutcome::Status::No, "no such message on the server: " + respText(*done));
                return;
            }
        }
        if (useMove) {
            finishTransfer(m_selected, uid, to);
            finishFromResponse(*done);
            return;
        }
        m_phase = Phase::MarkDeleted;
        sendStore(uid, true, FlagSet{std::string(kDeleted)}, Cmd::MarkDeleted);
        return;
    case Phase::Create:
        if (!isOk(done)) {
            finishFromResponse(*done);
            return;
        }
        m_created = true;
        emit({ClientEvent::Kind::FolderCreated, DeviceCache::normalizeName(to), 0, {}, 0, {}});
        if (m_cache.mailboxesKnown) m_cache.mailboxes.push_back(MailboxInfo{DeviceCache::normalizeName(to), "", {}});
        m_phase = Phase::Transfer;
        stepTransfer(from, uid, to, nullptr);
        return;
    case Phase::MarkDeleted:
        if (!isOk(done)) {
            finishFromResponse(*done);
            return;
        }
        applyLocalFlags(m_selected, uid, FlagSet{std::string(kDeleted)}, true);
        m_phase = Phase::Expunge;
        sendExpunge(uid);
        return;
    case Phase::Expunge:
        if (!isOk(done)) {
            finishFromResponse(*done);
            return;
        }
        finishTransfer(m_selected, uid, to);
        finishFromResponse(*done);
        return;
    default:
        finishOperation(OperationOutcome::Status::Error, "internal: bad phase");
        return;
    }
}

void ClientSession::finishTransfer(const std::string& from, std::uint32_t uid, const std::string& to) {
    dropCached(from, uid);
    std::uint32_t newUid = 0;
    if (m_copyUid) {
        for (std::size_t i = 0; i < m_copyUid->source.size(); ++i)
            if (m_copyUid->source[i] == uid) newUid = m_copyUid->target[i];
    }
    const std::string target = DeviceCache::normalizeName(to);
    if (newUid != 0 && m_moving) {
        // RFC 4315: the new UID is valid under the target's UIDVALIDITY; keep the local copy.
        FolderCache& t = m_cache.folder(target);
        if (t.uidValidity == 0) t.uidValidity = m_copyUid->uidValidity;
        if (t.uidValidity == m_copyUid->uidValidity) {
            CachedMessage copy = *m_moving;
            copy.uid = newUid;
            copy.flags.erase(std::string(kDeleted));
            t.messages[newUid] = std::move(copy);
        }
    }
    ++m_result.counts.moved;
    if (std::holds_alternative<Delete>(m_job.ops[m_opIndex])) ++m_result.counts.deleted;
    emit({ClientEvent::Kind::Moved, DeviceCache::normalizeName(from), uid, target, newUid, {}});
}

std::optional<std::string> ClientSession::trashFolder() const {
    for (const auto& m : m_cache.mailboxes)
        if (m.hasAttribute("\\Trash")) return m.name;
    for (const auto& m : m_cache.mailboxes) {
        if (equalsIgnoreCaseAscii(m.name, "Trash")) return m.name;
    }
    return std::nullopt;
}

void ClientSession::stepDelete(const Delete& op, const Response* done) {
    if (m_phase == Phase::Begin || m_phase == Phase::List) {
        if (m_phase == Phase::Begin) {
            if (op.uid == 0) {
                finishOperation(OperationOutcome::Status::Error, "invalid UID");
                return;
            }
            if (!m_cache.mailboxesKnown) {
                m_phase = Phase::List;
                m_listed.clear();
                nextTag();
                send(CommandBuilder(m_tag, "LIST", literalMode()).raw("\"\" \"*\"").finish(), Cmd::List);
                return;
            }
        } else if (isOk(done)) {
            m_cache.mailboxes = std::move(m_listed);
            m_cache.mailboxesKnown = true;
            m_listed.clear();
        }
        const auto trash = trashFolder();
        if (trash && DeviceCache::normalizeName(*trash) != DeviceCache::normalizeName(op.folder)) {
            m_transferTarget = *trash;
            m_phase = Phase::Begin;
            stepTransfer(op.folder, op.uid, m_transferTarget, nullptr);
            return;
        }
        m_deleteInPlace = true;
        if (!ensureSelected(op.folder, Phase::MarkDeleted)) return;
        done = nullptr;
    }
    if (!m_deleteInPlace) {
        stepTransfer(op.folder, op.uid, m_transferTarget, done);
        return;
    }
    const FlagSet deleted{std::string(kDeleted)};
    if (m_phase == Phase::MarkDeleted) {
        if (!done) {
            sendStore(op.uid, true, deleted, Cmd::MarkDeleted);
            return;
        }
        if (!isOk(done)) {
            finishFromResponse(*done);
            return;
        }
        applyLocalFlags(m_selected, op.uid, deleted, true);
        m_phase = Phase::Expunge;
        sendExpunge(op.uid);
        return;
    }
    if (m_phase == Phase::Expunge && done) {
        if (isOk(done)) {
            dropCached(m_selected, op.uid);
            ++m_result.counts.deleted;
        }
        finishFromResponse(*done);
        return;
    }
    finishOperation(OperationOutcome::Status::Error, "internal: bad phase");
}

void ClientSession::sendAppend(const Append& op) {
    m_appendUid = m_appendUidValidity = 0;
    const auto flags = canonicalFlags(op.flags);
    nextTag();
    CommandBuilder b(m_tag, "APPEND", literalMode());
    if (op.folder.empty() || !b.astring(op.folder)) {
        finishOperation(OperationOutcome::Status::Error, "invalid folder name");
        return;
    }
    if (!flags.has_value()) {
        finishOperation(OperationOutcome::Status::Error, "invalid flags");
        return;
    }
    if (!flags->empty()) b.raw(formatFlagList(*flags));
    if (!op.dateTime.empty()) {
        if (!validDateTime(op.dateTime)) {
            finishOperation(OperationOutcome::Status::Error, "invalid date-time");
            return;
        }
        b.raw("\"" + op.dateTime + "\"");
    }
    if (!b.literal(toCrlf(op.content), kMaxLiteral)) {
        finishOperation(OperationOutcome::Status::Error, "message cannot be sent (NUL octet or too large)");
        return;
    }
    send(b.finish(), Cmd::Append);
}

void ClientSession::stepAppend(const Append& op, const Response* done) {
    if (m_phase == Phase::Begin) m_phase = Phase::Append;
    if (m_phase == Phase::Create) {
        if (!isOk(done)) {
            finishFromResponse(*done);
            return;
        }
        m_created = true;
        emit({ClientEvent::Kind::FolderCreated, DeviceCache::normalizeName(op.folder), 0, {}, 0, {}});
        if (m_cache.mailboxesKnown)
            m_cache.mailboxes.push_back(MailboxInfo{DeviceCache::normalizeName(op.folder), "", {}});
        m_phase = Phase::Append;
        done = nullptr;
    }
    if (!done) {
        sendAppend(op);
        return;
    }
    if (done->keyword == "NO" && done->code == "TRYCREATE" && !m_created) {
        m_phase = Phase::Create;
        sendFolderCommand("CREATE", op.folder, Cmd::Create);
        return;
    }
    if (isOk(done)) {
        ++m_result.counts.appended;
        const std::string folder = DeviceCache::normalizeName(op.folder);
        if (m_appendUid != 0) {
            FolderCache& f = m_cache.folder(folder);
            if (f.uidValidity == 0) f.uidValidity = m_appendUidValidity;
            if (f.uidValidity == m_appendUidValidity) {
                CachedMessage m;
                m.uid = m_appendUid;
                m.flags = canonicalFlags(op.flags).value_or(FlagSet{});
                m.content = toCrlf(op.content);
                m.size = m.content.size();
                m.downloaded = true;
                f.messages[m.uid] = std::move(m);
            }
        }
        emit({ClientEvent::Kind::Appended, folder, m_appendUid, {}, 0, {}});
    }
    finishFromResponse(*done);
}

void ClientSession::stepList(const Response* done) {
    if (!done) {
        m_phase = Phase::List;
        m_listed.clear();
        nextTag();
        send(CommandBuilder(m_tag, "LIST", literalMode()).raw("\"\" \"*\"").finish(), Cmd::List);
        return;
    }
    if (isOk(done)) {
        m_cache.mailboxes = std::move(m_listed);
        m_cache.mailboxesKnown = true;
        m_listed.clear();
        // Folders the server no longer lists are gone from the device too.
        std::vector<std::string> gone;
        for (const auto& folder : m_cache.folders()) {
            const std::string& name = folder.first;  // not a structured binding: clang 14 cannot capture one
            const bool listed = std::any_of(m_cache.mailboxes.begin(), m_cache.mailboxes.end(),
                                            [&](const MailboxInfo& m) { return m.name == name; });
            if (!listed) gone.push_back(name);
        }
        for (const auto& name : gone) m_cache.removeFolder(name);
        emit({ClientEvent::Kind::FoldersListed, {}, 0, {}, 0, std::to_string(m_cache.mailboxes.size())});
    }
    finishFromResponse(*done);
}

}  // namespace postino::imap_client
