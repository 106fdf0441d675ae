#include "export/pcap_export.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace postino::exporter {

namespace {

void put16(std::string& b, std::uint16_t v) {
    b += static_cast<char>(v >> 8);
    b += static_cast<char>(v & 0xff);
}
void put32(std::string& b, std::uint32_t v) {
    put16(b, static_cast<std::uint16_t>(v >> 16));
    put16(b, static_cast<std::uint16_t>(v & 0xffff));
}
void mac(std::string& b, std::uint32_t node) {
    // Locally administered unicast addresses: 02:00:00:00:nn:nn.
    b += {'\x02', '\0', '\0', '\0'};
    put16(b, static_cast<std::uint16_t>(node + 1));
}

std::uint32_t sumWords(std::string_view data, std::uint32_t sum = 0) {
    for (std::size_t i = 0; i + 1 < data.size(); i += 2)
        sum += (static_cast<unsigned char>(data[i]) << 8) | static_cast<unsigned char>(data[i + 1]);
    if (data.size() % 2) sum += static_cast<unsigned char>(data.back()) << 8;
    return sum;
}
std::uint16_t fold(std::uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

}  // namespace

std::string buildFrame(const net::Packet& p, std::uint32_t srcNode, std::uint32_t dstNode) {
    std::string transport;
    const bool tcp = p.transport == net::Transport::Tcp;
    if (tcp) {
        const int headerLen = p.transportHeaderBytes();
        put16(transport, p.srcPort);
        put16(transport, p.dstPort);
        put32(transport, p.seq);
        put32(transport, p.ack);
        transport += static_cast<char>((headerLen / 4) << 4);
        transport += static_cast<char>(p.flags);
        put16(transport, p.window);
        put16(transport, 0);  // checksum, filled below
        put16(transport, 0);  // urgent pointer
        if (p.mssOption) {
            transport += {'\x02', '\x04'};
            put16(transport, p.mssOption);
        }
    } else {
        put16(transport, p.srcPort);
        put16(transport, p.dstPort);
        put16(transport, static_cast<std::uint16_t>(net::kUdpHeader + p.payload.size()));
        put16(transport, 0);
    }
    transport += p.payload;

    // Pseudo-header checksum (RFC 793 / RFC 768).
    std::string pseudo;
    put32(pseudo, p.srcIp);
    put32(pseudo, p.dstIp);
    put16(pseudo, static_cast<std::uint16_t>(p.transport));
    put16(pseudo, static_cast<std::uint16_t>(transport.size()));
    std::uint16_t check = fold(sumWords(transport, sumWords(pseudo)));
    if (!tcp && check == 0) check = 0xffff;
    const std::size_t at = tcp ? 16 : 6;
    transport[at] = static_cast<char>(check >> 8);
    transport[at + 1] = static_cast<char>(check & 0xff);

    std::string ip;
    ip += '\x45';
    ip += '\0';
    put16(ip, static_cast<std::uint16_t>(net::kIpv4Header + transport.size()));
    put16(ip, p.ipId);
    put16(ip, tcp ? 0x4000 : 0);  // DF for TCP
    ip += static_cast<char>(p.ttl);
    ip += static_cast<char>(p.transport);
    put16(ip, 0);
    put32(ip, p.srcIp);
    put32(ip, p.dstIp);
    const std::uint16_t ipCheck = fold(sumWords(ip));
    ip[10] = static_cast<char>(ipCheck >> 8);
    ip[11] = static_cast<char>(ipCheck & 0xff);

    std::string frame;
    mac(frame, dstNode);
    mac(frame, srcNode);
    put16(frame, 0x0800);
    return frame + ip + transport;
}

std::string pcapBytes(const trace::Trace& trace) {
    // The pcap file format (libpcap's, as Wireshark reads it): a 24-byte file header, then a
    // 16-byte header before each frame. Written little-endian with the nanosecond magic.
    std::string out;
    const auto le16 = [&out](std::uint16_t v) {
        out += static_cast<char>(v & 0xff);
        out += static_cast<char>(v >> 8);
    };
    const auto le32 = [&](std::uint32_t v) {
        le16(static_cast<std::uint16_t>(v & 0xffff));
        le16(static_cast<std::uint16_t>(v >> 16));
    };
    le32(kPcapMagicNanoseconds);
    le16(2);  // version 2.4
    le16(4);
    le32(0);  // time zone: UTC
    le32(0);  // timestamp accuracy
    le32(kPcapSnapLength);
    le32(kLinkTypeEthernet);

    // The first hop of each packet tells the next-hop MAC address.
    std::vector<std::uint32_t> firstHopTo(trace.packets.size(), UINT32_MAX);
    for (const auto& h : trace.hops)
        if (h.packetId < firstHopTo.size() && firstHopTo[h.packetId] == UINT32_MAX) firstHopTo[h.packetId] = h.to;

    for (const auto& rec : trace.packets) {
        const net::Packet& p = rec.packet;
        const std::uint32_t hop = p.id < firstHopTo.size() ? firstHopTo[p.id] : UINT32_MAX;
        const std::string frame = buildFrame(p, rec.origin, hop == UINT32_MAX ? rec.origin : hop);
        const std::int64_t ns = rec.sent.ns();
        le32(static_cast<std::uint32_t>(kEpochUnixSeconds + ns / 1'000'000'000));
        le32(static_cast<std::uint32_t>(ns % 1'000'000'000));
        const auto captured = static_cast<std::uint32_t>(std::min<std::size_t>(frame.size(), kPcapSnapLength));
        le32(captured);
        le32(static_cast<std::uint32_t>(frame.size()));
        out.append(frame, 0, captured);
    }
    return out;
}

std::string writePcap(const std::string& path, const trace::Trace& trace) {
    const std::string bytes = pcapBytes(trace);
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) return "cannot write " + path + ": " + std::strerror(errno);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) return "cannot finish writing " + path + ": " + std::strerror(errno);
    return {};
}

}  // namespace postino::exporter
