// One real TCP connection served by a sans-I/O engine: reads, feeds the engine a line (or
// a slice of a literal) at a time, writes its replies with one write in flight, stops
// reading while too much output waits (backpressure), times out idle clients through the
// engine's onTimeout(), and holds replies an engine asks to delay (failed logins), then feeds
// the engine again (what came meanwhile, or no bytes) so that it reads what it held back.
// Between socket and engine sits the TLS stream transform (world::TlsStream): TLS from the
// first byte on an implicit-TLS service, or from the engine's STARTTLS on; the engine sees
// plain text only. Knows nothing of the world: a SessionHost records, prints and counts.
#pragma once

#include "live/live_engine.h"
#include "nodes/tls_stream.h"

#include <asio.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace postino::live {

struct SessionLimits {
    // Also the most a TLS handshake may take from its start, however its bytes trickle in.
    std::chrono::steady_clock::duration idleTimeout = std::chrono::minutes(5);
    // Reading stops while more than this waits to be written (plus at most the replies to
    // one line of input), and goes on once the client has taken it.
    std::size_t outputLimit = std::size_t{1} << 20;
    // After the last reply and the half-close: how long to wait for the client to close
    // before the socket is closed anyway.
    std::chrono::steady_clock::duration linger = std::chrono::seconds(2);
};

// TLS on a live connection: the certificate the server presents (none: no TLS, STARTTLS is
// never turned on) and whether the service is TLS from the first byte (465, 993, 995).
struct SessionTls {
    std::shared_ptr<const tls::TlsConfig> server;
    bool implicit = false;
};

// The world side of a live session. Every call happens on the io_context's thread.
class SessionHost {
public:
    virtual ~SessionHost() = default;
    virtual void beforeWork() {}  // brings the world up to the wall clock
    virtual void afterInput() {}  // the engine was fed: others may see the change
    // A protocol line; `tls`: it crossed inside TLS.
    virtual void line(std::uint32_t connection, const std::string& label, bool fromClient, bool tls,
                      std::string_view text) = 0;
    virtual void note(const std::string& label, std::string_view text) = 0;
    virtual void ended(std::uint32_t connection) = 0;  // the socket is closed; called once
};

class LiveSession : public std::enable_shared_from_this<LiveSession> {
public:
    LiveSession(SessionHost& host, asio::ip::tcp::socket socket, std::unique_ptr<LiveEngine> engine,
                std::uint32_t connection, std::string label, SessionLimits limits, SessionTls tls = {});
    ~LiveSession();
    LiveSession(const LiveSession&) = delete;
    LiveSession& operator=(const LiveSession&) = delete;

    void start();
    // The store may have changed (a delivery, another session): IDLE sessions speak up.
    void poke();

    // Bytes taken from the engine and not yet written (including replies held back).
    std::size_t pendingOutput() const { return m_pending.size() + m_inFlight.size() + m_held.size(); }
    bool finished() const { return m_finished; }

private:
    void startRead();
    void onRead(std::error_code ec, std::size_t n);
    void pump();
    void collect();
    void send(std::string out);
    void sendWire(std::string_view bytes);
    void fromWire(std::string_view bytes);
    void startTls();
    void tlsEnded(std::string_view reason);
    void ackNow();
    void startWrite();
    void onDrained();
    void beginClose();
    void holdReplies(Duration delay);
    std::chrono::steady_clock::time_point timerDue() const;
    void armTimer();
    void onTimer();
    void finish(std::string_view why);
    bool inputBlocked() const { return m_delaying || pendingOutput() >= m_limits.outputLimit; }
    void recordClientLines(std::string_view bytes);
    void recordServerLines(std::string_view bytes);

    SessionHost& m_host;
    asio::ip::tcp::socket m_socket;
    std::unique_ptr<LiveEngine> m_engine;
    std::uint32_t m_connection;
    std::string m_label;
    SessionLimits m_limits;

    std::array<char, 16384> m_buffer{};
    std::string m_unfed;  // read (decrypted inside TLS), not yet fed to the engine (backpressure, a delay)
    std::size_t m_unfedPos = 0;
    std::string m_partial;  // the client's line being recorded
    std::string m_pending;  // wire bytes waiting for the write in flight
    std::string m_inFlight;
    std::string m_held;  // replies held back by a reply delay (plain text)
    world::TlsStream m_stream;  // plain, or TLS after STARTTLS / on an implicit-TLS service
    std::shared_ptr<const tls::TlsConfig> m_tlsConfig;
    bool m_tlsAfterHeld = false;  // the held replies end with a go-ahead to STARTTLS
    std::string m_unshown;        // written before the handshake ended: printed once it has
    std::optional<std::chrono::steady_clock::time_point> m_handshakeSince;  // a handshake under way

    asio::steady_timer m_timer;  // idle timeout, then the linger after a half-close
    asio::steady_timer m_delayTimer;
    std::chrono::steady_clock::time_point m_lastActivity;
    bool m_reading = false;
    bool m_writing = false;
    bool m_delaying = false;
    bool m_inputEnded = false;  // the client half-closed
    bool m_closing = false;     // the engine is done: no more input, close once written
    bool m_timedOut = false;    // the idle timeout fired: only the linger is left
    bool m_shutDown = false;    // our side is half-closed; lingering
    bool m_finished = false;
};

}  // namespace postino::live
