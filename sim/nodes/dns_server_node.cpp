#include "nodes/dns_server_node.h"

#include "dns/dns_tcp.h"
#include "net/ipv4.h"
#include "nodes/write_caption.h"

#include <memory>

namespace postino::world {

DnsServerNode::DnsServerNode(std::unique_ptr<NodeContext> context)
    : Node(std::move(context)), m_server(m_spec.zones, m_spec.hostname) {}

void DnsServerNode::publishDkimRecords() {
    for (const dns::ResourceRecord& rr : context().dkimRecords()) {
        // The zone it belongs to: the longest origin the name ends in.
        const scenario::DnsZone* zone = nullptr;
        for (const scenario::DnsZone& z : m_server.zones()) {
            const bool inside = rr.name == z.origin ||
                                (rr.name.size() > z.origin.size() && rr.name.ends_with("." + z.origin));
            if (inside && (!zone || z.origin.size() > zone->origin.size())) zone = &z;
        }
        if (!zone) continue;
        bool own = false;
        for (const scenario::DnsRecord& r : zone->records) own = own || r.name == rr.name;
        for (const dns::ResourceRecord& r : m_server.addedRecords()) own = own || r.name == rr.name;
        if (own) continue;
        if (!m_server.addRecord(rr).empty()) continue;
        trace().publishedRecords.push_back({m_index, zone->origin, rr.name, rr.ttl, "TXT", dns::txtText(rr)});
        event(trace::EventKind::Note,
              trace::phrase("{} publishes a DKIM public key: a TXT record at {}", m_spec.hostname, rr.name));
    }
}

void DnsServerNode::start() {
    publishDkimRecords();
    // DNS over TCP (RFC 7766): for an answer that did not fit in a datagram. Each message comes
    // with its length in two octets, and so does each reply, whole up to 65,535 octets.
    m_stack.listen(53, net::AppProtocol::Dns, "DNS over TCP", [this](net::TcpConnection& c) {
        auto reader = std::make_shared<dns::TcpMessageReader>();
        net::TcpConnection* conn = &c;
        c.setCallbacks({
            .onConnected = nullptr,
            .onData =
                [this, conn, reader](std::string_view data) {
                    if (isDown()) return;
                    reader->feed(data);
                    while (auto query = reader->next()) {
                        std::vector<std::uint8_t> reply = m_server.handle(query->data(), query->size(), 0xFFFF);
                        if (reply.empty()) continue;
                        conn->send(dns::frameForTcp(reply), m_stack.trace().addCaption(dnsCaption(dns::decode(reply), true)));
                    }
                },
            .onPeerClosed = [conn] { conn->close(); },
            .onClosed = nullptr,
            .onError = nullptr,
        });
    });
    m_stack.bindUdp(53, [this](const net::Packet& query) {
        if (isDown()) return;  // switched off: the question goes unanswered, the resolver times out
        const auto* data = reinterpret_cast<const std::uint8_t*>(query.payload.data());
        std::vector<std::uint8_t> reply = m_server.handle(data, query.payload.size());
        if (reply.empty()) return;
        const dns::DecodeResult decoded = dns::decode(reply);
        const std::string summary = decoded.ok() ? dns::summary(*decoded.message) : "DNS reply";
        m_stack.sendUdp(53, query.srcIp, query.srcPort, std::string(reply.begin(), reply.end()), net::AppProtocol::Dns,
                        summary, dnsCaption(decoded, true));
    });
}

}  // namespace postino::world
