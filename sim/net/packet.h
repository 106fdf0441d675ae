// A packet as the simulated network carries it: IPv4 + TCP or UDP header
// fields and the real payload bytes, plus teaching annotations (protocol,
// "segment 3 of 12", a Wireshark-like summary). No routing or timing here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace postino::net {

enum class Transport : std::uint8_t { Tcp = 6, Udp = 17 };

// What the packet carries, for colours and filters. TcpControl: SYN/FIN/pure ACK.
enum class AppProtocol : std::uint8_t { TcpControl, Smtp, Dns, Pop3, Imap, Http, Other };
std::string_view appProtocolName(AppProtocol p);

namespace tcpflag {
constexpr std::uint8_t Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10;
}
std::string tcpFlagsText(std::uint8_t flags);  // "SYN, ACK"

constexpr int kEthernetHeader = 14;
constexpr int kIpv4Header = 20;
constexpr int kUdpHeader = 8;
constexpr int kTcpHeader = 20;
constexpr int kTcpMssOption = 4;

struct Packet {
    std::uint64_t id = 0;  // unique within a run, assigned by Network
    std::uint32_t srcIp = 0, dstIp = 0;
    Transport transport = Transport::Tcp;
    std::uint16_t srcPort = 0, dstPort = 0;
    std::uint16_t ipId = 0;
    std::uint8_t ttl = 64;
    // TCP only
    std::uint32_t seq = 0, ack = 0;
    std::uint8_t flags = 0;
    std::uint16_t window = 0;
    std::uint16_t mssOption = 0;  // 0: no MSS option
    std::string payload;

    // annotations
    AppProtocol app = AppProtocol::Other;
    std::uint32_t connection = 0;  // trace connection id, 0 for none (UDP)
    std::uint32_t segIndex = 0, segCount = 0;  // 1-based part of one application write
    std::uint16_t retransmission = 0;  // 0: first transmission; n: the segment's n-th retransmission
    std::uint32_t caption = 0;  // what it says: Trace::caption(id) ("EHLO laptop"); 0 for none (TCP control)
    std::string summary;

    int transportHeaderBytes() const {
        if (transport == Transport::Udp) return kUdpHeader;
        return kTcpHeader + (mssOption ? kTcpMssOption : 0);
    }
    // Bytes of the IP datagram (what the MTU limits).
    int ipBytes() const { return kIpv4Header + transportHeaderBytes() + static_cast<int>(payload.size()); }
    // Bytes on the wire including the Ethernet header (what serialization costs).
    int frameBytes() const { return kEthernetHeader + ipBytes(); }
};

}  // namespace postino::net
