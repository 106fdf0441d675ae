#include "model/packet_label.h"

#include <charconv>

namespace postino::viz {

namespace {

std::string_view controlLabel(std::uint8_t flags) {
    using namespace net::tcpflag;
    if (flags & Rst) return "RST";
    if ((flags & Syn) && (flags & Ack)) return "SYN-ACK";
    if (flags & Syn) return "SYN";
    if (flags & Fin) return "FIN";
    return "ACK";
}

void appendNumber(std::string& out, std::uint32_t n) {
    char buf[12];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, r.ptr);
}

}  // namespace

void packetLabel(const net::Packet& p, const trace::Caption* caption, std::string& out) {
    out.clear();
    if (p.app == net::AppProtocol::TcpControl) {
        out = controlLabel(p.flags);
        return;
    }
    if (caption && !caption->text.empty()) {
        trace::appendCaption(*caption, p.segIndex, p.segCount, out);
        return;
    }
    if (p.app == net::AppProtocol::Other && p.transport == net::Transport::Udp) {
        out = "UDP";
        return;
    }
    if (p.app == net::AppProtocol::Other) {
        out = "TCP";
        return;
    }
    out = net::appProtocolName(p.app);
    if (p.segCount > 1) {
        out += ' ';
        appendNumber(out, p.segIndex);
        out += '/';
        appendNumber(out, p.segCount);
    }
}

std::string packetLabel(const net::Packet& p, const trace::Caption* caption) {
    std::string out;
    packetLabel(p, caption, out);
    return out;
}

}  // namespace postino::viz
