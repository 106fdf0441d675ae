// Writes a Trace's packets to a pcap file (libpcap, Ethernet/IPv4/TCP/UDP,
// nanosecond timestamps, real checksums) that Wireshark and tshark open.
// Each packet is captured once, as it leaves its origin. No live capture.
#pragma once

#include "trace/trace.h"

#include <string>

namespace postino::exporter {

// Simulated time 0 as a Unix time: 2026-03-02 09:00:00 UTC (matches Date: headers).
constexpr std::int64_t kEpochUnixSeconds = 1772442000;

// Returns an empty string on success, else what went wrong.
std::string writePcap(const std::string& path, const trace::Trace& trace);

// The frame bytes of one packet (exposed for tests and the packet inspector).
std::string buildFrame(const net::Packet& p, std::uint32_t srcNode, std::uint32_t dstNode);

}  // namespace postino::exporter
