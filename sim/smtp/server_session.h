// Sans-I/O SMTP server session (the smtpd of one connection): bytes in, reply bytes and events out.
// RFC 5321 (3, 4.1, 4.2, 4.3.2, 4.5.2), RFC 1870 SIZE, RFC 2920 PIPELINING, RFC 6152 8BITMIME,
// RFC 3461 DSN, RFC 2034/3463 enhanced codes, RFC 4954 AUTH PLAIN/LOGIN. No sockets, clocks,
// threads or exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "smtp/line_reader.h"
#include "smtp/server_types.h"

// Deliberate choices (see also the reply texts in server_commands.cpp, taken from Postfix 3.x):
// - A bare LF in a command or AUTH line gets "550 5.5.2 <host> Error: bare <LF> received" and
//   the session closes, as Postfix 3.9 does with smtpd_forbid_bare_newline = reject.
// - In DATA a bare LF or bare CR is ordinary content: only CRLF ends a line and only
//   CRLF.CRLF ends the data, so "\n.\n" and friends can never smuggle a second message.
// - An unknown verb gets "500 5.5.2 Error: command not recognized" (Postfix; RFC 5321 4.2.4).
// - A command line with a NUL byte gets "500 5.5.2 Error: bad syntax" and does nothing (Postfix
//   cuts such a line at the NUL; refusing it keeps "HELO bad\0host" from greeting as "bad").
// - A command line over 1012 octets gets "500 5.5.0 Error: command line too long": RFC 5321's
//   512 plus the 500 that RFC 3461 4 adds for NOTIFY and ORCPT (Postfix takes 2048 and more).
// - DSN parameters are checked as Postfix 3.7 does, with its replies: a bad or repeated RET or
//   ENVID gets "501 5.5.4 Bad RET|ENVID parameter syntax", a bad or repeated NOTIFY or ORCPT
//   "501 5.5.4 Error: Bad NOTIFY|ORCPT parameter syntax", any other parameter (NOTIFY on MAIL,
//   RET on RCPT, a keyword without "=") "555 5.5.4 Unsupported option: <it>"; the first bad one
//   in the line is the one answered, before any check of the recipient itself. A recipient
//   given twice keeps its first DSN parameters.
// - A DATA line over 1000 octets is accepted and kept whole, as Postfix does (RFC 5321
//   4.5.3.1.6 sets the limit for senders; Postfix 3.7 takes a 5000-octet line and delivers it
//   unchanged). Memory stays bounded: data over maxMessageSize is read to the end, not stored,
//   and refused with 552 5.3.4, so the session never loses sync.
// - VRFY refuses an unknown local user with RCPT's 550 5.1.1 and answers 252 for anything it
//   cannot verify (remote domains, existing users), as Postfix does; it never answers 250.
// - A failed AUTH answers "535 5.7.8 Error: authentication failed: (reason unavailable)" two
//   seconds late (Postfix with Dovecot SASL: Dovecot's auth_failure_delay = 2 s); the engine
//   only says so through takeReplyDelay(), the node does the waiting.
// - Errors are counted as Postfix does: from the 10th on (smtpd_soft_error_limit) every reply
//   comes 1 s late (smtpd_error_sleep_time); a delivered mail starts the count again.
// - With rejectSenderLoginMismatch, an authenticated user who uses a MAIL FROM address they do
//   not own gets "553 5.7.1 <x@y>: Sender address rejected: not owned by user alice@..." at each
//   RCPT, as Postfix 3.7 answers with reject_sender_login_mismatch and smtpd_delay_reject = yes.
// - A local recipient the node refuses (ServerPolicy::refuseRecipient: a full mailbox) gets the
//   node's own reply at RCPT, asked with MAIL FROM's SIZE=, as Postfix does with Dovecot's
//   quota-status policy service. At the end of DATA the node is asked again with the real size:
//   when no recipient can take the message, the first refusal is the answer (552 5.2.2: the
//   sender keeps the mail); when one can, the mail is queued for all of them and the node keeps
//   it for the others (Postfix would accept it too and learn of the full mailbox from LMTP).
// - 20 error replies (Postfix smtpd_hard_error_limit) end the session with 421 4.7.0.
// - No junk-command limit: 1,000 pipelined NOOPs are fine.
// - STARTTLS (RFC 3207) answers as Postfix 3.7: "220 2.0.0 Ready to start TLS"; with arguments
//   "501 5.5.4 Syntax: STARTTLS"; inside TLS "554 5.5.1 Error: TLS already active"; without a
//   certificate "502 5.5.1 Error: command not implemented". Bytes pipelined after it are dropped
//   unread (Postfix purges its input; CVE-2011-0411), and the session starts again: no HELO, no
//   login, no transaction (RFC 3207 4.2). With tlsRequired every command but EHLO, HELO,
//   STARTTLS, RSET, NOOP and QUIT gets "530 5.7.0 Must issue a STARTTLS command first" before
//   any other check; with tlsAuthOnly, AUTH outside TLS gets "503 5.5.1 Error: authentication
//   not enabled" and is not advertised (both as a real Postfix answered on loopback).
// - The node may answer the end of DATA later (ServerPolicy::answersLater / checkMessage: the
//   SPF, DKIM and DMARC look-ups of a receiving server, as a Postfix milter answers after its
//   own DNS queries): the session then reads no command until the answer is decided; commands
//   pipelined after the final "." wait and are answered after it, in order (RFC 2920 3.1).
//   An idle timeout meanwhile ends the session (421) and the node's answer goes nowhere.

namespace postino::smtp {

// Session states; bit values so the command table can list the allowed ones.
enum class ServerState : unsigned {
    NoHelo = 1u << 0,  // greeted, no HELO/EHLO yet
    Ready = 1u << 1,   // HELO/EHLO done, no transaction
    Mail = 1u << 2,    // MAIL accepted, no recipient yet
    Rcpt = 1u << 3,    // at least one recipient accepted
    Data = 1u << 4,    // reading message content after 354
    Closed = 1u << 5,  // 221 or 421 sent; input is ignored
};

inline constexpr int kSoftErrorLimit = 10;    // Postfix smtpd_soft_error_limit
inline constexpr int kHardErrorLimit = 20;    // Postfix smtpd_hard_error_limit
inline constexpr Duration kErrorSleep = Duration::seconds(1);         // Postfix smtpd_error_sleep_time
inline constexpr Duration kAuthFailureDelay = Duration::seconds(2);   // Dovecot auth_failure_delay
inline constexpr std::size_t kMaxRecipients = 1000;  // Postfix smtpd_recipient_limit
// A command line may carry DSN parameters: RFC 3461 4 lets RCPT TO grow by 500 octets.
inline constexpr std::size_t kServerCommandLineLimit = kCommandLineLimit + 500;  // incl. CRLF

class ServerSession {
public:
    ServerSession(const ServerConfig& config, ServerPolicy& policy, std::string peerIp);

    // Queues the greeting "220 <hostname> ESMTP Postino". feed() calls it if needed.
    void start();
    // Any bytes, any split. Replies are queued in order, one per complete line.
    void feed(std::string_view bytes);
    // The node's idle timer fired: "421 4.4.2 <host> Error: timeout exceeded", then close.
    void onTimeout();

    // The node decided a message it answers later (ServerPolicy::checkMessage): the reply is
    // queued, then the commands that came meanwhile are read. Nothing when nothing is waiting.
    // takeOutput() and feed() do it too.
    void notify();
    // The end of DATA waits for the node's answer.
    bool awaitingAnswer() const { return m_pending != nullptr; }

    std::string takeOutput();
    std::vector<ServerEvent> takeEvents();
    // How long the node should hold back the output it takes now (and what follows it)
    // before sending it: 2 s after a failed AUTH, 1 s per reply past the soft error limit.
    // Empty when the replies may go at once. Each delay is reported once.
    std::optional<Duration> takeReplyDelay();
    bool wantsClose() const { return m_state == ServerState::Closed; }
    // STARTTLS was accepted: once the "220 2.0.0 Ready to start TLS" just taken is sent, the
    // connection must turn to TLS (the glue starts the handshake). Reported once. Whatever the
    // client sent after STARTTLS in the same breath was dropped, never read (CVE-2011-0411).
    bool takeStartTls() { return std::exchange(m_startTls, false); }
    // The session is inside TLS (after STARTTLS, or from the start on an implicit-TLS port).
    bool tlsActive() const { return m_tls; }

    ServerState state() const { return m_state; }
    const std::string& authUser() const { return m_authUser; }
    int errorCount() const { return m_errors; }

    // One row of the command table (public so the table in server_commands.cpp can name it).
    using Handler = void (ServerSession::*)(std::string_view args);

private:
    enum class Mode { Command, Data, AuthPlain, AuthLoginUser, AuthLoginPassword };

    // server_session.cpp: the input loop, replies, DATA
    void onLine(const std::string& line);
    void onLineError(LineError error);
    void onCommand(std::string_view line);
    void onDataLine(std::string_view line, bool continues);
    void finishData();
    void answerData(const std::string& queueId, const std::string& refusal);
    void resolvePending();
    std::string refusalOfEveryRecipient();
    void appendData(std::string_view bytes);
    void reply(int code, std::string_view enhanced, std::string_view text);
    void replyLines(int code, const std::vector<std::string>& lines);
    void event(ServerEvent::Kind kind, int code, std::string text);
    void close();
    void resetTransaction();
    void enterMode(Mode mode);
    bool isLocalAddress(std::string_view address);
    // Sends a policy's reply line ("552 5.2.2 text"); one that is not a 4xx/5xx reply becomes
    // Postfix's "451 4.3.5 Server configuration problem".
    void replyRefusal(std::string_view line);

    // server_commands.cpp: one handler per verb
    friend struct CommandTable;
    void cmdEhlo(std::string_view args);
    void cmdHelo(std::string_view args);
    void cmdMail(std::string_view args);
    void cmdRcpt(std::string_view args);
    void cmdData(std::string_view args);
    void cmdRset(std::string_view args);
    void cmdNoop(std::string_view args);
    void cmdQuit(std::string_view args);
    void cmdVrfy(std::string_view args);
    void cmdHelp(std::string_view args);
    void cmdStarttls(std::string_view args);

    // server_auth.cpp: RFC 4954
    void cmdAuth(std::string_view args);
    void onAuthLine(std::string_view line);
    void finishAuth(std::string_view authzid, std::string_view user, std::string_view password);
    void abortAuth(int code, std::string_view enhanced, std::string_view text);

    ServerConfig m_config;
    ServerPolicy& m_policy;
    std::string m_peerIp;

    LineReader m_reader{kServerCommandLineLimit};
    Mode m_mode = Mode::Command;
    ServerState m_state = ServerState::NoHelo;
    bool m_started = false;
    std::string m_output;
    std::vector<ServerEvent> m_events;
    int m_errors = 0;
    Duration m_replyDelay;  // not yet taken by takeReplyDelay()

    // session
    std::string m_heloName;
    bool m_esmtp = false;
    std::string m_authUser;
    std::string m_authPendingUser;  // AUTH LOGIN: user name between the two 334s
    bool m_tls = false;             // inside TLS
    bool m_startTls = false;        // STARTTLS accepted, not yet taken by the glue

    // transaction
    std::string m_mailFrom;
    std::vector<std::string> m_rcptTo;
    std::vector<RecipientDsn> m_rcptDsn;  // parallel to m_rcptTo
    std::string m_ret;                    // DSN RET=, "" when not given
    std::string m_envid;                  // DSN ENVID=, decoded
    bool m_smtputf8 = false;
    bool m_body8bit = false;
    std::uint64_t m_sizeHint = 0;  // MAIL FROM's SIZE=, 0 when not given
    std::string m_data;
    bool m_dataTooBig = false;
    bool m_dataMidLine = false;  // the last DATA piece was part of a longer line

    // end of DATA waiting for the node's answer (checkMessage)
    std::shared_ptr<PendingMessage::Decision> m_pending;
    std::string m_heldInput;  // what the client sent meanwhile (pipelined commands), read afterwards
};

}  // namespace postino::smtp
