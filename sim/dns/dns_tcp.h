// DNS over TCP (RFC 1035 4.2.2, RFC 7766 8): each message goes with its length in two octets
// before it. Framing only, sans-I/O: what to send, and the whole messages in the bytes received.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postino::dns {

// The bytes to write for one message: its length (big-endian, two octets), then the message.
// A message over 65,535 octets cannot go over TCP either: empty string.
std::string frameForTcp(const std::vector<std::uint8_t>& message);

// Collects a TCP stream and hands out the messages in it as they complete.
class TcpMessageReader {
public:
    void feed(std::string_view bytes);
    // The next complete message, or nullopt while its length or its octets are still missing.
    std::optional<std::vector<std::uint8_t>> next();
    // Octets received but not yet handed out (a message still coming).
    std::size_t pending() const { return m_buffer.size() - m_at; }

private:
    std::string m_buffer;
    std::size_t m_at = 0;
};

}  // namespace postino::dns
