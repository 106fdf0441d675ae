#include "nodes/smtp_delivery.h"

#include "core/ascii.h"
#include "net/ipv4.h"

#include <algorithm>
#include <fmt/format.h>

namespace postino::world {

namespace {
// "mail.example[203.0.113.25]", as Postfix names a host it talked to.
std::string hostAndIp(const std::string& host, std::uint32_t ip) {
    return fmt::format("{}[{}]", host, net::formatIpv4(ip));
}

// The RFC 3463 status of a reply: its enhanced code, or the class alone ("4.0.0", "5.0.0").
std::string statusOf(int code, const std::string& enhanced) {
    if (!enhanced.empty()) return enhanced;
    return code >= 500 ? "5.0.0" : code >= 400 ? "4.0.0" : "2.0.0";
}

std::string replyLine(int code, const std::string& enhanced, const std::string& text) {
    return enhanced.empty() ? fmt::format("{} {}", code, text) : fmt::format("{} {} {}", code, enhanced, text);
}

// "connection timed out: nobody answered the SYN within 30 s" -> "Connection timed out", the
// words of Postfix's logs (the system's error text, before any explanation).
std::string capitalized(std::string_view s) {
    std::string out(s.substr(0, s.find(':')));
    if (!out.empty()) out[0] = toUpperAscii(out[0]);
    return out;
}
}  // namespace

SmtpDelivery::SmtpDelivery(Node& owner, ClientSessions<smtp::ClientSession>& sessions)
    : m_owner(owner), m_sessions(sessions) {}

void SmtpDelivery::deliver(const mta::QueuedMessage& mail, const std::string& domain,
                           const std::vector<std::string>& rcpts, mta::QueueManager::Report done) {
    auto a = std::make_shared<Attempt>();
    a->queueId = mail.queueId;
    a->messageId = mail.messageId;
    a->sender = mail.sender;
    a->data = mail.data;
    a->domain = domain;
    a->rcpts = rcpts;
    a->ret = mail.returnHeadersOnly ? "HDRS" : "";
    a->envid = mail.envid;
    for (const std::string& rcpt : rcpts) {
        smtp::RecipientDsn dsn;
        for (const mta::QueuedRecipient& q : mail.recipients)
            if (q.address == rcpt) {
                dsn.notify = {(q.notify & mta::kNotifyNever) != 0, (q.notify & mta::kNotifySuccess) != 0,
                              (q.notify & mta::kNotifyFailure) != 0, (q.notify & mta::kNotifyDelay) != 0};
                dsn.orcpt = q.orcpt;
            }
        a->rcptDsn.push_back(std::move(dsn));
    }
    a->done = std::move(done);
    if (!m_relayHost.empty()) {
        lookUpRelayHost(a);
        return;
    }
    if (!m_lookup || !m_lookup->resolver()) {
        finishAll(a, mta::Verdict::Deferred, "4.4.3",
                  fmt::format("Host or domain name not found. Name service error for name={} type=MX: "
                              "this server has no DNS resolver configured",
                              domain));
        return;
    }
    lookUpMx(a);
}

void SmtpDelivery::lookUpRelayHost(AttemptPtr a) {
    // A smarthost takes everything: no MX look-up here, the relay host does it. Its address
    // comes from an A look-up (or the hosts file of a server without a resolver).
    m_owner.event(trace::EventKind::Note,
                  trace::phrase("{} is not a local domain: everything for other domains goes to the relay host {}",
                                a->domain, m_relayHost),
                  0, a->messageId);
    m_lookup->find(m_relayHost, [this, a](const HostLookup::Answer& answer) {
        if (!answer.ok()) {
            // Postfix defers when its relayhost cannot be found: the name may resolve later.
            m_owner.event(trace::EventKind::Note, HostLookup::unreachable(answer), 0, a->messageId);
            finishAll(a, mta::Verdict::Deferred, "4.4.3", HostLookup::nameServiceError(answer));
            return;
        }
        a->exchanges.push_back({answer.host, answer.addresses, true});
        tryNext(a);
    });
}

void SmtpDelivery::lookUpMx(AttemptPtr a) {
    m_owner.event(trace::EventKind::MxLookup, trace::phrase("{} is not a local domain: looking up its MX records", a->domain),
                  0, a->messageId);
    m_lookup->resolver()->lookup(a->domain, dns::RrType::MX, [this, a](const ResolverClient::Outcome& o) { onMx(a, o); });
}

void SmtpDelivery::onMx(AttemptPtr a, const ResolverClient::Outcome& o) {
    const std::string nameError =
        fmt::format("Host or domain name not found. Name service error for name={} type=MX: Host not found", a->domain);
    if (!o.ok || (o.rcode != dns::Rcode::NoError && o.rcode != dns::Rcode::NxDomain)) {
        // No answer, SERVFAIL, REFUSED: the DNS may be back later.
        finishAll(a, mta::Verdict::Deferred, "4.4.3", nameError + ", try again");
        return;
    }
    if (o.rcode == dns::Rcode::NxDomain) {
        finishAll(a, mta::Verdict::Bounced, "5.4.4", nameError);
        return;
    }
    std::vector<dns::ResourceRecord> mx;
    for (const auto& rr : o.records)
        if (rr.type == dns::RrType::MX) mx.push_back(rr);
    std::stable_sort(mx.begin(), mx.end(), [](const auto& x, const auto& y) { return x.preference < y.preference; });
    // RFC 5321 5.1: a host that is itself an MX of the domain uses only the better ones.
    const std::string& self = m_owner.spec().hostname;
    for (std::size_t i = 0; i < mx.size(); ++i)
        if (equalsIgnoreCaseAscii(mx[i].target, self)) {
            const std::uint16_t own = mx[i].preference;
            mx.erase(std::remove_if(mx.begin(), mx.end(), [own](const auto& rr) { return rr.preference >= own; }),
                     mx.end());
            if (mx.empty()) {
                finishAll(a, mta::Verdict::Bounced, "5.4.6", fmt::format("mail for {} loops back to myself", a->domain));
                return;
            }
            break;
        }
    for (const auto& rr : mx) a->exchanges.push_back({rr.target, {}, false});
    if (a->exchanges.empty()) a->exchanges.push_back({a->domain, {}, false});  // RFC 5321 5.1: the implicit MX
    tryNext(a);
}

void SmtpDelivery::tryNext(AttemptPtr a) {
    while (a->exchange < a->exchanges.size()) {
        Exchange& ex = a->exchanges[a->exchange];
        if (!ex.looked) {
            ex.looked = true;
            const std::string host = ex.host;
            m_lookup->resolver()->lookup(host, dns::RrType::A, [this, a, host](const ResolverClient::Outcome& o) {
                Exchange& e = a->exchanges[a->exchange];
                for (const auto& rr : o.records)
                    if (rr.type == dns::RrType::A) e.addresses.push_back(rr.address);
                if (e.addresses.empty()) {
                    m_owner.event(trace::EventKind::Note, trace::phrase("{} has no address", host));
                    a->lastReason = fmt::format(
                        "Host or domain name not found. Name service error for name={} type=A: Host not found", host);
                    a->lastPermanent = false;
                }
                tryNext(a);
            });
            return;
        }
        if (a->address < ex.addresses.size()) {
            const std::uint32_t ip = ex.addresses[a->address++];
            if (ip == m_owner.spec().ip) {
                finishAll(a, mta::Verdict::Bounced, "5.4.6", fmt::format("mail for {} loops back to myself", a->domain));
                return;
            }
            connect(a, ex.host, ip);
            return;
        }
        ++a->exchange;
        a->address = 0;
    }
    // Nobody could take it in this attempt.
    if (a->lastReason.empty()) a->lastReason = fmt::format("no mail exchanger for {} could be reached", a->domain);
    if (a->lastPermanent)
        finishAll(a, mta::Verdict::Bounced, a->lastStatus, a->lastReason, a->lastDiagnostic, a->lastRemote);
    else
        finishAll(a, mta::Verdict::Deferred, a->lastStatus.empty() ? "4.4.1" : a->lastStatus, a->lastReason,
                  a->lastDiagnostic, a->lastRemote);
}

void SmtpDelivery::connect(AttemptPtr a, const std::string& host, std::uint32_t ip) {
    smtp::ClientJob job;
    job.heloName = m_owner.spec().hostname;
    job.mailFrom = a->sender;
    job.rcptTo = a->rcpts;
    job.message = a->data;
    job.ret = a->ret;
    job.envid = a->envid;
    job.rcptDsn = a->rcptDsn;
    // Postfix's smtp_tls_security_level = may: STARTTLS when the next server offers it.
    ClientTlsUse tlsUse;
    if (const auto& config = m_owner.context().tlsClient()) {
        job.tls = smtp::ClientTls::Opportunistic;
        tlsUse = {config, host, m_owner.context().unixNow(), false};
    }
    m_owner.event(trace::EventKind::Relaying,
                  trace::phrase("relaying queue id {} to {} [{}] port 25", a->queueId, host, net::formatIpv4(ip)), 0,
                  a->messageId);
    m_sessions.start(ip, 25, "SMTP relay", std::make_unique<smtp::ClientSession>(std::move(job)),
                     [this, a, host, ip](smtp::ClientSession& engine, std::uint32_t conn, std::string_view transportError) {
                         if (transportError == ClientSessions<smtp::ClientSession>::kConversationTimedOut) {
                             onTimeout(a, host, ip, engine, conn);
                             return;
                         }
                         onSession(a, host, ip, engine.result(), conn, transportError);
                     },
                     std::move(tlsUse));
}

void SmtpDelivery::onSession(AttemptPtr a, const std::string& host, std::uint32_t ip, const smtp::ClientResult& r,
                             std::uint32_t conn, std::string_view transportError) {
    const std::string who = hostAndIp(host, ip);
    const bool rcptAnswered =
        std::any_of(r.recipients.begin(), r.recipients.end(), [](const auto& rr) { return rr.code != 0; });
    if (!rcptAnswered && !r.success) {
        // The session failed before any recipient: this host is no good now, try the next one.
        const int code = r.finalReply.code;
        if (code == 0) {
            // No byte from the server: the connection itself failed. Else it went away mid-way.
            const std::string doing = r.failedAt == "initial greeting" ? "receiving the initial server greeting"
                                      : r.failedAt == "end of DATA"    ? "sending message body"
                                                                       : "sending " + r.failedAt;
            a->lastReason = r.failureReason.empty()
                                ? fmt::format("connect to {}:25: {}", who, capitalized(transportError))
                                : fmt::format("lost connection with {} while {}", who, doing);
            a->lastDiagnostic.clear();
            a->lastStatus = "4.4.1";
            a->lastPermanent = false;
        } else {
            const std::string line = replyLine(code, r.finalReply.enhanced, r.finalReply.text());
            a->lastReason = r.failedAt == "initial greeting"
                                ? fmt::format("host {} refused to talk to me: {}", who, line)
                                : fmt::format("host {} said: {} (in reply to {} command)", who, line, r.failedAt);
            a->lastDiagnostic = line;
            a->lastStatus = statusOf(code, r.finalReply.enhanced);
            a->lastPermanent = code >= 500;
        }
        a->lastRemote = host;
        m_owner.event(trace::EventKind::Note, trace::phrase("could not talk to {}: {}", host, a->lastReason), conn,
                      a->messageId);
        tryNext(a);
        return;
    }
    // The host answered the recipients: its word is final for this attempt.
    std::vector<mta::DeliveryOutcome> out;
    for (const auto& rr : r.recipients) {
        if (rr.accepted && r.success) {
            m_owner.event(trace::EventKind::Relayed,
                          trace::phrase("{} accepted the mail for {}: {}", host, rr.address,
                                        smtp::describeReply(r.finalReply)),
                          conn, a->messageId);
            out.push_back(mta::outcome(rr.address, mta::Verdict::Relayed, "2.0.0",
                                       fmt::format("delivered via {}: {}", who, smtp::describeReply(r.finalReply)),
                                       "", host));
            continue;
        }
        int code = rr.code;
        std::string enhanced = rr.enhanced, text = rr.text, stage = "RCPT TO";
        if (rr.accepted) {  // refused after RCPT: at DATA, at the end of DATA, or the connection broke
            code = r.finalReply.code;
            enhanced = r.finalReply.enhanced;
            text = r.finalReply.text();
            stage = r.failedAt;
        }
        if (code == 0) {
            out.push_back(mta::outcome(rr.address, mta::Verdict::Deferred, "4.4.2",
                                       fmt::format("lost connection with {} while sending message body", who), "",
                                       host));
            continue;
        }
        const std::string line = replyLine(code, enhanced, text);
        out.push_back(mta::outcome(rr.address, code >= 500 ? mta::Verdict::Bounced : mta::Verdict::Deferred,
                                   statusOf(code, enhanced),
                                   fmt::format("host {} said: {} (in reply to {} command)", who, line, stage), line,
                                   host));
    }
    a->done(std::move(out));
}

void SmtpDelivery::onTimeout(AttemptPtr a, const std::string& host, std::uint32_t ip,
                             const smtp::ClientSession& engine, std::uint32_t conn) {
    // Postfix: "conversation with mx[1.2.3.4] timed out while receiving the initial server greeting".
    using Stage = smtp::ClientSession::Stage;
    const char* doing = "receiving the initial server greeting";
    switch (engine.stage()) {
        case Stage::Greeting: break;
        case Stage::Ehlo:
        case Stage::Helo: doing = "sending EHLO"; break;
        case Stage::StartTls:
        case Stage::TlsHandshake: doing = "sending STARTTLS"; break;
        case Stage::Auth: doing = "sending AUTH"; break;
        case Stage::Mail: doing = "sending MAIL FROM"; break;
        case Stage::Rcpt: doing = "sending RCPT TO"; break;
        case Stage::Data: doing = "sending DATA command"; break;
        case Stage::Body: doing = "sending message body"; break;
        case Stage::Quit:
        case Stage::Done: doing = "sending QUIT"; break;
    }
    if (engine.result().success) {  // only QUIT went unanswered: the mail was taken (Postfix logs it sent)
        onSession(a, host, ip, engine.result(), conn, {});
        return;
    }
    const std::string reason = fmt::format("conversation with {} timed out while {}", hostAndIp(host, ip), doing);
    m_owner.event(trace::EventKind::Note, trace::phrase("could not talk to {}: {}", host, reason), conn, a->messageId);
    a->lastReason = reason;
    a->lastDiagnostic.clear();
    a->lastStatus = "4.4.2";
    a->lastPermanent = false;
    a->lastRemote = host;
    tryNext(a);
}

void SmtpDelivery::finishAll(AttemptPtr a, mta::Verdict verdict, const std::string& status, const std::string& reason,
                             const std::string& diagnostic, const std::string& remote) {
    std::vector<mta::DeliveryOutcome> out;
    for (const std::string& rcpt : a->rcpts) out.push_back(mta::outcome(rcpt, verdict, status, reason, diagnostic, remote));
    a->done(std::move(out));
}

}  // namespace postino::world
