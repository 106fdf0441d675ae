#include "nodes/client_node.h"

#include "mail/header_fields.h"
#include "mail/message_builder.h"
#include "world/world.h"

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
}  // namespace

ClientNode::ClientNode(World& world, const scenario::Node& spec, net::NodeIndex index)
    : Node(world, spec, index),
      m_smtp(*this, net::AppProtocol::Smtp),
      m_pop3(*this, net::AppProtocol::Pop3),
      m_imap(*this, net::AppProtocol::Imap),
      m_journal(world.trace(), index) {}

void ClientNode::perform(const scenario::Action& action) {
    switch (action.type) {
        case scenario::ActionType::Send:
        case scenario::ActionType::SaveDraft: send(action); break;
        case scenario::ActionType::CheckMail: checkMail(action); break;
        case scenario::ActionType::Read:
        case scenario::ActionType::Flag:
        case scenario::ActionType::Move:
        case scenario::ActionType::Delete: messageAction(action); break;
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
    const auto serverIndex = acc ? world().indexOf(acc->server) : std::nullopt;
    if (!acc || !serverIndex) {
        event(trace::EventKind::Note, fmt::format("cannot send: no account {} on this device", action.from));
        return;
    }

    mail::NewMessage m;
    m.from = action.from;
    m.to = action.to;
    m.cc = action.cc;  // Bcc recipients are in the envelope only, never in a header
    m.subject = action.subject;
    m.body = action.body;
    m.htmlBody = action.html;
    m.date = sim().now();
    for (const auto& a : action.attachments)
        m.attachments.push_back({a.name, a.contentType, static_cast<std::size_t>(a.size)});

    if (action.type == scenario::ActionType::SaveDraft) {
        appendOverImap(*acc, "Drafts", "\\Draft", mail::buildMessage(m),
                       fmt::format("saves the draft \"{}\" in Drafts on the server (IMAP APPEND): every device can "
                                   "go on writing it", action.subject));
        return;
    }

    smtp::ClientJob job;
    job.heloName = m_spec.hostname;
    job.auth = std::make_pair(acc->address, acc->password);
    job.mailFrom = action.from;
    job.rcptTo = action.to;
    job.rcptTo.insert(job.rcptTo.end(), action.cc.begin(), action.cc.end());
    job.rcptTo.insert(job.rcptTo.end(), action.bcc.begin(), action.bcc.end());
    job.message = mail::buildMessage(m);

    const std::string subject = action.subject;
    const std::string serverName = world().scenario().nodes[*serverIndex].hostname;
    const std::string copy = job.message;
    event(trace::EventKind::MailSubmitted,
          fmt::format("{} sends \"{}\" to {}: submitting to {} (port 587)", action.from, subject,
                      fmt::join(job.rcptTo, ", "), serverName));
    m_smtp.start(world().network().ipOf(*serverIndex), 587, "SMTP submission",
                 std::make_unique<smtp::ClientSession>(std::move(job)),
                 [this, subject, acc, copy](smtp::ClientSession& engine, std::uint32_t conn,
                                            std::string_view transportError) {
                     const smtp::ClientResult& r = engine.result();
                     if (r.success) {
                         event(trace::EventKind::Note,
                               fmt::format("\"{}\" handed to the server: {}", subject, smtp::describeReply(r.finalReply)),
                               conn);
                         // IMAP clients keep the sent mail on the server too, like Thunderbird does.
                         if (acc->incoming == scenario::IncomingProtocol::Imap)
                             appendOverImap(*acc, "Sent", "\\Seen", copy,
                                            fmt::format("stores a copy of \"{}\" in Sent on the server (IMAP APPEND)",
                                                        subject));
                     }
                     if (!r.success)
                         event(trace::EventKind::Rejected,
                               fmt::format("\"{}\" was not submitted: {}", subject,
                                           r.failureReason.empty() ? std::string(transportError) : r.failureReason),
                               conn);
                 });
}

void ClientNode::checkMail(const scenario::Action& action) {
    const scenario::ClientAccount* acc = account(action.from);
    const auto serverIndex = acc ? world().indexOf(acc->server) : std::nullopt;
    if (!acc || !serverIndex || acc->incoming == scenario::IncomingProtocol::None) {
        event(trace::EventKind::Note, fmt::format("cannot check mail: no account {} to read on this device", action.from));
        return;
    }
    if (acc->incoming == scenario::IncomingProtocol::Imap) {
        checkImap(*acc, imapFolder(action, "INBOX"), world().network().ipOf(*serverIndex),
                  world().scenario().nodes[*serverIndex].hostname);
        return;
    }
    LocalMailbox& local = m_local[acc->address];
    pop3::ClientJob job;
    job.user = acc->address;
    job.password = acc->password;
    job.mode = acc->keepOnServer ? pop3::ClientJob::Mode::KeepOnServer : pop3::ClientJob::Mode::DownloadAndDelete;
    job.knownUids = local.knownUids;
    const std::string serverName = world().scenario().nodes[*serverIndex].hostname;
    event(trace::EventKind::CheckingMail,
          fmt::format("checks mail for {} on {} over POP3 (port 110), {}", acc->address, serverName,
                      acc->keepOnServer ? "keeping the messages on the server" : "downloading and deleting them"));
    m_pop3.start(world().network().ipOf(*serverIndex), 110, "POP3",
                 std::make_unique<pop3::ClientSession>(std::move(job)),
                 [this, acc](pop3::ClientSession& engine, std::uint32_t conn, std::string_view transportError) {
                     finishPop3(*acc, engine, conn, transportError);
                 });
}

void ClientNode::checkImap(const scenario::ClientAccount& acc, const std::string& folder, std::uint32_t serverIp,
                           const std::string& serverName) {
    imap_client::ClientJob job;
    job.user = acc.address;
    job.password = acc.password;
    job.ops = {imap_client::Sync{folder}};
    if (folder == "INBOX")
        event(trace::EventKind::CheckingMail,
              fmt::format("checks mail for {} on {} over IMAP (port 143): the messages stay on the server", acc.address,
                          serverName));
    else
        event(trace::EventKind::CheckingMail,
              fmt::format("{} opens {} on {} over IMAP (port 143), logged in as themselves: the folder lives on the "
                          "server, shared with its other members",
                          acc.address, folder, serverName));
    imap_client::DeviceCache& cache = m_imapCaches[acc.address];
    m_imap.start(serverIp, 143, "IMAP", std::make_unique<imap_client::ClientSession>(std::move(job), cache),
                 [this, &acc, folder](imap_client::ClientSession& engine, std::uint32_t conn,
                                      std::string_view transportError) {
                     finishImap(acc, folder, engine, conn, transportError);
                 });
}

void ClientNode::messageAction(const scenario::Action& action) {
    const scenario::ClientAccount* acc = account(action.from);
    const auto serverIndex = acc ? world().indexOf(acc->server) : std::nullopt;
    if (!acc || !serverIndex || acc->incoming != scenario::IncomingProtocol::Imap) {
        event(trace::EventKind::Note, fmt::format("cannot act on mail: no IMAP account {} on this device", action.from));
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
        event(trace::EventKind::Note, fmt::format("no message about \"{}\" in {} on this device (check mail first?)",
                                                  action.subject, where));
        return;
    }
    imap_client::ClientJob job;
    job.user = acc->address;
    job.password = acc->password;
    std::string what;
    switch (action.type) {
        case scenario::ActionType::Read:
            job.ops = {imap_client::Read{where, uid}};
            what = "opens";
            break;
        case scenario::ActionType::Flag:
            job.ops = {imap_client::SetFlags{where, uid, {"\\Flagged"}, true}};
            what = "flags";
            break;
        case scenario::ActionType::Move:
            job.ops = {imap_client::Move{where, uid, target}};
            what = "moves";
            break;
        default:
            job.ops = {imap_client::Delete{where, uid}};
            what = "deletes";
            break;
    }
    job.ops.push_back(imap_client::Sync{where});
    event(trace::EventKind::CheckingMail,
          fmt::format("{} {} \"{}\" (UID {} in {}{}): the change goes to the server over IMAP", acc->address, what,
                      subject, uid, where, action.type == scenario::ActionType::Move ? " to " + target : std::string()));
    imap_client::DeviceCache& cache = m_imapCaches[acc->address];
    const std::uint32_t serverIp = world().network().ipOf(*serverIndex);
    m_imap.start(serverIp, 143, "IMAP", std::make_unique<imap_client::ClientSession>(std::move(job), cache),
                 [this, acc, where](imap_client::ClientSession& engine, std::uint32_t conn,
                                    std::string_view transportError) {
                     finishImap(*acc, where, engine, conn, transportError);
                 });
}

void ClientNode::appendOverImap(const scenario::ClientAccount& acc, const std::string& folder, const std::string& flag,
                                std::string message, std::string why) {
    const auto serverIndex = world().indexOf(acc.server);
    if (!serverIndex) return;
    imap_client::ClientJob job;
    job.user = acc.address;
    job.password = acc.password;
    imap_client::Append append;
    append.folder = folder;
    append.flags = {flag};
    append.content = std::move(message);
    job.ops = {std::move(append)};
    event(trace::EventKind::CheckingMail, fmt::format("{} {}", acc.address, why));
    imap_client::DeviceCache& cache = m_imapCaches[acc.address];
    m_imap.start(world().network().ipOf(*serverIndex), 143, "IMAP",
                 std::make_unique<imap_client::ClientSession>(std::move(job), cache),
                 [this, &acc, folder](imap_client::ClientSession& engine, std::uint32_t conn, std::string_view error) {
                     const imap_client::ClientResult& r = engine.result();
                     const bool stored = r.success && !r.operations.empty() &&
                                         r.operations[0].status == imap_client::OperationOutcome::Status::Ok;
                     event(stored ? trace::EventKind::MailboxChanged : trace::EventKind::Rejected,
                           stored ? fmt::format("the server now keeps it in {} of {}", folder, acc.address)
                                  : fmt::format("could not store it in {}: {}", folder,
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
        e.text = fmt::format("reading mail for {} failed: {}", acc.address,
                             r.failureReason.empty() ? std::string(transportError) : r.failureReason);
    } else {
        const std::string what = folder == "INBOX" ? "INBOX of " + acc.address : folder;
        e.text = fmt::format("{} in sync over IMAP: {} new message{} downloaded; {} message{} ({} unread) on "
                             "this device, the same as on the server",
                             what, n, n == 1 ? "" : "s", onDevice, onDevice == 1 ? "" : "s", unread);
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
    const std::string onDevice =
        fmt::format("{} message{} on this device", local.messages.size(), local.messages.size() == 1 ? "" : "s");
    if (!r.success) {
        e.kind = trace::EventKind::Rejected;
        e.text = fmt::format("reading mail for {} failed: {} ({})", acc.address,
                             r.failureReason.empty() ? std::string(transportError) : r.failureReason, onDevice);
    } else if (n == 0) {
        e.text = fmt::format("no new mail for {} on the server ({})", acc.address, onDevice);
    } else if (acc.keepOnServer) {
        e.text = fmt::format("downloaded {} new message{} for {} and left them on the server ({})", n,
                             n == 1 ? "" : "s", acc.address, onDevice);
    } else {
        e.text = fmt::format("downloaded {} message{} for {} and deleted {} from the server: the copies now live only "
                             "on this device ({})",
                             n, n == 1 ? "" : "s", acc.address, n == 1 ? "it" : "them", onDevice);
    }
    trace().events.push_back(std::move(e));
}

}  // namespace postino::world
