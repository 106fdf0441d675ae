#include "live/live_session.h"

#include <fmt/format.h>

#include <algorithm>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <utility>

namespace postino::live {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kKeptCapacity = 64 * 1024;  // larger buffers are given back once empty

void release(std::string& s) {
    s.clear();
    if (s.capacity() > kKeptCapacity) std::string().swap(s);
}

}  // namespace

LiveSession::LiveSession(SessionHost& host, asio::ip::tcp::socket socket, std::unique_ptr<LiveEngine> engine,
                         std::uint32_t connection, std::string label, SessionLimits limits, SessionTls tls)
    : m_host(host), m_socket(std::move(socket)), m_engine(std::move(engine)), m_connection(connection),
      m_label(std::move(label)), m_limits(limits), m_tlsConfig(std::move(tls.server)),
      m_timer(m_socket.get_executor()), m_delayTimer(m_socket.get_executor()), m_lastActivity(Clock::now()) {
    if (tls.implicit && m_tlsConfig) {
        m_stream.startServer(m_tlsConfig);
        m_handshakeSince = m_lastActivity;
    }
}

LiveSession::~LiveSession() {
    if (!m_finished) {  // the server stops: no one to tell
        std::error_code ignored;
        m_socket.close(ignored);
    }
}

void LiveSession::start() {
    m_engine->start();
    collect();
    armTimer();
    pump();
}

void LiveSession::poke() {
    if (m_finished || m_closing) return;
    m_engine->notify();
    collect();
}

void LiveSession::startRead() {
    if (m_reading || m_finished) return;
    m_reading = true;
    auto self = shared_from_this();
    m_socket.async_read_some(asio::buffer(m_buffer),
                             [this, self](std::error_code ec, std::size_t n) { onRead(ec, n); });
}

void LiveSession::onRead(std::error_code ec, std::size_t n) {
    m_reading = false;
    if (m_finished || ec == asio::error::operation_aborted) return;
    if (ec) {
        // A handshake cut in the middle: say why it failed, then end as any connection does.
        if (m_stream.transportClosed()) m_host.note(m_label, "TLS handshake failed: " + m_stream.failureReason());
        if (ec == asio::error::eof && !m_closing) {  // half-closed: answer what came, then close
            m_inputEnded = true;
            pump();
            return;
        }
        finish(m_closing ? "closed" : "disconnected");
        return;
    }
    if (m_closing) {  // the engine is done: input is discarded until the client closes (no
        startRead();   // activity: a client that keeps sending cannot stretch the linger)
        return;
    }
    m_lastActivity = Clock::now();
    m_host.beforeWork();
    fromWire(std::string_view(m_buffer.data(), n));
    pump();
}

// What the socket delivered, through the TLS stream: the handshake's answers go back at once,
// the plain text waits for the engine. A failed handshake (or a broken record later) closes.
void LiveSession::fromWire(std::string_view bytes) {
    if (!m_stream.secured()) {
        m_unfed.append(bytes);
        return;
    }
    const bool wasEstablished = m_stream.established();
    world::TlsStream::Incoming in = m_stream.fromWire(bytes);
    if (!in.toWire.empty()) sendWire(in.toWire);
    if (in.justEstablished) {
        m_handshakeSince.reset();
        if (in.toWire.empty()) ackNow();
        m_host.note(m_label, "TLS handshake done: " + m_stream.summary());
        recordServerLines(std::exchange(m_unshown, {}));  // the greeting went out just now
    }
    if (in.justFailed) {
        tlsEnded((wasEstablished ? "TLS failed: " : "TLS handshake failed: ") + m_stream.failureReason());
        return;
    }
    m_unfed += in.plain;
}

// After STARTTLS the client's last handshake bytes get no answer (the client speaks next), so the
// kernel would delay their ACK, and a client with Nagle's algorithm on (most) holds its first
// command until that ACK: 40 ms more per STARTTLS. Acknowledge at once instead (Linux).
void LiveSession::ackNow() {
#if defined(TCP_QUICKACK)
    const int one = 1;
    (void)::setsockopt(m_socket.native_handle(), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
#endif
}

// The connection cannot go on (a failed handshake, an engine asking for TLS the service has no
// certificate for): nothing more is read or fed; what is written goes out, then it closes.
void LiveSession::tlsEnded(std::string_view reason) {
    m_host.note(m_label, reason);
    release(m_unfed);
    m_unfedPos = 0;
    m_partial.clear();
    beginClose();
}

// The engine's go-ahead to STARTTLS (or STLS) was written in clear: from here on, TLS. What the
// client sent after the command, still in clear, is dropped unread (Postfix's fix of
// CVE-2011-0411: none of it may pass for what came inside TLS).
void LiveSession::startTls() {
    if (!m_tlsConfig || m_stream.secured()) {
        tlsEnded(m_tlsConfig ? "STARTTLS inside TLS: closing"
                             : "STARTTLS accepted but this service has no certificate: closing");
        return;
    }
    m_stream.startServer(m_tlsConfig);
    m_handshakeSince = Clock::now();
    if (m_unfedPos < m_unfed.size()) {
        m_host.note(m_label,
                    fmt::format("{} bytes sent in clear after STARTTLS dropped unread", m_unfed.size() - m_unfedPos));
        m_unfedPos = m_unfed.size();
    }
    m_partial.clear();
}

// Feeds what was read, a line (or a slice of a literal) at a time, as long as output may
// grow and no reply is held back; reads again when all of it went in.
void LiveSession::pump() {
    if (m_finished) return;
    bool fed = false;
    while (!m_closing && m_unfedPos < m_unfed.size() && !inputBlocked()) {
        const std::size_t newline = m_unfed.find('\n', m_unfedPos);
        const std::size_t end = newline == std::string::npos ? m_unfed.size() : newline + 1;
        const std::string_view piece(m_unfed.data() + m_unfedPos, end - m_unfedPos);
        m_unfedPos = end;
        recordClientLines(piece);
        m_engine->feed(piece);
        fed = true;
        collect();
        if (m_finished) return;
    }
    if (m_unfedPos >= m_unfed.size()) {
        release(m_unfed);
        m_unfedPos = 0;
    }
    if (fed) m_host.afterInput();
    if (m_closing) return;
    if (m_inputEnded) {
        if (m_unfed.empty() && !m_writing && !m_delaying && pendingOutput() == 0) finish("disconnected");
        return;
    }
    if (m_unfed.empty() && !inputBlocked()) startRead();
}

// Takes the engine's replies: holds them when it asks for a delay, else sends them (and turns
// to TLS right after a go-ahead to STARTTLS).
void LiveSession::collect() {
    std::string out = m_engine->takeOutput();
    const bool tlsNext = m_engine->takeStartTls();
    if (m_delaying) {
        m_held += out;
        m_tlsAfterHeld = m_tlsAfterHeld || tlsNext;
        return;
    }
    if (const auto delay = m_engine->takeReplyDelay(); delay && delay->ns() > 0) {
        m_held = std::move(out);
        m_tlsAfterHeld = tlsNext;
        holdReplies(*delay);
        return;
    }
    if (!out.empty()) send(std::move(out));
    if (tlsNext) startTls();
    if (m_engine->wantsClose()) beginClose();
}

void LiveSession::holdReplies(Duration delay) {
    m_delaying = true;
    m_delayTimer.expires_after(std::chrono::nanoseconds(delay.ns()));
    auto self = shared_from_this();
    m_delayTimer.async_wait([this, self](std::error_code ec) {
        if (ec || m_finished) return;
        m_delaying = false;
        m_host.beforeWork();
        std::string held;
        held.swap(m_held);
        if (!held.empty()) send(std::move(held));
        if (std::exchange(m_tlsAfterHeld, false)) startTls();
        if (m_engine->wantsClose()) beginClose();
        // The engines' contract: once the delay is over they are fed again, so that input they
        // held back since the failure is read: what came meanwhile (pump), or no bytes at all.
        if (!m_closing && m_unfedPos >= m_unfed.size()) {
            m_engine->feed({});
            collect();
            m_host.afterInput();
        }
        if (m_closing && !m_writing && m_pending.empty()) onDrained();
        pump();
    });
}

// The engine's plain text: recorded, then on the wire as it is or in TLS records.
void LiveSession::send(std::string out) {
    // Text written before the handshake is done (an implicit-TLS greeting) waits inside TLS:
    // it is printed when it goes out, never for a client that fails the handshake.
    if (m_stream.secured() && !m_stream.established())
        m_unshown += out;
    else
        recordServerLines(out);
    if (!m_stream.secured()) {
        if (m_pending.empty()) {
            release(m_pending);
            m_pending = std::move(out);
        } else {
            m_pending += out;
        }
        startWrite();
        return;
    }
    sendWire(m_stream.toWire(out));
}

void LiveSession::sendWire(std::string_view bytes) {
    if (bytes.empty()) return;
    m_pending += bytes;
    startWrite();
}

// One write in flight per socket: the next starts when this one is done (asio forbids two).
void LiveSession::startWrite() {
    if (m_writing || m_finished) return;
    if (m_pending.empty()) {
        onDrained();
        return;
    }
    m_inFlight.swap(m_pending);
    m_writing = true;
    auto self = shared_from_this();
    asio::async_write(m_socket, asio::buffer(m_inFlight), [this, self](std::error_code ec, std::size_t) {
        m_writing = false;
        if (m_finished) return;
        if (ec) {
            finish("disconnected");
            return;
        }
        m_lastActivity = Clock::now();
        release(m_inFlight);
        startWrite();
        pump();  // the client took some: reading may go on
    });
}

// Everything taken from the engine is written.
void LiveSession::onDrained() {
    if (m_finished || m_delaying) return;
    if (m_closing) {
        if (m_shutDown) return;
        std::error_code ignored;
        m_socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
        m_shutDown = true;
        m_lastActivity = Clock::now();
        armTimer();  // now the linger
        startRead();  // until the client closes its side
        return;
    }
    if (m_inputEnded && m_unfedPos >= m_unfed.size()) finish("disconnected");
}

void LiveSession::beginClose() {
    if (m_closing) return;
    m_closing = true;
    m_pending += m_stream.close();  // inside TLS: close_notify first, as a TLS server says goodbye
    if (!m_writing) startWrite();   // nothing to write: on to the half-close
}

// When the idle timer is due: the idle timeout after the last activity (the linger once closing);
// a TLS handshake must end within one idle timeout of its start however the bytes trickle in
// (Postfix's smtpd_starttls_timeout).
Clock::time_point LiveSession::timerDue() const {
    if (m_shutDown || m_timedOut) return m_lastActivity + m_limits.linger;
    const Clock::time_point idle = m_lastActivity + m_limits.idleTimeout;
    return m_handshakeSince ? std::min(idle, *m_handshakeSince + m_limits.idleTimeout) : idle;
}

void LiveSession::armTimer() {
    m_timer.expires_at(timerDue());
    auto self = shared_from_this();
    m_timer.async_wait([this, self](std::error_code ec) {
        if (ec || m_finished) return;
        onTimer();
    });
}

void LiveSession::onTimer() {
    if (Clock::now() < timerDue()) {  // there was activity since: wait on
        armTimer();
        return;
    }
    if (m_shutDown || m_timedOut) {  // the client neither closed nor took the last replies
        finish("closed");
        return;
    }
    m_host.beforeWork();
    const auto seconds = std::chrono::duration<double>(m_limits.idleTimeout).count();
    const bool handshakeSlow = m_handshakeSince && Clock::now() < m_lastActivity + m_limits.idleTimeout;
    m_host.note(m_label, handshakeSlow ? fmt::format("TLS handshake not done within {:g} s: timed out", seconds)
                                       : fmt::format("idle for {:g} s: timed out", seconds));
    m_handshakeSince.reset();
    m_timedOut = true;
    m_lastActivity = Clock::now();
    m_engine->onTimeout();
    if (m_delaying) {  // a reply held back goes out with the goodbye
        m_delayTimer.cancel();
        m_delaying = false;
        m_held += m_engine->takeOutput();
        std::string held;
        held.swap(m_held);
        if (!held.empty()) send(std::move(held));
    } else {
        collect();
    }
    beginClose();
    armTimer();
}

void LiveSession::finish(std::string_view why) {
    if (m_finished) return;
    m_finished = true;
    m_timer.cancel();
    m_delayTimer.cancel();
    std::error_code ignored;
    m_socket.close(ignored);
    m_engine.reset();  // releases what the session held (a POP3 mailbox lock)
    release(m_unfed);
    release(m_pending);
    release(m_held);
    release(m_unshown);
    m_host.note(m_label, why);
    m_host.ended(m_connection);
}

void LiveSession::recordClientLines(std::string_view bytes) {
    m_partial.append(bytes);
    std::size_t start = 0, end;
    while ((end = m_partial.find("\r\n", start)) != std::string::npos) {
        m_host.line(m_connection, m_label, true, m_stream.secured(),
                    std::string_view(m_partial).substr(start, end - start));
        start = end + 2;
    }
    m_partial.erase(0, start);
    if (m_partial.size() > 65536) release(m_partial);  // a runaway line: the engine rejects it anyway
}

void LiveSession::recordServerLines(std::string_view bytes) {
    std::size_t start = 0, end;
    while ((end = bytes.find("\r\n", start)) != std::string::npos) {
        m_host.line(m_connection, m_label, false, m_stream.secured(), bytes.substr(start, end - start));
        start = end + 2;
    }
}

}  // namespace postino::live
