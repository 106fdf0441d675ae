// Sans-I/O POP3 server session (one connection): bytes in, reply bytes and events out.
// RFC 1939 (3-7, 8 UIDL/TOP/USER/PASS), RFC 2449 (CAPA, RESP-CODES), RFC 3206 (AUTH code),
// RFC 5034 (AUTH PLAIN), RFC 2595 4 (STLS). No sockets, clocks, threads, exceptions, and no knowledge of the store.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "pop3/server_types.h"
#include "pop3/wire.h"
#include "smtp/line_reader.h"

// Deliberate choices (reply texts are Dovecot 2.3's, checked against dovecot-pop3d 2.3.19):
// - A command in the wrong state is answered as Dovecot does: "-ERR Unknown command." before
//   login, "-ERR Unknown command: VERB" after it. Verbs are case-insensitive; the argument is
//   what follows the first space.
// - Lines may end in CRLF or a bare LF (Dovecot accepts both). A line over 1024 octets
//   before login gets "-ERR Input buffer full, aborting", one over 2048 after login
//   "-ERR Input line too long."; either way the session closes (both as Dovecot).
// - Before login, 3 unknown commands in a row end the session ("-ERR Too many invalid bad
//   commands."); after login, more than 20 -ERR replies in a row do ("-ERR Too many bad
//   commands."). Any successful command resets the count; 1,000 pipelined NOOPs are fine.
// - PASS clears the USER name whatever its outcome. A locked maildrop (openMaildrop() ==
//   nullptr) gets "-ERR [IN-USE] ..." and the session closes, as Dovecot does.
// - Only QUIT in TRANSACTION enters UPDATE. A timeout or a dropped connection commits nothing.
// - STLS (RFC 2595 4) answers as Dovecot 2.3.19 (tests/corpus/tls/dovecot-pop3.txt): "+OK Begin
//   TLS negotiation now." (arguments ignored), "-ERR TLS is already active." inside TLS, "-ERR TLS
//   support isn't enabled." without a certificate, "-ERR Unknown command: STLS" after login. CAPA
//   lists STLS before TLS only. Bytes pipelined after STLS are dropped unread (CVE-2011-0411;
//   Dovecot hands them to its TLS layer, where they break the handshake: never read either), and
//   a USER given in clear is forgotten. Without allowPlaintextAuth, USER/PASS/AUTH PLAIN are
//   refused until TLS with Dovecot's words, and CAPA lists no USER and an empty SASL.

namespace postino::pop3 {

enum class ServerState : unsigned {
    Authorization = 1u << 0,  // greeted, not logged in (RFC 1939 4)
    Transaction = 1u << 1,    // logged in, maildrop open (RFC 1939 5)
    Closed = 1u << 2,         // signed off or hung up; input is ignored
};

inline constexpr int kMaxLoginBadCommands = 3;    // Dovecot login-common CLIENT_MAX_BAD_COMMANDS
inline constexpr int kMaxBadCommands = 20;        // Dovecot pop3 CLIENT_MAX_BAD_COMMANDS
// How long the answer to a failed PASS or AUTH waits, with the session's input held back
// meanwhile (Dovecot's auth_failure_delay). See ServerSession::takeReplyDelay().
inline constexpr postino::Duration kAuthFailureDelay = postino::Duration::seconds(2);

class ServerSession {
public:
    ServerSession(const ServerConfig& config, Pop3Policy& policy);

    // Queues the greeting "+OK <hostname> POP3 Postino ready.". feed() calls it if needed.
    void start();
    // Any bytes, any split. Replies are queued in order, one per complete line.
    void feed(std::string_view bytes);
    // The node's idle timer fired (RFC 1939 3 autologout): "-ERR Disconnected for
    // inactivity." and close, without entering UPDATE.
    void onTimeout();

    std::string takeOutput();
    std::vector<ServerEvent> takeEvents();
    bool wantsClose() const { return m_state == ServerState::Closed; }
    // After a failed PASS or AUTH: kAuthFailureDelay, once. The glue holds the output it has
    // just taken for that long, feeds nothing meanwhile, then calls feed() (with no bytes if
    // none came) so that input the session held back since the failure is processed. A glue
    // that never asks just goes on without the delay.
    std::optional<postino::Duration> takeReplyDelay();
    // STLS was accepted: once the "+OK Begin TLS negotiation now." just taken is sent, the
    // connection must turn to TLS (the glue starts the handshake). Reported once. Whatever the
    // client sent after STLS in the same breath was dropped, never read (CVE-2011-0411).
    bool takeStartTls() { return std::exchange(m_startTls, false); }
    // The session is inside TLS (after STLS, or from the start on port 995).
    bool tlsActive() const { return m_tls; }

    ServerState state() const { return m_state; }
    const std::string& user() const { return m_user; }  // "" until logged in
    // Messages marked by DELE and not yet unmarked by RSET.
    std::size_t markedCount() const;

    // One row of the command table (public so the table in server_commands.cpp can name it).
    using Handler = void (ServerSession::*)(std::string_view args);

private:
    enum class Mode { Command, AuthPlain };

    // server_session.cpp: the input loop, replies, close
    void process(std::string_view normalized);
    void authFailed(std::string user);  // the AuthFailed event, the delay, input held back
    void onLine(const std::string& line);
    void onLineTooLong();
    void onCommand(std::string_view line);
    void ok(std::string_view text);
    void err(std::string_view text);
    void multiline(std::string_view status, std::string_view body);
    void event(ServerEvent::Kind kind, std::size_t number, std::string text);
    void close();

    // server_commands.cpp: command table and TRANSACTION handlers (RFC 1939 5, 7; RFC 2449 5)
    friend struct CommandTable;
    void cmdCapa(std::string_view args);
    void cmdStat(std::string_view args);
    void cmdList(std::string_view args);
    void cmdUidl(std::string_view args);
    void cmdRetr(std::string_view args);
    void cmdTop(std::string_view args);
    void cmdDele(std::string_view args);
    void cmdRset(std::string_view args);
    void cmdNoop(std::string_view args);
    void cmdQuit(std::string_view args);
    void cmdStls(std::string_view args);
    bool parseMessageNumber(std::string_view& args, bool thenSpace, std::size_t& index);

    // server_auth.cpp: AUTHORIZATION (RFC 1939 4, 7 USER/PASS; RFC 5034 AUTH PLAIN)
    void cmdUser(std::string_view args);
    void cmdPass(std::string_view args);
    void cmdAuth(std::string_view args);
    void onAuthLine(std::string_view line);
    void finishPlain(std::string_view message);
    void login(const std::string& user, std::string_view password);
    bool plaintextRefused(std::string_view text);
    bool plaintextAllowed() const { return m_config.allowPlaintextAuth || m_tls; }

    ServerConfig m_config;
    Pop3Policy& m_policy;

    smtp::LineReader m_reader{kLoginLineLimit, smtp::BareLf::Reject};
    LineEndNormalizer m_normalizer;
    Mode m_mode = Mode::Command;
    ServerState m_state = ServerState::Authorization;
    bool m_started = false;
    std::string m_output;
    std::vector<ServerEvent> m_events;
    int m_badCommands = 0;        // consecutive; see the limits above
    bool m_commandFailed = false; // the current command got an -ERR
    bool m_replyDelayDue = false; // takeReplyDelay() has a delay to give
    bool m_holdInput = false;     // stop reading input until the next feed()
    std::string m_heldInput;      // normalized bytes received after a failed login, not yet read
    bool m_tls = false;           // inside TLS
    bool m_startTls = false;      // STLS accepted, not yet taken by the glue

    // AUTHORIZATION
    bool m_haveUser = false;
    std::string m_pendingUser;

    // TRANSACTION
    std::string m_user;
    std::unique_ptr<Maildrop> m_maildrop;
    std::vector<Maildrop::Entry> m_entries;
    std::vector<bool> m_deleted;
    std::size_t m_deletedCount = 0;
    std::size_t m_deletedSize = 0;
    std::size_t m_totalSize = 0;
};

}  // namespace postino::pop3
