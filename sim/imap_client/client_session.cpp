#include "imap_client/client_session.h"
#include "core/ascii.h"

#include <algorithm>

#include "core/base64.h"

namespace postino::imap_client {

namespace {

std::optional<std::uint32_t> parseU32(std::string_view s) {
    Value v;
    v.kind = Value::Kind::Atom;
    v.text = std::string(s);
    return v.number();
}

// The unfolded Subject header of an RFC 5322 message, "" when it has none.
std::string subjectOf(std::string_view msg) {
    std::size_t pos = 0;
    while (pos < msg.size()) {
        std::size_t end = msg.find('\n', pos);
        if (end == std::string_view::npos) end = msg.size();
        std::string_view line = msg.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;  // end of the header block
        if (line.size() >= 8 && toUpperAscii(line.substr(0, 8)) == "SUBJECT:") {
            std::string out(line.substr(8));
            std::size_t next = end + 1;
            while (next < msg.size() && (msg[next] == ' ' || msg[next] == '\t')) {
                std::size_t e = msg.find('\n', next);
                if (e == std::string_view::npos) e = msg.size();
                std::string_view cont = msg.substr(next, e - next);
                if (!cont.empty() && cont.back() == '\r') cont.remove_suffix(1);
                out += cont;
                next = e + 1;
            }
            const auto first = out.find_first_not_of(" \t");
            if (first == std::string::npos) return {};
            out = out.substr(first, out.find_last_not_of(" \t") - first + 1);
            if (out.size() > 200) out.resize(200);
            return out;
        }
        pos = end + 1;
    }
    return {};
}

bool isBodyItem(const Value& name) {
    return name.atomIs("BODY[]") || name.atomIs("BODY[]<0>") || name.atomIs("RFC822") ||
           name.atomIs("BINARY[]") || name.atomIs("BINARY[]<0>");
}

}  // namespace

ClientSession::ClientSession(ClientJob job, DeviceCache& cache) : m_job(std::move(job)), m_cache(cache) {
    m_result.operations.resize(m_job.ops.size());
    m_tls = m_result.tls = m_job.tls == ClientTls::Implicit;  // the glue shakes hands before the greeting
    if (m_job.fetchBatch == 0) m_job.fetchBatch = 1;
}

bool ClientSession::hasCapability(std::string_view cap) const { return m_caps.count(toUpperAscii(cap)) != 0; }

void ClientSession::feed(std::string_view bytes) {
    while (!bytes.empty() && m_stage != Stage::Done) {
        const auto st = m_reader.next(bytes);
        if (st == ResponseReader::Status::NeedMore) break;
        if (st == ResponseReader::Status::Error) {
            protocolError(m_reader.error());
            break;
        }
        onResponse(m_reader.response());
    }
}

void ClientSession::connectionClosed() {
    if (m_stage == Stage::Done) return;
    if (m_stage == Stage::Logout) {
        m_result.success = !m_failed;
        m_stage = Stage::Done;
        return;
    }
    fail("connection closed by the server", false);
}

std::string ClientSession::takeOutput() {
    std::string out;
    out.swap(m_output);
    return out;
}

std::vector<ClientEvent> ClientSession::takeEvents() {
    std::vector<ClientEvent> out;
    out.swap(m_events);
    return out;
}

void ClientSession::emit(ClientEvent e) { m_events.push_back(std::move(e)); }

std::string ClientSession::nextTag() {
    // The counter moves in send(): a command abandoned while being built wastes no tag.
    std::string n = std::to_string(m_tagCounter + 1);
    if (n.size() < 3) n.insert(0, 3 - n.size(), '0');
    m_tag = "A" + n;
    return m_tag;
}

LiteralMode ClientSession::literalMode() const {
    if (hasCapability("LITERAL+")) return LiteralMode::LiteralPlus;
    if (hasCapability("LITERAL-")) return LiteralMode::LiteralMinus;
    return LiteralMode::Synchronizing;
}

void ClientSession::send(Command cmd, Cmd kind) {
    if (cmd.pieces.empty()) return;
    ++m_tagCounter;
    m_output += cmd.pieces.front();
    m_pendingPieces.assign(std::make_move_iterator(cmd.pieces.begin() + 1), std::make_move_iterator(cmd.pieces.end()));
    m_cmd = kind;
    m_commandLog.push_back(std::move(cmd.display));
}

void ClientSession::protocolError(std::string reason) { fail("protocol error: " + reason, false); }

void ClientSession::fail(std::string reason, bool sendLogout) {
    if (!m_failed) {
        m_failed = true;
        m_result.failureReason = reason;
    }
    m_result.success = false;
    if (m_stage == Stage::Operations && m_opIndex < m_result.operations.size() &&
        m_result.operations[m_opIndex].status == OperationOutcome::Status::NotRun)
        m_result.operations[m_opIndex] = {OperationOutcome::Status::Error, std::move(reason)};
    if (sendLogout && m_stage != Stage::Logout && m_stage != Stage::Done)
        logout();
    else
        m_stage = Stage::Done;
}

void ClientSession::logout() {
    nextTag();
    send(CommandBuilder(m_tag, "LOGOUT", literalMode()).finish(), Cmd::Logout);
    m_stage = Stage::Logout;
}

void ClientSession::onResponse(Response& r) {
    if (r.kind != Response::Kind::Untagged || r.isStatus()) m_result.lastResponse = r.describe();
    if (m_stage == Stage::TlsHandshake) {  // nothing may come in clear now: the stream is not to be trusted
        fail("the server spoke in clear after OK to STARTTLS", false);
        return;
    }
    switch (r.kind) {
    case Response::Kind::Continuation: onContinuation(r); break;
    case Response::Kind::Untagged: onUntagged(r); break;
    case Response::Kind::Tagged: onTagged(r); break;
    }
}

void ClientSession::onContinuation(const Response& r) {
    (void)r;
    if (m_stage == Stage::Greeting || m_cmd == Cmd::None) {
        protocolError("unexpected continuation request");
        return;
    }
    if (!m_pendingPieces.empty()) {
        m_output += m_pendingPieces.front();
        m_pendingPieces.erase(m_pendingPieces.begin());
    } else if (m_cmd == Cmd::Authenticate) {
        m_output += "*\r\n";  // a challenge PLAIN does not have: cancel (RFC 3501 6.2.2)
    } else {
        protocolError("unexpected continuation request");
    }
}

void ClientSession::onUntagged(Response& r) {
    if (m_stage == Stage::Greeting) {
        if (r.keyword == "OK" || r.keyword == "PREAUTH") {
            onRespCode(r);
            if (r.keyword == "PREAUTH") {
                m_loggedIn = true;
                m_capsSinceLogin = !m_caps.empty();
            }
            afterGreeting();
        } else if (r.keyword == "BYE") {
            fail("server refused the connection: " + r.text, false);
        } else {
            protocolError("expected a greeting, got \"" + r.describe() + "\"");
        }
        return;
    }
    if (r.isStatus()) {
        onUntaggedStatus(r);
        return;
    }
    const std::string& k = r.keyword;
    const bool needsNumber = k == "EXISTS" || k == "RECENT" || k == "EXPUNGE" || k == "FETCH";
    if (needsNumber != r.number.has_value()) {
        protocolError("malformed untagged " + k + " response");
        return;
    }
    if (k == "CAPABILITY") {
        parseCapabilities(r.data);
        if (m_loggedIn || m_cmd == Cmd::Login || m_cmd == Cmd::Authenticate) m_capsSinceLogin = true;
    } else if (k == "EXISTS") {
        if (m_selected.empty()) return;
        if (*r.number > kMaxMailboxMessages) {
            protocolError("mailbox has more than " + std::to_string(kMaxMailboxMessages) + " messages");
            return;
        }
        m_seqToUid.resize(*r.number, 0);
    } else if (k == "EXPUNGE") {
        onExpunge(*r.number);
    } else if (k == "FETCH") {
        onFetch(r);
    } else if (k == "LIST") {
        onList(r);
    }
    // FLAGS, RECENT, SEARCH, STATUS, LSUB, ENABLED, NAMESPACE, ID...: nothing to keep.
}

void ClientSession::onUntaggedStatus(const Response& r) {
    if (r.keyword == "BYE") {
        if (m_stage == Stage::Logout) return;  // the normal answer to LOGOUT
        fail("server closed the session: " + (r.text.empty() ? std::string("BYE") : r.text), false);
        return;
    }
    onRespCode(r);
}

void ClientSession::onRespCode(const Response& r) {
    const std::string& c = r.code;
    if (c.empty()) return;
    if (c == "CAPABILITY") {
        parseCapabilities(r.codeArgs);
        if (m_loggedIn || m_cmd == Cmd::Login || m_cmd == Cmd::Authenticate) m_capsSinceLogin = true;
    } else if (c == "ALERT") {
        emit({ClientEvent::Kind::Alert, m_selected, 0, {}, 0, r.text});
    } else if (m_cmd == Cmd::Select && !m_selected.empty() && (c == "UIDVALIDITY" || c == "UIDNEXT")) {
        const auto n = parseU32(r.codeArgs);
        if (!n) return;
        if (c == "UIDNEXT") {
            m_cache.folder(m_selected).uidNext = *n;
            return;
        }
        const std::uint32_t old = m_cache.folder(m_selected).uidValidity;
        if (m_cache.applyUidValidity(m_selected, *n))
            emit({ClientEvent::Kind::CacheDiscarded, m_selected, 0, {}, 0,
                  "UIDVALIDITY " + std::to_string(old) + " -> " + std::to_string(*n)});
    } else if (c == "COPYUID" && (m_cmd == Cmd::Move || m_cmd == Cmd::Copy)) {
        // RFC 4315 3: "uidvalidity source-set target-set"
        const std::string_view a(r.codeArgs);
        const auto sp1 = a.find(' ');
        const auto sp2 = sp1 == std::string_view::npos ? sp1 : a.find(' ', sp1 + 1);
        if (sp2 == std::string_view::npos) return;
        auto uv = parseU32(a.substr(0, sp1));
        auto src = parseUidSet(a.substr(sp1 + 1, sp2 - sp1 - 1));
        auto dst = parseUidSet(a.substr(sp2 + 1));
        if (uv && *uv != 0 && src && dst && src->size() == dst->size())
            m_copyUid = CopyUid{*uv, std::move(*src), std::move(*dst)};
    } else if (c == "APPENDUID" && m_cmd == Cmd::Append) {
        const std::string_view a(r.codeArgs);
        const auto sp = a.find(' ');
        if (sp == std::string_view::npos) return;
        auto uv = parseU32(a.substr(0, sp));
        auto uid = parseU32(a.substr(sp + 1));
        if (uv && uid && *uv != 0 && *uid != 0) {
            m_appendUidValidity = *uv;
            m_appendUid = *uid;
        }
    }
}

void ClientSession::parseCapabilities(const std::vector<Value>& atoms) {
    m_caps.clear();
    for (const auto& v : atoms)
        if (v.isAtom()) m_caps.insert(toUpperAscii(v.text));
}

void ClientSession::parseCapabilities(std::string_view text) {
    m_caps.clear();
    while (!text.empty()) {
        const auto sp = text.find(' ');
        if (sp != 0) m_caps.insert(toUpperAscii(text.substr(0, sp)));
        if (sp == std::string_view::npos) break;
        text.remove_prefix(sp + 1);
    }
}

void ClientSession::onTagged(Response& r) {
    if (m_cmd == Cmd::None || r.tag != m_tag) {
        protocolError("tagged response \"" + r.tag + "\" matches no command in progress");
        return;
    }
    onRespCode(r);
    m_pendingPieces.clear();
    const Cmd cmd = m_cmd;
    m_cmd = Cmd::None;
    switch (cmd) {
    case Cmd::Capability:
        if (!m_loggedIn)
            afterCapabilities();
        else
            startOperation();
        break;
    case Cmd::StartTls:
        if (r.keyword == "OK") {
            m_startTls = true;  // the glue turns the connection to TLS, then tlsEstablished()
            m_stage = Stage::TlsHandshake;
        } else if (m_job.tls == ClientTls::Required) {
            fail("STARTTLS refused: " + r.describe(), true);
        } else {
            m_job.tls = ClientTls::None;  // opportunistic: on in clear, as with SMTP
            startLogin();
        }
        break;
    case Cmd::Login:
    case Cmd::Authenticate:
        if (r.keyword == "OK") {
            m_loggedIn = true;
            afterLogin();
        } else {
            fail("login failed: " + r.describe(), true);
        }
        break;
    case Cmd::Logout:
        m_result.success = !m_failed;
        m_stage = Stage::Done;
        break;
    default:
        if (m_stage == Stage::Operations) runOperation(&r);
        break;
    }
}

void ClientSession::afterGreeting() {
    if (m_caps.empty()) {
        m_stage = m_loggedIn ? Stage::Operations : Stage::Capability;
        nextTag();
        send(CommandBuilder(m_tag, "CAPABILITY", literalMode()).finish(), Cmd::Capability);
        return;
    }
    if (m_loggedIn)
        afterLogin();
    else
        afterCapabilities();
}

// STARTTLS first, when it is to be used (RFC 3501 6.2.1); a server that does not offer it is
// refused when TLS is required, before the password leaves.
void ClientSession::afterCapabilities() {
    switch (tls::startTlsStep(m_job.tls, m_tls, hasCapability("STARTTLS"))) {
        case tls::StartTlsStep::Ask:
            m_stage = Stage::StartTls;
            nextTag();
            send(CommandBuilder(m_tag, "STARTTLS", literalMode()).finish(), Cmd::StartTls);
            return;
        case tls::StartTlsStep::Refuse:
            fail("TLS is required, but the server does not offer STARTTLS", true);
            return;
        case tls::StartTlsStep::GoOn: break;
    }
    startLogin();
}

void ClientSession::tlsEstablished() {
    if (m_stage == Stage::Done) return;
    m_tls = true;
    m_result.tls = true;
    if (m_stage == Stage::TlsHandshake) {  // RFC 3501 6.2.1: forget what was said in clear
        m_caps.clear();
        m_stage = Stage::Capability;
        nextTag();
        send(CommandBuilder(m_tag, "CAPABILITY", literalMode()).finish(), Cmd::Capability);
    }
}

void ClientSession::tlsFailed(const std::string& reason) {
    if (m_stage == Stage::Done) return;
    fail("TLS handshake failed: " + reason, false);
}

void ClientSession::startLogin() {
    m_stage = Stage::Login;
    const auto& user = m_job.user;
    const auto& pass = m_job.password;
    if (user.empty() || user.find('\0') != std::string::npos || pass.find('\0') != std::string::npos) {
        fail("invalid credentials", true);
        return;
    }
    const bool plainOffered = hasCapability("AUTH=PLAIN");
    const bool loginDisabled = hasCapability("LOGINDISABLED");
    if (m_job.useAuthenticatePlain || loginDisabled) {
        if (!plainOffered) {
            fail(loginDisabled ? "server disables LOGIN (LOGINDISABLED) and offers no AUTH=PLAIN"
                               : "server does not offer AUTH=PLAIN",
                 true);
            return;
        }
        const std::string response = base64Encode(std::string(1, '\0') + user + std::string(1, '\0') + pass);
        nextTag();
        Command cmd;
        if (hasCapability("SASL-IR")) {
            cmd.pieces = {m_tag + " AUTHENTICATE PLAIN " + response + "\r\n"};
        } else {
            cmd.pieces = {m_tag + " AUTHENTICATE PLAIN\r\n", response + "\r\n"};
        }
        cmd.display = m_tag + " AUTHENTICATE PLAIN";
        send(std::move(cmd), Cmd::Authenticate);
        return;
    }
    nextTag();
    CommandBuilder b(m_tag, "LOGIN", literalMode());
    if (!b.astring(user) || !b.astring(pass)) {
        fail("credentials cannot be sent", true);
        return;
    }
    send(b.finish(), Cmd::Login);
}

void ClientSession::afterLogin() {
    m_stage = Stage::Operations;
    if (!m_capsSinceLogin) {
        // RFC 3501 6.2.3: capabilities may change after login; ask again unless told.
        m_capsSinceLogin = true;
        nextTag();
        send(CommandBuilder(m_tag, "CAPABILITY", literalMode()).finish(), Cmd::Capability);
        return;
    }
    startOperation();
}

void ClientSession::onExpunge(std::uint32_t seq) {
    if (m_cmd == Cmd::Move) m_transferExpunged = true;
    if (m_selected.empty() || seq == 0 || seq > m_seqToUid.size()) return;
    const std::uint32_t uid = m_seqToUid[seq - 1];
    m_seqToUid.erase(m_seqToUid.begin() + (seq - 1));
    if (uid == 0) return;
    m_fetchSeen.erase(uid);
    dropCached(m_selected, uid);
}

void ClientSession::dropCached(const std::string& folder, std::uint32_t uid) {
    FolderCache* f = m_cache.find(folder);
    if (!f || f->messages.erase(uid) == 0) return;
    ++m_result.counts.expunged;
    emit({ClientEvent::Kind::Expunged, f->name, uid, {}, 0, {}});
}

void ClientSession::onFetch(Response& r) {
    if (r.data.size() != 1 || !r.data[0].isList() || r.data[0].items.size() % 2 != 0 || *r.number == 0) {
        protocolError("malformed FETCH response");
        return;
    }
    std::optional<std::uint32_t> uid;
    std::optional<FlagSet> flags;
    std::optional<std::uint32_t> size;
    std::string* body = nullptr;
    auto& items = r.data[0].items;
    for (std::size_t i = 0; i < items.size(); i += 2) {
        const Value& name = items[i];
        Value& value = items[i + 1];
        if (!name.isAtom()) {
            protocolError("malformed FETCH item name");
            return;
        }
        if (name.atomIs("UID")) {
            uid = value.number();
            if (!uid || *uid == 0) {
                protocolError("malformed UID in FETCH");
                return;
            }
        } else if (name.atomIs("FLAGS")) {
            if (!value.isList()) {
                protocolError("malformed FLAGS in FETCH");
                return;
            }
            flags.emplace();
            for (const auto& f : value.items) {
                if (!f.isAtom()) {
                    protocolError("malformed flag in FETCH");
                    return;
                }
                std::string c = canonicalFlag(f.text);
                if (!c.empty()) flags->insert(std::move(c));
            }
        } else if (name.atomIs("RFC822.SIZE")) {
            size = value.number();
            if (!size) {
                protocolError("malformed RFC822.SIZE in FETCH");
                return;
            }
        } else if (isBodyItem(name)) {
            if (value.isString())
                body = &value.text;
            else if (!value.isNil()) {
                protocolError("malformed message body in FETCH");
                return;
            }
        }
    }
    if (m_selected.empty()) return;
    const std::uint32_t seq = *r.number;
    if (seq <= m_seqToUid.size()) {
        if (uid)
            m_seqToUid[seq - 1] = *uid;
        else if (m_seqToUid[seq - 1] != 0)
            uid = m_seqToUid[seq - 1];
    }
    if (!uid) return;  // a message we cannot place yet
    if (m_cmd == Cmd::FetchFlags) m_fetchSeen.insert(*uid);

    FolderCache& folder = m_cache.folder(m_selected);
    auto it = folder.messages.find(*uid);
    const bool existed = it != folder.messages.end();
    if (!existed && !flags && !body) return;
    CachedMessage& m = existed ? it->second : folder.messages[*uid];
    m.uid = *uid;
    if (flags) {
        if (existed && m.flags != *flags) {
            ++m_result.counts.flagsUpdated;
            emit({ClientEvent::Kind::FlagsChanged, folder.name, *uid, {}, 0, formatFlagList(*flags)});
        }
        m.flags = std::move(*flags);
    }
    if (size) m.size = *size;
    if (body) {
        m.content = std::move(*body);
        m.downloaded = true;
        if (!size) m.size = m.content.size();
        ++m_result.counts.downloaded;
        if (m_cmd == Cmd::FetchBody || m_cmd == Cmd::FetchNew) m_gotContent = true;
        emit({ClientEvent::Kind::Downloaded, folder.name, *uid, {}, 0, subjectOf(m.content)});
    }
}

void ClientSession::onList(const Response& r) {
    const auto& d = r.data;
    if (d.size() != 3 || !d[0].isList() || !(d[1].isString() || d[1].isNil()) || !d[2].isText()) {
        protocolError("malformed LIST response");
        return;
    }
    if (m_cmd != Cmd::List) return;
    MailboxInfo info;
    info.name = DeviceCache::normalizeName(d[2].text);
    info.delimiter = d[1].isNil() ? std::string() : d[1].text;
    for (const auto& a : d[0].items)
        if (a.isAtom()) info.attributes.push_back(a.text);
    if (m_listed.size() < 100000) m_listed.push_back(std::move(info));
}

}  // namespace postino::imap_client
