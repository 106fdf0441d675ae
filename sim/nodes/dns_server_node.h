// A DNS server node: answers queries on port 53 (UDP, and TCP for answers too big for a
// datagram) from its scenario zones with the sans-I/O AuthoritativeServer engine. It never recurses.
#pragma once

#include "dns/dns_zone.h"
#include "nodes/node.h"

namespace postino::world {

class DnsServerNode : public Node {
public:
    explicit DnsServerNode(std::unique_ptr<NodeContext> context);
    void start() override;

    const dns::AuthoritativeServer& server() const { return m_server; }

private:
    // The DKIM key records the World generated (HostSettings::dkimRecords): each is served when it
    // lies in one of this server's zones and that zone has no record of its own at its name (a
    // lesson may publish a wrong key there on purpose); each published one goes into the trace.
    void publishDkimRecords();

    dns::AuthoritativeServer m_server;
};

}  // namespace postino::world
