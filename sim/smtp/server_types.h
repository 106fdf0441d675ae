// Plain types around the SMTP server engine: its configuration, the policy the node
// supplies, the message handed over at the end of DATA, and the events it reports.
// RFC 5321 3.3 (mail transaction), 4.1.1 (commands), RFC 3461 4 (DSN parameters). No behaviour beyond defaults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.h"
#include "smtp/dsn.h"

namespace postino::smtp {

struct ServerConfig {
    std::string hostname;                  // "mx.example.org": greeting, EHLO, 421 texts
    bool submission = false;               // port 587: AUTH PLAIN LOGIN advertised and required before MAIL
    std::size_t maxMessageSize = 10240000; // SIZE limit in octets; 0 = no limit
    // Postfix smtpd_sender_restrictions = reject_sender_login_mismatch (the usual submission
    // setting): an authenticated client may send only from an address the policy says the user
    // owns (ServerPolicy::ownsSender); the null sender <> is always allowed. Refused, as Postfix
    // does by default (smtpd_delay_reject = yes), at each RCPT with 553 5.7.1.
    bool rejectSenderLoginMismatch = false;
    // TLS (RFC 3207 STARTTLS, RFC 8314 implicit TLS), as Postfix's settings name it:
    // tlsOffered: the node has a certificate, STARTTLS is advertised (smtpd_tls_security_level = may);
    // tlsRequired: nothing but EHLO/HELO/STARTTLS/RSET/NOOP/QUIT before it, each other command
    //   answered "530 5.7.0 Must issue a STARTTLS command first" (= encrypt, the submission port);
    // tlsAuthOnly: AUTH neither advertised nor taken outside TLS (smtpd_tls_auth_only = yes);
    // implicitTls: the connection is TLS from its first byte (port 465): no STARTTLS.
    bool tlsOffered = false;
    bool tlsRequired = false;
    bool tlsAuthOnly = false;
    bool implicitTls = false;
};

// A mail transaction the server has accepted (RFC 5321 3.3). `data` is the content
// as received, dot-unstuffed, CRLF line ends, without the final ".CRLF".
struct AcceptedMessage {
    std::string mailFrom;                  // "" for the null reverse-path <>
    std::vector<std::string> rcptTo;       // accepted recipients, in order, no duplicates
    std::string data;
    std::string heloName;
    std::string authUser;                  // "" when the session did not authenticate
    std::string peerIp;
    bool esmtp = false;                    // EHLO (true) or HELO (false)
    bool tls = false;                      // it came inside TLS (the Received: line's ESMTPS)
    bool smtputf8 = false;                 // MAIL FROM carried SMTPUTF8 (RFC 6531)
    bool body8bit = false;                 // MAIL FROM carried BODY=8BITMIME (RFC 6152)
    // DSN (RFC 3461), as the client gave it; empty when it gave none.
    std::string ret;                       // MAIL FROM's RET=: "FULL", "HDRS" or ""
    std::string envid;                     // MAIL FROM's ENVID=, xtext decoded
    std::vector<RecipientDsn> rcptDsn;     // RCPT TO's NOTIFY= and ORCPT=, one per rcptTo entry
};

// The end-of-DATA answer the node gives later (after DNS look-ups for SPF, DKIM and DMARC): the
// session hands one to ServerPolicy::checkMessage and reads no further command until it is
// decided. Copyable; when the session is gone (the client hung up, a timeout) it answers nothing.
class PendingMessage {
public:
    struct Decision {
        bool decided = false;
        std::string queueId;  // accepted as this id
        std::string refusal;  // or refused with this reply line ("550 5.7.1 ...")
    };
    PendingMessage() = default;
    explicit PendingMessage(std::weak_ptr<Decision> d) : m_decision(std::move(d)) {}
    // The client still waits for the answer: only then may the node take the message.
    bool waiting() const {
        const auto d = m_decision.lock();
        return d && !d->decided;
    }
    // "250 2.0.0 Ok: queued as <id>" (an empty id: 451 4.3.0, as from acceptMessage).
    void accept(std::string queueId) { decide(std::move(queueId), {}); }
    // The whole reply line without CRLF, a 4xx or 5xx code first ("550 5.7.1 rejected by DMARC
    // policy for bank.example"); anything else becomes 451 4.3.5.
    void refuse(std::string replyLine) { decide({}, std::move(replyLine)); }

private:
    void decide(std::string id, std::string refusal) {
        const auto d = m_decision.lock();
        if (!d || d->decided) return;
        d->decided = true;
        d->queueId = std::move(id);
        d->refusal = refusal.empty() && d->queueId.empty() ? std::string() : std::move(refusal);
    }
    std::weak_ptr<Decision> m_decision;
};

// What the node decides. Called synchronously from feed(); must not call back into
// the session (a later answer goes through PendingMessage).
class ServerPolicy {
public:
    virtual ~ServerPolicy() = default;
    // `domain` arrives lower-cased.
    virtual bool isLocalDomain(std::string_view domain) = 0;
    // Full address as the client wrote it ("Alice@Example.org"), or a bare local part.
    virtual bool isLocalUser(std::string_view address) = 0;
    // May this client (by IP) relay to other domains without AUTH? Postfix's
    // permit_mynetworks: an office server relaying through its provider.
    virtual bool mayRelayFor(std::string_view peerIp) { (void)peerIp; return false; }
    // Does this server take mail for `domain` (lower-cased) from anyone and pass it on?
    // Postfix's relay_domains: a backup MX.
    virtual bool isRelayDomain(std::string_view domain) { (void)domain; return false; }
    // `user` is the full address the client authenticated as.
    virtual bool checkPassword(std::string_view user, std::string_view password) = 0;
    // May `user` (as authenticated) send with MAIL FROM:<sender>? Postfix's
    // smtpd_sender_login_maps; by default a user owns only their own address.
    virtual bool ownsSender(std::string_view user, std::string_view sender) {
        return equalsIgnoreCaseAscii(user, sender);
    }
    // A local recipient (one isLocalUser accepted, or postmaster) that cannot take a message of
    // `size` octets, refused in the node's own words: the whole reply line without CRLF, a 4xx or
    // 5xx code first ("552 5.2.2 <bob@b.example>: Recipient address rejected: ..." for a full
    // mailbox, as Postfix says with Dovecot's quota-status policy); "" when it can. Asked at RCPT
    // with MAIL FROM's SIZE= (0 when the client gave none) and at the end of DATA with the size
    // of the message received.
    virtual std::string refuseRecipient(std::string_view address, std::uint64_t size) {
        (void)address;
        (void)size;
        return {};
    }
    // A server that is failing on purpose (a lesson's smtp_error): the reply line to give instead
    // of the greeting (421/554: the session then ends), of MAIL's 250, or of RCPT's 250; "" when
    // all is well. At the end of DATA the node answers through refuseMessage.
    enum class Stage { Greeting, Mail, Rcpt };
    virtual std::string outage(Stage stage) {
        (void)stage;
        return {};
    }
    // The whole message refused at the end of DATA, before it is taken: the reply line as for
    // refuseRecipient ("554 5.4.6 Error: too many hops" for a message that has looped), or "".
    virtual std::string refuseMessage(std::string_view data) {
        (void)data;
        return {};
    }
    // Take ownership of the message; return its queue id, or "" to refuse it
    // (the client then gets 451 4.3.0 and may retry).
    virtual std::string acceptMessage(AcceptedMessage&& message) = 0;
    // Whether the node needs time before it answers this message's end of DATA (DNS look-ups:
    // SPF, DKIM, DMARC). Then checkMessage takes it instead of acceptMessage, and the session
    // waits, reading nothing more, until `answer` is decided; its reply then comes out of the
    // next takeOutput() (after feed() or notify()).
    virtual bool answersLater(const AcceptedMessage& message) {
        (void)message;
        return false;
    }
    virtual void checkMessage(AcceptedMessage&& message, PendingMessage answer) {
        answer.accept(acceptMessage(std::move(message)));
    }
};

struct ServerEvent {
    enum class Kind {
        CommandReceived,  // text = verb, upper-cased (never arguments: AUTH carries secrets)
        AuthSucceeded,    // text = user
        AuthFailed,       // text = user tried ("" when the exchange was malformed)
        MessageAccepted,  // text = queue id
        Rejected,         // code + text = a 4xx/5xx reply line without CRLF
    };
    Kind kind;
    int code = 0;
    std::string text;
};

}  // namespace postino::smtp
