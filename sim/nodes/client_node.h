// A mail client (MUA) node: on a `send` action it builds an RFC 5322 message
// and submits it to its account's server on port 587 with AUTH PLAIN.
// Reading mail (POP3/IMAP) comes later; it never relays.
#pragma once

#include "nodes/node.h"
#include "nodes/smtp_deliveries.h"

namespace postino::world {

class ClientNode : public Node {
public:
    ClientNode(World& world, const scenario::Node& spec, net::NodeIndex index);
    void perform(const scenario::Action& action);

private:
    void send(const scenario::Action& action);
    SmtpDeliveries m_smtp;
};

}  // namespace postino::world
