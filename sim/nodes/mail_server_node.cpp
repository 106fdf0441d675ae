#include "nodes/mail_server_node.h"
#include "core/ascii.h"

#include "mail/header_fields.h"
#include "mail/message_builder.h"
#include "net/ipv4.h"
#include "nodes/pop3_maildrop.h"
#include "world/world.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace postino::world {

namespace {
smtp::ServerConfig configFor(const scenario::Node& spec, bool submission) {
    smtp::ServerConfig c;
    c.hostname = spec.hostname;
    c.submission = submission;
    c.rejectSenderLoginMismatch = submission;  // as the submission service in Postfix's master.cf
    return c;
}

// "a@x.example, b@y.example"
std::string joined(const std::vector<std::string>& items) { return fmt::format("{}", fmt::join(items, ", ")); }

}  // namespace

MailServerNode::MailServerNode(World& world, const scenario::Node& spec, net::NodeIndex index)
    : Node(world, spec, index),
      m_relayPort(*this, net::AppProtocol::Smtp,
                  [this](net::TcpConnection& c) { return newSmtpSession(false, net::formatIpv4(c.remoteIp())); }),
      m_submissionPort(*this, net::AppProtocol::Smtp,
                       [this](net::TcpConnection& c) { return newSmtpSession(true, net::formatIpv4(c.remoteIp())); }),
      m_pop3Port(*this, net::AppProtocol::Pop3, [this](net::TcpConnection&) { return newPop3Session(); }),
      m_imapPort(*this, net::AppProtocol::Imap, [this](net::TcpConnection&) { return newImapSession(); }),
      m_journal(world.trace(), index),
      m_outbound(*this, net::AppProtocol::Smtp) {
    m_store.setQuotaBytes(spec.quotaBytes.value_or(mail::kDefaultQuotaBytes));
    for (const auto& user : spec.users) m_store.create(user.address);
    for (const auto& shared : spec.sharedMailboxes) m_store.createShared(shared.address, shared.members);
}

void MailServerNode::start() {
    m_relayPort.listen(25, "SMTP");
    m_submissionPort.listen(587, "SMTP submission");
    m_pop3Port.listen(110, "POP3");
    m_imapPort.listen(143, "IMAP");
    m_imapPort.setAfterFeed([this](std::uint32_t connection) { notifyImap(connection); });
    if (!m_spec.resolver.empty()) {
        if (const auto dnsIndex = world().indexOf(m_spec.resolver)) {
            m_resolver = std::make_unique<ResolverClient>(
                sim(), m_stack, world().network().ipOf(*dnsIndex), sim().rng().next(),
                [this](trace::EventKind kind, trace::Phrase text) { event(kind, std::move(text)); });
            m_resolver->onCached = [this](const std::string& question, const std::string& answer, std::uint32_t ttl) {
                trace().dnsCache.push_back({sim().now(), m_index, question, answer, ttl});
            };
            m_resolver->start();
        }
    }
}

std::unique_ptr<smtp::ServerSession> MailServerNode::newSmtpSession(bool submission, const std::string& peerIp) {
    return std::make_unique<smtp::ServerSession>(configFor(m_spec, submission), *this, peerIp);
}

std::unique_ptr<pop3::ServerSession> MailServerNode::newPop3Session() {
    return std::make_unique<pop3::ServerSession>(pop3::ServerConfig{m_spec.hostname, true}, *this);
}

std::unique_ptr<imap::ServerSession> MailServerNode::newImapSession() {
    imap::ServerConfig config;
    config.hostname = m_spec.hostname;
    return std::make_unique<imap::ServerSession>(config, *this, m_store);
}

void MailServerNode::notifyImap(std::uint32_t exceptConnection) {
    m_journal.syncStore(sim().now(), m_store);
    m_imapPort.forEach([](imap::ServerSession& s) { s.notify(); }, exceptConnection);
}

std::string MailServerNode::mailboxOf(std::string_view user) {
    const std::string address = toLowerAscii(user);
    return m_store.find(address) ? address : std::string();
}

Time MailServerNode::now() const { return m_world.sim().now(); }

std::unique_ptr<pop3::Maildrop> MailServerNode::openMaildrop(std::string_view user) {
    const std::string address = toLowerAscii(user);
    mail::Mailbox* box = m_store.find(address);
    if (!box || !m_pop3Locked.insert(address).second) return nullptr;
    return std::make_unique<StoreMaildrop>(
        *box,
        [this, address](std::size_t removed, std::size_t left) {
            trace::Event e;
            e.time = sim().now();
            e.kind = trace::EventKind::MailboxChanged;
            e.node = m_index;
            e.mailbox = address;
            e.mailboxCount = static_cast<int>(left);
            e.setPhrase(removed == 1
                            ? trace::phrase("POP3 removed {} message from the mailbox of {} (INBOX now holds {})",
                                            removed, address, left)
                            : trace::phrase("POP3 removed {} messages from the mailbox of {} (INBOX now holds {})",
                                            removed, address, left));
            trace().events.push_back(std::move(e));
            notifyImap();
        },
        [this, address] { m_pop3Locked.erase(address); });
}

bool MailServerNode::isLocalDomain(std::string_view domain) {
    const std::string d = toLowerAscii(domain);
    return std::find(m_spec.domains.begin(), m_spec.domains.end(), d) != m_spec.domains.end();
}

bool MailServerNode::isLocalUser(std::string_view address) { return m_store.find(toLowerAscii(address)) != nullptr; }

bool MailServerNode::ownsSender(std::string_view user, std::string_view sender) {
    // A user sends as themselves, or as a shared mailbox they are a member of (info@ answers
    // the customers); anything else is someone else's address.
    if (equalsIgnoreCaseAscii(user, sender)) return true;
    const mail::Mailbox* box = m_store.find(toLowerAscii(sender));
    return box && box->isShared() && box->mayAccess(toLowerAscii(user));
}

std::string MailServerNode::quotaRefusal(std::string_view address, std::uint64_t size) const {
    const mail::Mailbox* box = m_store.find(toLowerAscii(address));
    if (!box || box->fits(std::max<std::uint64_t>(size, 1))) return {};
    return fmt::format("552 5.2.2 <{}>: Recipient address rejected: Quota exceeded (mailbox for user is full)",
                       address);
}

bool MailServerNode::mayRelayFor(std::string_view peerIp) {
    for (const std::string& id : m_spec.relayClients)
        if (const auto index = world().indexOf(id))
            if (net::formatIpv4(world().network().ipOf(*index)) == peerIp) return true;
    return false;
}

bool MailServerNode::checkPassword(std::string_view user, std::string_view password) {
    for (const auto& u : m_spec.users)
        if (u.address == toLowerAscii(user)) return u.password == password;
    return false;
}

std::string MailServerNode::newQueueId() {
    std::string id;
    do {
        id = fmt::format("{:010X}", sim().rng().next() & 0xFFFFFFFFFFULL);
    } while (m_queue.count(id));
    return id;
}

std::string MailServerNode::acceptMessage(smtp::AcceptedMessage&& in) {
    QueuedMail mail;
    mail.queueId = newQueueId();
    mail.mailFrom = in.mailFrom;
    for (const auto& r : in.rcptTo) mail.pending.push_back(toLowerAscii(r));

    // cleanup: what Postfix's cleanup(8) adds before the mail enters the queue.
    const std::string now = mail::rfc5322Date(sim().now());
    // RFC 3848: ESMTPA is AUTH without TLS (ESMTPSA would be both; there is no TLS here).
    const std::string protocol = !in.authUser.empty() ? "ESMTPA" : (in.esmtp ? "ESMTP" : "SMTP");
    std::string received = fmt::format("Received: from {} (unknown [{}])\r\n\tby {} (Postino) with {} id {}",
                                       in.heloName, in.peerIp, m_spec.hostname, protocol, mail.queueId);
    // As Postfix's smtpd: "for <x>" with one recipient only; the ';' before the date always (RFC 5322 3.6.7).
    if (in.rcptTo.size() == 1) received += fmt::format("\r\n\tfor <{}>; {}\r\n", in.rcptTo.front(), now);
    else received += ";\r\n\t" + now + "\r\n";
    std::vector<std::string> added{"Received"};
    std::string extra;
    if (!mail::hasHeader(in.data, "Message-ID")) {
        const std::string id = fmt::format("{}.{}@{}", mail::compactTimestamp(sim().now()), mail.queueId, m_spec.hostname);
        extra += "Message-Id: <" + id + ">\r\n";
        added.push_back("Message-Id");
    }
    if (!mail::hasHeader(in.data, "Date")) {
        extra += "Date: " + now + "\r\n";
        added.push_back("Date");
    }
    mail.data = received + in.data;
    if (!extra.empty()) {
        // Missing fields go at the end of the header section, as cleanup does.
        std::size_t end = mail.data.find("\r\n\r\n");
        if (end == std::string::npos) mail.data += "\r\n" + extra;
        else mail.data.insert(end + 2, extra);
    }
    mail.messageId = mail::headerValue(mail.data, "Message-ID");

    const std::string qid = mail.queueId;
    event(trace::EventKind::MailAccepted,
          trace::phrase("accepted mail from <{}> for {} as queue id {}", in.mailFrom, joined(in.rcptTo), qid), 0,
          mail.messageId);
    event(trace::EventKind::Cleanup, trace::phrase("cleanup added {}", joined(added)), 0, mail.messageId);
    m_queue.emplace(qid, std::move(mail));
    event(trace::EventKind::Queued, trace::phrase("queue id {} waits in the incoming queue", qid), 0,
          m_queue.at(qid).messageId);
    sim().after(Duration::millis(1), [this, qid] { manage(qid); });
    return qid;
}

void MailServerNode::manage(const std::string& queueId) {
    auto it = m_queue.find(queueId);
    if (it == m_queue.end()) return;
    std::map<std::string, std::vector<std::string>> remote;
    for (const std::string& rcpt : std::vector<std::string>(it->second.pending)) {
        const std::string domain = mail::domainOf(rcpt);
        if (isLocalDomain(domain)) deliverLocal(it->second, rcpt);
        else remote[domain].push_back(rcpt);
    }
    for (auto& [domain, rcpts] : remote) relay(queueId, domain, std::move(rcpts));
    done(queueId, {});
}

void MailServerNode::deliverLocal(QueuedMail& mail, const std::string& rcpt) {
    mail::Mailbox* box = m_store.find(rcpt);
    if (!box) {
        hold(mail.queueId,
             trace::phrase("cannot deliver to {} (no such mailbox here): the mail stays in the queue", rcpt));
        return;
    }
    std::string data = fmt::format("Return-Path: <{}>\r\nDelivered-To: {}\r\n", mail.mailFrom, rcpt) + mail.data;
    if (!box->fits(data.size())) {
        // Dovecot's LMTP would answer "552 5.2.2 <rcpt> Quota exceeded (mailbox for user is full)".
        hold(mail.queueId, trace::phrase("cannot deliver to {} (the mailbox is full: {} of its {} bytes are used): "
                                         "the mail stays in the queue",
                                         rcpt, box->usedBytes(), box->quotaBytes()));
        return;
    }
    box->append("INBOX", std::move(data), sim().now());
    const int count = static_cast<int>(box->folder("INBOX").messages.size());
    trace::Event e;
    e.time = sim().now();
    e.kind = trace::EventKind::Delivered;
    e.node = m_index;
    e.messageId = mail.messageId;
    e.mailbox = rcpt;
    e.mailboxCount = count;
    e.setPhrase(count == 1
                    ? trace::phrase("delivered to the mailbox of {} (INBOX now holds {} message)", rcpt, count)
                    : trace::phrase("delivered to the mailbox of {} (INBOX now holds {} messages)", rcpt, count));
    trace().events.push_back(std::move(e));
    auto& pending = mail.pending;
    pending.erase(std::remove(pending.begin(), pending.end(), rcpt), pending.end());
    notifyImap();
}

void MailServerNode::relay(const std::string& queueId, const std::string& domain, std::vector<std::string> rcpts) {
    if (!m_spec.relayHost.empty()) {
        // A smarthost takes everything: no MX look-up here, the relay host does it.
        const auto index = world().indexOf(m_spec.relayHost);
        if (!index) {
            hold(queueId, trace::phrase("cannot deliver to {} (the relay host {} is unknown): the mail stays in the queue",
                                        joined(rcpts), m_spec.relayHost));
            return;
        }
        const std::string& host = world().scenario().nodes[*index].hostname;
        event(trace::EventKind::Note,
              trace::phrase("{} is not a local domain: everything for other domains goes to the relay host {}", domain,
                            host),
              0, m_queue.at(queueId).messageId);
        auto unreachable = [this, queueId, rcpts, host] {
            hold(queueId, trace::phrase("cannot deliver to {} (the relay host {} could not be reached): the mail stays "
                                        "in the queue",
                                        joined(rcpts), host));
        };
        connectAndSend(queueId, host, world().network().ipOf(*index), rcpts, std::move(unreachable));
        return;
    }
    if (!m_resolver) {
        hold(queueId, trace::phrase("cannot deliver to {} (this server has no DNS resolver configured): the mail stays "
                                    "in the queue",
                                    joined(rcpts)));
        return;
    }
    event(trace::EventKind::MxLookup, trace::phrase("{} is not a local domain: looking up its MX records", domain), 0,
          m_queue.at(queueId).messageId);
    m_resolver->lookup(domain, dns::RrType::MX, [this, queueId, domain, rcpts](const ResolverClient::Outcome& o) {
        if (!o.ok) {
            if (o.timedOut)
                hold(queueId, trace::phrase("cannot deliver to {} (DNS look-up failed: no answer from the DNS server "
                                            "within 5 seconds): the mail stays in the queue",
                                            joined(rcpts)));
            else
                hold(queueId, trace::phrase("cannot deliver to {} (DNS look-up failed: {}): the mail stays in the queue",
                                            joined(rcpts), o.error));
            return;
        }
        if (o.rcode == dns::Rcode::NxDomain) {
            hold(queueId, trace::phrase("cannot deliver to {} (the domain {} does not exist (NXDOMAIN)): the mail stays "
                                        "in the queue",
                                        joined(rcpts), domain));
            return;
        }
        if (o.rcode != dns::Rcode::NoError) {
            hold(queueId, trace::phrase("cannot deliver to {} (the DNS server answered {} for {}): the mail stays in "
                                        "the queue",
                                        joined(rcpts), dns::rcodeName(o.rcode), domain));
            return;
        }
        std::vector<dns::ResourceRecord> mx;
        for (const auto& rr : o.records)
            if (rr.type == dns::RrType::MX) mx.push_back(rr);
        std::stable_sort(mx.begin(), mx.end(),
                         [](const auto& a, const auto& b) { return a.preference < b.preference; });
        std::vector<std::string> exchanges;
        for (const auto& rr : mx) exchanges.push_back(rr.target);
        if (exchanges.empty()) exchanges.push_back(domain);  // RFC 5321 5.1: the implicit MX
        relayTo(queueId, domain, rcpts, std::move(exchanges), 0);
    });
}

void MailServerNode::relayTo(const std::string& queueId, const std::string& domain, std::vector<std::string> rcpts,
                             std::vector<std::string> exchanges, std::size_t index) {
    if (index >= exchanges.size()) {
        hold(queueId, trace::phrase("cannot deliver to {} (no mail exchanger for {} could be reached): the mail stays "
                                    "in the queue",
                                    joined(rcpts), domain));
        return;
    }
    const std::string exchange = exchanges[index];
    m_resolver->lookup(exchange, dns::RrType::A,
                       [this, queueId, domain, rcpts, exchanges, index, exchange](const ResolverClient::Outcome& o) {
                           std::uint32_t ip = 0;
                           for (const auto& rr : o.records)
                               if (rr.type == dns::RrType::A) {
                                   ip = rr.address;
                                   break;
                               }
                           auto next = [this, queueId, domain, rcpts, exchanges, index] {
                               relayTo(queueId, domain, rcpts, exchanges, index + 1);
                           };
                           if (!ip) {
                               event(trace::EventKind::Note, trace::phrase("{} has no address", exchange));
                               next();
                               return;
                           }
                           connectAndSend(queueId, exchange, ip, rcpts, next);
                       });
}

void MailServerNode::connectAndSend(const std::string& queueId, const std::string& exchange, std::uint32_t ip,
                                    std::vector<std::string> rcpts, std::function<void()> onConnectFailure) {
    auto it = m_queue.find(queueId);
    if (it == m_queue.end()) return;
    smtp::ClientJob job;
    job.heloName = m_spec.hostname;
    job.mailFrom = it->second.mailFrom;
    job.rcptTo = rcpts;
    job.message = it->second.data;
    event(trace::EventKind::Relaying,
          trace::phrase("relaying queue id {} to {} [{}] port 25", queueId, exchange, net::formatIpv4(ip)), 0,
          it->second.messageId);
    m_outbound.start(ip, 25, "SMTP relay", std::make_unique<smtp::ClientSession>(std::move(job)),
                     [this, queueId, exchange, rcpts, onConnectFailure](smtp::ClientSession& engine, std::uint32_t conn,
                                                                       std::string_view transportError) {
                         const smtp::ClientResult& r = engine.result();
                         const std::string failure =
                             r.failureReason.empty() ? std::string(transportError) : r.failureReason;
                         // No RCPT was answered (code 0 = never asked): the server itself failed.
                         const bool noneAsked = std::all_of(r.recipients.begin(), r.recipients.end(),
                                                            [](const auto& rr) { return rr.code == 0; });
                         if (noneAsked && !r.success) {
                             event(trace::EventKind::Deferred,
                                   trace::phrase("could not talk to {}: {}", exchange, failure), conn);
                             onConnectFailure();
                             return;
                         }
                         for (const auto& rr : r.recipients) {
                             if (rr.accepted && r.success) {
                                 auto q = m_queue.find(queueId);
                                 event(trace::EventKind::Relayed,
                                       trace::phrase("{} accepted the mail for {}: {}", exchange, rr.address,
                                                     smtp::describeReply(r.finalReply)),
                                       conn, q == m_queue.end() ? std::string() : q->second.messageId);
                                 done(queueId, rr.address);
                             } else {
                                 const std::string reply =
                                     rr.accepted ? failure : fmt::format("{} {} {}", rr.code, rr.enhanced, rr.text);
                                 hold(queueId, trace::phrase("cannot deliver to {} ({} refused {}: {}): the mail stays "
                                                             "in the queue",
                                                             rr.address, exchange, rr.address, reply));
                             }
                         }
                     });
}

void MailServerNode::hold(const std::string& queueId, trace::Phrase why) {
    auto it = m_queue.find(queueId);
    event(trace::EventKind::Deferred, std::move(why), 0, it == m_queue.end() ? std::string() : it->second.messageId);
}

void MailServerNode::done(const std::string& queueId, const std::string& rcpt) {
    auto it = m_queue.find(queueId);
    if (it == m_queue.end()) return;
    auto& pending = it->second.pending;
    if (!rcpt.empty()) pending.erase(std::remove(pending.begin(), pending.end(), rcpt), pending.end());
    if (pending.empty()) {
        event(trace::EventKind::Note, trace::phrase("queue id {} delivered to all recipients and removed", queueId), 0,
              it->second.messageId);
        m_queue.erase(it);
    }
}

}  // namespace postino::world
