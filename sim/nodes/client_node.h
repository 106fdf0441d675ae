// A mail client (MUA) node on one device: `send` builds an RFC 5322 message and
// submits it on port 587 with AUTH PLAIN; `check_mail` reads the account's mailbox
// over POP3 into a local copy, or keeps an IMAP cache in sync. It never relays. It knows its
// server by host name and finds its address before each connection (HostLookup).
#pragma once

#include "imap_client/client_session.h"
#include "nodes/client_sessions.h"
#include "nodes/download_carried.h"
#include "nodes/smtp_carried.h"
#include "nodes/host_lookup.h"
#include "nodes/mailbox_journal.h"
#include "nodes/node.h"
#include "pop3/client_session.h"
#include "smtp/client_session.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace postino::world {

// What one device holds for one account: the user sees these copies.
struct LocalMailbox {
    struct Message {
        std::string uid;  // the server's UIDL
        std::string data;
    };
    std::vector<Message> messages;
    std::set<std::string> knownUids;  // POP3 keep-on-server: already downloaded
};

class ClientNode : public Node {
public:
    explicit ClientNode(std::unique_ptr<NodeContext> context);
    void start() override;
    void perform(const scenario::Action& action) override;
    const LocalMailbox* localMailbox(const std::string& address) const;
    const imap_client::DeviceCache* imapCache(const std::string& address) const;

private:
    const scenario::ClientAccount* account(const std::string& address) const;
    // The host name this device is configured with for the account's server ("" if none).
    std::string serverName(const scenario::ClientAccount& account) const;
    // Finds the address of `host`, then `then(address)`; a failed look-up goes into the trace.
    void reach(const std::string& host, std::function<void(std::uint32_t)> then);
    void send(const scenario::Action& action);
    // Why a mail stayed in the outbox when the server's address could not be found.
    static trace::Phrase notSent(const std::string& subject, const HostLookup::Answer& answer);
    void submit(const scenario::ClientAccount& account, const std::string& subject, smtp::ClientJob job,
                std::uint32_t serverIp, const std::string& copy, const std::string& serverHost);
    // The account's TLS towards `serverHost`, as a mail program is set: by default STARTTLS / STLS
    // when the server offers it, "starttls" insists on it, "tls" is port 465 / 995 / 993 from the
    // first byte, "none" never asks (no TLS either when the lesson has none).
    ClientTlsUse accountTls(const scenario::ClientAccount& account, const std::string& serverHost);
    // The same for POP3 and IMAP, to the account's server.
    ClientTlsUse incomingTls(const scenario::ClientAccount& account) {
        return accountTls(account, serverName(account));
    }
    // Opens an IMAP session with the account's TLS (143, or 993 from the first byte).
    void startImap(const scenario::ClientAccount& account, std::uint32_t serverIp, imap_client::ClientJob job,
                   ClientSessions<imap_client::ClientSession>::Done done);
    void checkMail(const scenario::Action& action);
    void checkImap(const scenario::ClientAccount& account, const std::string& folder);
    void messageAction(const scenario::Action& action);
    // Stores `message` in a server folder over IMAP (a copy in Sent, a draft in Drafts); `what` is
    // the whole sentence for the timeline ("{} stores a copy of ... (IMAP APPEND)").
    void appendOverImap(const scenario::ClientAccount& account, const std::string& folder, std::vector<std::string> flags,
                        std::string message, trace::Phrase what);
    void appendTo(const scenario::ClientAccount& account, const std::string& folder, imap_client::ClientJob job,
                  std::uint32_t serverIp);
    // Reports `folder` of the device's cache after an IMAP session ended.
    void finishImap(const scenario::ClientAccount& account, const std::string& folder,
                    imap_client::ClientSession& engine, std::uint32_t connection, std::string_view transportError);
    void finishPop3(const scenario::ClientAccount& account, pop3::ClientSession& engine, std::uint32_t connection,
                    std::string_view transportError);

    HostLookup m_lookup;
    ClientSessions<smtp::ClientSession> m_smtp;
    SmtpCarried m_smtpCarried{*this};  // what its SMTP sessions carry, for the trace
    DownloadCarried m_downloadCarried{*this};  // the APPEND literals its IMAP sessions write
    ClientSessions<pop3::ClientSession> m_pop3;
    ClientSessions<imap_client::ClientSession> m_imap;
    std::map<std::string, LocalMailbox> m_local;  // POP3 copies, by account address
    std::map<std::string, imap_client::DeviceCache> m_imapCaches;  // IMAP caches, by account address
    MailboxJournal m_journal;  // what the device's copies hold over time, for the mailbox inspector
    std::uint64_t m_messagesWritten = 0;  // serial number in the Message-IDs this device writes
};

}  // namespace postino::world
