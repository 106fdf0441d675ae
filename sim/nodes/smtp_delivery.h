// The mail server's SMTP delivery agent (Postfix's smtp(8)): for one next-hop domain it looks up
// the MX hosts (or the relay host's address, by name), tries each host and each of its
// addresses in preference order in one attempt, speaks SMTP, and reports per recipient what
// happened — delivered onward, deferred or bounced — with Postfix's reasons. Decisions about
// retries and bounces stay with the queue manager.
#pragma once

#include "mta/queue_manager.h"
#include "nodes/client_sessions.h"
#include "nodes/host_lookup.h"
#include "nodes/resolver_client.h"
#include "smtp/client_session.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace postino::world {

class SmtpDelivery {
public:
    SmtpDelivery(Node& owner, ClientSessions<smtp::ClientSession>& sessions);
    // How the server finds addresses: its resolver for MX records, and A look-ups (or its
    // hosts file, without a resolver) for the relay host.
    void setLookup(HostLookup* lookup) { m_lookup = lookup; }
    // The relay host (smarthost) by host name; "" for none: MX look-ups then.
    void setRelayHost(std::string hostname) { m_relayHost = std::move(hostname); }

    void deliver(const mta::QueuedMessage& mail, const std::string& domain, const std::vector<std::string>& rcpts,
                 mta::QueueManager::Report done);

private:
    struct Exchange {
        std::string host;
        std::vector<std::uint32_t> addresses;  // filled by the A look-up
        bool looked = false;
    };
    struct Attempt {
        std::string queueId, messageId, sender, data, domain;
        std::vector<std::string> rcpts;
        std::vector<smtp::RecipientDsn> rcptDsn;  // NOTIFY= and ORCPT= passed on, per rcpts[i]
        std::string ret, envid;                   // RET= and ENVID= passed on
        std::vector<Exchange> exchanges;
        std::size_t exchange = 0, address = 0;
        std::string lastReason;        // why the last host could not take it
        bool lastPermanent = false;    // that failure was a 5xx
        std::string lastDiagnostic, lastStatus, lastRemote;
        mta::QueueManager::Report done;
    };
    using AttemptPtr = std::shared_ptr<Attempt>;

    void lookUpRelayHost(AttemptPtr a);
    void lookUpMx(AttemptPtr a);
    void onMx(AttemptPtr a, const ResolverClient::Outcome& o);
    void tryNext(AttemptPtr a);
    void connect(AttemptPtr a, const std::string& host, std::uint32_t ip);
    void onSession(AttemptPtr a, const std::string& host, std::uint32_t ip, const smtp::ClientResult& r,
                   std::uint32_t connection, std::string_view transportError);
    // The server fell silent for the reply timeout: this host failed, try the next one.
    void onTimeout(AttemptPtr a, const std::string& host, std::uint32_t ip, const smtp::ClientSession& engine,
                   std::uint32_t connection);
    // Every recipient ends the same way.
    void finishAll(AttemptPtr a, mta::Verdict verdict, const std::string& status, const std::string& reason,
                   const std::string& diagnostic = {}, const std::string& remote = {});

    Node& m_owner;
    ClientSessions<smtp::ClientSession>& m_sessions;
    HostLookup* m_lookup = nullptr;
    std::string m_relayHost;
};

}  // namespace postino::world
