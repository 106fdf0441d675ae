#include "nodes/dns_server_node.h"

#include "net/ipv4.h"
#include "nodes/write_caption.h"

namespace postino::world {

DnsServerNode::DnsServerNode(std::unique_ptr<NodeContext> context)
    : Node(std::move(context)), m_server(m_spec.zones, m_spec.hostname) {}

void DnsServerNode::start() {
    m_stack.bindUdp(53, [this](const net::Packet& query) {
        if (isDown()) return;  // switched off: the question goes unanswered, the resolver times out
        const auto* data = reinterpret_cast<const std::uint8_t*>(query.payload.data());
        std::vector<std::uint8_t> reply = m_server.handle(data, query.payload.size());
        if (reply.empty()) return;
        const dns::DecodeResult decoded = dns::decode(reply);
        const std::string summary = decoded.ok() ? dns::summary(*decoded.message) : "DNS reply";
        m_stack.sendUdp(53, query.srcIp, query.srcPort, std::string(reply.begin(), reply.end()), net::AppProtocol::Dns,
                        summary, decoded.ok() ? dnsCaption(*decoded.message) : trace::Caption{"DNS reply", 9});
    });
}

}  // namespace postino::world
