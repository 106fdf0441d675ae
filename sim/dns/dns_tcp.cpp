#include "dns/dns_tcp.h"

namespace postino::dns {

std::string frameForTcp(const std::vector<std::uint8_t>& message) {
    if (message.size() > 0xFFFF) return {};
    std::string out;
    out.reserve(message.size() + 2);
    out += static_cast<char>(message.size() >> 8);
    out += static_cast<char>(message.size() & 0xFF);
    out.append(message.begin(), message.end());
    return out;
}

void TcpMessageReader::feed(std::string_view bytes) {
    if (m_at > 0 && m_at == m_buffer.size()) {  // all handed out: start afresh
        m_buffer.clear();
        m_at = 0;
    }
    m_buffer.append(bytes);
}

std::optional<std::vector<std::uint8_t>> TcpMessageReader::next() {
    if (pending() < 2) return std::nullopt;
    const auto hi = static_cast<unsigned char>(m_buffer[m_at]), lo = static_cast<unsigned char>(m_buffer[m_at + 1]);
    const std::size_t length = static_cast<std::size_t>(hi) << 8 | lo;
    if (pending() < 2 + length) return std::nullopt;
    const auto* start = reinterpret_cast<const std::uint8_t*>(m_buffer.data() + m_at + 2);
    std::vector<std::uint8_t> message(start, start + length);
    m_at += 2 + length;
    if (m_at > 4096 && m_at * 2 > m_buffer.size()) {  // keep the buffer from growing with a long session
        m_buffer.erase(0, m_at);
        m_at = 0;
    }
    return message;
}

}  // namespace postino::dns
