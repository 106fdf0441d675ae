// Writes a Trace's packets as a pcap file (libpcap's format, written here: Ethernet/IPv4/TCP/UDP,
// nanosecond timestamps, real checksums) that Wireshark and tshark open.
// Each packet is captured once, as it leaves its origin. No live capture.
#pragma once

#include "trace/trace.h"

#include <string>

namespace postino::exporter {

// Simulated time 0 as a Unix time: 2026-03-02 09:00:00 UTC (matches Date: headers).
constexpr std::int64_t kEpochUnixSeconds = 1772442000;

inline constexpr std::uint32_t kPcapMagicNanoseconds = 0xa1b23c4d;
inline constexpr std::uint32_t kPcapSnapLength = 262144;
inline constexpr std::uint32_t kLinkTypeEthernet = 1;  // LINKTYPE_ETHERNET

// The whole pcap file in memory (what the browser downloads, what writePcap writes).
std::string pcapBytes(const trace::Trace& trace);
// Returns an empty string on success, else what went wrong.
std::string writePcap(const std::string& path, const trace::Trace& trace);

// The frame bytes of one packet (exposed for tests and the packet inspector).
std::string buildFrame(const net::Packet& p, std::uint32_t srcNode, std::uint32_t dstNode);

}  // namespace postino::exporter
