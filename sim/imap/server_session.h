// Sans-I/O IMAP4rev1 server session (one connection): bytes in, response bytes and events out,
// serving a mail::MailStore that other sessions (and SMTP delivery) change at the same time.
// RFC 3501 (states 3, commands 6, responses 7, 7.4.1 expunge rules), RFC 7888 LITERAL+,
// RFC 2177 IDLE, RFC 6851 MOVE, RFC 4315 UIDPLUS, RFC 2342 NAMESPACE, RFC 4959 SASL-IR,
// RFC 3691 UNSELECT, RFC 6154 SPECIAL-USE, RFC 2971 ID, RFC 3501 6.2.1 / RFC 9051 6.2.1
// STARTTLS and LOGINDISABLED, RFC 5530 PRIVACYREQUIRED. No sockets, clocks, threads or exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "imap/command_reader.h"
#include "imap/imap_parser.h"
#include "imap/imap_types.h"

namespace postino::mail {
class MailStore;
class Mailbox;
struct Folder;
struct StoredMessage;
}  // namespace postino::mail

// Deliberate choices (reply texts follow Dovecot 2.3, without its timing suffix):
// - Pre-login, a command that needs a login gets "BAD Error in IMAP command received by
//   server." like imap-login; the third BAD before login ends the session with BYE.
// - After login, 20 BADs in a row end the session ("* BYE Too many invalid IMAP commands.").
// - A line over 64 KiB gets "BAD Error in IMAP command X: Too long argument." and the session
//   goes on. A synchronizing literal over the limit is refused before "+ OK"; a
//   non-synchronizing one cannot be refused in band, so the session answers BAD and BYE.
// - Changes by other sessions are reported before each tagged reply (and at once while
//   IDLE); EXPUNGE is held back during FETCH, STORE and SEARCH (RFC 3501 7.4.1). A message
//   expunged elsewhere but not yet reported answers FETCH from the session's view (UID,
//   FLAGS; NIL content and "OK [EXPUNGEISSUED] Some messages were already expunged." when
//   content was asked) and STORE changes the view, both OK; COPY and MOVE refuse it with
//   "NO [EXPUNGEISSUED] Some of the requested messages no longer exist." (Dovecot 2.3.19).
// - APPEND, COPY, or MOVE into another mailbox, past the target mailbox's quota: "NO
//   [OVERQUOTA] Quota exceeded (mailbox for user is full)."; a synchronizing APPEND literal
//   is refused so before "+ OK", as Dovecot does.
// - Where we part from Dovecot: CREATE "a/b" also creates "a" as a real folder (RFC 3501
//   6.3.3 SHOULD; Dovecot shows a \Noselect "a"); LIST answers INBOX first, then in name
//   order; an invalid Content-Type reads as text/plain (RFC 2045 5.2); BODY[0] is BAD;
//   RENAME INBOX moves its messages (RFC 3501 6.3.5; Dovecot refuses); the \Noselect name a
//   DELETE leaves goes with its last sub-folder (Dovecot's sdbox keeps an empty directory).
// - STARTTLS answers as Dovecot 2.3.19's imap-login (tests/corpus/tls/dovecot-imap.txt): "OK Begin
//   TLS negotiation now." (arguments ignored), "BAD TLS is already active." inside TLS, "BAD TLS
//   support isn't enabled." without a certificate (neither counts as a bad command), "BAD Error in
//   IMAP command STARTTLS: Unknown command." after login. The capabilities before TLS list
//   STARTTLS and, without allowPlaintextAuth, LOGINDISABLED instead of AUTH=PLAIN AUTH=LOGIN; a
//   LOGIN then gets "* BAD [ALERT] Plaintext authentication not allowed without SSL/TLS, ..." and
//   "NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS)
//   connections.", an AUTHENTICATE "NO [PRIVACYREQUIRED] Plaintext authentication disabled.".
//   Bytes pipelined after STARTTLS are dropped unread (CVE-2011-0411; Dovecot hands them to its
//   TLS layer, where they break the handshake: never read as commands either).

namespace postino::imap {

enum class SessionState : unsigned {
    NotAuthenticated = 1u << 0,
    Authenticated = 1u << 1,
    Selected = 1u << 2,
    Logout = 1u << 3,  // BYE sent; input is ignored
};

class ServerSession {
public:
    ServerSession(const ServerConfig& config, ImapPolicy& policy, mail::MailStore& store);
    ~ServerSession();

    // Queues the greeting "* OK [CAPABILITY ...] <host> Postino IMAP ready.". feed() calls it if needed.
    void start();
    // Any bytes, any split.
    void feed(std::string_view bytes);
    // The store changed (another session, a delivery). An IDLEing session reports it now;
    // otherwise the changes are reported with the next command.
    void notify();
    // The node's inactivity timer fired: "* BYE Disconnected for inactivity.", then close.
    void onTimeout();

    std::string takeOutput();
    std::vector<ImapEvent> takeEvents();
    bool wantsClose() const { return m_state == SessionState::Logout; }
    // After a failed LOGIN or AUTHENTICATE: kAuthFailureDelay, once. The glue holds the
    // output it has just taken for that long, feeds nothing meanwhile, then calls feed()
    // (with no bytes if none came) so that input the session held back since the failure
    // is processed. A pipelined guess therefore waits its turn; a glue that never asks
    // just goes on without the delay.
    std::optional<Duration> takeReplyDelay();
    // STARTTLS was accepted: once the "OK Begin TLS negotiation now." just taken is sent, the
    // connection must turn to TLS (the glue starts the handshake). Reported once. Whatever the
    // client sent after STARTTLS in the same breath was dropped, never read (CVE-2011-0411).
    bool takeStartTls() { return std::exchange(m_startTls, false); }
    // The session is inside TLS (after STARTTLS, or from the start on port 993).
    bool tlsActive() const { return m_tls; }

    SessionState state() const { return m_state; }
    const std::string& user() const { return m_user; }
    std::string selectedFolder() const;  // the IMAP name (UTF-8), "" when none
    bool idling() const { return m_mode == Mode::Idle; }

    // One parsed command, as the handlers see it.
    struct Command {
        std::string tag;
        std::string name;       // "FETCH", "UID FETCH"
        std::vector<Arg> args;  // after the name (after the sub-command for UID)
        bool uid = false;
    };
    using Handler = void (ServerSession::*)(Command& cmd);

    // The session's copy of one message of the selected folder (its sequence number is
    // its index + 1); flags as last reported to the client.
    struct ViewEntry {
        std::uint32_t uid = 0;
        std::uint8_t flags = 0;
        std::vector<std::string> keywords;
        bool recent = false;
    };

private:
    enum class Mode { Command, Idle, AuthPlain, AuthLoginUser, AuthLoginPassword };

    struct Selection {
        std::string owner;        // store key of the mailbox
        std::uint64_t folderId = 0;
        std::string name;         // IMAP name, UTF-8
        bool readOnly = false;
        std::uint32_t uidValidity = 0;
        std::vector<ViewEntry> view;
        std::uint64_t syncedModSeq = 0;
        std::size_t knownKeywords = 0;
        bool expungePending = false;
    };

    // A folder named by the client, resolved (box == nullptr: no such mailbox space).
    struct FolderRef {
        mail::Mailbox* box = nullptr;
        std::string folder;  // name inside box
        std::string imapName;
        bool namespaceRoot = false;  // "Shared" or "Shared/<owner>": a \Noselect node
    };

    // server_session.cpp: input loop, output, closing
    void process(std::string_view bytes);
    void refuseDroppedAppend(const std::string& text);  // the end of a LITERAL+ APPEND over the quota
    void authFailed();  // a failed login: delay the answer, hold back further input
    void onLiteral();
    bool overQuota(std::string_view appendArgs, std::uint64_t size);
    void onCommandText(const std::string& text);
    void onLineTooLong(const std::string& start);
    void onIdleLine(std::string_view line);
    void untagged(std::string_view text);
    void continuation(std::string_view text);
    void ok(const Command& cmd, std::string_view text);
    void no(const Command& cmd, std::string_view text);
    void bad(const Command& cmd, std::string_view text);            // "Error in IMAP command X: text."
    // Text as is. `counts`: toward the BAD limit (Dovecot counts syntax errors, not
    // "No mailbox selected." nor "Expected DONE.").
    void badPlain(std::string_view tag, std::string_view text, bool counts = true);
    void finish(const Command& cmd, std::string_view status, std::string_view text);
    void countBad();
    void event(ImapEvent::Kind kind, std::string folder = {}, std::uint32_t uid = 0, std::string text = {});
    void close();
    void enterMode(Mode mode);

    // imap_commands.cpp: table, dispatch, any-state commands, IDLE
    friend struct CommandTable;
    void dispatch(const std::string& text);
    void cmdCapability(Command& cmd);
    void cmdNoop(Command& cmd);
    void cmdLogout(Command& cmd);
    void cmdId(Command& cmd);
    void cmdIdle(Command& cmd);
    void cmdNamespace(Command& cmd);
    void cmdStarttls(Command& cmd);
    std::string capabilities() const;
    bool plaintextAllowed() const { return m_config.allowPlaintextAuth || m_tls; }

    // imap_commands_auth.cpp: LOGIN, AUTHENTICATE PLAIN/LOGIN (RFC 4959 SASL-IR)
    void cmdLogin(Command& cmd);
    void cmdAuthenticate(Command& cmd);
    void onAuthLine(std::string_view line);
    void finishLogin(const std::string& tag, const std::string& user, std::string_view password);

    // imap_commands_mailbox.cpp: SELECT EXAMINE CREATE DELETE RENAME SUBSCRIBE UNSUBSCRIBE STATUS APPEND
    void cmdSelect(Command& cmd);
    void cmdCreate(Command& cmd);
    void cmdDelete(Command& cmd);
    void cmdRename(Command& cmd);
    void cmdSubscribe(Command& cmd);
    void cmdStatus(Command& cmd);
    void cmdAppend(Command& cmd);

    // imap_commands_list.cpp: LIST LSUB
    void cmdList(Command& cmd);

    // imap_commands_fetch.cpp
    void cmdFetch(Command& cmd);

    // imap_commands_search.cpp
    void cmdSearch(Command& cmd);

    // imap_commands_store.cpp: STORE COPY MOVE EXPUNGE CLOSE UNSELECT CHECK
    void cmdStore(Command& cmd);
    void cmdCopy(Command& cmd);
    void cmdExpunge(Command& cmd);
    void cmdClose(Command& cmd);
    void cmdCheck(Command& cmd);

    // session_view.cpp: name resolution, the selected folder, untagged updates
    std::optional<std::string> mailboxName(const Command& cmd, const Arg& arg);  // decoded; replies on error
    FolderRef resolve(const std::string& imapName);
    mail::Folder* folderOf(const FolderRef& ref);
    bool isNoselect(const FolderRef& ref) const;  // a \Noselect name left by DELETE (imap_commands_mailbox.cpp)
    mail::Folder* selected();  // nullptr when none or gone
    void select(const FolderRef& ref, mail::Folder& folder, bool readOnly);
    void deselect();
    void syncView(bool allowExpunge);
    bool expungeAllowed(const Command& cmd) const;
    // Indexes into the view named by a sequence set (UIDs when cmd.uid); replies BAD and
    // returns nullopt for an invalid set.
    std::optional<std::vector<std::size_t>> resolveSet(const Command& cmd, const Arg& arg);
    std::string flagsResponse();            // "FLAGS (...)" of the selected folder
    std::string permanentFlagsResponse();   // "OK [PERMANENTFLAGS (...)] ..."
    void reportFlags(std::size_t index, const mail::StoredMessage& m, bool withUid);

    ServerConfig m_config;
    ImapPolicy& m_policy;
    mail::MailStore& m_store;

    CommandReader m_reader;
    Mode m_mode = Mode::Command;
    SessionState m_state = SessionState::NotAuthenticated;
    bool m_started = false;
    std::string m_output;
    std::vector<ImapEvent> m_events;
    int m_badCount = 0;
    std::string m_user;        // as the client logged in
    std::string m_owner;       // store key of the user's own mailbox
    std::string m_pendingTag;  // IDLE or AUTHENTICATE in progress
    std::string m_authUser;    // AUTHENTICATE LOGIN: the user between the two challenges
    std::optional<Selection> m_sel;
    bool m_replyDelayDue = false;  // takeReplyDelay() has a delay to give
    bool m_holdInput = false;      // stop reading input until the next feed()
    std::string m_heldInput;       // bytes received after a failed login, not yet read
    bool m_literalDropped = false; // the command being read is a LITERAL+ APPEND over the quota
    bool m_tls = false;            // inside TLS
    bool m_startTls = false;       // STARTTLS accepted, not yet taken by the glue
};

}  // namespace postino::imap
