// The queue manager of one mail server, as Postfix's qmgr(8): mail enters the incoming queue,
// becomes active for a delivery attempt (local and each next-hop domain at once), and ends per
// recipient delivered, relayed, bounced (one DSN back to the sender) or deferred — then it waits
// in the deferred queue for its backoff, until its lifetime runs out. Snapshots go to the trace.
#pragma once

#include "core/simulator.h"
#include "mta/dsn.h"
#include "mta/queued_message.h"
#include "scenario/scenario.h"
#include "trace/phrase.h"
#include "trace/trace.h"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace postino::mta {

class QueueManager {
public:
    using Report = std::function<void(std::vector<DeliveryOutcome>)>;

    // What the server around the queue manager does for it: its delivery agents and its voice.
    class Host {
    public:
        virtual ~Host() = default;
        virtual bool isLocalDomain(std::string_view domain) = 0;
        // Delivers to these local recipients; `done` gets one outcome per recipient (now or later).
        virtual void deliverLocal(const QueuedMessage& mail, const std::vector<std::string>& rcpts, Report done) = 0;
        // Delivers to these recipients of `domain` over SMTP (MX or relay host); `done` as above.
        virtual void deliverRemote(const QueuedMessage& mail, const std::string& domain,
                                   const std::vector<std::string>& rcpts, Report done) = 0;
        virtual void queueEvent(trace::EventKind kind, trace::Phrase text, const std::string& messageId) = 0;
        // A report this server wrote itself (a bounce, a delay or success notice), before it
        // enters the queue: the server may sign it (DKIM).
        virtual void originated(QueuedMessage& mail) { (void)mail; }
    };

    QueueManager(Simulator& sim, trace::Trace& trace, trace::NodeIndex node, const scenario::QueueSettings& settings,
                 std::string hostname, std::string language, Host& host);

    // A queue id not in use (ten hex digits, from the simulation's seeded RNG).
    std::string newQueueId();
    // Takes a cleaned message into the incoming queue; its first attempt follows at once.
    void enqueue(QueuedMessage mail);
    // The server goes down (no attempts start; the queue stays, as on disk) or comes back (mail
    // whose time has come is tried).
    void setRunning(bool running);

    const std::map<std::string, QueuedMessage>& messages() const { return m_queue; }

private:
    void startAttempt(const std::string& queueId);
    void agentReported(const std::string& queueId, std::vector<DeliveryOutcome> outcomes);
    void finishAttempt(QueuedMessage& mail);
    void applyOutcome(QueuedMessage& mail, const DeliveryOutcome& o);
    // A report back to the sender: failed recipients (a bounce), late ones (a delay warning) or,
    // for NOTIFY=SUCCESS, delivered ones (a success report).
    void report(QueuedMessage& mail, const std::vector<const QueuedRecipient*>& recipients, DsnAction kind);
    void scheduleRetry(QueuedMessage& mail);
    void remove(const std::string& queueId);
    void record(const QueuedMessage& mail);

    Simulator& m_sim;
    trace::Trace& m_trace;
    trace::NodeIndex m_node;
    std::map<std::string, trace::QueueName> m_placed;  // queue id -> the queue its last place record names
    const scenario::QueueSettings& m_settings;
    std::string m_hostname;
    std::string m_language;
    Host& m_host;
    bool m_running = true;
    std::map<std::string, QueuedMessage> m_queue;
};

}  // namespace postino::mta
