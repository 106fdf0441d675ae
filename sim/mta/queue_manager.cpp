#include "mta/queue_manager.h"
#include "trace/mail_places.h"

#include "mail/header_fields.h"
#include "mta/bounce.h"
#include "mta/retry_schedule.h"

#include <algorithm>
#include <fmt/format.h>

namespace postino::mta {

namespace {
// "300", "1.5": seconds for a sentence, without trailing zeros; from 10 s on, whole seconds
// (a mail's age sets its back-off, so "120.033" would only blur the 60, 120, 240 a class counts).
std::string secondsText(Duration d) {
    const std::int64_t ms = d.ns() / 1'000'000;
    if (ms >= 10'000) return fmt::format("{}", (ms + 500) / 1000);
    if (ms % 1000 == 0) return fmt::format("{}", ms / 1000);
    std::string s = fmt::format("{:.3f}", static_cast<double>(ms) / 1000.0);
    while (s.back() == '0') s.pop_back();
    return s;
}
}  // namespace

QueueManager::QueueManager(Simulator& sim, trace::Trace& trace, trace::NodeIndex node,
                           const scenario::QueueSettings& settings, std::string hostname, std::string language,
                           Host& host)
    : m_sim(sim),
      m_trace(trace),
      m_node(node),
      m_settings(settings),
      m_hostname(std::move(hostname)),
      m_language(std::move(language)),
      m_host(host) {}

std::string QueueManager::newQueueId() {
    std::string id;
    do {
        id = fmt::format("{:010X}", m_sim.rng().next() & 0xFFFFFFFFFFULL);
    } while (m_queue.count(id));
    return id;
}

void QueueManager::enqueue(QueuedMessage mail) {
    const std::string qid = mail.queueId;
    mail.queue = trace::QueueName::Incoming;
    auto [it, inserted] = m_queue.emplace(qid, std::move(mail));
    if (!inserted) return;
    record(it->second);
    m_host.queueEvent(trace::EventKind::Queued, trace::phrase("queue id {} waits in the incoming queue", qid),
                      it->second.messageId);
    // qmgr picks new mail up from the incoming queue at once (it is told by cleanup).
    it->second.retryTimer = m_sim.after(Duration::millis(1), [this, qid] { startAttempt(qid); });
}

void QueueManager::setRunning(bool running) {
    if (m_running == running) return;
    m_running = running;
    if (!running) return;
    // Back up: whatever is due now is tried (Postfix scans its queues when it starts).
    for (auto& [qid, mail] : m_queue)
        if (mail.agentsOut == 0 && mail.queue != trace::QueueName::Hold && !m_sim.isPending(mail.retryTimer)) {
            const std::string id = qid;
            mail.retryTimer = m_sim.after(Duration::millis(1), [this, id] { startAttempt(id); });
        }
}

void QueueManager::startAttempt(const std::string& queueId) {
    auto it = m_queue.find(queueId);
    if (it == m_queue.end()) return;
    QueuedMessage& mail = it->second;
    if (mail.agentsOut > 0) return;
    if (!m_running) {  // down: it waits, as on disk, and is tried when the server is back
        mail.nextAttempt = Time::max();
        for (QueuedRecipient& r : mail.recipients)
            if (!r.finished()) {
                r.status = trace::RecipientStatus::Deferred;
                if (r.last.reason.empty()) r.last.reason = "the server is switched off: the mail waits in its queue";
            }
        mail.queue = trace::QueueName::Deferred;
        record(mail);
        return;
    }
    if (mail.attempts > 0)
        m_host.queueEvent(trace::EventKind::Retrying,
                          trace::phrase("queue id {} leaves the deferred queue: attempt {}", queueId, mail.attempts + 1),
                          mail.messageId);
    ++mail.attempts;
    mail.queue = trace::QueueName::Active;
    mail.nextAttempt = Time::max();
    mail.reported.clear();

    // Group the recipients still to do by next hop: local, or each remote domain.
    std::vector<std::string> local;
    std::map<std::string, std::vector<std::string>> remote;
    for (const QueuedRecipient& r : mail.recipients) {
        if (r.finished()) continue;
        const std::string domain = mail::domainOf(r.address);
        if (m_host.isLocalDomain(domain)) local.push_back(r.address);
        else remote[domain].push_back(r.address);
    }
    mail.agentsOut = static_cast<int>(!local.empty() + remote.size());
    record(mail);
    if (mail.agentsOut == 0) {
        finishAttempt(mail);
        return;
    }
    // Each agent reports through agentReported, which may finish the attempt: hold copies.
    const std::string qid = queueId;
    if (!local.empty())
        m_host.deliverLocal(mail, local, [this, qid](std::vector<DeliveryOutcome> o) { agentReported(qid, std::move(o)); });
    for (auto& [domain, rcpts] : remote) {
        auto again = m_queue.find(qid);
        if (again == m_queue.end()) return;
        m_host.deliverRemote(again->second, domain, rcpts,
                             [this, qid](std::vector<DeliveryOutcome> o) { agentReported(qid, std::move(o)); });
    }
}

void QueueManager::agentReported(const std::string& queueId, std::vector<DeliveryOutcome> outcomes) {
    auto it = m_queue.find(queueId);
    if (it == m_queue.end()) return;
    QueuedMessage& mail = it->second;
    for (DeliveryOutcome& o : outcomes) applyOutcome(mail, o);
    for (DeliveryOutcome& o : outcomes) mail.reported.push_back(std::move(o));
    if (--mail.agentsOut > 0) {
        record(mail);
        return;
    }
    finishAttempt(mail);
}

void QueueManager::applyOutcome(QueuedMessage& mail, const DeliveryOutcome& o) {
    for (QueuedRecipient& r : mail.recipients) {
        if (r.address != o.recipient || r.finished()) continue;
        r.last = o;
        switch (o.verdict) {
            case Verdict::Delivered: r.status = trace::RecipientStatus::Delivered; break;
            case Verdict::Relayed: r.status = trace::RecipientStatus::Relayed; break;
            case Verdict::Bounced: r.status = trace::RecipientStatus::Bounced; break;
            case Verdict::Deferred: r.status = trace::RecipientStatus::Deferred; break;
        }
        if (o.verdict == Verdict::Deferred)
            m_host.queueEvent(trace::EventKind::Deferred,
                              trace::phrase("{}: delivery deferred ({})", r.address, o.reason), mail.messageId);
        else if (o.verdict == Verdict::Bounced)
            m_host.queueEvent(trace::EventKind::Bounced,
                              trace::phrase("{}: delivery failed for good, status {} ({})", r.address, o.status, o.reason),
                              mail.messageId);
        return;
    }
}

void QueueManager::finishAttempt(QueuedMessage& mail) {
    const std::string qid = mail.queueId;
    // Recipients that failed in this attempt get one bounce together.
    // Those delivered into a mailbox here who asked NOTIFY=SUCCESS get a success report (relayed
    // ones pass their NOTIFY on: every Postino server speaks DSN, RFC 3461 5.2.2).
    std::vector<const QueuedRecipient*> failed, succeeded;
    for (const DeliveryOutcome& o : mail.reported)
        for (const QueuedRecipient& r : mail.recipients) {
            if (r.address != o.recipient) continue;
            if (o.verdict == Verdict::Bounced) failed.push_back(&r);
            if (o.verdict == Verdict::Delivered && (r.notify & kNotifySuccess)) succeeded.push_back(&r);
        }
    mail.reported.clear();

    std::vector<QueuedRecipient*> deferred;
    for (QueuedRecipient& r : mail.recipients)
        if (!r.finished()) deferred.push_back(&r);

    if (!deferred.empty() && expired(mail.arrival, m_sim.now(), mail.isBounce, m_settings)) {
        // Its time is up: every recipient still waiting fails with "delivery time expired".
        m_host.queueEvent(trace::EventKind::Bounced,
                          trace::phrase("queue id {} has waited {} s, its maximum: giving up", qid,
                                        secondsText(m_sim.now() - mail.arrival)),
                          mail.messageId);
        for (QueuedRecipient* r : deferred) {
            r->status = trace::RecipientStatus::Bounced;
            r->last.verdict = Verdict::Bounced;
            r->last.status = "5.4.7";
            r->last.reason = "delivery time expired: " + r->last.reason;
            m_host.queueEvent(trace::EventKind::Bounced,
                              trace::phrase("{}: delivery failed for good, status {} ({})", r->address, r->last.status,
                                            r->last.reason),
                              mail.messageId);
            failed.push_back(r);
        }
        deferred.clear();
    }
    if (!failed.empty()) report(mail, failed, DsnAction::Failed);
    if (!succeeded.empty()) report(mail, succeeded, DsnAction::Delivered);

    if (deferred.empty()) {
        remove(qid);
        return;
    }
    // Still waiting: the deferred queue, then a delay warning once it is old enough.
    const Duration age = m_sim.now() - mail.arrival;
    if (!mail.delayWarned && m_settings.delayWarning > Duration::seconds(0) && age >= m_settings.delayWarning) {
        mail.delayWarned = true;
        std::vector<const QueuedRecipient*> late;
        for (const QueuedRecipient* r : deferred)
            if (r->wantsDelayNotice()) late.push_back(r);
        if (!late.empty()) report(mail, late, DsnAction::Delayed);
    }
    scheduleRetry(mail);
}

void QueueManager::scheduleRetry(QueuedMessage& mail) {
    const Duration wait = backoff(mail.arrival, m_sim.now(), m_settings);
    mail.queue = trace::QueueName::Deferred;
    mail.nextAttempt = m_sim.now() + wait;
    record(mail);
    m_host.queueEvent(trace::EventKind::Deferred,
                      trace::phrase("queue id {} moves to the deferred queue: next attempt in {} s", mail.queueId,
                                    secondsText(wait)),
                      mail.messageId);
    const std::string qid = mail.queueId;
    mail.retryTimer = m_sim.at(mail.nextAttempt, [this, qid] { startAttempt(qid); });
}

void QueueManager::report(QueuedMessage& mail, const std::vector<const QueuedRecipient*>& recipients, DsnAction kind) {
    if (mail.isBounce || mail.sender.empty()) {
        if (kind != DsnAction::Failed) return;
        // Never a bounce of a bounce (RFC 3461 6.2, RFC 5321 6.1): Postfix would tell its postmaster.
        m_host.queueEvent(trace::EventKind::Note,
                          trace::phrase("queue id {} is itself a bounce: no bounce is sent for it, it is dropped",
                                        mail.queueId),
                          mail.messageId);
        return;
    }
    std::vector<const QueuedRecipient*> notify;
    for (const QueuedRecipient* r : recipients)
        if (kind == DsnAction::Delayed ? r->wantsDelayNotice()
                                       : kind == DsnAction::Failed ? r->wantsFailureNotice() : true)
            notify.push_back(r);
    if (notify.empty()) return;  // NOTIFY=NEVER (or not FAILURE / DELAY): the sender asked for silence
    QueuedMessage dsn = makeBounce(mail, notify, kind, m_hostname, newQueueId(), m_sim.now(), m_language, m_settings);
    trace::Phrase said =
        kind == DsnAction::Delayed
            ? trace::phrase("queue id {} is late: a delay notice goes to <{}> as queue id {}", mail.queueId,
                            mail.sender, dsn.queueId)
        : kind == DsnAction::Failed
            ? trace::phrase("queue id {}: a bounce (delivery status notification) goes back to <{}> as queue id {}",
                            mail.queueId, mail.sender, dsn.queueId)
            : trace::phrase("queue id {}: the sender asked to hear of the delivery (NOTIFY=SUCCESS): a report goes "
                            "to <{}> as queue id {}",
                            mail.queueId, mail.sender, dsn.queueId);
    // A delay notice is news of a mail still waiting, not a bounce: it is told as a deferral.
    const trace::EventKind told = kind == DsnAction::Delivered ? trace::EventKind::Note
                                  : kind == DsnAction::Delayed  ? trace::EventKind::Deferred
                                                                : trace::EventKind::Bounced;
    m_host.queueEvent(told, std::move(said), mail.messageId);
    m_host.originated(dsn);
    enqueue(std::move(dsn));
}

void QueueManager::remove(const std::string& queueId) {
    auto it = m_queue.find(queueId);
    if (it == m_queue.end()) return;
    QueuedMessage& mail = it->second;
    const bool allDone = std::all_of(mail.recipients.begin(), mail.recipients.end(), [](const QueuedRecipient& r) {
        return r.status == trace::RecipientStatus::Delivered || r.status == trace::RecipientStatus::Relayed;
    });
    mail.queue = trace::QueueName::Removed;
    mail.nextAttempt = Time::max();
    record(mail);
    if (allDone)
        m_host.queueEvent(trace::EventKind::Note,
                          trace::phrase("queue id {} delivered to all recipients and removed", queueId), mail.messageId);
    else
        m_host.queueEvent(trace::EventKind::Note, trace::phrase("queue id {} finished and removed", queueId),
                          mail.messageId);
    m_sim.cancel(mail.retryTimer);
    m_queue.erase(it);
}

void QueueManager::record(const QueuedMessage& mail) {
    trace::QueueRecord r;
    r.time = m_sim.now();
    r.node = m_node;
    r.queueId = mail.queueId;
    r.messageId = mail.messageId;
    r.sender = mail.sender;
    r.isBounce = mail.isBounce;
    r.queue = mail.queue;
    r.arrival = mail.arrival;
    r.attempts = mail.attempts;
    r.nextAttempt = mail.nextAttempt;
    r.size = mail.data.size();
    r.recipients.reserve(mail.recipients.size());
    for (const QueuedRecipient& q : mail.recipients)
        r.recipients.push_back({q.address, q.status, q.last.reason, q.last.status});
    m_trace.queue.push_back(std::move(r));
    // Where the mail is: in this queue (under its queue name) until it is removed.
    const std::uint32_t mailId = trace::mailIdOf(m_trace, mail.data, mail.isBounce);
    auto placed = m_placed.find(mail.queueId);
    if (mail.queue == trace::QueueName::Removed) {
        if (placed == m_placed.end()) return;
        trace::mailLeft(m_trace, m_sim.now(), mailId, m_node, trace::MailPlace::Queue, mail.queueId,
                        std::string(trace::queueNameText(placed->second)));
        m_placed.erase(placed);
    } else if (placed == m_placed.end() || placed->second != mail.queue) {
        m_placed[mail.queueId] = mail.queue;
        trace::mailArrived(m_trace, m_sim.now(), mailId, m_node, trace::MailPlace::Queue, mail.queueId,
                           std::string(trace::queueNameText(mail.queue)));
    }
}

}  // namespace postino::mta
