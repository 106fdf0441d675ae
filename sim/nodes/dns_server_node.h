// A DNS server node: answers UDP port 53 queries from its scenario zones with
// the sans-I/O AuthoritativeServer engine, and notes each answer in the trace.
// It never recurses.
#pragma once

#include "dns/dns_zone.h"
#include "nodes/node.h"

namespace postino::world {

class DnsServerNode : public Node {
public:
    explicit DnsServerNode(std::unique_ptr<NodeContext> context);
    void start() override;

private:
    dns::AuthoritativeServer m_server;
};

}  // namespace postino::world
