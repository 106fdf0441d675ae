#include "nodes/client_node.h"
#include "trace/mail_places.h"

#include "mail/header_fields.h"
#include "mail/message_builder.h"
#include "nodes/submission_events.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace postino::world {

namespace {
// The IMAP name of `folder`: the user's own, or inside the shared mailbox the action names
// ("Shared/info@shop.example/INBOX", the server's shared namespace).
std::string imapFolder(const scenario::Action& action, const std::string& folder) {
    if (action.sharedMailbox.empty()) return folder;
    return "Shared/" + action.sharedMailbox + "/" + folder;
}

// The account's connection security as the SMTP, POP3 and IMAP engines name it.
tls::ClientTls tlsMode(const ClientTlsUse& use, scenario::AccountTls setting) {
    using Tls = tls::ClientTls;
    if (!use.config) return Tls::None;
    switch (setting) {
        case scenario::AccountTls::Implicit: return Tls::Implicit;
        case scenario::AccountTls::StartTls: return Tls::Required;
        case scenario::AccountTls::None: return Tls::None;
        case scenario::AccountTls::Auto: break;
    }
    return Tls::Opportunistic;
}
}  // namespace

ClientNode::ClientNode(std::unique_ptr<NodeContext> context)
    : Node(std::move(context)),
      m_lookup(this->context()),
      m_smtp(*this, net::AppProtocol::Smtp),
      m_pop3(*this, net::AppProtocol::Pop3),
      m_imap(*this, net::AppProtocol::Imap),
      m_journal(trace(), m_index, trace::MailPlace::Device) {
    m_smtp.setObserver([this](const smtp::ClientSession& e, std::uint32_t c, std::size_t first) {
        m_smtpCarried.observe(e, c, first);
    });
    m_imap.setObserver([this](const imap_client::ClientSession& e, std::uint32_t c, std::size_t first) {
        m_downloadCarried.observeImapClient(e, c, first);
    });
}

// A device's own seed for its resolver's query ids: giving it a resolver changes no other
// host's random numbers.
void ClientNode::start() { m_lookup.start(context().hostSeed()); }

std::string ClientNode::serverName(const scenario::ClientAccount& acc) const {
    return m_context->peerHostname(acc.server);
}

void ClientNode::reach(const std::string& host, std::function<void(std::uint32_t)> then) {
    m_lookup.find(host, [this, then = std::move(then)](const HostLookup::Answer& a) {
        if (!a.ok()) {
            event(trace::EventKind::Rejected, HostLookup::unreachable(a));
            return;
        }
        then(a.addresses.front());
    });
}

void ClientNode::perform(const scenario::Action& action) {
    if (handledWhileDown(action)) return;
    switch (action.type) {
        case scenario::ActionType::Send:
        case scenario::ActionType::SaveDraft: send(action); break;
        case scenario::ActionType::CheckMail: checkMail(action); break;
        case scenario::ActionType::Read:
        case scenario::ActionType::Flag:
        case scenario::ActionType::Move:
        case scenario::ActionType::Delete: messageAction(action); break;
        case scenario::ActionType::NodeDown:
        case scenario::ActionType::NodeUp:
        case scenario::ActionType::LinkDown:
        case scenario::ActionType::LinkUp:
        case scenario::ActionType::SmtpError:
        case scenario::ActionType::MailboxFull: break;  // a mail server's business
    }
}

const LocalMailbox* ClientNode::localMailbox(const std::string& address) const {
    auto it = m_local.find(address);
    return it == m_local.end() ? nullptr : &it->second;
}

const imap_client::DeviceCache* ClientNode::imapCache(const std::string& address) const {
    auto it = m_imapCaches.find(address);
    return it == m_imapCaches.end() ? nullptr : &it->second;
}

const scenario::ClientAccount* ClientNode::account(const std::string& address) const {
    if (address.empty() && m_spec.accounts.size() == 1) return &m_spec.accounts.front();
    for (const auto& a : m_spec.accounts)
        if (a.address == address) return &a;
    return nullptr;
}

void ClientNode::send(const scenario::Action& action) {
    const scenario::ClientAccount* acc = account(action.from);
    if (!acc || serverName(*acc).empty()) {
        event(trace::EventKind::Note, trace::phrase("cannot send: no account {} on this device", action.from));
        return;
    }

    mail::NewMessage m;
    m.from = action.fromHeader.empty() ? action.from : action.fromHeader;  // MAIL FROM stays the account
    m.to = action.to;
    m.cc = action.cc;  // Bcc recipients are in the envelope only, never in a header
    m.subject = action.subject;
    m.body = action.body;
    m.htmlBody = action.html;
    m.date = sim().now();
    // Like every mail program, the client names its message itself; the same text then goes
    // to the server and into Sent, so every copy carries the same Message-ID.
    m.messageId = mail::makeMessageId(m.date, ++m_messagesWritten, m_spec.hostname);
    for (const auto& a : action.attachments)
        m.attachments.push_back({a.name, a.contentType, static_cast<std::size_t>(a.size)});
    std::string message = mail::buildMessage(m);

    if (action.type == scenario::ActionType::SaveDraft) {
        appendOverImap(*acc, "Drafts", {"\\Seen", "\\Draft"}, std::move(message),
                       trace::phrase("{} saves the draft \"{}\" in Drafts on the server (IMAP APPEND): every device "
                                     "can go on writing it",
                                     acc->address, action.subject));
        return;
    }

    smtp::ClientJob job;
    job.heloName = m_spec.hostname;
    job.auth = std::make_pair(acc->address, acc->password);
    job.mailFrom = action.mailFrom.empty() ? action.from : action.mailFrom;  // swaks --from, sendmail -f
    job.rcptTo = action.to;
    job.rcptTo.insert(job.rcptTo.end(), action.cc.begin(), action.cc.end());
    job.rcptTo.insert(job.rcptTo.end(), action.bcc.begin(), action.bcc.end());
    job.message = message;  // the one built message: submitted now, stored in Sent after

    const std::string subject = action.subject;
    const std::string server = serverName(*acc);
    const std::string messageId = "<" + m.messageId + ">";
    const std::string recipients = fmt::format("{}", fmt::join(job.rcptTo, ", "));
    if (acc->tls == scenario::AccountTls::Implicit && context().tlsClient())
        event(trace::EventKind::MailSubmitted,
              trace::phrase("{} sends \"{}\" to {}: submitting to {} (port 465, TLS from the first byte)", action.from,
                            subject, recipients, server));
    else
        event(trace::EventKind::MailSubmitted,
              trace::phrase("{} sends \"{}\" to {}: submitting to {} (port 587)", action.from, subject, recipients,
                            server));
    // Where the mail is: in this device's outbox until its server has taken it.
    trace::mailArrived(trace(), sim().now(), trace::mailIdOf(trace(), message), m_index, trace::MailPlace::Outbox,
                       acc->address);
    // Like any program, the mail client asks for the server's address first (getaddrinfo).
    auto pending = std::make_shared<smtp::ClientJob>(std::move(job));
    m_lookup.find(server, [this, subject, acc, messageId, pending,
                           copy = std::move(message)](const HostLookup::Answer& a) {
        if (!a.ok()) {
            event(trace::EventKind::Rejected, notSent(subject, a), 0, messageId);
            return;
        }
        submit(*acc, subject, std::move(*pending), a.addresses.front(), copy, a.host);
    });
}

trace::Phrase ClientNode::notSent(const std::string& subject, const HostLookup::Answer& a) {
    switch (a.failure) {
        case HostLookup::Failure::NoSuchName:
            return trace::phrase("\"{}\" was not sent: the DNS server says {} does not exist (NXDOMAIN); the mail "
                                 "stays in the outbox of this device",
                                 subject, a.host);
        case HostLookup::Failure::NoAddress:
            return trace::phrase("\"{}\" was not sent: the DNS server has no address (A record) for {}; the mail "
                                 "stays in the outbox of this device",
                                 subject, a.host);
        case HostLookup::Failure::NoAnswer:
            return trace::phrase("\"{}\" was not sent: the DNS server does not answer, so the address of {} is "
                                 "unknown; the mail stays in the outbox of this device",
                                 subject, a.host);
        case HostLookup::Failure::ServerError:
            return trace::phrase("\"{}\" was not sent: the DNS server answered {} for {}; the mail stays in the "
                                 "outbox of this device",
                                 subject, a.detail, a.host);
        case HostLookup::Failure::CannotAsk:
            return trace::phrase("\"{}\" was not sent: {} cannot be looked up ({}); the mail stays in the outbox "
                                 "of this device",
                                 subject, a.host, a.detail);
        case HostLookup::Failure::NotConfigured:
        case HostLookup::Failure::None: break;
    }
    return trace::phrase("\"{}\" was not sent: this device has no DNS resolver and no hosts entry for {}; the mail "
                         "stays in the outbox of this device",
                         subject, a.host);
}

void ClientNode::submit(const scenario::ClientAccount& account, const std::string& subject, smtp::ClientJob job,
                        std::uint32_t serverIp, const std::string& copy, const std::string& serverHost) {
    const scenario::ClientAccount* acc = &account;
    ClientTlsUse tlsUse = accountTls(*acc, serverHost);
    job.tls = tlsMode(tlsUse, acc->tls);
    const std::uint16_t port = tlsUse.config && tlsUse.implicit ? 465 : 587;
    m_smtp.start(serverIp, port, port == 465 ? "SMTP submission (TLS)" : "SMTP submission",
                 std::make_unique<smtp::ClientSession>(std::move(job)),
                 [this, subject, acc, copy](smtp::ClientSession& engine, std::uint32_t conn,
                                            std::string_view transportError) {
                     const smtp::ClientResult& r = engine.result();
                     if (r.success) {
                         trace::mailLeft(trace(), sim().now(), trace::mailIdOf(trace(), copy), m_index,
                                         trace::MailPlace::Outbox, acc->address);
                         recordSubmitted(*this, subject, r, conn);
                         // IMAP clients keep the sent mail on the server too, like Thunderbird does.
                         if (acc->incoming == scenario::IncomingProtocol::Imap)
                             appendOverImap(*acc, "Sent", {"\\Seen"}, copy,
                                            trace::phrase("{} stores a copy of \"{}\" in Sent on the server "
                                                          "(IMAP APPEND)",
                                                          acc->address, subject));
                     }
                     if (!r.success)
                         event(trace::EventKind::Rejected,
                               trace::phrase("\"{}\" was not submitted: {}", subject,
                                             r.failureReason.empty() ? std::string(transportError) : r.failureReason),
                               conn);
                 },
                 std::move(tlsUse));
}

ClientTlsUse ClientNode::accountTls(const scenario::ClientAccount& acc, const std::string& serverHost) {
    const auto& config = context().tlsClient();
    if (!config || acc.tls == scenario::AccountTls::None) return {};
    return {config, serverHost, context().unixNow(), acc.tls == scenario::AccountTls::Implicit};
}

void ClientNode::startImap(const scenario::ClientAccount& acc, std::uint32_t serverIp, imap_client::ClientJob job,
                           ClientSessions<imap_client::ClientSession>::Done done) {
    ClientTlsUse tlsUse = incomingTls(acc);
    job.tls = tlsMode(tlsUse, acc.tls);
    const bool implicit = tlsUse.config && tlsUse.implicit;
    imap_client::DeviceCache& cache = m_imapCaches[acc.address];
    m_imap.start(serverIp, implicit ? 993 : 143, implicit ? "IMAP (TLS)" : "IMAP",
                 std::make_unique<imap_client::ClientSession>(std::move(job), cache), std::move(done), std::move(tlsUse));
}

void ClientNode::checkMail(const scenario::Action& action) {
    const scenario::ClientAccount* acc = account(action.from);
    if (!acc || serverName(*acc).empty() || acc->incoming == scenario::IncomingProtocol::None) {
        event(trace::EventKind::Note,
              trace::phrase("cannot check mail: no account {} to read on this device", action.from));
        return;
    }
    if (acc->incoming == scenario::IncomingProtocol::Imap) {
        checkImap(*acc, imapFolder(action, action.folder));
        return;
    }
    LocalMailbox& local = m_local[acc->address];
    pop3::ClientJob job;
    job.user = acc->address;
    job.password = acc->password;
    job.mode = acc->keepOnServer ? pop3::ClientJob::Mode::KeepOnServer : pop3::ClientJob::Mode::DownloadAndDelete;
    job.knownUids = local.knownUids;
    const std::string server = serverName(*acc);
    const bool implicit = incomingTls(*acc).implicit;
    if (implicit)
        event(trace::EventKind::CheckingMail,
              acc->keepOnServer ? trace::phrase("checks mail for {} on {} over POP3 (port 995, TLS from the first "
                                                "byte), keeping the messages on the server",
                                                acc->address, server)
                                : trace::phrase("checks mail for {} on {} over POP3 (port 995, TLS from the first "
                                                "byte), downloading and deleting them",
                                                acc->address, server));
    else
        event(trace::EventKind::CheckingMail,
              acc->keepOnServer
                  ? trace::phrase("checks mail for {} on {} over POP3 (port 110), keeping the messages on the server",
                                  acc->address, server)
                  : trace::phrase("checks mail for {} on {} over POP3 (port 110), downloading and deleting them",
                                  acc->address, server));
    auto pending = std::make_shared<pop3::ClientJob>(std::move(job));
    reach(server, [this, acc, pending](std::uint32_t serverIp) {
        ClientTlsUse tlsUse = incomingTls(*acc);
        pending->tls = tlsMode(tlsUse, acc->tls);
        const bool implicit = tlsUse.config && tlsUse.implicit;
        m_pop3.start(serverIp, implicit ? 995 : 110, implicit ? "POP3 (TLS)" : "POP3",
                     std::make_unique<pop3::ClientSession>(std::move(*pending)),
                     [this, acc](pop3::ClientSession& engine, std::uint32_t conn, std::string_view transportError) {
                         finishPop3(*acc, engine, conn, transportError);
                     },
                     std::move(tlsUse));
    });
}

void ClientNode::checkImap(const scenario::ClientAccount& acc, const std::string& folder) {
    const std::string server = serverName(acc);
    imap_client::ClientJob job;
    job.user = acc.address;
    job.password = acc.password;
    job.ops = {imap_client::Sync{folder}};
    const bool implicit = incomingTls(acc).implicit;
    if (folder == "INBOX" && implicit)
        event(trace::EventKind::CheckingMail,
              trace::phrase("checks mail for {} on {} over IMAP (port 993, TLS from the first byte): the messages "
                            "stay on the server",
                            acc.address, server));
    else if (folder == "INBOX")
        event(trace::EventKind::CheckingMail,
              trace::phrase("checks mail for {} on {} over IMAP (port 143): the messages stay on the server",
                            acc.address, server));
    else if (folder.rfind("Shared/", 0) != 0 && implicit)
        event(trace::EventKind::CheckingMail,
              trace::phrase("checks the {} folder of {} on {} over IMAP (port 993, TLS from the first byte): the "
                            "messages stay on the server",
                            trace::term(folder), acc.address, server));
    else if (folder.rfind("Shared/", 0) != 0)
        event(trace::EventKind::CheckingMail,
              trace::phrase("checks the {} folder of {} on {} over IMAP (port 143): the messages stay on the server",
                            trace::term(folder), acc.address, server));
    else if (implicit)
        event(trace::EventKind::CheckingMail,
              trace::phrase("{} opens {} on {} over IMAP (port 993, TLS from the first byte), logged in as "
                            "themselves: the folder lives on the server, shared with its other members",
                            acc.address, trace::term(folder), server));
    else
        event(trace::EventKind::CheckingMail,
              trace::phrase("{} opens {} on {} over IMAP (port 143), logged in as themselves: the folder lives on "
                            "the server, shared with its other members",
                            acc.address, trace::term(folder), server));
    auto pending = std::make_shared<imap_client::ClientJob>(std::move(job));
    reach(server, [this, &acc, folder, pending](std::uint32_t serverIp) {
        startImap(acc, serverIp, std::move(*pending),
                  [this, &acc, folder](imap_client::ClientSession& engine, std::uint32_t conn,
                                       std::string_view transportError) {
                      finishImap(acc, folder, engine, conn, transportError);
                  });
    });
}

void ClientNode::messageAction(const scenario::Action& action) {
    const scenario::ClientAccount* acc = account(action.from);
    if (!acc || serverName(*acc).empty() || acc->incoming != scenario::IncomingProtocol::Imap) {
        event(trace::EventKind::Note,
              trace::phrase("cannot act on mail: no IMAP account {} on this device", action.from));
        return;
    }
    // Find the message in this device's cache, as the user sees it.
    const std::string where = imapFolder(action, action.folder);
    const std::string target = imapFolder(action, action.toFolder);
    const imap_client::FolderCache* folder = m_imapCaches[acc->address].find(where);
    std::uint32_t uid = 0;
    std::string subject;
    if (folder)
        for (const auto& [u, m] : folder->messages) {
            const std::string s = mail::headerValue(m.content, "Subject");
            if (m.downloaded && s.find(action.subject) != std::string::npos) {
                uid = u;
                subject = s;
                break;
            }
        }
    if (!uid) {
        event(trace::EventKind::Note, trace::phrase("no message about \"{}\" in {} on this device (check mail first?)",
                                                    action.subject, trace::term(where)));
        return;
    }
    imap_client::ClientJob job;
    job.user = acc->address;
    job.password = acc->password;
    trace::Phrase what;
    switch (action.type) {
        case scenario::ActionType::Read:
            job.ops = {imap_client::Read{where, uid}};
            what = trace::phrase("{} opens \"{}\" (UID {} in {}): the change goes to the server over IMAP",
                                 acc->address, subject, uid, trace::term(where));
            break;
        case scenario::ActionType::Flag:
            job.ops = {imap_client::SetFlags{where, uid, {"\\Flagged"}, true}};
            what = trace::phrase("{} flags \"{}\" (UID {} in {}): the change goes to the server over IMAP",
                                 acc->address, subject, uid, trace::term(where));
            break;
        case scenario::ActionType::Move:
            job.ops = {imap_client::Move{where, uid, target}};
            what = trace::phrase("{} moves \"{}\" (UID {} in {} to {}): the change goes to the server over IMAP",
                                 acc->address, subject, uid, trace::term(where), trace::term(target));
            break;
        default:
            job.ops = {imap_client::Delete{where, uid}};
            what = trace::phrase("{} deletes \"{}\" (UID {} in {}): the change goes to the server over IMAP",
                                 acc->address, subject, uid, trace::term(where));
            break;
    }
    job.ops.push_back(imap_client::Sync{where});
    event(trace::EventKind::CheckingMail, std::move(what));
    auto pending = std::make_shared<imap_client::ClientJob>(std::move(job));
    reach(serverName(*acc), [this, acc, where, pending](std::uint32_t serverIp) {
        startImap(*acc, serverIp, std::move(*pending),
                  [this, acc, where](imap_client::ClientSession& engine, std::uint32_t conn,
                                     std::string_view transportError) {
                      finishImap(*acc, where, engine, conn, transportError);
                  });
    });
}

void ClientNode::appendOverImap(const scenario::ClientAccount& acc, const std::string& folder, std::vector<std::string> flags,
                                std::string message, trace::Phrase what) {
    const std::string server = serverName(acc);
    if (server.empty()) return;
    imap_client::ClientJob job;
    job.user = acc.address;
    job.password = acc.password;
    imap_client::Append append;
    append.folder = folder;
    append.flags = imap_client::FlagSet(flags.begin(), flags.end());
    append.content = std::move(message);
    job.ops = {std::move(append)};
    event(trace::EventKind::CheckingMail, std::move(what));
    auto pending = std::make_shared<imap_client::ClientJob>(std::move(job));
    reach(server, [this, &acc, folder, pending](std::uint32_t serverIp) {
        appendTo(acc, folder, std::move(*pending), serverIp);
    });
}

void ClientNode::appendTo(const scenario::ClientAccount& acc, const std::string& folder, imap_client::ClientJob job,
                          std::uint32_t serverIp) {
    startImap(acc, serverIp, std::move(job),
                 [this, &acc, folder](imap_client::ClientSession& engine, std::uint32_t conn, std::string_view error) {
                     const imap_client::ClientResult& r = engine.result();
                     const bool stored = r.success && !r.operations.empty() &&
                                         r.operations[0].status == imap_client::OperationOutcome::Status::Ok;
                     if (stored)
                         event(trace::EventKind::MailboxChanged,
                               trace::phrase("the server now keeps it in {} of {}", trace::term(folder), acc.address), conn);
                     else
                         event(trace::EventKind::Rejected,
                               trace::phrase("could not store it in {}: {}", trace::term(folder),
                                             r.failureReason.empty() ? std::string(error) : r.failureReason),
                               conn);
                 });
}

void ClientNode::finishImap(const scenario::ClientAccount& acc, const std::string& folder,
                            imap_client::ClientSession& engine, std::uint32_t connection,
                            std::string_view transportError) {
    const imap_client::ClientResult& r = engine.result();
    m_journal.syncImapCache(sim().now(), acc.address, m_imapCaches[acc.address]);
    const imap_client::FolderCache* inbox = m_imapCaches[acc.address].find(folder);
    const std::size_t onDevice = inbox ? inbox->messages.size() : 0;
    std::size_t unread = 0;
    if (inbox)
        for (const auto& [uid, m] : inbox->messages) unread += m.flags.count("\\Seen") == 0;
    trace::Event e;
    e.time = sim().now();
    e.kind = trace::EventKind::Downloaded;
    e.node = m_index;
    e.connection = connection;
    e.mailbox = acc.address;
    e.mailboxCount = static_cast<int>(onDevice);
    const std::size_t n = r.counts.downloaded;
    if (!r.success) {
        e.kind = trace::EventKind::Rejected;
        e.setPhrase(trace::phrase("reading mail for {} failed: {}", acc.address,
                                  r.failureReason.empty() ? std::string(transportError) : r.failureReason));
    } else if (!r.operations.empty() && !r.operations[0].ok()) {
        // The server refused the folder (a Junk nothing was ever filed in does not exist yet).
        e.kind = trace::EventKind::Rejected;
        e.setPhrase(trace::phrase("{} of {} could not be opened: the server said \"{}\"", trace::term(folder),
                                  acc.address, r.operations[0].text));
    } else if (folder == "INBOX") {
        // Whole sentences for translators: the count of new messages picks one of two, the count on
        // the device picks the plural form in each language.
        const long c = static_cast<long>(onDevice);
        if (n == 1)
            e.setPhrase(trace::phrasePlural("INBOX of {} in sync over IMAP: {} new message downloaded; {} message ({} "
                                            "unread) on this device, the same as on the server",
                                            "INBOX of {} in sync over IMAP: {} new message downloaded; {} messages ({} "
                                            "unread) on this device, the same as on the server",
                                            c, acc.address, n, onDevice, unread));
        else
            e.setPhrase(trace::phrasePlural("INBOX of {} in sync over IMAP: {} new messages downloaded; {} message ({} "
                                            "unread) on this device, the same as on the server",
                                            "INBOX of {} in sync over IMAP: {} new messages downloaded; {} messages ({} "
                                            "unread) on this device, the same as on the server",
                                            c, acc.address, n, onDevice, unread));
    } else {
        const long c = static_cast<long>(onDevice);
        if (n == 1)
            e.setPhrase(trace::phrasePlural("{} in sync over IMAP: {} new message downloaded; {} message ({} unread) on "
                                            "this device, the same as on the server",
                                            "{} in sync over IMAP: {} new message downloaded; {} messages ({} unread) on "
                                            "this device, the same as on the server",
                                            c, trace::term(folder), n, onDevice, unread));
        else
            e.setPhrase(trace::phrasePlural("{} in sync over IMAP: {} new messages downloaded; {} message ({} unread) "
                                            "on this device, the same as on the server",
                                            "{} in sync over IMAP: {} new messages downloaded; {} messages ({} unread) "
                                            "on this device, the same as on the server",
                                            c, trace::term(folder), n, onDevice, unread));
    }
    trace().events.push_back(std::move(e));
}

void ClientNode::finishPop3(const scenario::ClientAccount& acc, pop3::ClientSession& engine, std::uint32_t connection,
                            std::string_view transportError) {
    const pop3::ClientResult& r = engine.result();
    LocalMailbox& local = m_local[acc.address];
    for (const auto& m : r.downloaded) {
        local.messages.push_back({m.uid, m.content});
        if (!m.uid.empty()) local.knownUids.insert(m.uid);
    }
    // After download-and-delete the server forgets the UIDs: so may we.
    if (!acc.keepOnServer && r.success) local.knownUids.clear();
    std::vector<const std::string*> copy;
    for (const auto& m : local.messages) copy.push_back(&m.data);
    m_journal.syncPop3Copy(sim().now(), acc.address, copy);
    trace::Event e;
    e.time = sim().now();
    e.kind = trace::EventKind::Downloaded;
    e.node = m_index;
    e.connection = connection;
    e.mailbox = acc.address;
    e.mailboxCount = static_cast<int>(local.messages.size());
    const std::size_t n = r.downloaded.size();
    const std::size_t onDevice = local.messages.size();
    const long c = static_cast<long>(onDevice);  // picks the plural form of "({} messages on this device)"
    // Whole sentences for translators: the count of downloaded messages picks one of two in code.
    if (!r.success) {
        e.kind = trace::EventKind::Rejected;
        const std::string why = r.failureReason.empty() ? std::string(transportError) : r.failureReason;
        e.setPhrase(trace::phrasePlural("reading mail for {} failed: {} ({} message on this device)",
                                        "reading mail for {} failed: {} ({} messages on this device)", c, acc.address,
                                        why, onDevice));
    } else if (n == 0) {
        e.setPhrase(trace::phrasePlural("no new mail for {} on the server ({} message on this device)",
                                        "no new mail for {} on the server ({} messages on this device)", c,
                                        acc.address, onDevice));
    } else if (acc.keepOnServer) {
        if (n == 1)
            e.setPhrase(trace::phrasePlural("downloaded {} new message for {} and left them on the server ({} message "
                                            "on this device)",
                                            "downloaded {} new message for {} and left them on the server ({} messages "
                                            "on this device)",
                                            c, n, acc.address, onDevice));
        else
            e.setPhrase(trace::phrasePlural("downloaded {} new messages for {} and left them on the server ({} message "
                                            "on this device)",
                                            "downloaded {} new messages for {} and left them on the server ({} "
                                            "messages on this device)",
                                            c, n, acc.address, onDevice));
    } else {
        if (n == 1)
            e.setPhrase(trace::phrasePlural("downloaded {} message for {} and deleted it from the server: the copies "
                                            "now live only on this device ({} message on this device)",
                                            "downloaded {} message for {} and deleted it from the server: the copies "
                                            "now live only on this device ({} messages on this device)",
                                            c, n, acc.address, onDevice));
        else
            e.setPhrase(trace::phrasePlural("downloaded {} messages for {} and deleted them from the server: the "
                                            "copies now live only on this device ({} message on this device)",
                                            "downloaded {} messages for {} and deleted them from the server: the "
                                            "copies now live only on this device ({} messages on this device)",
                                            c, n, acc.address, onDevice));
    }
    trace().events.push_back(std::move(e));
}

}  // namespace postino::world
