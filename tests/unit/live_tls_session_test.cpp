// TLS in the live session glue: STARTTLS when the engine says so (also after a reply delay),
// TLS from the first byte on an implicit-TLS service, close_notify at the end; what a client
// pipelines in clear after STARTTLS is dropped; garbage, a cut handshake or silence end the
// connection with the reason noted, never a hang. The client is a tls::TlsEndpoint on a
// blocking loopback socket; tests/live drive the real engines with real TLS clients.
#include "live/live_engine.h"
#include "live/live_session.h"
#include "live_harness.h"
#include "tls_fixture.h"

#include <catch2/catch.hpp>

#include <optional>
#include <utility>

using namespace postino;
using namespace postino::testing;

namespace {

// "STARTTLS" answers "GO AHEAD" and asks for TLS (as SMTP's 220 2.0.0); "SLOWTLS" does the
// same with its answer held back 300 ms; "LATER" answers only when notified (as an SMTP end of
// DATA waiting for DNS); "QUIT" says "BYE" and closes; anything else "OK <line>".
struct TlsEngine {
    std::string output, partial;
    bool startTls = false, closed = false, later = false;
    std::optional<Duration> delay;
    void start() { output += "HELLO\r\n"; }
    void feed(std::string_view bytes) {
        partial.append(bytes);
        while (const std::optional<std::string> next = takeLine(partial)) {
            const std::string& line = *next;
            if (line == "STARTTLS" || line == "SLOWTLS") {
                output += "GO AHEAD\r\n";
                startTls = true;
                if (line == "SLOWTLS") delay = Duration::millis(300);
                partial.clear();  // the rest of this feed came in clear: dropped, as SMTP does
                return;
            }
            if (line == "LATER") {
                later = true;
                continue;
            }
            if (line == "QUIT") {
                output += "BYE\r\n";
                closed = true;
                return;
            }
            output += "OK " + line + "\r\n";
        }
    }
    void notify() {
        if (std::exchange(later, false)) output += "LATER DONE\r\n";
    }
    std::string takeOutput() { return std::exchange(output, {}); }
    bool wantsClose() const { return closed; }
    void onTimeout() {
        output += "TIMEOUT\r\n";
        closed = true;
    }
    std::optional<Duration> takeReplyDelay() { return std::exchange(delay, std::nullopt); }
    bool takeStartTls() { return std::exchange(startTls, false); }
};

std::unique_ptr<live::LiveEngine> tlsEngine() { return live::adapt(std::make_unique<TlsEngine>()); }

const TlsWorld& lessonTls() {
    static const TlsWorld w = makeTlsWorld(tls::CryptoContext::system(), "mail.test.example");
    return w;
}

// A TLS client on the harness's socket, checking the name mail.test.example.
struct TlsClient {
    Harness& h;
    tls::TlsEndpoint endpoint = tls::TlsEndpoint::client(lessonTls().clientConfig, "mail.test.example", kTlsNow);
    std::string plain;
    bool eof = false;

    void flush() {
        const std::string out = endpoint.takeToWire();
        if (!out.empty()) h.send(out);
    }
    // Reads what arrives within `wait` (or until the server closes) and feeds it.
    bool readSome(std::chrono::milliseconds wait) {
        const auto deadline = Clock::now() + wait;
        h.client.non_blocking(true);
        bool got = false;
        while (Clock::now() < deadline && !eof) {
            char buffer[4096];
            std::error_code ec;
            const std::size_t n = h.client.read_some(asio::buffer(buffer), ec);
            if (ec == asio::error::would_block) {
                if (got) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                continue;
            }
            if (ec || n == 0) {
                eof = true;
                break;
            }
            endpoint.feedFromWire(std::string_view(buffer, n));
            plain += endpoint.takePlain();
            got = true;
        }
        h.client.non_blocking(false);
        flush();
        return got;
    }
    bool handshake() {
        flush();
        const auto deadline = Clock::now() + std::chrono::seconds(5);
        while (!endpoint.handshakeDone() && !endpoint.failed() && !eof && Clock::now() < deadline)
            readSome(std::chrono::milliseconds(200));
        return endpoint.handshakeDone();
    }
    void send(std::string_view text) {
        endpoint.writePlain(text);
        flush();
    }
    std::string readLine() {
        const auto deadline = Clock::now() + std::chrono::seconds(5);
        while (plain.find("\r\n") == std::string::npos && !eof && Clock::now() < deadline)
            readSome(std::chrono::milliseconds(200));
        const std::size_t end = plain.find("\r\n");
        if (end == std::string::npos) return std::exchange(plain, {});
        std::string line = plain.substr(0, end + 2);
        plain.erase(0, end + 2);
        return line;
    }
};

// Reads until the server closes (true) or `wait` passes (false).
bool closedWithin(Harness& h, std::chrono::milliseconds wait) {
    const auto deadline = Clock::now() + wait;
    h.client.non_blocking(true);
    bool closed = false;
    while (Clock::now() < deadline) {
        char buffer[4096];
        std::error_code ec;
        const std::size_t n = h.client.read_some(asio::buffer(buffer), ec);
        if (ec == asio::error::would_block) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
        }
        if (ec || n == 0) {
            closed = true;
            break;
        }
    }
    h.client.non_blocking(false);
    return closed;
}

}  // namespace

TEST_CASE("live TLS: STARTTLS turns the session to TLS, what came in clear after it is dropped", "[live][tls]") {
    Harness h(tlsEngine(), SessionLimits{}, 0, {lessonTls().serverConfig, false});
    CHECK(h.readLine() == "HELLO\r\n");
    h.send("STARTTLS\r\nINJECTED\r\n");  // the second line must never pass for one sent inside TLS
    CHECK(h.readLine() == "GO AHEAD\r\n");
    TlsClient c{h};
    REQUIRE(c.handshake());
    const auto pinged = Clock::now();
    c.send("PING\r\n");
    CHECK(c.readLine() == "OK PING\r\n");  // not "OK INJECTED"
    // The client's Finished is acknowledged at once: its first command is not held 40 ms by
    // Nagle's algorithm waiting for a delayed ACK.
    CHECK(Clock::now() - pinged < std::chrono::milliseconds(30));
    c.send("QUIT\r\n");
    CHECK(c.readLine() == "BYE\r\n");
    c.readSome(std::chrono::milliseconds(500));
    CHECK(c.endpoint.peerClosed());  // close_notify before the half-close
    CHECK(h.host.noted("TLS handshake done: TLS 1.3"));
    CHECK(h.host.noted("10 bytes sent in clear after STARTTLS dropped unread"));
}

TEST_CASE("live TLS: a go-ahead held back by a reply delay turns to TLS once it is sent", "[live][tls]") {
    Harness h(tlsEngine(), SessionLimits{}, 0, {lessonTls().serverConfig, false});
    CHECK(h.readLine() == "HELLO\r\n");
    const auto sent = Clock::now();
    h.send("SLOWTLS\r\n");
    CHECK(h.readLine() == "GO AHEAD\r\n");
    CHECK(Clock::now() - sent >= std::chrono::milliseconds(300));
    TlsClient c{h};
    REQUIRE(c.handshake());
    c.send("PING\r\n");
    CHECK(c.readLine() == "OK PING\r\n");
}

TEST_CASE("live TLS: an implicit-TLS service speaks TLS from the first byte", "[live][tls]") {
    Harness h(tlsEngine(), SessionLimits{}, 0, {lessonTls().serverConfig, true});
    TlsClient c{h};
    REQUIRE(c.handshake());
    CHECK(c.readLine() == "HELLO\r\n");  // the greeting waited for the handshake
    c.send("PING\r\n");
    CHECK(c.readLine() == "OK PING\r\n");
}

TEST_CASE("live TLS: plain text on an implicit-TLS service fails the handshake with the reason and closes",
          "[live][tls]") {
    Harness h(tlsEngine(), SessionLimits{}, 0, {lessonTls().serverConfig, true});
    h.send("EHLO laptop\r\n");
    CHECK(closedWithin(h, std::chrono::seconds(5)));
    h.client.close();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(h.host.noted("TLS handshake failed: not TLS"));
    std::lock_guard lock(h.host.mutex);
    CHECK(h.host.endedCount == 1);
}

TEST_CASE("live TLS: a handshake cut in the middle is noted and the session ends", "[live][tls]") {
    Harness h(tlsEngine(), SessionLimits{}, 0, {lessonTls().serverConfig, true});
    TlsClient c{h};
    const std::string hello = c.endpoint.takeToWire();
    REQUIRE(hello.size() > 40);
    h.send(hello.substr(0, 40));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    h.client.shutdown(tcp::socket::shutdown_send);
    CHECK(closedWithin(h, std::chrono::seconds(5)));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(h.host.noted("TLS handshake failed: handshake cut"));
    std::lock_guard lock(h.host.mutex);
    CHECK(h.host.endedCount == 1);
}

TEST_CASE("live TLS: a client silent during the handshake meets the idle timeout", "[live][tls]") {
    SessionLimits limits;
    limits.idleTimeout = std::chrono::milliseconds(200);
    limits.linger = std::chrono::milliseconds(200);
    const auto start = Clock::now();  // before the session starts its clock
    Harness h(tlsEngine(), limits, 0, {lessonTls().serverConfig, true});
    CHECK(closedWithin(h, std::chrono::seconds(5)));
    CHECK(Clock::now() - start >= std::chrono::milliseconds(200));
    CHECK(h.host.noted("idle for 0.2 s: timed out"));
}

TEST_CASE("live TLS: an engine asking for TLS where the service has no certificate is closed", "[live][tls]") {
    Harness h(tlsEngine(), SessionLimits{}, 0, {});
    CHECK(h.readLine() == "HELLO\r\n");
    h.send("STARTTLS\r\n");
    CHECK(h.readLine() == "GO AHEAD\r\n");
    CHECK(closedWithin(h, std::chrono::seconds(5)));
    CHECK(h.host.noted("STARTTLS accepted but this service has no certificate"));
}

TEST_CASE("live TLS: an answer the engine gives later (on a poke) goes out inside TLS", "[live][tls]") {
    Harness h(tlsEngine(), SessionLimits{}, 0, {lessonTls().serverConfig, true});
    TlsClient c{h};
    REQUIRE(c.handshake());
    CHECK(c.readLine() == "HELLO\r\n");
    c.send("LATER\r\n");
    CHECK_FALSE(c.readSome(std::chrono::milliseconds(200)));  // nothing yet
    asio::post(h.io, [&h] { h.session->poke(); });  // the world moved on: the engine answers now
    CHECK(c.readLine() == "LATER DONE\r\n");
    c.send("PING\r\n");
    CHECK(c.readLine() == "OK PING\r\n");
}

TEST_CASE("live TLS: a handshake trickled in byte by byte still ends within one idle timeout", "[live][tls]") {
    SessionLimits limits;
    limits.idleTimeout = std::chrono::milliseconds(400);
    limits.linger = std::chrono::milliseconds(100);
    const auto start = Clock::now();
    Harness h(tlsEngine(), limits, 0, {lessonTls().serverConfig, true});
    TlsClient c{h};
    const std::string hello = c.endpoint.takeToWire();
    // One byte every 50 ms: never idle for long, but the handshake would take half a minute. The
    // server gives up at 0.4 s and closes after its 0.1 s linger, which the bytes still coming
    // do not stretch: writing fails (the server's reset) well before the client would stop.
    std::error_code ec;
    for (std::size_t i = 0; i < hello.size() && Clock::now() - start < std::chrono::milliseconds(1500); ++i) {
        asio::write(h.client, asio::buffer(hello.data() + i, 1), ec);
        if (ec) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(ec);
    CHECK(Clock::now() - start < std::chrono::milliseconds(1200));
    CHECK(h.host.noted("TLS handshake not done within 0.4 s: timed out"));
}
