#include "nodes/client_node.h"

#include "mail/message_builder.h"
#include "world/world.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace postino::world {

ClientNode::ClientNode(World& world, const scenario::Node& spec, net::NodeIndex index)
    : Node(world, spec, index), m_smtp(*this) {}

void ClientNode::perform(const scenario::Action& action) {
    switch (action.type) {
        case scenario::ActionType::Send: send(action); break;
    }
}

void ClientNode::send(const scenario::Action& action) {
    const scenario::ClientAccount* account = nullptr;
    for (const auto& a : m_spec.accounts)
        if (a.address == action.from) account = &a;
    const auto serverIndex = account ? world().indexOf(account->server) : std::nullopt;
    if (!account || !serverIndex) {
        event(trace::EventKind::Note, fmt::format("cannot send: no account {} on this device", action.from));
        return;
    }

    mail::NewMessage m;
    m.from = action.from;
    m.to = action.to;
    m.cc = action.cc;
    m.subject = action.subject;
    m.body = action.body;
    m.date = sim().now();

    smtp::ClientJob job;
    job.heloName = m_spec.hostname;
    job.auth = std::make_pair(account->address, account->password);
    job.mailFrom = action.from;
    job.rcptTo = action.to;
    job.rcptTo.insert(job.rcptTo.end(), action.cc.begin(), action.cc.end());
    job.message = mail::buildMessage(m);

    const std::string subject = action.subject;
    const std::string serverName = world().scenario().nodes[*serverIndex].hostname;
    event(trace::EventKind::MailSubmitted,
          fmt::format("{} sends \"{}\" to {}: submitting to {} (port 587)", action.from, subject,
                      fmt::join(job.rcptTo, ", "), serverName));
    m_smtp.start(world().network().ipOf(*serverIndex), 587, "SMTP submission", std::move(job),
                 [this, subject](const smtp::ClientResult& r, std::uint32_t conn) {
                     if (r.success)
                         event(trace::EventKind::Note, fmt::format("\"{}\" handed to the server: {}", subject, smtp::describeReply(r.finalReply)),
                               conn);
                     else
                         event(trace::EventKind::Rejected,
                               fmt::format("\"{}\" was not submitted: {}", subject, r.failureReason), conn);
                 });
}

}  // namespace postino::world
