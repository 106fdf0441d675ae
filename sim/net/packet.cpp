#include "net/packet.h"

namespace postino::net {

std::string_view appProtocolName(AppProtocol p) {
    switch (p) {
        case AppProtocol::TcpControl: return "TCP";
        case AppProtocol::Smtp: return "SMTP";
        case AppProtocol::Dns: return "DNS";
        case AppProtocol::Pop3: return "POP3";
        case AppProtocol::Imap: return "IMAP";
        case AppProtocol::Http: return "HTTP";
        case AppProtocol::Other: return "other";
    }
    return "other";
}

std::string tcpFlagsText(std::uint8_t flags) {
    std::string out;
    auto add = [&](std::uint8_t bit, const char* name) {
        if (!(flags & bit)) return;
        if (!out.empty()) out += ", ";
        out += name;
    };
    add(tcpflag::Fin, "FIN");
    add(tcpflag::Syn, "SYN");
    add(tcpflag::Rst, "RST");
    add(tcpflag::Psh, "PSH");
    add(tcpflag::Ack, "ACK");
    return out;
}

}  // namespace postino::net
