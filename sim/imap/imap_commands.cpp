// The IMAP command table (name -> handler + allowed states, like Dovecot's imap-commands)
// and the commands valid in any state: CAPABILITY, NOOP, LOGOUT, ID; plus STARTTLS, IDLE and
// NAMESPACE. RFC 3501 6.1, 6.2.1, 6.3 (states), RFC 2177 (IDLE), RFC 2971 (ID), RFC 2342 (NAMESPACE).
#include <array>

#include "imap/imap_format.h"
#include "imap/server_session.h"
#include "mail/mail_store.h"

namespace postino::imap {

namespace {

constexpr unsigned bit(SessionState s) { return static_cast<unsigned>(s); }
constexpr unsigned kNotAuth = bit(SessionState::NotAuthenticated);
constexpr unsigned kAuth = bit(SessionState::Authenticated);
constexpr unsigned kSel = bit(SessionState::Selected);
constexpr unsigned kAny = kNotAuth | kAuth | kSel;
constexpr unsigned kLoggedIn = kAuth | kSel;

struct CommandSpec {
    std::string_view name;
    ServerSession::Handler handler;
    unsigned states;
    bool ignoresArgs;  // NOOP and IDLE read no arguments (Dovecot ignores them)
};

}  // namespace

struct CommandTable {
    static const CommandSpec* find(std::string_view name) {
        for (const CommandSpec& row : rows())
            if (row.name == name) return &row;
        return nullptr;
    }

    static const std::array<CommandSpec, 35>& rows() {
        using S = ServerSession;
        static const std::array<CommandSpec, 35> table{{
            {"CAPABILITY", &S::cmdCapability, kAny, false},
            {"NOOP", &S::cmdNoop, kAny, true},
            {"LOGOUT", &S::cmdLogout, kAny, false},
            {"ID", &S::cmdId, kAny, false},
            {"STARTTLS", &S::cmdStarttls, kNotAuth, true},  // Dovecot ignores arguments
            {"LOGIN", &S::cmdLogin, kNotAuth, false},
            {"AUTHENTICATE", &S::cmdAuthenticate, kNotAuth, false},
            {"SELECT", &S::cmdSelect, kLoggedIn, false},
            {"EXAMINE", &S::cmdSelect, kLoggedIn, false},
            {"CREATE", &S::cmdCreate, kLoggedIn, false},
            {"DELETE", &S::cmdDelete, kLoggedIn, false},
            {"RENAME", &S::cmdRename, kLoggedIn, false},
            {"SUBSCRIBE", &S::cmdSubscribe, kLoggedIn, false},
            {"UNSUBSCRIBE", &S::cmdSubscribe, kLoggedIn, false},
            {"LIST", &S::cmdList, kLoggedIn, false},
            {"LSUB", &S::cmdList, kLoggedIn, false},
            {"STATUS", &S::cmdStatus, kLoggedIn, false},
            {"APPEND", &S::cmdAppend, kLoggedIn, false},
            {"NAMESPACE", &S::cmdNamespace, kLoggedIn, false},
            {"IDLE", &S::cmdIdle, kLoggedIn, true},
            {"CHECK", &S::cmdCheck, kSel, false},
            {"CLOSE", &S::cmdClose, kSel, false},
            {"UNSELECT", &S::cmdClose, kSel, false},
            {"EXPUNGE", &S::cmdExpunge, kSel, false},
            {"SEARCH", &S::cmdSearch, kSel, false},
            {"FETCH", &S::cmdFetch, kSel, false},
            {"STORE", &S::cmdStore, kSel, false},
            {"COPY", &S::cmdCopy, kSel, false},
            {"MOVE", &S::cmdCopy, kSel, false},
            {"UID FETCH", &S::cmdFetch, kSel, false},
            {"UID STORE", &S::cmdStore, kSel, false},
            {"UID COPY", &S::cmdCopy, kSel, false},
            {"UID MOVE", &S::cmdCopy, kSel, false},
            {"UID SEARCH", &S::cmdSearch, kSel, false},
            {"UID EXPUNGE", &S::cmdExpunge, kSel, false},
        }};
        return table;
    }
};

void ServerSession::dispatch(const std::string& text) {
    const CommandHead head = parseHead(text);
    if (head.tag.empty()) {
        event(ImapEvent::Kind::CommandReceived);
        badPlain("*", "Error in IMAP tag: Invalid tag.");
        return;
    }
    Command cmd;
    cmd.tag = head.tag;
    if (head.name.empty()) {
        event(ImapEvent::Kind::CommandReceived);
        badPlain(cmd.tag, "Error in IMAP command: Invalid command name.");
        return;
    }
    cmd.name = head.name;
    std::size_t argsAt = head.argsAt;
    bool hasArgs = head.hasArgs;
    if (cmd.name == "UID" && hasArgs) {
        std::size_t p = argsAt;
        while (p < text.size() && ((text[p] >= 'A' && text[p] <= 'Z') || (text[p] >= 'a' && text[p] <= 'z'))) ++p;
        if (p > argsAt && p - argsAt <= 16 && (p == text.size() || text[p] == ' ')) {
            cmd.name = "UID " + toUpperAscii(std::string_view(text).substr(argsAt, p - argsAt));
            cmd.uid = true;
            hasArgs = p < text.size();
            argsAt = hasArgs ? p + 1 : p;
        }
    }
    event(ImapEvent::Kind::CommandReceived, {}, 0, cmd.name);

    const CommandSpec* spec = CommandTable::find(cmd.name);
    const unsigned now = bit(m_state);
    if (m_state == SessionState::NotAuthenticated) {
        if (!spec || (spec->states & now) == 0) {
            // imap-login knows only the pre-login commands.
            badPlain(cmd.tag, "Error in IMAP command received by server.");
            return;
        }
    } else if (!spec || (spec->states & kLoggedIn) == 0) {
        bad(cmd, "Unknown command");  // LOGIN after login too: the imap process does not know it
        return;
    } else if ((spec->states & now) == 0) {
        badPlain(cmd.tag, "No mailbox selected.", false);
        return;
    }
    if (hasArgs && !spec->ignoresArgs) {
        const std::string err = parseArgs(std::string_view(text).substr(argsAt), cmd.args);
        if (!err.empty()) {
            bad(cmd, err);
            return;
        }
    }
    (this->*(spec->handler))(cmd);
}

std::string ServerSession::capabilities() const {
    if (m_state == SessionState::NotAuthenticated) {
        // Dovecot's imap-login: STARTTLS until TLS is on, then the mechanisms, or LOGINDISABLED
        // where a password may not cross in clear (RFC 3501 6.2.3, 7.2.1).
        std::string caps = "IMAP4rev1 SASL-IR LITERAL+ ID IDLE";
        if (m_config.tlsOffered && !m_tls) caps += " STARTTLS";
        caps += plaintextAllowed() ? " AUTH=PLAIN AUTH=LOGIN" : " LOGINDISABLED";
        return caps;
    }
    return "IMAP4rev1 SASL-IR LITERAL+ ID IDLE NAMESPACE UNSELECT CHILDREN UIDPLUS MOVE SPECIAL-USE";
}

void ServerSession::cmdCapability(Command& cmd) {
    if (!cmd.args.empty()) {
        bad(cmd, "Invalid arguments");
        return;
    }
    untagged("CAPABILITY " + capabilities());
    if (m_state == SessionState::NotAuthenticated)
        ok(cmd, "Pre-login capabilities listed, post-login capabilities have more.");
    else
        ok(cmd, "Capability completed.");
}

// RFC 3501 6.2.1 / RFC 9051 6.2.1: the OK goes in clear, then the handshake; the client asks
// the capabilities again inside TLS.
void ServerSession::cmdStarttls(Command& cmd) {
    if (m_tls) {
        badPlain(cmd.tag, "TLS is already active.", false);
        return;
    }
    if (!m_config.tlsOffered) {
        badPlain(cmd.tag, "TLS support isn't enabled.", false);
        return;
    }
    ok(cmd, "Begin TLS negotiation now.");
    m_tls = true;
    m_startTls = true;
}

void ServerSession::cmdNoop(Command& cmd) { ok(cmd, "NOOP completed."); }

void ServerSession::cmdLogout(Command& cmd) {
    if (!cmd.args.empty()) {
        bad(cmd, "Invalid arguments");
        return;
    }
    untagged("BYE Logging out");
    m_output += cmd.tag + " OK Logout completed.\r\n";
    event(ImapEvent::Kind::LoggedOut, {}, 0, m_user);
    close();
}

void ServerSession::cmdId(Command& cmd) {
    // RFC 2971 3.3: NIL or a list of string pairs.
    bool valid = cmd.args.size() == 1 && (cmd.args[0].isNil() || cmd.args[0].isList());
    if (valid && cmd.args[0].isList()) {
        const auto& l = cmd.args[0].list;
        valid = l.size() % 2 == 0 && l.size() <= 60;
        for (const Arg& a : l)
            if (!a.isString() && !a.isNil()) valid = false;
    }
    if (!valid) {
        bad(cmd, "Invalid arguments");
        return;
    }
    untagged("ID (\"name\" \"Postino\")");
    ok(cmd, "ID completed.");
}

void ServerSession::cmdIdle(Command& cmd) {
    m_pendingTag = cmd.tag;
    enterMode(Mode::Idle);
    continuation("idling");
    event(ImapEvent::Kind::IdleStarted, selectedFolder());
    if (m_sel) syncView(true);
}

void ServerSession::cmdNamespace(Command& cmd) {
    if (!cmd.args.empty()) {
        bad(cmd, "Invalid arguments");
        return;
    }
    std::string shared = "NIL";
    if (!m_config.sharedPrefix.empty()) {
        bool any = !m_store.sharedWith(m_owner).empty() || !m_store.sharedWith(m_user).empty();
        if (any) shared = "((" + imapString(m_config.sharedPrefix + "/") + " \"/\"))";
    }
    untagged("NAMESPACE ((\"\" \"/\")) NIL " + shared);
    ok(cmd, "Namespace completed.");
}

}  // namespace postino::imap
