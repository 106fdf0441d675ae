// The mail server's steps between cleanup and the queue that mail authentication is about:
// forwarding (virtual aliases, which keep MAIL FROM, so SPF fails at the next hop) and DKIM
// signing of the mail its own users send (which survives forwarding).
#include "nodes/mail_server_node.h"

#include "mta/virtual_alias.h"

namespace postino::world {

void MailServerNode::rewriteForwards(mta::QueuedMessage& mail) {
    for (const auto& [from, to] : mta::rewriteRecipients(mail.recipients, m_spec.forward))
        event(trace::EventKind::Forwarded,
              trace::phrase("forwarded: mail for {} goes to {} (the sender <{}> stays in MAIL FROM)", from, to,
                            mail.sender),
              0, mail.messageId);
}

void MailServerNode::signOwnMail(mta::QueuedMessage& mail, const smtp::AcceptedMessage& in) {
    // As OpenDKIM beside Postfix: mail from an authenticated user or from its own networks
    // (InternalHosts, here mynetworks), never mail it only passes on for others.
    if (m_dkim.empty() || (in.authUser.empty() && !mayRelayFor(in.peerIp))) return;
    for (trace::Phrase& said : m_dkim.sign(mail, sim().now()))
        event(trace::EventKind::DkimSigned, std::move(said), 0, mail.messageId);
}

void MailServerNode::originated(mta::QueuedMessage& mail) {
    for (trace::Phrase& said : m_dkim.sign(mail, sim().now()))
        event(trace::EventKind::DkimSigned, std::move(said), 0, mail.messageId);
}

}  // namespace postino::world
