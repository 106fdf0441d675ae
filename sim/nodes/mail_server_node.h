// A mail server (MTA) node in Postfix's stages: smtpd on ports 25 and 587 →
// cleanup (Received:, Message-ID, Date) → queue → queue manager (local delivery,
// or MX + A look-up, or the relay host, then SMTP). No open relay; bounces come later.
// Every mailbox has the scenario's quota_bytes (default 100 MiB): a local delivery that
// does not fit stays in the queue.
#pragma once

#include "mail/mail_store.h"
#include "nodes/node.h"
#include "nodes/resolver_client.h"
#include "nodes/client_sessions.h"
#include "nodes/mailbox_journal.h"
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
                       public imap::ImapPolicy {
public:
    MailServerNode(World& world, const scenario::Node& spec, net::NodeIndex index);
    void start() override;
    const mail::MailStore& store() const { return m_store; }
    const ResolverClient* resolver() const { return m_resolver.get(); }
    // A new SMTP engine bound to this server's policy (port 25, or 587 when submission).
    std::unique_ptr<smtp::ServerSession> newSmtpSession(bool submission, const std::string& peerIp);
    std::unique_ptr<pop3::ServerSession> newPop3Session();
    std::unique_ptr<imap::ServerSession> newImapSession();
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
    bool ownsSender(std::string_view user, std::string_view sender) override;
    std::string acceptMessage(smtp::AcceptedMessage&& message) override;

    // pop3::Pop3Policy (checkPassword is shared with SMTP)
    std::unique_ptr<pop3::Maildrop> openMaildrop(std::string_view user) override;

    // imap::ImapPolicy (checkPassword is shared with SMTP and POP3)
    std::string mailboxOf(std::string_view user) override;
    Time now() const override;

private:
    struct QueuedMail {
        std::string queueId;
        std::string messageId;
        std::string mailFrom;
        std::vector<std::string> pending;  // recipients not yet delivered
        std::string data;
    };

    void manage(const std::string& queueId);
    void deliverLocal(QueuedMail& mail, const std::string& rcpt);
    void relay(const std::string& queueId, const std::string& domain, std::vector<std::string> rcpts);
    void relayTo(const std::string& queueId, const std::string& domain, std::vector<std::string> rcpts,
                 std::vector<std::string> exchanges, std::size_t index);
    void connectAndSend(const std::string& queueId, const std::string& exchange, std::uint32_t ip,
                        std::vector<std::string> rcpts, std::function<void()> onConnectFailure);
    // The mail stays in the queue: `why` is the whole sentence ("cannot deliver to {} (...): the mail
    // stays in the queue"), one per reason so that it translates as a whole.
    void hold(const std::string& queueId, trace::Phrase why);
    void done(const std::string& queueId, const std::string& rcpt);
    std::string newQueueId();

    mail::MailStore m_store;
    ServerSessions<smtp::ServerSession> m_relayPort, m_submissionPort;
    ServerSessions<pop3::ServerSession> m_pop3Port;
    ServerSessions<imap::ServerSession> m_imapPort;
    std::set<std::string> m_pop3Locked;  // mailboxes a POP3 session holds (RFC 1939 8)
    MailboxJournal m_journal;  // the store's changes, for the mailbox inspector
    ClientSessions<smtp::ClientSession> m_outbound;
    std::unique_ptr<ResolverClient> m_resolver;
    std::map<std::string, QueuedMail> m_queue;
};

}  // namespace postino::world
