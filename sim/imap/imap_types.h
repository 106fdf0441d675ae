// Plain types around the IMAP server engine: its configuration and limits, the policy the
// node supplies (passwords, which store mailbox a user owns, the clock) and the events it reports.
// RFC 3501 3 (states), RFC 7888 (literal limits). No behaviour beyond defaults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace postino::mail {
class MailStore;
class Mailbox;
}  // namespace postino::mail

namespace postino::imap {

inline constexpr std::size_t kMaxLineLength = 65536;              // one command line, CRLF included (Dovecot)
inline constexpr std::size_t kMaxAppendSize = 50u * 1024 * 1024;  // an APPEND literal
inline constexpr std::size_t kMaxOtherLiteral = kMaxLineLength;   // a literal in any other command
inline constexpr int kMaxBadBeforeLogin = 3;   // Dovecot imap-login: BYE on the third BAD
inline constexpr int kMaxBadCommands = 20;     // Dovecot imap: consecutive BADs before BYE
// How long the answer to a failed LOGIN or AUTHENTICATE waits, with the session's input
// held back meanwhile (Dovecot's auth_failure_delay). See ServerSession::takeReplyDelay().
inline constexpr Duration kAuthFailureDelay = Duration::seconds(2);
// APPEND, COPY or MOVE past the target mailbox's quota (Dovecot's quota_exceeded_message).
inline constexpr std::string_view kOverQuota = "[OVERQUOTA] Quota exceeded (mailbox for user is full)";

struct ServerConfig {
    std::string hostname;                       // "imap.example.org": greeting and BYE texts
    std::size_t maxAppendSize = kMaxAppendSize; // octets of one APPEND literal
    std::string sharedPrefix = "Shared";        // namespace of shared mailboxes ("Shared/<owner>/<folder>")
    // LOGIN and AUTHENTICATE outside TLS (Dovecot's disable_plaintext_auth = no). False: before
    // TLS the capabilities say LOGINDISABLED and a login gets "NO [PRIVACYREQUIRED] ...".
    bool allowPlaintextAuth = true;
    bool tlsOffered = false;   // a certificate: STARTTLS offered (RFC 3501 6.2.1)
    bool implicitTls = false;  // port 993: TLS from the first byte (RFC 8314 3.3)
};

// What the node decides. Called synchronously from feed(); must not call back into the session.
class ImapPolicy {
public:
    virtual ~ImapPolicy() = default;
    // `user` as the client sent it (LOGIN or AUTHENTICATE PLAIN).
    virtual bool checkPassword(std::string_view user, std::string_view password) = 0;
    // The store key of the user's own mailbox ("alice@example.org"); "" when the user has
    // none here. The default is the user name itself.
    virtual std::string mailboxOf(std::string_view user) { return std::string(user); }
    // Simulated now, for the INTERNALDATE of an APPEND without a date.
    virtual Time now() const { return Time::zero(); }
};

struct ImapEvent {
    enum class Kind {
        CommandReceived,  // text = command name, upper-cased ("UID FETCH"); never arguments
        LoggedIn,         // text = user
        AuthFailed,       // text = user tried ("" when the exchange was malformed)
        Selected,         // folder; text = "READ-WRITE" or "READ-ONLY"
        Fetched,          // folder, uid: message content (header or body) was sent
        FlagsChanged,     // folder, uid; text = the new flag list "(\Seen)"
        Expunged,         // folder, uid
        Appended,         // folder, uid
        Copied,           // folder = target, uid = new UID; text = source "INBOX:12"
        Moved,            // folder = target, uid = new UID; text = source "INBOX:12"
        MailboxCreated,   // folder
        MailboxDeleted,   // folder
        MailboxRenamed,   // folder = new name; text = old name
        IdleStarted,
        IdleDone,
        LoggedOut,
        Rejected,         // text = a BAD/NO/BYE line without CRLF
    };
    Kind kind;
    std::string folder;
    std::uint32_t uid = 0;
    std::string text;
};

// "LoggedIn", "Fetched", ...: for traces and test output.
constexpr std::string_view eventKindName(ImapEvent::Kind k) {
    using K = ImapEvent::Kind;
    switch (k) {
    case K::CommandReceived: return "CommandReceived";
    case K::LoggedIn: return "LoggedIn";
    case K::AuthFailed: return "AuthFailed";
    case K::Selected: return "Selected";
    case K::Fetched: return "Fetched";
    case K::FlagsChanged: return "FlagsChanged";
    case K::Expunged: return "Expunged";
    case K::Appended: return "Appended";
    case K::Copied: return "Copied";
    case K::Moved: return "Moved";
    case K::MailboxCreated: return "MailboxCreated";
    case K::MailboxDeleted: return "MailboxDeleted";
    case K::MailboxRenamed: return "MailboxRenamed";
    case K::IdleStarted: return "IdleStarted";
    case K::IdleDone: return "IdleDone";
    case K::LoggedOut: return "LoggedOut";
    case K::Rejected: return "Rejected";
    }
    return "?";
}

}  // namespace postino::imap
