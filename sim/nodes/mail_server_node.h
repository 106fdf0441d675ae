// A mail server (MTA) node in Postfix's stages: smtpd on ports 25 and 587 → cleanup
// (mta/cleanup) → the queue manager (mta/queue_manager: incoming, active, deferred; retries,
// bounces) → local delivery within the mailbox quota, or SMTP to the next hop (SmtpDelivery).
// It also breaks on purpose when a lesson says so: down, answering SMTP errors, a full mailbox.
#pragma once

#include "mail/mail_store.h"
#include "nodes/node.h"
#include "nodes/host_lookup.h"
#include "nodes/resolver_client.h"
#include "nodes/client_sessions.h"
#include "nodes/dkim_signer.h"
#include "nodes/download_carried.h"
#include "nodes/smtp_carried.h"
#include "nodes/mailbox_journal.h"
#include "nodes/sender_checks.h"
#include "nodes/smtp_delivery.h"
#include "mta/queue_manager.h"
#include "smtp/client_session.h"
#include "nodes/server_sessions.h"
#include "imap/server_session.h"
#include "pop3/server_session.h"
#include "smtp/server_session.h"

#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

namespace postino::world {

class MailServerNode : public Node,
                       public smtp::ServerPolicy,
                       public pop3::Pop3Policy,
                       public imap::ImapPolicy,
                       public mta::QueueManager::Host {
public:
    explicit MailServerNode(std::unique_ptr<NodeContext> context);
    void start() override;
    // node_down / node_up, smtp_error, mailbox_full.
    void perform(const scenario::Action& action) override;
    const mail::MailStore& store() const { return m_store; }
    ResolverClient* resolver() { return m_lookup.resolver(); }
    // A new SMTP engine bound to this server's policy (port 25, or 587 when submission).
    std::unique_ptr<smtp::ServerSession> newSmtpSession(bool submission, const std::string& peerIp,
                                                        bool implicitTls = false);
    // POP3 on 110 (995 when implicitTls), IMAP on 143 (993 when implicitTls).
    std::unique_ptr<pop3::ServerSession> newPop3Session(bool implicitTls = false);
    std::unique_ptr<imap::ServerSession> newImapSession(bool implicitTls = false);
    // Tells the simulated IMAP sessions (all but `exceptConnection`) that the store changed.
    void notifyImap(std::uint32_t exceptConnection = 0);

    // smtp::ServerPolicy
    bool isLocalDomain(std::string_view domain) override;
    bool isLocalUser(std::string_view address) override;
    // The reply refusing RCPT TO:<address> when that mailbox cannot take `size` more octets
    // (0: not even one, i.e. it is full): "552 5.2.2 <address>: Recipient address rejected:
    // Quota exceeded (mailbox for user is full)" (Postfix's words around Dovecot's quota
    // error); "" when it can, or when the address has no mailbox here. The SMTP engines ask it
    // through refuseRecipient; deliveries check the quota again (deliverLocal).
    std::string quotaRefusal(std::string_view address, std::uint64_t size = 0) const;
    std::string refuseRecipient(std::string_view address, std::uint64_t size) override {
        return quotaRefusal(address, size);
    }
    bool checkPassword(std::string_view user, std::string_view password) override;
    bool mayRelayFor(std::string_view peerIp) override;
    bool isRelayDomain(std::string_view domain) override;
    bool ownsSender(std::string_view user, std::string_view sender) override;
    std::string outage(Stage stage) override;
    std::string refuseMessage(std::string_view data) override;
    std::string acceptMessage(smtp::AcceptedMessage&& message) override;
    // check_senders: mail from the Internet waits for SPF, DKIM and DMARC (SenderChecks).
    bool answersLater(const smtp::AcceptedMessage& message) override;
    void checkMessage(smtp::AcceptedMessage&& message, smtp::PendingMessage answer) override;

    // mta::QueueManager::Host
    void deliverLocal(const mta::QueuedMessage& mail, const std::vector<std::string>& rcpts,
                      mta::QueueManager::Report done) override;
    void deliverRemote(const mta::QueuedMessage& mail, const std::string& domain, const std::vector<std::string>& rcpts,
                       mta::QueueManager::Report done) override;
    void queueEvent(trace::EventKind kind, trace::Phrase text, const std::string& messageId) override {
        event(kind, std::move(text), 0, messageId);
    }
    // Signs the bounces it writes when their From: domain has a DKIM key here.
    void originated(mta::QueuedMessage& mail) override;
    const mta::QueueManager& queue() const { return m_queue; }

    // pop3::Pop3Policy (checkPassword is shared with SMTP)
    std::unique_ptr<pop3::Maildrop> openMaildrop(std::string_view user) override;

    // imap::ImapPolicy (checkPassword is shared with SMTP and POP3)
    std::string mailboxOf(std::string_view user) override;
    Time now() const override;

private:
    mta::DeliveryOutcome deliverOne(const mta::QueuedMessage& mail, const std::string& address);
    void setDown(bool down) override;
    // Between cleanup and the queue (sim/nodes/mail_server_auth.cpp): the forward (virtual alias)
    // rewriting of the recipients, and the DKIM signature of mail its own users send.
    void rewriteForwards(mta::QueuedMessage& mail);
    void signOwnMail(mta::QueuedMessage& mail, const smtp::AcceptedMessage& in);

    mail::MailStore m_store;
    ServerSessions<smtp::ServerSession> m_relayPort, m_submissionPort;
    ServerSessions<smtp::ServerSession> m_submissionsPort;  // 465: TLS from the first byte (RFC 8314)
    ServerSessions<pop3::ServerSession> m_pop3Port;
    ServerSessions<imap::ServerSession> m_imapPort;
    std::set<std::string> m_pop3Locked;  // mailboxes a POP3 session holds (RFC 1939 8)
    MailboxJournal m_journal;  // the store's changes, for the mailbox inspector
    ClientSessions<smtp::ClientSession> m_outbound;
    SmtpCarried m_smtpCarried{*this};  // what its SMTP sessions carry, for the trace
    DownloadCarried m_downloadCarried{*this};  // what its POP3 and IMAP sessions send
    HostLookup m_lookup;  // its resolver (MX and A look-ups), or its hosts file
    SmtpDelivery m_smtpDelivery;
    mta::QueueManager m_queue;
    DkimSigner m_dkim;  // its "dkim" keys
    // A lesson's failures: an SMTP error until a time, full mailboxes until a time.
    int m_errorCode = 0;
    std::string m_errorText;
    Time m_errorUntil;
    std::map<std::string, Time> m_fullUntil;
    SenderChecks m_senderChecks;          // check_senders
    std::set<std::string> m_junkQueueIds;  // queued mail the checks file in Junk
};

}  // namespace postino::world
