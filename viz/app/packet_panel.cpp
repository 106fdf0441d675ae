// Inside one packet, for learners (Wireshark's details and bytes): the layers in plain words,
// Ethernet, IPv4, TCP or UDP, then the application data as text (or its TLS records and what
// they carried inside), the hops it made link by link, and the whole frame as a hex dump.
// Hovering a field lights up its bytes.
#include "fitted_header.h"
#include "fonts.h"
#include "hex_dump.h"
#include "i18n.h"
#include "padlock.h"
#include "panels.h"
#include "theme.h"
#include "wrapped_text.h"

#include "model/packet_inspection.h"
#include "model/tls_packets.h"
#include "net/ipv4.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::viz {

namespace {

// The packet on show, taken apart once (keyed by lesson and packet).
struct Inspected {
    std::uint64_t lesson = 0;  // serial
    PacketInspection packet;
    std::vector<TlsRecordPart> tlsRecords;  // its TLS records (none for a plain packet)
    std::vector<std::uint32_t> tlsLines;    // what its encrypted write carried, indices into Trace::lines
};

std::string nodeWithIp(const trace::Trace& t, std::uint32_t ip) {
    for (const auto& n : t.nodes)
        if (n.ip == ip) return n.id;
    return {};
}

std::string portText(std::uint16_t port) {
    switch (port) {
        case 25: return "25 (SMTP)";
        case 587: return fmt::format("587 ({})", tr("SMTP submission"));
        case 110: return "110 (POP3)";
        case 143: return "143 (IMAP)";
        case 80: return "80 (HTTP)";
        case 53: return "53 (DNS)";
        default: break;
    }
    if (port >= 49152) return fmt::format("{} ({})", port, tr("a temporary port the client picked"));
    return std::to_string(port);
}

unsigned byteAt(const std::string& frame, std::size_t i) {
    return i < frame.size() ? static_cast<unsigned char>(frame[i]) : 0u;
}
unsigned word16(const std::string& frame, std::size_t i) { return byteAt(frame, i) << 8 | byteAt(frame, i + 1); }

std::string macAt(const std::string& frame, std::size_t at) {
    return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", byteAt(frame, at), byteAt(frame, at + 1),
                       byteAt(frame, at + 2), byteAt(frame, at + 3), byteAt(frame, at + 4), byteAt(frame, at + 5));
}

std::string seconds(Time t) { return formatSeconds(t) + " s"; }

// A layer's fields: first what the layer is for, then a table of name and value.
bool beginFields(const char* id, const char* purpose) {
    if (*purpose) {
        ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
        textWrapped(purpose);
        ImGui::PopStyleColor();
    }
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return false;
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, ImGui::GetContentRegionAvail().x * 0.36f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

// One header field: its plain-words name, its value, an optional note; hovering it lights
// up bytes [start, start + len) of the frame and says them in a tooltip.
void field(ByteRange& lit, const std::string& frame, const char* name, const std::string& value, int start, int len,
           const char* note = nullptr) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::PushID(start * 64 + len);
    ImGui::Selectable(name, false, ImGuiSelectableFlags_SpanAllColumns);
    ImGui::PopID();
    if (ImGui::IsItemHovered() && len > 0) {
        lit = {start, start + len};
        std::string hex;
        for (int i = start; i < start + len && i < start + 8; ++i)
            hex += fmt::format("{:02x} ", byteAt(frame, static_cast<std::size_t>(i)));
        if (len > 8) hex += "…";
        ImGui::SetTooltip(
            "%s", trf("Bytes {}–{} of the frame: {}", start, start + len - 1, hex).c_str());
    }
    ImGui::TableSetColumnIndex(1);
    textWrapped(value);
    if (note) {
        ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
        textWrapped(note);
        ImGui::PopStyleColor();
    }
}

// A layer's collapsing header; hovering it lights up the whole layer.
bool layer(ByteRange& lit, const std::string& label, const char* id, int start, int end, bool open = false) {
    const bool shown =
        fittedHeader(fmt::format("{}###{}", label, id).c_str(), open ? ImGuiTreeNodeFlags_DefaultOpen : 0);
    if (ImGui::IsItemHovered()) lit = {start, end};
    return shown;
}

const char* flagMeaning(std::uint8_t flag) {
    switch (flag) {
        case net::tcpflag::Syn: return tr("SYN: let us open a connection");
        case net::tcpflag::Ack: return tr("ACK: I got your bytes up to the acknowledgement number");
        case net::tcpflag::Psh: return tr("PSH: hand this data to the application now");
        case net::tcpflag::Fin: return tr("FIN: I have nothing more to send");
        case net::tcpflag::Rst: return tr("RST: this connection is aborted");
        default: return "";
    }
}

bool printable(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c >= 0x20 ? c != 0x7f : c == '\r' || c == '\n' || c == '\t';
    });
}

void drawPayload(const net::Packet& p) {
    const std::string_view data = p.payload;
    if (!printable(data)) {
        mutedWrapped(tr("Binary data, not text: its bytes are in the dump below."));
        return;
    }
    ImGui::PushFont(fonts().mono);
    std::size_t start = 0;
    while (start < data.size()) {
        const std::size_t end = data.find("\r\n", start);
        textWrapped(data.substr(start, end == std::string_view::npos ? end : end - start));
        start = end == std::string_view::npos ? data.size() : end + 2;
    }
    ImGui::PopFont();
    if (!data.ends_with("\r\n") && p.segIndex < p.segCount)
        mutedWrapped(tr("The last line goes on in the next segment."));
}

// The words beside one TLS record: its handshake messages in clear (and the server name a
// ClientHello shows to anyone), a clear alert, or that its content cannot be read.
std::string recordNote(const TlsRecordPart& part) {
    const tls::TlsRecordInfo& r = part.record;
    std::string note;
    if (r.encrypted) {
        note = trf("encrypted: {} bytes — the reader cannot see the text", r.length);
    } else if (r.contentType == 22) {
        for (std::size_t i = 0; i < r.handshakeTypes.size(); ++i)
            note += (i ? ", " : "") + tls::handshakeTypeName(r.handshakeTypes[i]);
        if (!part.serverName.empty())
            note += "\n" + trf("It names the server it wants, readable by anyone: {}", part.serverName);
        if (r.handshakeTypes.empty()) note = tr("the rest of a handshake message");
    } else if (r.contentType == 20) {
        note = tr("Says that what follows is encrypted.");
    } else if (r.contentType == 21 && r.alertLevel >= 0) {
        note = fmt::format("{} {}", r.alertLevel == 2 ? "fatal" : "warning", tls::alertDescriptionName(r.alertDescription));
    }
    if (!part.startsHere) note += std::string(note.empty() ? "" : "\n") + tr("It began in an earlier segment.");
    if (!part.endsHere) note += std::string(note.empty() ? "" : "\n") + tr("It goes on in the next segment.");
    return note;
}

// The TLS layer: each record with bytes in this packet, then, for encrypted records, what the
// two ends read inside (the lines the trace marks as crossed inside TLS, else the caption).
void drawTls(ByteRange& lit, const ViewContext& ctx, const Inspected& in, int dataAt) {
    const trace::Trace& t = ctx.lesson.trace();
    const std::uint64_t id = in.packet.packet;
    const std::string& frame = in.packet.frame;
    const net::Packet& p = t.packets[id].packet;
    const std::vector<TlsRecordPart>& parts = in.tlsRecords;
    const bool encrypted = ctx.index.tls().secrecy(id) == PacketSecrecy::Encrypted;
    const long count = static_cast<long>(parts.size());
    const std::string title = trnf("TLS: {} record, {} bytes", "TLS: {} records, {} bytes", count, count, p.payload.size());
    if (layer(lit, title, "tls", dataAt, dataAt + static_cast<int>(p.payload.size()), true)) {
        padlockItem(!encrypted, protocolColor(p.app), ImGui::GetColorU32(ImGuiCol_WindowBg));
        ImGui::SameLine();
        mutedWrapped(encrypted
                         ? tr("The security layer: TLS encrypts what the programs write. Routers and anyone "
                              "listening on a link see only these records, not the text inside.")
                         : tr("The security layer: in the TLS handshake the two ends agree on keys and the "
                              "server shows its certificate; these records are partly in clear."));
        if (beginFields("tls-fields", "")) {
            int k = 0;
            for (const TlsRecordPart& part : parts) {
                const tls::TlsRecordInfo& r = part.record;
                const std::string name = trf("Record {}", ++k);
                const std::string note = recordNote(part);
                field(lit, frame, name.c_str(),
                      fmt::format("{} · {} · {}", tls::contentTypeName(r.contentType), tls::recordVersionName(r.version),
                                  trf("{} bytes", r.length)),
                      dataAt + static_cast<int>(part.from), static_cast<int>(part.to - part.from),
                      note.empty() ? nullptr : note.c_str());
            }
            ImGui::EndTable();
        }
        mutedWrapped(tr("A record's version field is a leftover: TLS 1.3 writes 1.2 there (1.0 in a ClientHello) so "
                        "that old boxes on the way let it through."));
    }
    if (!encrypted) return;
    if (!fittedHeader(fmt::format("{}###tls-inside", tr("Inside the encryption: what the two ends read")).c_str(),
                      ImGuiTreeNodeFlags_DefaultOpen))
        return;
    mutedWrapped(tr("The simulation saw this before it was encrypted; it is not on the wire."));
    const std::vector<std::uint32_t>& lines = in.tlsLines;
    ImGui::PushFont(fonts().mono);
    constexpr std::size_t kShown = 40;
    for (std::size_t i = 0; i < lines.size() && i < kShown; ++i) {
        const trace::LineRecord& l = t.lines[lines[i]];
        textWrappedColored(l.fromClient ? clientLineColor() : serverLineColor(), l.text);
    }
    // No line recorded: the caption of a write inside TLS says what it was, else it is TLS's own.
    const trace::Caption* c = lines.empty() ? t.caption(p.caption) : nullptr;
    if (c && std::string_view(c->text).starts_with("[TLS] ")) textWrapped(std::string_view(c->text).substr(6));
    ImGui::PopFont();
    if (lines.empty() && !(c && std::string_view(c->text).starts_with("[TLS] ")))
        mutedWrapped(tr("No protocol line: a message of TLS itself, such as an alert or the end of the connection."));
    if (lines.size() > kShown) {
        const long more = static_cast<long>(lines.size() - kShown);
        mutedWrapped(trnf("… and {} more line", "… and {} more lines", more, more));
    }
    if (p.segCount > 1)
        mutedWrapped(trf("This segment carries part of it: segment {} of {}.", p.segIndex, p.segCount));
}

void drawHops(const ViewContext& ctx, const PacketInspection& in) {
    const trace::Trace& t = ctx.lesson.trace();
    const Time now = ctx.player.playhead();
    int n = 0;
    for (std::uint32_t h : in.hops) {
        const trace::HopRecord& hop = t.hops[h];
        const bool flying = hop.start <= now && now < hop.arrival;
        ImU32 colour = ImGui::GetColorU32(ImGuiCol_Text);
        if (flying)
            colour = highlightColor();
        else if (hop.start > now)
            colour = mutedTextColor();
        textWrappedColored(colour, fmt::format("{}. {} → {}{}", ++n, t.nodes[hop.from].id, t.nodes[hop.to].id,
                                               flying ? fmt::format("  ({})", tr("on this link now")) : std::string()));
        ImGui::Indent();
        mutedWrapped(
            trf("leaves {}, arrives {}", seconds(hop.start), seconds(hop.arrival)).c_str());
        ImGui::Unindent();
    }
    if (in.hops.empty()) mutedWrapped(tr("This packet never left its node."));
}

class PacketPanel final : public Panel {
public:
    const char* id() const override { return "packet"; }
    const char* title() const override { return tr("Packet"); }
    void reset() override { m_inspected = Inspected{}; }
    void draw(ViewContext& ctx) override;

private:
    Inspected m_inspected;  // the packet on show, taken apart
};

}  // namespace

std::unique_ptr<Panel> makePacketPanel() { return std::make_unique<PacketPanel>(); }

void PacketPanel::draw(ViewContext& ctx) {
    const trace::Trace& t = ctx.lesson.trace();
    std::optional<std::uint64_t> id = ctx.selection.packet;
    if (id && *id >= t.packets.size()) id.reset();
    const bool following = !id;
    if (following) id = latestPacketOf(ctx.index, ctx.selection.connection, ctx.player.playhead());
    if (!id) {
        mutedWrapped(tr("Click a packet on the map to see inside it."));
        return;
    }
    const trace::PacketRecord& rec = t.packets[*id];
    const net::Packet& p = rec.packet;
    if (m_inspected.lesson != ctx.lesson.serial() || m_inspected.packet.packet != *id)
        m_inspected = Inspected{ctx.lesson.serial(), inspectPacket(ctx.index, *id), ctx.index.tls().records(*id),
                                ctx.index.tls().linesInside(*id)};
    const PacketInspection& in = m_inspected.packet;
    const std::string& frame = in.frame;
    const bool tcp = p.transport == net::Transport::Tcp;
    ByteRange lit;

    ImGui::PushStyleColor(ImGuiCol_Text, protocolColor(p.app));
    ImGui::PushFont(fonts().bold);
    ImGui::TextUnformatted(trf("Packet #{}", *id).c_str());
    ImGui::PopFont();
    ImGui::PopStyleColor();
    ImGui::SameLine();
    // A TLS packet's summary would quote scrambled bytes: its caption says what it is.
    const PacketSecrecy secrecy = ctx.index.tls().secrecy(*id);
    const trace::Caption* caption = t.caption(p.caption);
    textWrapped(secrecy != PacketSecrecy::Plain && caption ? trace::captionText(*caption, p.segIndex, p.segCount)
                                                           : p.summary);
    mutedWrapped(trf("Sent at {} by {}: {} bytes on the wire.", seconds(rec.sent),
                             t.nodes[rec.origin].id, frame.size())
                     .c_str());
    if (rec.sent > ctx.player.playhead()) mutedWrapped(tr("Not sent yet at the playhead."));
    if (following) {
        mutedWrapped(trf("The latest packet of connection #{} before the playhead; "
                                                 "click a packet on the map to choose one.",
                                 ctx.selection.connection)
                         .c_str());
    } else if (ImGui::SmallButton(tr("Follow the playhead"))) {
        ctx.selection.packet.reset();
    }

    const int ipAt = net::kEthernetHeader, tpAt = ipAt + net::kIpv4Header;
    const int dataAt = tpAt + p.transportHeaderBytes();
    const std::string to = t.nodes[in.hops.empty() ? rec.origin : t.hops[in.hops.front()].to].id;
    if (layer(lit, fmt::format("Ethernet: {} → {}", t.nodes[rec.origin].id, to), "eth", 0, ipAt) &&
        beginFields("eth-fields", tr("The link layer: it takes the frame to the next node on this cable."))) {
        field(lit, frame, tr("To (MAC address)"), fmt::format("{} ({})", macAt(frame, 0), to), 0, 6);
        field(lit, frame, tr("From (MAC address)"), fmt::format("{} ({})", macAt(frame, 6), t.nodes[rec.origin].id), 6,
              6);
        field(lit, frame, tr("Carries"), fmt::format("IPv4 (0x{:04x})", word16(frame, 12)), 12, 2);
        ImGui::EndTable();
        mutedWrapped(
            tr("These MAC addresses are made up, one per node. Every router writes a new Ethernet "
               "header for the next link; this is the one on the first link."));
    }

    const std::string srcName = nodeWithIp(t, p.srcIp), dstName = nodeWithIp(t, p.dstIp);
    if (layer(lit, fmt::format("IPv4: {} → {}", net::formatIpv4(p.srcIp), net::formatIpv4(p.dstIp)), "ip", ipAt,
              tpAt) &&
        beginFields("ip-fields", tr("The internet layer: it takes the packet from host to host, router by router."))) {
        field(lit, frame, tr("Version"), "4", ipAt, 1);
        field(lit, frame, tr("Header length"), trf("{} bytes", (byteAt(frame, 14) & 0xf) * 4),
              ipAt, 1);
        field(lit, frame, tr("Total length"), trf("{} bytes", word16(frame, 16)), ipAt + 2, 2,
              tr("IP header + transport header + data"));
        field(lit, frame, tr("Identification"), fmt::format("0x{:04x} ({})", word16(frame, 18), word16(frame, 18)),
              ipAt + 4, 2);
        field(lit, frame, tr("Flags"), word16(frame, 20) & 0x4000 ? tr("Don't fragment") : tr("none"), ipAt + 6, 2);
        field(lit, frame, tr("Time to live"), std::to_string(byteAt(frame, 22)), ipAt + 8, 1,
              tr("Each router takes one off; at zero the packet is dropped."));
        field(lit, frame, tr("Protocol"), fmt::format("{} ({})", byteAt(frame, 23), tcp ? "TCP" : "UDP"), ipAt + 9, 1);
        field(lit, frame, tr("Header checksum"), fmt::format("0x{:04x}", word16(frame, 24)), ipAt + 10, 2);
        field(lit, frame, tr("From"), fmt::format("{} ({})", net::formatIpv4(p.srcIp), srcName), ipAt + 12, 4);
        field(lit, frame, tr("To"), fmt::format("{} ({})", net::formatIpv4(p.dstIp), dstName), ipAt + 16, 4);
        ImGui::EndTable();
    }

    if (tcp) {
        const std::string flags = net::tcpFlagsText(p.flags);
        if (layer(lit, fmt::format("TCP: {} {} → {} [{}]", tr("port"), p.srcPort, p.dstPort, flags), "tcp", tpAt,
                  dataAt, p.payload.empty()) &&
            beginFields(
                "tcp-fields",
                tr("The transport layer: a reliable stream of bytes between two programs, told apart by ports."))) {
            field(lit, frame, tr("From port"), portText(p.srcPort), tpAt, 2);
            field(lit, frame, tr("To port"), portText(p.dstPort), tpAt + 2, 2);
            const std::string relSeq = in.ownIsn ? fmt::format(" ({} {})", tr("relative"), p.seq - *in.ownIsn) : "";
            field(lit, frame, tr("Sequence number"), std::to_string(p.seq) + relSeq, tpAt + 4, 4,
                  tr("The number of the first data byte; the SYN counts as one."));
            if (p.flags & net::tcpflag::Ack) {
                const std::string relAck =
                    in.peerIsn ? fmt::format(" ({} {})", tr("relative"), p.ack - *in.peerIsn) : "";
                field(lit, frame, tr("Acknowledgement"), std::to_string(p.ack) + relAck, tpAt + 8, 4,
                      tr("The next byte expected from the other side."));
            }
            field(lit, frame, tr("Header length"), trf("{} bytes", p.transportHeaderBytes()),
                  tpAt + 12, 1);
            std::string spelled;
            for (std::uint8_t f :
                 {net::tcpflag::Syn, net::tcpflag::Ack, net::tcpflag::Psh, net::tcpflag::Fin, net::tcpflag::Rst})
                if (p.flags & f) spelled += std::string(spelled.empty() ? "" : "\n") + flagMeaning(f);
            field(lit, frame, tr("Flags"), spelled.empty() ? tr("none") : spelled, tpAt + 13, 1);
            field(lit, frame, tr("Window"), trf("{} bytes", p.window), tpAt + 14, 2,
                  tr("How much more the sender can receive now."));
            field(lit, frame, tr("Checksum"),
                  fmt::format("0x{:04x}", word16(frame, static_cast<std::size_t>(tpAt + 16))), tpAt + 16, 2);
            if (p.mssOption)
                field(lit, frame, tr("MSS option"), trf("{} bytes", p.mssOption), tpAt + 20,
                      4, tr("The largest segment this side accepts."));
            if (!p.payload.empty() && p.segCount > 1)
                field(lit, frame, tr("Part"),
                      trf("segment {} of {} of one {} write", p.segIndex, p.segCount,
                                  protocolName(p.app)),
                      dataAt, static_cast<int>(p.payload.size()),
                      tr("The program wrote more than fits in one segment: TCP cut it."));
            else if (!p.payload.empty())
                field(lit, frame, tr("Part"), trf("one whole {} write", protocolName(p.app)),
                      dataAt, static_cast<int>(p.payload.size()));
            ImGui::EndTable();
        }
    } else if (layer(lit, fmt::format("UDP: {} {} → {}", tr("port"), p.srcPort, p.dstPort), "udp", tpAt, dataAt) &&
               beginFields(
                   "udp-fields",
                   tr("The transport layer: one message between two programs, told apart by ports; no connection."))) {
        field(lit, frame, tr("From port"), portText(p.srcPort), tpAt, 2);
        field(lit, frame, tr("To port"), portText(p.dstPort), tpAt + 2, 2);
        field(lit, frame, tr("Length"),
              trf("{} bytes", word16(frame, static_cast<std::size_t>(tpAt + 4))), tpAt + 4, 2,
              tr("UDP header + data"));
        field(lit, frame, tr("Checksum"), fmt::format("0x{:04x}", word16(frame, static_cast<std::size_t>(tpAt + 6))),
              tpAt + 6, 2);
        ImGui::EndTable();
    }

    if (p.payload.empty()) {
        mutedWrapped(tr("No data: this segment carries only TCP control flags."));
    } else if (secrecy != PacketSecrecy::Plain) {
        drawTls(lit, ctx, m_inspected, dataAt);
    } else if (layer(lit, trf("{} data: {} bytes", protocolName(p.app), p.payload.size()),
                     "data", dataAt, static_cast<int>(frame.size()), true)) {
        drawPayload(p);
    }
    const long hopCount = static_cast<long>(in.hops.size());
    if (fittedHeader(
            fmt::format("{}###hops",
                        trnf("Its trip: {} link", "Its trip: {} links", hopCount, hopCount))
                .c_str()))
        drawHops(ctx, in);
    if (fittedHeader(
            fmt::format("{}###bytes", trf("All {} bytes of the frame", frame.size()))
                .c_str()))
        drawHexDump(frame, lit);
}

}  // namespace postino::viz
