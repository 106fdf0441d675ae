#include "nodes/mail_server_node.h"
#include "core/ascii.h"
#include "core/calendar.h"

#include "mail/header_fields.h"
#include "mail/message_builder.h"
#include "net/ipv4.h"
#include "mta/cleanup.h"
#include "nodes/pop3_maildrop.h"
#include "trace/mail_places.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace postino::world {

namespace {
smtp::ServerConfig configFor(const scenario::Node& spec, bool submission, bool implicitTls = false) {
    smtp::ServerConfig c;
    c.hostname = spec.hostname;
    c.submission = submission;
    // As the submission service in Postfix's master.cf, unless the lesson's server lets its users
    // send as anyone (any_sender: Postfix's own default without reject_sender_login_mismatch).
    c.rejectSenderLoginMismatch = submission && !spec.anySender;
    // TLS as Debian's Postfix with a certificate: offered on 25 (may), required on the submission
    // port (master.cf's -o smtpd_tls_security_level=encrypt), AUTH only inside TLS; 465 is TLS
    // from the first byte. plaintext_auth takes passwords in clear (to show them on the wire).
    c.tlsOffered = spec.tls.enabled;
    c.tlsRequired = spec.tls.enabled && submission && !spec.tls.plaintextAuth;
    c.tlsAuthOnly = spec.tls.enabled && !spec.tls.plaintextAuth;
    c.implicitTls = spec.tls.enabled && implicitTls;
    return c;
}

// Postfix's words for the errors a lesson can make a server give (smtp_error without a text).
std::string_view defaultErrorText(int code) {
    switch (code) {
        case 421: return "4.3.2 Service shutting down, closing transmission channel";
        case 451: return "4.3.0 Error: queue file write error";
        case 452: return "4.3.1 Insufficient system storage";
        default: return "5.7.1 Service unavailable";
    }
}

// "a@x.example, b@y.example"
std::string joined(const std::vector<std::string>& items) { return fmt::format("{}", fmt::join(items, ", ")); }

}  // namespace

MailServerNode::MailServerNode(std::unique_ptr<NodeContext> context)
    : Node(std::move(context)),
      m_relayPort(*this, net::AppProtocol::Smtp,
                  [this](net::TcpConnection& c) { return newSmtpSession(false, net::formatIpv4(c.remoteIp())); }),
      m_submissionPort(*this, net::AppProtocol::Smtp,
                       [this](net::TcpConnection& c) { return newSmtpSession(true, net::formatIpv4(c.remoteIp())); }),
      m_submissionsPort(*this, net::AppProtocol::Smtp,
                        [this](net::TcpConnection& c) {
                            return newSmtpSession(true, net::formatIpv4(c.remoteIp()), true);
                        }),
      m_pop3Port(*this, net::AppProtocol::Pop3,
                 [this](net::TcpConnection& c) { return newPop3Session(c.localPort() == 995); }),
      m_imapPort(*this, net::AppProtocol::Imap,
                 [this](net::TcpConnection& c) { return newImapSession(c.localPort() == 993); }),
      m_journal(trace(), m_index),
      m_outbound(*this, net::AppProtocol::Smtp),
      m_lookup(this->context()),
      m_smtpDelivery(*this, m_outbound),
      m_queue(sim(), trace(), m_index, m_spec.queue, m_spec.hostname, m_spec.language, *this),
      m_dkim(this->context().dkimKeys()),
      m_senderChecks(
          m_spec.checkSenders, m_spec.hostname, [this](trace::EventKind k, trace::Phrase p) { event(k, std::move(p)); },
          [this] { return unixSeconds(sim().now()); }) {
    m_outbound.setObserver([this](const smtp::ClientSession& e, std::uint32_t c, std::size_t first) {
        m_smtpCarried.observe(e, c, first);
    });
    m_pop3Port.setObserver([this](pop3::ServerSession& e, std::uint32_t c, std::size_t first) {
        m_downloadCarried.observePop3(e, c, first);
    });
    m_imapPort.setObserver([this](imap::ServerSession& e, std::uint32_t c, std::size_t first) {
        m_downloadCarried.observeImap(e, c, first);
    });
    m_store.setQuotaBytes(m_spec.quotaBytes.value_or(mail::kDefaultQuotaBytes));
    for (const auto& user : m_spec.users) m_store.create(user.address);
    for (const auto& shared : m_spec.sharedMailboxes) m_store.createShared(shared.address, shared.members);
}

void MailServerNode::start() {
    m_relayPort.listen(25, "SMTP");
    m_submissionPort.listen(587, "SMTP submission");
    if (const auto& tls = context().tlsServer()) {
        m_relayPort.setTls(tls);
        m_submissionPort.setTls(tls);
        m_submissionsPort.setTls(tls);
        m_submissionsPort.listen(465, "SMTP submission (TLS)", true);
    }
    m_pop3Port.listen(110, "POP3");
    m_imapPort.listen(143, "IMAP");
    // Dovecot with a certificate: STLS / STARTTLS on 110 / 143, TLS from the first byte on 995
    // and 993 (RFC 8314); one set of sessions per protocol, so every IMAP session hears of changes.
    if (const auto& tls = context().tlsServer()) {
        m_pop3Port.setTls(tls);
        m_imapPort.setTls(tls);
        m_pop3Port.listen(995, "POP3 (TLS)", true);
        m_imapPort.listen(993, "IMAP (TLS)", true);
    }
    m_imapPort.setAfterFeed([this](std::uint32_t connection) { notifyImap(connection); });
    // A mail server's resolver draws its query ids' seed from the simulation's generator as
    // it starts (the order the lessons' transcripts were made with).
    if (context().nameserver()) m_lookup.start(sim().rng().next());
    m_smtpDelivery.setLookup(&m_lookup);
    m_senderChecks.setResolver(m_lookup.resolver());
    // Postfix's relayhost is a host name: looked up (A) at each delivery.
    if (!m_spec.relayHost.empty()) {
        const std::string name = context().peerHostname(m_spec.relayHost);
        m_smtpDelivery.setRelayHost(name.empty() ? m_spec.relayHost : name);  // unknown: its look-up fails
    }
}

std::unique_ptr<smtp::ServerSession> MailServerNode::newSmtpSession(bool submission, const std::string& peerIp,
                                                                    bool implicitTls) {
    return std::make_unique<smtp::ServerSession>(configFor(m_spec, submission, implicitTls), *this, peerIp);
}

// TLS as Debian's Dovecot with a certificate: STLS / STARTTLS offered, no password in clear
// (disable_plaintext_auth = yes) unless the lesson's plaintext_auth, the same switch as SMTP's.
std::unique_ptr<pop3::ServerSession> MailServerNode::newPop3Session(bool implicitTls) {
    pop3::ServerConfig config{m_spec.hostname, true};
    config.tlsOffered = m_spec.tls.enabled;
    config.allowPlaintextAuth = !m_spec.tls.enabled || m_spec.tls.plaintextAuth;
    config.implicitTls = m_spec.tls.enabled && implicitTls;
    return std::make_unique<pop3::ServerSession>(config, *this);
}

std::unique_ptr<imap::ServerSession> MailServerNode::newImapSession(bool implicitTls) {
    imap::ServerConfig config;
    config.hostname = m_spec.hostname;
    config.tlsOffered = m_spec.tls.enabled;
    config.allowPlaintextAuth = !m_spec.tls.enabled || m_spec.tls.plaintextAuth;
    config.implicitTls = m_spec.tls.enabled && implicitTls;
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

Time MailServerNode::now() const { return m_context->sim().now(); }

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
            e.setPhrase(trace::phrasePlural("POP3 removed {} message from the mailbox of {} (INBOX now holds {})",
                                            "POP3 removed {} messages from the mailbox of {} (INBOX now holds {})",
                                            static_cast<long>(removed), removed, address, left));
            trace().events.push_back(std::move(e));
            notifyImap();
        },
        [this, address] { m_pop3Locked.erase(address); });
}

bool MailServerNode::isLocalDomain(std::string_view domain) {
    const std::string d = toLowerAscii(domain);
    return std::find(m_spec.domains.begin(), m_spec.domains.end(), d) != m_spec.domains.end();
}

bool MailServerNode::isLocalUser(std::string_view address) {
    const std::string a = toLowerAscii(address);
    return m_store.find(a) != nullptr || m_spec.forward.count(a) != 0;  // a forwarded address takes mail too
}

bool MailServerNode::ownsSender(std::string_view user, std::string_view sender) {
    // A user sends as themselves, or as a shared mailbox they are a member of (info@ answers
    // the customers); anything else is someone else's address.
    if (equalsIgnoreCaseAscii(user, sender)) return true;
    const mail::Mailbox* box = m_store.find(toLowerAscii(sender));
    return box && box->isShared() && box->mayAccess(toLowerAscii(user));
}

std::string MailServerNode::quotaRefusal(std::string_view address, std::uint64_t size) const {
    const mail::Mailbox* box = m_store.find(toLowerAscii(address));
    if (!box) return {};
    const auto full = m_fullUntil.find(toLowerAscii(address));
    const bool forcedFull = full != m_fullUntil.end() && m_context->sim().now() < full->second;
    if (!forcedFull && box->fits(std::max<std::uint64_t>(size, 1))) return {};
    return fmt::format("552 5.2.2 <{}>: Recipient address rejected: Quota exceeded (mailbox for user is full)",
                       address);
}

bool MailServerNode::mayRelayFor(std::string_view peerIp) {
    // Postfix's mynetworks: the addresses of the hosts it relays for.
    for (const std::uint32_t ip : m_context->relayClientAddresses())
        if (net::formatIpv4(ip) == peerIp) return true;
    return false;
}

bool MailServerNode::isRelayDomain(std::string_view domain) {
    return std::find(m_spec.relayDomains.begin(), m_spec.relayDomains.end(), domain) != m_spec.relayDomains.end();
}

bool MailServerNode::checkPassword(std::string_view user, std::string_view password) {
    for (const auto& u : m_spec.users)
        if (u.address == toLowerAscii(user)) return u.password == password;
    return false;
}

std::string MailServerNode::outage(Stage stage) {
    if (!m_errorCode || sim().now() >= m_errorUntil) return {};
    // Each code where Postfix gives it: 421/554 instead of the greeting, 452 at MAIL (queue
    // file system full), 554 at RCPT (a policy block); 451 comes at the end of DATA.
    const bool here = (stage == Stage::Greeting && (m_errorCode == 421)) ||
                      (stage == Stage::Mail && m_errorCode == 452) || (stage == Stage::Rcpt && m_errorCode == 554);
    if (!here) return {};
    return fmt::format("{} {}", m_errorCode, m_errorText);
}

std::string MailServerNode::refuseMessage(std::string_view data) {
    if (m_errorCode == 451 && sim().now() < m_errorUntil) return fmt::format("451 {}", m_errorText);
    return mta::hopCountRefusal(data, m_spec.queue.hopCountLimit);
}

std::string MailServerNode::acceptMessage(smtp::AcceptedMessage&& in) {
    mta::QueuedMessage mail;
    mail.queueId = m_queue.newQueueId();
    mail.sender = in.mailFrom;
    mail.arrival = sim().now();
    mail.returnHeadersOnly = in.ret == "HDRS";
    mail.envid = in.envid;
    for (std::size_t i = 0; i < in.rcptTo.size(); ++i) {
        mta::QueuedRecipient rcpt;
        rcpt.address = toLowerAscii(in.rcptTo[i]);
        // As cleanup does: a recipient named twice (here: in two spellings) is one recipient.
        if (std::any_of(mail.recipients.begin(), mail.recipients.end(),
                        [&](const mta::QueuedRecipient& q) { return q.address == rcpt.address; }))
            continue;
        if (i < in.rcptDsn.size()) {
            const smtp::DsnNotify& n = in.rcptDsn[i].notify;
            rcpt.notify = (n.never ? mta::kNotifyNever : 0u) | (n.success ? mta::kNotifySuccess : 0u) |
                          (n.failure ? mta::kNotifyFailure : 0u) | (n.delay ? mta::kNotifyDelay : 0u);
            rcpt.orcpt = in.rcptDsn[i].orcpt;
        }
        mail.recipients.push_back(std::move(rcpt));
    }
    mta::CleanedMessage cleaned = mta::cleanup(in, m_spec.hostname, mail.queueId, sim().now());
    mail.data = std::move(cleaned.data);
    mail.messageId = std::move(cleaned.messageId);
    mail.cleanupTopBytes = cleaned.topBytes;
    mail.cleanupHeaderEnd = std::move(cleaned.headerEnd);

    const std::string qid = mail.queueId;
    event(trace::EventKind::MailAccepted,
          trace::phrase("accepted mail from <{}> for {} as queue id {}", in.mailFrom, joined(in.rcptTo), qid), 0,
          mail.messageId);
    event(trace::EventKind::Cleanup, trace::phrase("cleanup added {}", joined(cleaned.addedHeaders)), 0,
          mail.messageId);
    rewriteForwards(mail);
    signOwnMail(mail, in);
    m_queue.enqueue(std::move(mail));
    return qid;
}

bool MailServerNode::answersLater(const smtp::AcceptedMessage& message) {
    return m_senderChecks.applies(message, mayRelayFor(message.peerIp));
}

void MailServerNode::checkMessage(smtp::AcceptedMessage&& message, smtp::PendingMessage answer) {
    auto held = std::make_shared<smtp::AcceptedMessage>(std::move(message));
    m_senderChecks.check(*held, [this, held, answer](SenderChecks::Verdict v) mutable {
        if (!answer.waiting()) {  // the client hung up or timed out: it still has the mail
            event(trace::EventKind::Note,
                  trace::phrase("the client from {} left before the checks ended: the mail from <{}> is not taken",
                                held->peerIp, held->mailFrom));
            return;
        }
        if (v.fate == SenderChecks::Fate::Reject || v.fate == SenderChecks::Fate::TryLater) {
            answer.refuse(v.reply);
        } else {
            held->data = std::move(v.data);  // the new header below the Received: field cleanup adds
            const std::string qid = acceptMessage(std::move(*held));
            if (v.fate == SenderChecks::Fate::Junk && !qid.empty()) m_junkQueueIds.insert(qid);
            answer.accept(qid);
        }
        m_relayPort.forEach([](smtp::ServerSession& s) { s.notify(); });  // the late reply goes out
    });
}

void MailServerNode::deliverLocal(const mta::QueuedMessage& mail, const std::vector<std::string>& rcpts,
                                  mta::QueueManager::Report done) {
    std::vector<mta::DeliveryOutcome> out;
    bool changed = false;
    for (const std::string& rcpt : rcpts) {
        out.push_back(deliverOne(mail, rcpt));
        changed = changed || out.back().verdict == mta::Verdict::Delivered;
    }
    if (changed) notifyImap();
    // The Junk mark lasts until every local recipient has its final outcome.
    if (std::none_of(out.begin(), out.end(), [](const mta::DeliveryOutcome& o) { return o.verdict == mta::Verdict::Deferred; }))
        m_junkQueueIds.erase(mail.queueId);
    done(std::move(out));  // may remove `mail` from the queue: nothing after this
}

namespace {
// The mailbox's \Junk folder: the one marked so, else "Junk" (made and marked when missing).
std::string junkFolder(mail::Mailbox& box) {
    for (const auto& [name, f] : box.folders())
        if (f.specialUse == mail::SpecialUse::Junk) return name;
    if (!box.findFolder("Junk")) {
        box.createFolder("Junk");
        box.findFolder("Junk")->specialUse = mail::SpecialUse::Junk;
        box.subscribe("Junk");
    }
    return N_("Junk");  // a special folder's name: translated in the sentences that name it
}
}  // namespace

mta::DeliveryOutcome MailServerNode::deliverOne(const mta::QueuedMessage& mail, const std::string& address) {
    // The mailbox whatever the case of the address's letters, as Postfix's local(8) folds it: a
    // bounce goes to MAIL FROM as the sender wrote it. The outcome names the address as queued.
    const std::string rcpt = toLowerAscii(address);
    mail::Mailbox* box = m_store.find(rcpt);
    if (!box)  // smtpd refuses unknown local users at RCPT; a bounce to one ends here
        return mta::outcome(address, mta::Verdict::Bounced, "5.1.1",
                            fmt::format("unknown user: \"{}\"", rcpt.substr(0, rcpt.find('@'))));
    const std::string stamps = fmt::format("Return-Path: <{}>\r\nDelivered-To: {}\r\n", mail.sender, rcpt);
    std::string data = stamps + mail.data;
    if (!quotaRefusal(rcpt, data.size()).empty()) {
        // Dovecot's LMTP, quota_full_tempfail = no (its default): the mail bounces.
        const std::string reply =
            fmt::format("552 5.2.2 <{}> Quota exceeded (mailbox for user is full)", rcpt);
        event(trace::EventKind::Note,
              trace::phrase("the mailbox of {} is full ({} of its {} bytes are used)", rcpt, box->usedBytes(),
                            box->quotaBytes()),
              0, mail.messageId);
        return mta::outcome(address, mta::Verdict::Bounced, "5.2.2",
                            fmt::format("host {}[{}] said: {} (in reply to end of DATA command)", m_spec.hostname,
                                        net::formatIpv4(m_spec.ip), reply),
                            reply, m_spec.hostname);
    }
    // Mail the sender checks judged suspect goes to the Junk folder (Dovecot's \Junk special-use
    // folder, made when missing, as its auto = subscribe does), the rest to INBOX.
    const std::string folder = m_junkQueueIds.count(mail.queueId) ? junkFolder(*box) : std::string("INBOX");
    trace::DeliveredCopyRecord copy;
    copy.time = sim().now();
    copy.mail = trace::mailIdOf(trace(), data, mail.isBounce);
    copy.node = m_index;
    copy.account = rcpt;
    copy.folder = folder;
    copy.top = stamps + mail.data.substr(0, std::min(mail.cleanupTopBytes, mail.data.size()));
    copy.headerEnd = mail.cleanupHeaderEnd;
    copy.uid = box->append(folder, std::move(data), sim().now());
    if (copy.mail != 0) trace().deliveredCopies.push_back(std::move(copy));
    const int count = static_cast<int>(box->folder(folder).messages.size());
    trace::Event e;
    e.time = sim().now();
    e.kind = trace::EventKind::Delivered;
    e.node = m_index;
    e.messageId = mail.messageId;
    e.mailbox = rcpt;
    e.mailboxCount = count;
    if (folder == "INBOX")
        e.setPhrase(trace::phrasePlural("delivered to the mailbox of {} (INBOX now holds {} message)",
                                        "delivered to the mailbox of {} (INBOX now holds {} messages)", count, rcpt,
                                        count));
    else
        e.setPhrase(trace::phrasePlural("delivered to the {} folder of {} ({} message there now)",
                                        "delivered to the {} folder of {} ({} messages there now)", count,
                                        trace::term(folder), rcpt, count));
    trace().events.push_back(std::move(e));
    return mta::outcome(address, mta::Verdict::Delivered, "2.0.0", "delivered to mailbox");
}

void MailServerNode::deliverRemote(const mta::QueuedMessage& mail, const std::string& domain,
                                   const std::vector<std::string>& rcpts, mta::QueueManager::Report done) {
    m_smtpDelivery.deliver(mail, domain, rcpts, std::move(done));
}

void MailServerNode::perform(const scenario::Action& action) {
    switch (action.type) {
        case scenario::ActionType::SmtpError: {
            m_errorCode = action.replyCode;
            m_errorText = action.replyText.empty() ? std::string(defaultErrorText(action.replyCode)) : action.replyText;
            m_errorUntil = sim().now() + action.duration.value_or(Duration::seconds(0));
            event(trace::EventKind::Outage,
                  trace::phrase("{} answers SMTP clients with {} {} for {} s", m_spec.hostname, m_errorCode, m_errorText,
                                action.duration.value_or(Duration::seconds(0)).ns() / 1'000'000'000));
            sim().at(m_errorUntil, [this] {
                if (sim().now() >= m_errorUntil && m_errorCode) {
                    m_errorCode = 0;
                    event(trace::EventKind::Outage, trace::phrase("{} accepts mail normally again", m_spec.hostname));
                }
            });
            break;
        }
        case scenario::ActionType::MailboxFull: {
            const Time until = sim().now() + action.duration.value_or(Duration::seconds(0));
            m_fullUntil[action.mailbox] = until;
            event(trace::EventKind::Outage,
                  trace::phrase("the mailbox of {} is full for {} s", action.mailbox,
                                action.duration.value_or(Duration::seconds(0)).ns() / 1'000'000'000));
            const std::string box = action.mailbox;
            sim().at(until, [this, box] {
                auto it = m_fullUntil.find(box);
                if (it == m_fullUntil.end() || sim().now() < it->second) return;
                m_fullUntil.erase(it);
                event(trace::EventKind::Outage, trace::phrase("the mailbox of {} has room again", box));
            });
            break;
        }
        default: Node::perform(action); break;
    }
}

void MailServerNode::setDown(bool down) {
    Node::setDown(down);
    m_queue.setRunning(!down);
}

}  // namespace postino::world
