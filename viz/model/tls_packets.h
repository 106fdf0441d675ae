// Which packets carry TLS and what (the map's padlocks, the packet inspector's TLS layer): each
// connection direction's bytes read as TLS records from the first write that starts with one, and
// the protocol lines the trace marks as crossed inside TLS. Knows no protocol by name; no ImGui.
#pragma once

#include "tls/tls_records.h"
#include "trace/trace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace postino::viz {

enum class PacketSecrecy : std::uint8_t {
    Plain,      // no TLS: anyone on the path reads it (TCP control, DNS, a line before STARTTLS)
    Handshake,  // a write of the TLS handshake: it holds records in clear (ClientHello, alert, …)
    Encrypted,  // a write of encrypted records only: what it carries cannot be read on the path
};

// One TLS record with bytes in a packet.
struct TlsRecordPart {
    tls::TlsRecordInfo record;
    std::uint32_t from = 0, to = 0;  // its bytes in the packet's payload, [from, to)
    bool startsHere = false;         // the record's 5-byte header begins in this packet
    bool endsHere = false;           // its last byte is in this packet
    std::string serverName;          // a ClientHello's SNI (whole record in this packet), else empty
};

class TlsPackets {
public:
    TlsPackets() = default;
    explicit TlsPackets(const trace::Trace& trace);

    PacketSecrecy secrecy(std::uint64_t packet) const {
        return packet < m_secrecy.size() ? static_cast<PacketSecrecy>(m_secrecy[packet]) : PacketSecrecy::Plain;
    }
    bool any() const { return m_any; }  // the run has a packet with TLS records
    // The records with bytes in `packet`, in order (empty for a packet without TLS).
    std::vector<TlsRecordPart> records(std::uint64_t packet) const;
    // What the simulation wrote before encrypting the write this packet belongs to: indices into
    // Trace::lines (the lines marked tls of its connection and direction written since the
    // previous encrypted write and no later than this write's first segment left). Empty for a
    // packet that is not Encrypted, or a write that carried no line (an alert).
    std::vector<std::uint32_t> linesInside(std::uint64_t packet) const;

private:
    bool m_any = false;
    std::vector<std::uint8_t> m_secrecy;     // per packet
    std::vector<std::uint32_t> m_partsAt;    // per packet + 1: its parts are m_parts[at[p], at[p + 1])
    std::vector<TlsRecordPart> m_parts;
    std::vector<std::uint64_t> m_writeStart;  // per packet: the first segment of its write (itself if none)
    std::vector<std::uint32_t> m_linesFrom, m_linesTo;  // per write start: its lines, m_lineIds[from, to)
    std::vector<std::uint32_t> m_lineIds;
};

}  // namespace postino::viz
