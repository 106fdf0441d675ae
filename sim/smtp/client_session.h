// Sans-I/O SMTP client session that delivers one message, lock-step (one command, then its reply).
// RFC 5321 3.1-3.3, 4.1.1, 4.5.2 (dot-stuffing), 3.8 (421); RFC 1870 SIZE; RFC 6152; RFC 4954 AUTH PLAIN;
// RFC 3461 DSN parameters. No sockets, clocks, DNS or retries: the node decides what a failure means.
#pragma once

#include "tls/client_tls.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smtp/dsn.h"
#include "smtp/reply.h"

namespace postino::smtp {

// How the client uses TLS: tls::ClientTls (TLS from the first byte is port 465).
using tls::ClientTls;

struct ClientJob {
    std::string heloName;
    ClientTls tls = ClientTls::None;
    std::optional<std::pair<std::string, std::string>> auth;  // user, password: AUTH PLAIN with initial response
    std::string mailFrom;                                     // "" sends MAIL FROM:<>
    std::vector<std::string> rcptTo;
    std::string message;  // RFC 5322 text with CRLF line ends, not yet dot-stuffed
    // DSN (RFC 3461), sent only to a server that offers DSN, as Postfix's smtp client does;
    // to any other server they are left out and the mail goes without them.
    std::string ret;                    // "FULL" or "HDRS" (any case); "" sends no RET=
    std::string envid;                  // plain text, sent as xtext: printable US-ASCII, at most 100 octets
    std::vector<RecipientDsn> rcptDsn;  // for rcptTo[i]; may be shorter than rcptTo (the rest have none)
};

struct RecipientResult {
    std::string address;
    int code = 0;          // 0 when RCPT was never sent for it
    std::string enhanced;
    std::string text;
    bool accepted = false;
};

// "552 5.2.2 <bob@b.example>: Recipient address rejected: ..." — a RCPT reply as one line.
std::string describeRecipient(const RecipientResult& recipient);

struct ClientResult {
    bool success = false;   // the server took the message (for the accepted recipients)
    std::vector<RecipientResult> recipients;
    Reply finalReply;       // reply to the end of DATA, or the reply that made the session fail
    Reply mailFromReply;    // the reply to MAIL FROM (code 0 while unanswered)
    Reply dataReply;        // the reply to DATA (code 0 while unanswered)
    std::string failureReason;
    bool retryable = false; // the failure was temporary (4xx, or the connection broke)
    // Where the session failed, in Postfix's words for its logs and bounces: "initial greeting",
    // "EHLO", "STARTTLS", "MAIL FROM", "RCPT TO", "DATA", "end of DATA" ("" when it did not fail there).
    std::string failedAt;
    bool tls = false;       // the mail (or the attempt) went inside TLS
};

// The longest line the client sends, without its CRLF (RFC 5321 4.5.3.1.6, RFC 5322 2.1.1;
// Postfix smtp_line_length_limit = 998).
inline constexpr std::size_t kMaxSentLineOctets = 998;

// Normalises line ends to CRLF (a bare CR or LF becomes CRLF), makes sure the text
// ends with CRLF, breaks a line over 998 octets by inserting CRLF SPACE (each piece
// after the first starts with the space; Postfix's smtp client does the same), doubles
// a leading '.' on every line (RFC 5321 4.5.2) and appends the terminating ".CRLF".
// An empty message yields just ".CRLF".
std::string encodeDataBody(std::string_view message);

class ClientSession {
public:
    enum class Stage { Greeting, Ehlo, Helo, StartTls, TlsHandshake, Auth, Mail, Rcpt, Data, Body, Quit, Done };

    explicit ClientSession(ClientJob job);

    // Server bytes in any split. Each complete reply may queue the next command.
    void feed(std::string_view bytes);
    // The transport saw the server close the connection (or it broke).
    void connectionClosed();
    // The server said 220 to STARTTLS: the glue must start the TLS handshake now (and then call
    // tlsEstablished or tlsFailed). Reported once.
    bool takeStartTls() { return std::exchange(m_startTls, false); }
    // The handshake is done (after STARTTLS, or at once for implicit TLS): the client greets
    // again inside TLS (RFC 3207 4.2).
    void tlsEstablished();
    // The handshake failed (the certificate, or the stream): the session ends, `reason` says why.
    void tlsFailed(const std::string& reason);

    std::string takeOutput();
    bool finished() const { return m_stage == Stage::Done; }
    bool wantsClose() const { return m_stage == Stage::Done; }
    Stage stage() const { return m_stage; }
    const ClientResult& result() const { return m_result; }
    const ClientJob& job() const { return m_job; }

    // EHLO keywords the server offered (upper-case keyword -> parameters).
    const std::map<std::string, std::string>& extensions() const { return m_extensions; }

private:
    void onReply(const Reply& reply);
    void afterHello();
    void sendMail();
    void sendNextRcpt();
    std::string rcptCommand(std::size_t index) const;
    void send(std::string line);
    void fail(std::string reason, const Reply& reply, bool sendQuit);
    void quit();
    void parseExtensions(const Reply& reply);

    ClientJob m_job;
    std::string m_body;          // wire form of the DATA content incl. ".CRLF"
    std::size_t m_messageSize = 0;
    std::string m_invalid;       // why the job cannot be sent, found in the constructor
    ReplyParser m_parser;
    Stage m_stage = Stage::Greeting;
    std::string m_output;
    std::map<std::string, std::string> m_extensions;
    std::size_t m_nextRcpt = 0;
    ClientResult m_result;
    bool m_tls = false;       // inside TLS
    bool m_startTls = false;  // STARTTLS answered 220, not yet taken by the glue
};

}  // namespace postino::smtp
